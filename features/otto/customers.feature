@otto
Feature: Otto AI customer sync
  "Sync customer information from your CRM to Otto AI." The reference body and the Node.js
  sample's shorter one are accepted (D-OTTO-09); the answer echoes the customer and gives the
  id that leads and calls use (D-OTTO-17). Syncing an externalId again is an update (D-OTTO-10).

  @OTTO-11 @OTTO-12 @OTTO-47 @OTTO-48 @D-OTTO-07.1 @D-OTTO-09.1
  Scenario: The documented customer body, sent as JSON, is synced and echoed
    When the documented customer body is synced
    Then the write succeeds with "Customer synced successfully"
    And data echoes externalId, firstName, lastName and metadata.source as source

  @OTTO-13 @OTTO-49 @D-OTTO-13.1 @D-OTTO-17.1
  Scenario: The synced customer's id is a customerId for a lead and a call straight away
    When the documented customer body is synced
    Then data.id is a non-empty string
    When the documented lead is created for the customer
    Then the write succeeds with "Lead created successfully"
    When the documented call is logged for the customer
    Then the write succeeds with "Call logged successfully"

  @OTTO-13 @D-OTTO-13.2
  Scenario: The customer id has the example's prefix
    When the documented customer body is synced
    Then data.id starts with "otto_", as in the example

  @OTTO-14 @D-OTTO-18.2
  Scenario: syncedAt is RFC 3339 UTC and not earlier than the request
    Given the time is noted
    When the documented customer body is synced
    Then data.syncedAt is RFC 3339 UTC and not before the request

  @OTTO-15 @D-OTTO-09.1 @D-OTTO-12.1 @D-OTTO-18.1
  Scenario: The Node.js sample's shorter customer body is synced
    When the Node.js customer body is synced
    Then the write succeeds with "Customer synced successfully"
    And data has id, externalId, firstName, lastName, syncedAt and source
    And data echoes externalId, firstName, lastName and metadata.source as source

  @OTTO-16 @D-OTTO-08.2 @D-OTTO-08.5
  Scenario Outline: A customer body with <field> as <kind> is refused with success false
    When the documented customer body is synced with "<field>" set to <value>
    Then it is refused with 400 or 422
    And the answer is JSON with a boolean success, false when refused

    Examples:
      | field    | kind     | value            |
      | address  | a string | "123 Main St"    |
      | email    | a number | 12345            |
      | metadata | an array | ["CDK_GLOBAL"]   |

  @OTTO-17 @assumption @D-OTTO-10.1 @D-OTTO-10.2
  Scenario: Syncing the same customer externalId again updates it under the same id
    When the documented customer body is synced
    And the same externalId is synced again with "lastName" set to "Doe-Smith"
    Then the second sync succeeded under the first one's id

  @OTTO-18 @D-OTTO-09.2 @D-OTTO-09.3
  Scenario Outline: A <kind> body without externalId is refused
    When the documented <kind> body is synced without "externalId"
    Then it is refused with 400 or 422

    Examples:
      | kind     |
      | customer |
      | vehicle  |
