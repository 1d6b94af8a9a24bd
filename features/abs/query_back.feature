@abs
Feature: ABS querying back with GET
  GET with rec (registrations, claims, sales, cancellations), ShopID and InvoiceNumber
  (OrgID optional): 200 with a JSON object, 204 with a blank body when nothing matches,
  400 listing the expected fields when required ones are missing.

  @ABS-67 @D-ABS-32.2
  Scenario: A GET without rec is refused with 400 listing the expected fields
    When the test tables are queried without "rec"
    Then it is refused with 400 listing "rec"

  @ABS-68
  Scenario: A GET with an unknown rec value is refused with 400
    When the test tables are queried with rec "tires"
    Then it is refused with 400

  @ABS-69 @D-ABS-32.2
  Scenario Outline: A GET missing ShopID or InvoiceNumber is refused with 400 listing it
    When the test tables are queried without "<param>"
    Then it is refused with 400 listing "<param>"

    Examples:
      | param         |
      | ShopID        |
      | InvoiceNumber |

  @ABS-70
  Scenario Outline: A GET that matches one record answers 200 with a single JSON object
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back
    Then the answer is 200
    And the answer body is a JSON object

    Examples:
      | kind         |
      | registration |
      | sale         |
      | cancellation |

  @ABS-70
  Scenario: A registrationstatus GET answers 200 with a single JSON object
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then the answer is 200
    And the answer body is a JSON object

  @ABS-71
  Scenario Outline: A well-formed GET that matches nothing answers 204 with a blank body
    When the test tables are queried for <rec> of a record that does not exist
    Then the answer is 204
    And the answer body is empty

    Examples:
      | rec           |
      | registrations |
      | claims        |
      | sales         |
      | cancellations |

  @ABS-72
  Scenario: OrgID is an optional GET filter
    Given a valid registration record
    And the record has "OrgID" set to "GOLIVE-GROUP-A"
    And the record was sent and accepted
    When the record is read back
    Then the answer is 200
    When the record is read back with OrgID "GOLIVE-GROUP-A"
    Then the answer is 200
    When the record is read back with OrgID "GOLIVE-GROUP-Z"
    Then no record is returned, 204 being the implied answer

  @ABS-73 @D-ABS-30.1
  Scenario Outline: GET parameter names work in both documented spellings
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back with canonical parameter names
    And the record is read back with lower-case parameter names
    Then both answers are the same 200 record

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |

  @ABS-73 @D-ABS-30.1
  Scenario: registrationstatus parameter names work in both documented spellings
    Given a registration of 4 tires enrolled today
    When the registration's status is read with canonical parameter names
    And the registration's status is read with lower-case parameter names
    Then both answers are the same 200 record

  @ABS-74 @D-ABS-31.2
  Scenario: The partnerid query parameter of the examples is accepted
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back
    Then the answer is 200

  @ABS-70 @ABS-74 @D-ABS-31.1
  Scenario: A GET without the optional partnerid parameter reads the record
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back without the partnerid parameter
    Then the answer is 200
    And the answer body is a JSON object

  @ABS-74 @D-ABS-31.1
  Scenario: A partnerid other than the token's never returns records
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back with another partnerid
    Then the answer is 401 or 204
