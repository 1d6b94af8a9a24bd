@abs
Feature: ABS registrations
  One registration per invoice (TiresCovered and the TireDOT fields for several identical
  tires); resending the same ShopID and InvoiceNumber updates it.

  @ABS-36
  Scenario Outline: A Registration missing a required field is refused with 400 naming it
    Given a valid registration record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | field          |
      | ShopID         |
      | InvoiceNumber  |
      | PlanEnrollDate |
      | EmployeeID     |
      | CustomerID     |
      | TiresCovered   |
      | TPPPrice       |
      | TireBrand      |
      | TireSize       |
      | TirePrice      |
      | TireCost       |

  @ABS-36 @assumption @D-ABS-21.1
  Scenario Outline: A Registration without a TireDOT1 is not refused for it
    Given a valid registration record
    When the record is sent <how>
    Then the answer is 200

    Examples:
      | how                               |
      | without "TireDOT1"                |
      | with "TireDOT1" set to ""         |

  @ABS-37
  Scenario: A Registration carrying only the required fields is accepted
    Given a registration record with only the required fields
    When the record is sent
    Then the answer is 200

  @ABS-38
  Scenario Outline: A Registration value of the wrong type is refused with 400 naming the field
    Given a valid registration record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | field             | value          |
      | OrgID             | {"group": 1}   |
      | ShopID            | ["005308"]     |
      | InvoiceNumber     | {"n": 1}       |
      | EmployeeID        | []             |
      | CustomerID        | {}             |
      | VehicleYear       | ["2008"]       |
      | VehicleMake       | {}             |
      | VehicleModel      | []             |
      | VIN               | {}             |
      | CurrentMileage    | "far"          |
      | TiresCovered      | "four"         |
      | TPPPrice          | "cheap"        |
      | TireBrand         | []             |
      | TireModel         | {}             |
      | TireSize          | []             |
      | TirePrice         | []             |
      | TireCost          | {}             |
      | TireDOT1          | {}             |
      | TireDOT2          | []             |
      | TireDOT3          | {}             |
      | TireDOT4          | []             |
      | TireDOT5          | {}             |
      | TireDOT6          | []             |
      | PlanEnrollDate    | "never"        |
      | CommercialVehicle | {}             |

  @ABS-38 @assumption @sandbox-only @D-ABS-36.1
  Scenario Outline: A zero or negative TiresCovered is refused with 400
    Given a valid registration record
    When the record is sent with "TiresCovered" set to <count>
    Then it is refused with 400 naming "TiresCovered"

    Examples:
      | count |
      | 0     |
      | -1    |

  @ABS-38 @assumption @D-ABS-36.2
  Scenario: A TiresCovered above the six DOT slots is accepted
    Given a valid registration record
    When the record is sent with "TiresCovered" set to 8
    Then the answer is 200

  @ABS-39 @D-ABS-11.2 @D-ABS-11.3
  Scenario: An omitted CommercialVehicle reads back as No
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back
    Then "CommercialVehicle" reads back meaning No

  @ABS-40 @D-ABS-11.1 @D-ABS-11.2 @D-ABS-11.3
  Scenario Outline: CommercialVehicle accepts Yes, No, true and false
    Given a valid registration record
    When the record is sent with "CommercialVehicle" set to "<value>"
    Then the answer is 200
    And "CommercialVehicle" reads back meaning <meaning>

    Examples:
      | value | meaning |
      | Yes   | Yes     |
      | No    | No      |
      | true  | Yes     |
      | false | No      |

  @ABS-40 @D-ABS-11.1
  Scenario Outline: CommercialVehicle is accepted in any case
    Given a valid registration record
    When the record is sent with "CommercialVehicle" set to "<value>"
    Then the answer is 200
    And "CommercialVehicle" reads back meaning <meaning>

    Examples:
      | value | meaning |
      | YES   | Yes     |
      | no    | No      |
      | True  | Yes     |
      | FALSE | No      |

  @ABS-41 @D-ABS-12.1
  Scenario Outline: VehicleYear is accepted as a string and read back as sent
    Given a valid registration record
    When the record is sent with "VehicleYear" set to "<year>"
    Then the answer is 200
    And "VehicleYear" reads back exactly as sent

    Examples:
      | year |
      | 2008 |
      | 08   |

  @ABS-42
  Scenario: Re-sending a Registration with the same ShopID and InvoiceNumber updates it
    Given a valid registration record
    And the record was sent and accepted
    And the registration's status was read
    When the record is sent with "CustomerID" set to "CUST-UPDATED"
    Then the answer is 200
    And the record reads back with the new values
    And the registration's RegistrationID has not changed

  @ABS-42 @D-ABS-22.1
  Scenario: Re-sending a Registration with another OrgID updates its OrgID
    Given a valid registration record
    And the record was sent and accepted
    When the record is sent with "OrgID" set to "GROUP-B"
    Then the answer is 200
    And the record reads back with the new values

  @ABS-43
  Scenario: Six identical tires form one registration with six DOT codes
    Given a valid registration record
    And the record has "TiresCovered" set to 6
    And the record has DOT codes in TireDOT1 to TireDOT6
    When the record is sent
    Then the answer is 200
    And the record reads back as sent

  @ABS-42 @assumption @D-ABS-18.3
  Scenario: A batch carrying one registration twice is applied in order, the last one winning
    Given 2 valid registration records
    And the second one has the first one's ShopID and InvoiceNumber
    When they are sent in one POST
    Then the answer is 200
    And the last one reads back as the only record

  @ABS-43 @D-ABS-20.1 @D-ABS-02.3
  Scenario: A Registration carrying the TireCount of the document's note is not refused for it
    Given a valid registration record
    And the record has "TireCount" set to 4
    When the record is sent
    Then the answer is 200
    And the record reads back as sent

  @ABS-44
  Scenario: GET registrations returns one object shaped like the document's example
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back
    Then the answer is 200
    And the answer body is a JSON object
    And the answer has the keys of the registrations example
    And its unset optional strings are ""
    And its "CurrentMileage, TiresCovered, TPPPrice, TirePrice, TireCost" are JSON numbers
