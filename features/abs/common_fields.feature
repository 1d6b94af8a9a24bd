@abs
Feature: ABS fields common to every record type
  OrgID is optional everywhere; "Will be blank if not passed in".

  @ABS-35 @D-ABS-22.2
  Scenario Outline: An omitted OrgID is stored and returned as ""
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back
    Then "OrgID" reads back as ""

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |
