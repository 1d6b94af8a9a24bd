@tms
Feature: OTMS import (inbound)
  "Step 4: Import Data (Inbound)": POST /api/integration/import/data with the integrationId and
  a data array. Only a 2xx for a valid body and a 4xx for a non-array data or an unknown
  integrationId are asserted; what the items become is recorded (D-TMS-12). Live, imports run
  only against a test tenant (D-TMS-20).

  @TMS-19 @TMS-45 @D-TMS-02.1 @D-TMS-02.2 @D-TMS-12.1
  Scenario: The document's import is accepted and its downstream effects are recorded
    Given an integration targeting the receiver
    When the document's order is imported into it
    Then the answer is 200, 201 or 204
    And its envelope says success true
    And the integration's objects are recorded

  # D-TMS-06: "Live runs use a tolerance of 60 s and record the latency." (the sandbox: in ticks)
  @TMS-19
  Scenario: The time an imported order takes to leave QUEUE is recorded
    Given an integration targeting the receiver
    When the document's order is imported into it
    Then the time it takes to leave QUEUE is recorded

  # D-TMS-19: "Only the creation of an order is asserted as a trigger. Updates are recorded."
  @TMS-19
  Scenario: The same order imported again with another status is recorded
    Given an integration targeting the receiver
    And the document's order was imported into it
    When the document's order is imported into it again with status "cancelled"
    Then the integration's objects are recorded

  @TMS-20 @D-TMS-12.1
  Scenario Outline: An import with <what> is refused and imports nothing
    Given an integration targeting the receiver
    When an import is sent with the body <body>
    Then it is refused with <codes>
    And nothing was imported into it

    Examples:
      | what                     | body                                                                          | codes      |
      | data that is an object   | {"integrationId": "{integration}", "data": {"name": "Order from ERP #12345"}} | 400 or 422 |
      | data that is a string    | {"integrationId": "{integration}", "data": "Order from ERP #12345"}           | 400 or 422 |
      | an unknown integrationId | {"integrationId": "{unknown}", "data": [{"name": "Order from ERP #12345"}]}   | 400 or 404 |
