@abs
Feature: ABS test tables
  POSTing to partners/{company}_test instead of partners/{company} reads and writes
  testing tables, with the same token; test data stays apart from production.

  @ABS-12 @D-ABS-37.1
  Scenario Outline: The test tables answer a GET made with the partner's token
    When the test tables are queried for <rec> of a record that does not exist
    Then the answer is 200 or 204

    Examples:
      | rec                |
      | registrations      |
      | registrationstatus |

  @ABS-13 @D-ABS-37.1
  Scenario: A record posted to the test tables stays out of production
    Given a valid registration record
    And the record was sent and accepted
    When the record is read back from the test tables
    Then the answer is 200
    When the record is read back from production
    Then the answer is 204

  @ABS-13
  Scenario: A record posted to production stays out of the test tables
    Given a valid registration record
    And the record was sent to production and accepted
    When the record is read back from production
    Then the answer is 200
    When the record is read back from the test tables
    Then the answer is 204
