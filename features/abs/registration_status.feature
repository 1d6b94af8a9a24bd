@abs
Feature: ABS registration status
  rec=registrationstatus is called like GET Registration and also returns the current
  WarrantyStatus, its Message, and the tires claimed, cancelled and left.

  @ABS-75 @ABS-11
  Scenario: registrationstatus answers 200 with the object of the document's example
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then the answer is 200
    And the answer body is a JSON object
    And the answer has the keys of the registrationstatus example
    And its "RegistrationID, WarrantyStatus, TiresCovered, TireClaimCount, TireCancelCount, TiresLeft" are JSON integers
    And the record's PartnerID is the token's partner id as a JSON integer

  @ABS-76 @D-ABS-26.1
  Scenario Outline: WarrantyStatus comes with the documented message
    Given a registration of <covered> tires enrolled today
    And <event>
    When the registration's status is read
    Then the registration's status shows WarrantyStatus <code> "<message>"

    Examples:
      | covered | event                                  | code | message                       |
      | 4       | nothing else happened                  | 1    | Registration is Active        |
      | 4       | a cancellation of 4 tires was accepted | 2    | Registration is Cancelled     |
      | 2       | a claim of 2 tires was accepted        | 3    | No Tires left on Registration |

  @ABS-76 @sandbox-only @D-ABS-26.1
  Scenario Outline: A registration in two states at once shows an applicable WarrantyStatus with its own message
    Given a registration of <covered> tires enrolled today
    And <event>
    And the vendor clock has moved past the registration's term
    When the registration's status is read
    Then the registration's WarrantyStatus is <codes>, with the message of that code

    Examples:
      | covered | event                                  | codes  |
      | 4       | a cancellation of 4 tires was accepted | 2 or 4 |
      | 2       | a claim of 2 tires was accepted        | 3 or 4 |

  @ABS-77 @D-ABS-25.1
  Scenario: TiresLeft stays TiresCovered minus the tires claimed and cancelled
    Given a registration of 4 tires enrolled today
    And a claim of 1 tire was accepted
    And a cancellation of 2 tires was accepted
    When the registration's status is read
    Then the registration's status arithmetic holds
    And the registration's status shows TireClaimCount 1, TireCancelCount 2 and TiresLeft 1

  @ABS-77 @D-ABS-24.3 @D-ABS-25.1
  Scenario: A partial cancellation lowers TiresLeft by the tires cancelled
    Given a registration of 4 tires enrolled today
    And the registration's status was read
    When a cancellation of 1 tire is sent for it
    Then the answer is 200
    And the registration's status shows TireCancelCount up by 1 and TiresLeft down by 1
    And the registration's WarrantyStatus is recorded without a verdict

  @ABS-78 @D-ABS-27.2
  Scenario: A new registration is active with all its tires left
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then the registration's status shows WarrantyStatus 1 "Registration is Active"
    And the registration's status shows TireClaimCount 0, TireCancelCount 0, TiresLeft 4 and no CancelDate

  @ABS-78 @ABS-16 @ABS-14 @D-ABS-09.2 @D-ABS-27.2
  Scenario: The Registrations example sent as written is accepted
    When the Registrations example is sent
    Then it is accepted with "Successfully Posted"

  @ABS-79
  Scenario: TiresCovered in the status follows the registration, also after an update
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then the registration's status shows TiresCovered 4
    When the record is sent with "TiresCovered" set to 6
    Then the answer is 200
    And the registration's status shows TiresCovered 6

  @ABS-80
  Scenario: Claims that use up every tire set WarrantyStatus 3
    Given a registration of 2 tires enrolled today
    And a claim of 1 tire was accepted
    And a claim of 1 tire was accepted
    When the registration's status is read
    Then the registration's status shows WarrantyStatus 3 "No Tires left on Registration"

  @ABS-81 @ABS-76 @D-ABS-27.1
  Scenario: A registration past its term is expired
    Given a registration of 4 tires enrolled today
    And the vendor clock has moved past the registration's term
    When the registration's status is read
    Then the registration's status shows WarrantyStatus 4 "Registration is Expired"
    And the registration's ExpireDate is set and not after the vendor clock's now

  @ABS-82
  Scenario: registrationstatus for a registration that does not exist answers 204 with a blank body
    When the test tables are queried for registrationstatus of a record that does not exist
    Then the answer is 204
    And the answer body is empty

  @ABS-83 @D-ABS-26.2 @D-ABS-27.1 @D-ABS-34.1
  Scenario: Status dates are RFC 3339, and "" while not applicable
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then the status dates of an active registration are well formed

  @ABS-83 @D-ABS-26.2
  Scenario: A cancelled registration's CancelDate is set in RFC 3339, its StatusDate not before CreatedDate
    Given a registration of 4 tires enrolled today
    And a cancellation of 4 tires was accepted
    When the registration's status is read
    Then the registration's status shows a CancelDate
    And the registration's StatusDate is "" or not before its CreatedDate
