@abs
Feature: ABS data types
  Numbers as true JSON numbers, strings quoted; ABS converts numeric strings; money with
  two decimals or a matching string; string(n) widths from the data dictionary.

  @ABS-24 @D-ABS-09.2 @D-ABS-09.3
  Scenario Outline: Records with true JSON numbers and quoted strings are accepted
    Given a valid <kind> record
    When the record is sent
    Then the answer is 200
    And its numbers read back as JSON numbers

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |

  @ABS-25 @D-ABS-09.1 @D-ABS-09.3
  Scenario Outline: A numeric string in an int field is stored as a number
    Given a valid <kind> record
    When the record is sent with "<field>" set to "<digits>"
    Then the answer is 200
    And "<field>" reads back as the number <digits>

    Examples:
      | kind         | field          | digits |
      | registration | CurrentMileage | 187437 |
      | registration | TiresCovered   | 4      |
      | claim        | VehicleMileage | 96192  |
      | claim        | TireClaimCount | 1      |
      | sale         | TireCount      | 4      |

  @ABS-25 @D-ABS-09.1
  Scenario: A numeric string in TireCancelCount, as in the example, is stored as a number
    Given a registration of 4 tires enrolled today
    And a valid cancellation record
    When the record is sent with "TireCancelCount" set to "1"
    Then the answer is 200
    And the registration's status shows TireCancelCount 1

  @ABS-26 @D-ABS-09.1 @D-ABS-10.1
  Scenario Outline: Money is accepted as a number or a matching string and read back to the cent
    Given a valid <kind> record
    When the record is sent with "<field>" set to <value>
    Then the answer is 200
    And "<field>" reads back as the amount <amount>

    Examples:
      | kind         | field        | value    | amount |
      | registration | TPPPrice     | 995.68   | 995.68 |
      | registration | TirePrice    | "188.99" | 188.99 |
      | claim        | CostPerUnit  | 60.00    | 60     |
      | claim        | CreditAmount | "64.04"  | 64.04  |
      | sale         | TireCost     | "195.09" | 195.09 |
      | sale         | TirePrice    | 225      | 225    |

  @ABS-26 @D-ABS-10.1 @D-ABS-10.2
  Scenario Outline: Money with more than 2 decimals is refused naming the field, or read back rounded to the cent
    Given a valid <kind> record
    When the record is sent with "<field>" set to <value>
    Then it is either refused with 400 naming "<field>" or read back as the amount <amount>

    Examples:
      | kind         | field        | value   | amount |
      | registration | TPPPrice     | 12.344  | 12.34  |
      | registration | TirePrice    | 12.346  | 12.35  |
      | claim        | CreditAmount | 64.046  | 64.05  |
      | sale         | TireCost     | 195.094 | 195.09 |

  @ABS-27
  Scenario Outline: A non-integer value in an int field is refused with 400 naming it
    Given a valid <kind> record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field           | value  |
      | registration | TiresCovered    | "four" |
      | registration | TiresCovered    | 4.5    |
      | registration | CurrentMileage  | true   |
      | claim        | TireClaimCount  | "one"  |
      | sale         | TireCount       | 2.5    |
      | cancellation | TireCancelCount | true   |

  @ABS-28 @D-ABS-05.1 @D-ABS-06.2
  Scenario Outline: A string exactly at its declared maximum is stored in full
    Given a valid <kind> record
    When the record is sent with "<field>" set to a unique string of <n> characters
    Then the answer is 200
    And "<field>" reads back exactly as sent

    Examples:
      | kind         | field               | n   |
      | registration | ShopID              | 25  |
      | registration | InvoiceNumber       | 50  |
      | registration | OrgID               | 50  |
      | registration | EmployeeID          | 50  |
      | registration | CustomerID          | 50  |
      | registration | VIN                 | 50  |
      | registration | VehicleYear         | 25  |
      | registration | VehicleMake         | 25  |
      | registration | VehicleModel        | 25  |
      | registration | TireBrand           | 25  |
      | registration | TireSize            | 25  |
      | registration | TireDOT1            | 25  |
      | registration | TireDOT6            | 25  |
      | claim        | RepairShopID        | 25  |
      | claim        | RepairInvoiceNumber | 50  |
      | claim        | VIN                 | 50  |
      | claim        | TireLocation1       | 200 |
      | claim        | TireLocation6       | 200 |
      | claim        | ServiceDescription  | 200 |
      | claim        | TireBrand           | 25  |
      | claim        | TireSize            | 25  |
      | sale         | ShopID              | 25  |
      | sale         | InvoiceNumber       | 25  |
      | sale         | OrgID               | 50  |
      | sale         | TireBrand           | 25  |
      | sale         | TireSize            | 25  |
      | cancellation | CancelShopID        | 25  |
      | cancellation | CancelInvoiceNumber | 25  |

  @ABS-28 @ABS-47 @ABS-61 @D-ABS-05.1 @D-ABS-05.2
  Scenario: A registration with a 50-character InvoiceNumber can be claimed and cancelled
    Given a registration of 4 tires enrolled today with a 50-character InvoiceNumber
    When a claim of 1 tire is sent for it
    Then the answer is 200
    When a cancellation of the remaining tires is sent for it
    Then the answer is 200

  @ABS-29 @D-ABS-06.3
  Scenario Outline: A string over its declared maximum is refused naming it or stored in full
    Given a valid <kind> record
    When the record is sent with "<field>" set to a unique string of <n> characters
    Then it is either refused with 400 naming "<field>" or stored in full

    Examples:
      | kind         | field               | n   |
      | registration | ShopID              | 26  |
      | registration | InvoiceNumber       | 51  |
      | registration | OrgID               | 51  |
      | registration | VIN                 | 51  |
      | registration | VehicleMake         | 26  |
      | registration | TireDOT1            | 26  |
      | claim        | RepairInvoiceNumber | 51  |
      | claim        | TireLocation1       | 201 |
      | sale         | InvoiceNumber       | 26  |
      | sale         | TireBrand           | 26  |
      | cancellation | CancelInvoiceNumber | 26  |

  @ABS-29 @D-ABS-06.1 @D-ABS-06.3
  Scenario Outline: A TireModel longer than 25 characters, as in the examples, is stored in full
    Given a valid <kind> record
    When the record is sent with "TireModel" set to "<model>"
    Then the answer is 200
    And "TireModel" reads back exactly as sent

    Examples:
      | kind         | model                                     |
      | registration | P265/65R18 112T NITTO CROSSTEK 2          |
      | claim        | 235/60R18/XL 107V HTR A/S P02 BLK         |
      | sale         | 235/60R18/XL 107V SUMITOMO HTR A/S P02 BLK |
