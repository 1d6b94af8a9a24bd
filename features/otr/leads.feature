@otr
Feature: OTR POST Lead
  "If user Submits an account if it is not a trucking client, or if the user would like to use
  information that doesn’t match their MC OR DOT information": the document's example request,
  snake_case, answered "Lead has been submitted" (200 or 201, raw or as a JSON string,
  D-OTR-09). Every live lead carries isTest=true.

  @OTR-26 @OTR-36 @D-OTR-09.1 @D-OTR-09.2 @D-OTR-09.3 @D-OTR-12.1
  Scenario: The document's example lead, with no DOT or MC, is submitted
    When the document's example lead is submitted
    Then the lead is acknowledged with "Lead has been submitted"
    And the lead was sent with the documented snake_case keys

  @OTR-27
  Scenario: A lead submitted with isTest=true is stored flagged as test data
    When the document's example lead is submitted
    Then the vendor recorded a test lead from the lead

  @OTR-28 @D-OTR-08.3 @D-OTR-09.4
  Scenario Outline: A lead with an empty, non-JSON or e-mail-less body is refused with 400
    When a lead that is <body> is submitted
    Then it is refused with 400

    Examples:
      | body                 |
      | an empty JSON object |
      | not JSON             |
      | missing email        |

  @OTR-24 @assumption @sandbox-only @D-OTR-13.1
  Scenario: A lead with isTest=maybe is refused with 400
    When the document's example lead is submitted with isTest=maybe
    Then it is refused with 400, as implied
