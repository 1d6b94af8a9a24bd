@otr
Feature: OTR GET Authority Information ("Get Prospects")
  "This looks up the user's authority via either a DOT number OR an MC number", with the
  subscription key only. The answer is the prospect: fifteen PascalCase keys, the ones shown as
  "string" strings or null, Email, MotorCarrierNumber and DbaName of any type (D-OTR-04). The
  lookup records a Salesforce lead, so every live lookup carries isTest=true (D-OTR-05); the
  one exception is the isTest=maybe probe (OTR-24), refused before anything is written.

  @OTR-17 @OTR-36 @D-OTR-12.1
  Scenario: A lookup by DOT returns the prospect with every documented key, spelled as documented
    When the known authority is looked up by DOT
    Then the answer is 200
    And the answer is a prospect with every documented key
    And the prospect's keys are spelled as documented

  @OTR-18
  Scenario: A lookup by MC alone returns the prospect likewise
    When the known authority is looked up by MC
    Then the answer is 200
    And the answer is a prospect with every documented key

  @OTR-18 @D-OTR-03.2
  Scenario: A lookup by both DOT and MC returns the prospect, whichever number it goes by
    When the known authority is looked up by DOT and MC
    Then the answer is a prospect, as D-OTR-03 implies
    And the numbers the prospect carries are recorded

  @OTR-19 @D-OTR-03.1 @D-OTR-08.3
  Scenario: A lookup with neither DOT nor MC is refused with 400
    When an authority is looked up with neither DOT nor MC
    Then it is refused with 400, only the code being implied

  @OTR-20 @D-OTR-04.2
  Scenario Outline: The prospect carries the number it was looked up by
    When the known authority is looked up by <number>
    Then the prospect's <field> is the <number> looked up

    Examples:
      | number | field              |
      | DOT    | DotNumber          |
      | MC     | MotorCarrierNumber |

  @OTR-21
  Scenario: The lookup needs the subscription key only, no access token
    When the known authority is looked up by DOT, without an access token
    Then the answer is 200

  @OTR-22 @D-OTR-04.1 @D-OTR-04.2
  Scenario: The prospect's fields shown as "string" are strings or null
    When the known authority is looked up by DOT
    Then the prospect's fields shown as "string" are JSON strings or null
    And the types of Email, MotorCarrierNumber and DbaName are recorded
    And the prospect's Email, when a string, is an address, as D-OTR-04 implies

  @OTR-17 @D-OTR-08.4 @D-OTR-16.1 @D-OTR-16.2 @D-OTR-16.3
  Scenario: A lookup that finds no authority answers 404, or a tolerated 204, 400 or empty 200
    When an authority is looked up by a DOT number that matches nothing
    Then no authority is found, as D-OTR-16 allows

  @OTR-23
  Scenario: The lookup records a lead flagged as test data
    When the known authority is looked up by DOT
    Then the vendor recorded a test lead from the authority lookup

  @OTR-24 @assumption @D-OTR-13.1
  Scenario: A lookup with isTest=maybe is refused with 400
    When an authority is looked up with isTest=maybe
    Then it is refused with 400, as implied
