@abs
Feature: ABS claims
  A claim's ShopID and InvoiceNumber identify its registration, which must be valid (not
  cancelled, not expired) with tires still insured; an identical OrgID, ShopID,
  InvoiceNumber, RepairShopID and RepairInvoiceNumber is an update.

  @ABS-45 @D-ABS-01.2 @D-ABS-03.1
  Scenario Outline: A Claim missing a required field is refused with 400 naming it
    Given a valid claim record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | field               |
      | ShopID              |
      | InvoiceNumber       |
      | ClaimDate           |
      | RepairShopID        |
      | RepairInvoiceNumber |
      | TireClaimCount      |
      | CreditAmount        |
      | CostPerUnit         |
      | TireBrand           |
      | TireSize            |
      | TireCost            |

  @ABS-46 @D-ABS-02.1
  Scenario: A Claim carrying only the required fields is accepted against an eligible registration
    Given a registration of 4 tires enrolled today
    And a claim record with only the required fields
    When the record is sent
    Then the answer is 200

  @ABS-47
  Scenario Outline: A Claim value of the wrong type is refused with 400 naming the field
    Given a valid claim record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | field               | value    |
      | RepairShopID        | {}       |
      | RepairInvoiceNumber | []       |
      | VIN                 | {}       |
      | VehicleMileage      | "far"    |
      | TireClaimCount      | "two"    |
      | CreditAmount        | "abc"    |
      | CostPerUnit         | {}       |
      | TireLocation1       | []       |
      | TireLocation6       | {}       |
      | ServiceDescription  | []       |
      | TireBrand           | {}       |
      | TireModel           | []       |
      | TireSize            | {}       |
      | TireCost            | "cheap"  |
      | ClaimDate           | "later"  |

  @ABS-47 @ABS-57 @ABS-61 @assumption @sandbox-only @D-ABS-36.1
  Scenario Outline: A negative tire count in a claim, sale or cancellation is refused with 400
    Given a valid <kind> record
    When the record is sent with "<field>" set to -1
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field           |
      | claim        | TireClaimCount  |
      | sale         | TireCount       |
      | cancellation | TireCancelCount |

  @ABS-48 @D-ABS-04.1
  Scenario: A claim against an active registration with enough tires left is accepted and counted
    Given a registration of 4 tires enrolled today
    And the registration's status was read
    When a claim of 2 tires is sent for it
    Then the answer is 200
    And the registration's status shows TireClaimCount up by 2 and TiresLeft down by 2

  @ABS-48 @ABS-16 @ABS-14 @D-ABS-01.1 @D-ABS-01.3 @D-ABS-02.1 @D-ABS-02.3
  Scenario: The Claims example is accepted once its registration exists with 4 tires
    Given the registration of the Claims example with 4 tires enrolled today
    When the Claims example is sent
    Then it is accepted with "Successfully Posted"
    And the registration's status shows TireClaimCount 4 and TiresLeft 0

  @ABS-49
  Scenario: A Claim matching no registration is refused with 400
    Given a claim record for a registration that does not exist
    When the record is sent
    Then it is refused with 400

  @ABS-50
  Scenario: A Claim against a cancelled registration is refused with 400
    Given a registration of 4 tires enrolled today
    And a cancellation of 4 tires was accepted
    When a claim of 1 tire is sent for it
    Then it is refused with 400

  @ABS-50 @assumption
  Scenario: A Claim against a partially cancelled registration with tires left is refused with 400
    Given a registration of 4 tires enrolled today
    And a cancellation of 1 tire was accepted
    When a claim of 1 tire is sent for it
    Then it is refused with 400

  @ABS-51 @D-ABS-27.1
  Scenario: A Claim against an expired registration is refused with 400
    Given a registration of 4 tires enrolled today
    And the vendor clock has moved past the registration's term
    When a claim of 1 tire is sent for it
    Then it is refused with 400

  @ABS-52
  Scenario: A Claim against a registration with no tires left is refused with 400
    Given a registration of 2 tires enrolled today
    And a claim of 2 tires was accepted
    When a claim of 1 tire is sent for it
    Then it is refused with 400

  @ABS-52 @ABS-77 @assumption @D-ABS-25.1 @D-ABS-25.2
  Scenario: A Claim of more tires than are left is refused with 400
    Given a registration of 4 tires enrolled today
    And a claim of 3 tires was accepted
    When a claim of 2 tires is sent for it
    Then the registration's TiresLeft never goes below 0
    And it is refused with 400, as implied

  @ABS-53
  Scenario: Re-sending a claim with the same key updates it and counts it once
    Given a registration of 4 tires enrolled today
    And a claim of 2 tires was accepted
    When the record is sent with "CreditAmount" set to 99.5
    Then the answer is 200
    And the record reads back with the new values
    And the registration's status shows TireClaimCount 2 and TiresLeft 2

  @ABS-54 @D-ABS-04.1 @D-ABS-28.1 @D-ABS-28.2
  Scenario Outline: A claim differing only in a repair key is a new claim and the totals add up
    Given a registration of 4 tires enrolled today
    And a claim of 1 tire was accepted
    When the record is sent with "<field>" set to a unique string of 12 characters
    Then the answer is 200
    And the registration's status shows TireClaimCount 2 and TiresLeft 2
    And every claim sent is returned, or the single claim returned is recorded

    Examples:
      | field               |
      | RepairInvoiceNumber |
      | RepairShopID        |

  @ABS-55 @D-ABS-03.1 @D-ABS-28.3
  Scenario: GET claims returns an object shaped like the document's example
    Given a registration of 4 tires enrolled today
    And a claim of 1 tire was accepted
    When the record is read back
    Then the answer is 200
    And the answer has the keys of the claims example
