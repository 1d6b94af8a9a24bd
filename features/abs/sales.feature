@abs
Feature: ABS sales
  Sales cover tires sold with and without an attached TPP; they need no registration.

  @ABS-56 @D-ABS-21.2
  Scenario Outline: A Sale missing a required field is refused with 400 naming it
    Given a valid sale record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | field         |
      | ShopID        |
      | InvoiceNumber |
      | SaleDate      |
      | TireCount     |
      | TireBrand     |
      | TireSize      |
      | TirePrice     |
      | TireCost      |

  @ABS-57
  Scenario Outline: A Sale value of the wrong type is refused with 400 naming the field
    Given a valid sale record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | field         | value       |
      | OrgID         | []          |
      | ShopID        | {}          |
      | InvoiceNumber | ["1"]       |
      | TireBrand     | {}          |
      | TireModel     | []          |
      | TireSize      | {}          |
      | TireCount     | "four"      |
      | TirePrice     | "expensive" |
      | TireCost      | []          |
      | SaleDate      | "today-ish" |

  @ABS-57
  Scenario: A Sale without its optional OrgID and TireModel is accepted
    Given a valid sale record
    When the record is sent without "TireModel"
    Then the answer is 200

  @ABS-58
  Scenario: A Sale is accepted with no matching registration
    Given a valid sale record
    When the record is sent
    Then the answer is 200

  @ABS-58 @ABS-16 @ABS-14
  Scenario: The Sales example is accepted as written
    When the Sales example is sent
    Then it is accepted with "Successfully Posted"

  @ABS-59 @assumption @sandbox-only @D-ABS-23.3
  Scenario: A re-sent Sale leaves one record for GET to return
    Given a valid sale record
    And the record was sent and accepted
    When the record is sent
    Then the record reads back as sent

  @ABS-59
  Scenario: GET sales returns an object shaped like the document's example
    Given a valid sale record
    And the record was sent and accepted
    When the record is read back
    Then the answer is 200
    And the answer body is a JSON object
    And the answer has the keys of the sales example
    And its "TireCount, TirePrice, TireCost" are JSON numbers
