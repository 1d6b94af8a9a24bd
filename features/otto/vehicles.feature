@otto
Feature: Otto AI vehicle sync
  "Sync vehicle data from your DMS to Otto AI." The reference body and the Python sample's
  are accepted; year and mileage are integers, price a number, echoed unchanged (D-OTTO-14).

  @OTTO-19 @OTTO-21 @OTTO-47 @D-OTTO-09.1 @D-OTTO-13.1 @D-OTTO-13.2
  Scenario: The documented vehicle body is synced and echoed
    When the documented vehicle body is synced
    Then the write succeeds with "Vehicle synced successfully"
    And data echoes externalId, vin, make and model
    And data.id is a non-empty string
    And data.id starts with "otto_vehicle_", as in the example

  @OTTO-20 @D-OTTO-14.3 @D-OTTO-14.4
  Scenario: A vehicle's year comes back as the request's JSON integer
    When the documented vehicle body is synced
    Then data.year is the request's, as a JSON integer

  @OTTO-22 @D-OTTO-09.1 @D-OTTO-12.1 @D-OTTO-14.1
  Scenario: The Python sample's vehicle body, with a price in dollars and cents, is synced
    When the Python vehicle body is synced with "price" set to 28995.5
    Then the write succeeds with "Vehicle synced successfully"
    And data has id, externalId, vin, make, model, year and syncedAt

  @OTTO-23 @D-OTTO-08.2
  Scenario Outline: A vehicle body with <field> as text is refused
    When the documented vehicle body is synced with "<field>" set to <value>
    Then it is refused with 400 or 422

    Examples:
      | field | value                |
      | year  | "twenty twenty-four" |
      | price | "32,500 USD"         |

  @OTTO-24 @assumption @D-OTTO-10.1 @D-OTTO-10.2
  Scenario: Syncing the same vehicle externalId again keeps its id
    When the documented vehicle body is synced
    And the same externalId is synced again with "price" set to 31999
    Then the second sync succeeded under the first one's id
