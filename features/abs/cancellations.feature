@abs
Feature: ABS cancellations
  A registration can only be cancelled once; an identical OrgID, ShopID, InvoiceNumber,
  CancelShopID and CancelInvoiceNumber is an update, not a new cancellation.

  @ABS-60
  Scenario Outline: A Cancellation missing a required field is refused with 400 naming it
    Given a valid cancellation record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | field               |
      | ShopID              |
      | InvoiceNumber       |
      | CancelShopID        |
      | CancelInvoiceNumber |
      | TireCancelCount     |
      | CancelDate          |

  @ABS-61
  Scenario Outline: A Cancellation value of the wrong type is refused with 400 naming the field
    Given a valid cancellation record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | field               | value   |
      | OrgID               | {}      |
      | CancelShopID        | []      |
      | CancelInvoiceNumber | {}      |
      | TireCancelCount     | "all"   |
      | CancelDate          | "never" |

  @ABS-62 @D-ABS-24.2 @D-ABS-24.3 @D-ABS-29.2
  Scenario: Cancelling every remaining tire cancels the registration
    Given a registration of 4 tires enrolled today
    When a cancellation of 4 tires is sent for it
    Then the answer is 200
    And the registration's status shows WarrantyStatus 2 "Registration is Cancelled"
    And the registration's status shows TireCancelCount 4, TiresLeft 0 and a CancelDate

  @ABS-62 @ABS-16 @ABS-14 @ABS-25 @D-ABS-09.2
  Scenario: The Cancellations example cancels its one-tire registration
    Given the registration of the Cancellations example with 1 tire enrolled today
    When the Cancellations example is sent
    Then it is accepted with "Successfully Posted"
    And the registration's status shows WarrantyStatus 2 "Registration is Cancelled"
    And the registration's status shows TireCancelCount 1 and TiresLeft 0

  @ABS-62 @ABS-77 @assumption @D-ABS-25.1 @D-ABS-25.2
  Scenario: A Cancellation of more tires than are left is refused with 400
    Given a registration of 2 tires enrolled today
    When a cancellation of 3 tires is sent for it
    Then the registration's TiresLeft never goes below 0
    And it is refused with 400, as implied

  @ABS-63 @D-ABS-24.1
  Scenario: A second, distinct cancellation of a cancelled registration is refused
    Given a registration of 4 tires enrolled today
    And a cancellation of 4 tires was accepted
    And the registration's status was read
    When the record is sent with "CancelInvoiceNumber" set to a unique string of 12 characters
    Then it is refused with 400
    And the registration's status has not changed

  @ABS-63 @D-ABS-24.1
  Scenario: A second, distinct cancellation after a partial one is refused
    Given a registration of 4 tires enrolled today
    And a cancellation of 1 tire was accepted
    And the registration's status was read
    When the record is sent with "CancelInvoiceNumber" set to a unique string of 12 characters
    Then it is refused with 400
    And the registration's status has not changed

  @ABS-64 @D-ABS-24.1 @D-ABS-24.2
  Scenario: Re-sending the same cancellation is an update, not a second cancellation
    Given a registration of 4 tires enrolled today
    And a cancellation of 4 tires was accepted
    When the record is sent
    Then the answer is 200
    And the registration's status shows TireCancelCount 4 and TiresLeft 0

  @ABS-65 @D-ABS-24.4
  Scenario: A Cancellation that refers to no registration is refused with 400
    Given a cancellation record for a registration that does not exist
    When the record is sent
    Then it is refused with 400

  @ABS-65 @D-ABS-24.4
  Scenario: The Cancellations example without its registration is refused with 400
    When the Cancellations example is sent
    Then it is refused with 400

  @ABS-66 @D-ABS-29.2
  Scenario: GET cancellations returns an object shaped like the document's example
    Given a registration of 4 tires enrolled today
    And a cancellation of 4 tires was accepted
    When the record is read back
    Then the answer is 200
    And the answer body is a JSON object
    And the answer has the keys of the cancellations example
