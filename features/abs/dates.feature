@abs
Feature: ABS dates
  Dates in ISO 8601, in UTC preferably or with a designated offset; the examples send
  date-only values. Every date a GET returns is RFC 3339 UTC ("2018-12-04T00:00:00Z").

  @ABS-30 @D-ABS-07.1
  Scenario Outline: A datetime field accepts a UTC date-time, an offset date-time and a date
    Given a valid <kind> record
    When the record is sent with "<field>" set to "<value>"
    Then the answer is 200

    Examples:
      | kind         | field          | value                     |
      | registration | PlanEnrollDate | {today}T00:00:00Z         |
      | registration | PlanEnrollDate | {today}T01:00:00+02:00    |
      | registration | PlanEnrollDate | {today}                   |
      | claim        | ClaimDate      | 2020-01-27T00:00:00Z      |
      | claim        | ClaimDate      | 2020-01-27T01:00:00+02:00 |
      | claim        | ClaimDate      | 2020-01-27                |
      | sale         | SaleDate       | 2020-01-27T00:00:00Z      |
      | sale         | SaleDate       | 2020-01-27T01:00:00+02:00 |
      | sale         | SaleDate       | 2020-01-27                |
      | cancellation | CancelDate     | 2020-01-27T00:00:00Z      |
      | cancellation | CancelDate     | 2020-01-27T01:00:00-05:00 |
      | cancellation | CancelDate     | 2020-01-27                |

  @ABS-30
  Scenario: The document's literal YYYYMMDDTHH:MM:SS form is probed once and recorded, not judged
    Given a valid sale record
    When the record is sent with "SaleDate" set to "20181204T00:00:00"
    Then the outcome is recorded without a verdict

  @ABS-31 @D-ABS-07.3
  Scenario Outline: A date-time with an offset reads back as the same instant in UTC
    Given a valid <kind> record
    When the record is sent with "<field>" set to "2020-01-27T01:00:00+02:00"
    Then the answer is 200
    And "<field>" reads back as the instant 2020-01-26T23:00:00Z

    Examples:
      | kind         | field      |
      | claim        | ClaimDate  |
      | sale         | SaleDate   |
      | cancellation | CancelDate |

  @ABS-32 @D-ABS-08.1 @D-ABS-08.2
  Scenario Outline: Every date in a GET answer is RFC 3339 UTC or empty
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back
    Then every date in the answer is RFC 3339 UTC or ""

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |

  @ABS-32 @D-ABS-08.1 @D-ABS-08.2
  Scenario: Every date in a registrationstatus answer is RFC 3339 UTC or empty
    Given a registration of 4 tires enrolled today
    When the registration's status is read
    Then every date in the answer is RFC 3339 UTC or ""

  @ABS-33 @D-ABS-07.1
  Scenario Outline: A date-only value reads back as midnight UTC
    Given a valid <kind> record
    When the record is sent with "<field>" set to "<date>"
    Then the answer is 200
    And "<field>" reads back as the instant <date>T00:00:00Z

    Examples:
      | kind         | field          | date       |
      | registration | PlanEnrollDate | {today}    |
      | claim        | ClaimDate      | 2018-12-04 |
      | sale         | SaleDate       | 2018-12-04 |
      | cancellation | CancelDate     | 2018-12-04 |

  @ABS-34
  Scenario Outline: An unparseable or impossible date is refused with 400 naming the field
    Given a valid <kind> record
    When the record is sent with "<field>" set to "<value>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field          | value      |
      | registration | PlanEnrollDate | 2020-13-45 |
      | registration | PlanEnrollDate | 27/01/2020 |
      | claim        | ClaimDate      | yesterday  |
      | sale         | SaleDate       | 2020-02-30 |
      | cancellation | CancelDate     | 2020-13-45 |
