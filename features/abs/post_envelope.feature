@abs
Feature: ABS POST envelope and return codes
  The body is a JSON object with one key naming the record type (Registrations, Claims,
  Sales or Cancellations) holding an array of records. 200 all written ("Successfully
  Posted"), 206 some written, 400 missing/malformed fields or all rejected, with a JSON
  array naming the fields in error.

  @ABS-14 @D-ABS-15.1 @D-ABS-19.1
  Scenario Outline: A POST carries several records of one type under its record-type key
    Given <n> valid <kind> records
    When they are sent in one POST
    Then the answer is 200
    And every one of them reads back

    Examples:
      | n | kind         |
      | 3 | registration |
      | 2 | claim        |
      | 2 | sale         |
      | 2 | cancellation |

  @ABS-15 @D-ABS-18.2
  Scenario Outline: A POST body that is not a record envelope is refused with 400
    When a body that is <variant> is posted
    Then it is refused with 400

    Examples:
      | variant                                   |
      | not JSON                                  |
      | empty                                     |
      | an object with an unknown record-type key |
      | an empty Registrations array              |
      | a JSON array instead of an object         |

  @ABS-15 @D-ABS-15.1 @D-ABS-38.1
  Scenario Outline: A POST whose content type is not JSON is refused and writes nothing
    Given a valid registration record
    When the record is sent with <content_type>
    Then it is refused with 400 or 415
    And nothing was written

    Examples:
      | content_type                                   |
      | content type "text/plain"                      |
      | content type "application/x-www-form-urlencoded" |
      | no content type                                |

  @ABS-16 @D-ABS-16.1 @D-ABS-16.2
  Scenario Outline: A valid record is answered 200 "Successfully Posted"
    Given a valid <kind> record
    When the record is sent
    Then it is accepted with "Successfully Posted"

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |

  @ABS-17 @D-ABS-39.1 @D-ABS-39.3
  Scenario Outline: A posted record reads back with the posted values and its leading zeros
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back
    Then the record reads back as sent

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |

  @ABS-18 @D-ABS-17.1 @D-ABS-17.3
  Scenario Outline: A batch with valid and invalid records is answered 206
    Given 2 valid <kind> records
    And the second one has no "<field>"
    When they are sent in one POST
    Then the answer is 206
    And the answer body is a JSON array naming "<field>" and the accepted InvoiceNumber
    And the first one reads back and the second one does not

    Examples:
      | kind         | field               |
      | registration | EmployeeID          |
      | claim        | RepairInvoiceNumber |
      | sale         | TirePrice           |
      | cancellation | CancelInvoiceNumber |

  @ABS-19 @D-ABS-17.1 @D-ABS-17.2 @D-ABS-18.1
  Scenario Outline: A single record missing a required field is refused with 400 and writes nothing
    Given a valid <kind> record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"
    And nothing was written

    Examples:
      | kind         | field           |
      | registration | CustomerID      |
      | claim        | RepairShopID    |
      | sale         | TireCount       |
      | cancellation | TireCancelCount |

  @ABS-20
  Scenario Outline: A batch whose every record is invalid is refused with 400, not 206
    Given 2 valid <kind> records
    And every one of them has no "<field>"
    When they are sent in one POST
    Then it is refused with 400 naming "<field>"
    And none of them reads back

    Examples:
      | kind         | field      |
      | registration | TireSize   |
      | sale         | SaleDate   |
      | cancellation | CancelDate |

  @ABS-21
  Scenario Outline: A required field sent empty is refused with 400 naming it
    Given a valid <kind> record
    When the record is sent with "<field>" set to ""
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field               |
      | registration | ShopID              |
      | registration | EmployeeID          |
      | registration | PlanEnrollDate      |
      | claim        | RepairInvoiceNumber |
      | sale         | TireBrand           |
      | cancellation | CancelShopID        |

  @ABS-21
  Scenario Outline: A required field sent as null is refused with 400 naming it
    Given a valid <kind> record
    When the record is sent with "<field>" set to null
    Then it is refused with 400 naming "<field>", as implied

    Examples:
      | kind         | field           |
      | registration | CustomerID      |
      | registration | TiresCovered    |
      | claim        | CreditAmount    |
      | sale         | TireSize        |
      | cancellation | TireCancelCount |

  @ABS-22
  Scenario Outline: A malformed value is refused with 400 naming the field
    Given a valid <kind> record
    When the record is sent with "<field>" set to <value>
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field           | value                  |
      | registration | PlanEnrollDate  | "not a date"           |
      | registration | TiresCovered    | "four"                 |
      | registration | TPPPrice        | "lots"                 |
      | registration | CustomerID      | {"id": 1}              |
      | registration | TireBrand       | ["SUM"]                |
      | claim        | ClaimDate       | "soon"                 |
      | claim        | CreditAmount    | "abc"                  |
      | sale         | TireCount       | "many"                 |
      | sale         | SaleDate        | {"date": "2020-01-27"} |
      | cancellation | TireCancelCount | "one"                  |
      | cancellation | CancelDate      | []                     |

  @ABS-23 @D-ABS-17.2
  Scenario Outline: A 400 body names the offending field by its data-dictionary label
    Given a valid <kind> record
    When the record is sent without "<field>"
    Then the answer body names "<field>" in its documented case

    Examples:
      | kind         | field               |
      | registration | TPPPrice            |
      | registration | CustomerID          |
      | claim        | RepairInvoiceNumber |
      | sale         | TireCost            |
      | cancellation | TireCancelCount     |

  @ABS-23 @D-ABS-17.2
  Scenario: A 206 body names the offending field by its data-dictionary label
    Given 2 valid registration records
    And the second one has no "EmployeeID"
    When they are sent in one POST
    Then the answer body names "EmployeeID" in its documented case
