@tms
Feature: OTMS event-driven processing
  "Entity Change → IntegrationObject created (status: QUEUE) → Scheduler picks up (~every 10
  seconds) → Filters checked → Data sources transform the data → External system called →
  Result: SUCCESS / ERROR / RETRY". golive's receiver plays "your ERP" and misbehaves on purpose;
  the sandbox's vendor clock runs one scheduler tick per 10 s boundary crossed, never in real
  time. How an integration is configured is undocumented: the sandbox takes target, mapping and
  filters on create (D-TMS-07), so these checks are sandbox-only. Transient failures (no
  connection, a timeout, 5xx, 429) are retried up to SUCCESS; permanent ones (another 4xx, a
  mapping error) end in ERROR with a log entry; attempt counts and the state after repeated
  transient failures are recorded, never asserted (D-TMS-05).

  @TMS-31 @TMS-32 @TMS-34 @TMS-35 @D-TMS-06.1 @D-TMS-19.1
  Scenario: A new order is queued, picked up on the next tick and delivered as the mapping says
    Given an integration targeting the receiver with the mapping
      """
      {"erp_reference": "$.transportOrder.reference", "customer_name": "$.transportOrder.customer.name",
       "status": "$.transportOrder.status", "pallets": "$.transportOrder.goods.pallets"}
      """
    When this order is imported into it
      """
      {"name": "Order from ERP #12345", "reference": "ERP-12345", "status": "requested",
       "customer": {"name": "External Customer"}, "goods": {"pallets": 20}}
      """
    Then the integration has one object, in QUEUE
    When the vendor clock advances 10 seconds
    Then the object has left QUEUE
    And the object is SUCCESS
    And the receiver got one call, with the body
      """
      {"erp_reference": "ERP-12345", "customer_name": "External Customer", "status": "requested", "pallets": 20}
      """
    And that body is what the mapping test gives for the same order
    And the requestLogs hold one entry per call the receiver got

  @TMS-33
  Scenario: An order that fails the integration's filter calls nothing and leaves no request log
    Given an integration targeting the receiver with the filters
      """
      {"$.transportOrder.customer.name": "Acme Corp"}
      """
    When these orders are imported into it
      """
      [{"name": "Order from ERP #12345", "reference": "ERP-12345", "customer": {"name": "External Customer"}},
       {"name": "Order from ERP #12346", "reference": "ERP-12346", "customer": {"name": "Acme Corp"}}]
      """
    And the vendor clock advances 10 seconds
    Then the receiver got one call, for "ERP-12346"
    And the requestLogs hold one entry per call the receiver got
    And the integration's objects are recorded

  @TMS-36 @D-TMS-05.1
  Scenario Outline: While the receiver <fails>, the object is retried automatically up to SUCCESS
    Given an integration targeting the receiver
    And the receiver <fails> <times>, then answers 200
    When the document's order is imported into it
    And the object is followed tick by tick until it settles
    Then every status seen before SUCCESS was RETRY
    And the object reached SUCCESS
    And the receiver's last call carried the order
    And the requestLogs hold one entry per call the receiver got
    And the attempts are recorded

    Examples:
      | fails                | times   |
      | answers 500          | 3 times |
      | answers 503          | once    |
      | answers 429          | twice   |
      | drops the connection | twice   |

  @TMS-36 @D-TMS-05.1
  Scenario: After the receiver hangs past the vendor's timeout and drops the call, the object still reaches SUCCESS
    Given an integration targeting the receiver
    And the receiver hangs for 3.5 seconds once, then answers 200
    When the document's order is imported into it
    And the object is followed tick by tick until it settles
    Then the object reached SUCCESS
    And the attempts are recorded

  # D-TMS-05: "Retry count, back-off and the state after repeated transient failures are not asserted."
  @TMS-36
  Scenario: A receiver that stays down: the attempts and the final state are recorded
    Given an integration targeting the receiver
    And the receiver answers 503 8 times, then answers 200
    When the document's order is imported into it
    And the object is followed tick by tick until it settles
    Then the attempts are recorded

  @TMS-37 @D-TMS-05.2
  Scenario Outline: A call the receiver refuses with <code> marks the object ERROR or RETRY and logs it; not retried
    Given an integration targeting the receiver
    And the receiver answers <code> once, then answers 200
    When the document's order is imported into it
    And the vendor clock advances 10 seconds
    Then the object is ERROR or RETRY
    And a log entry describes the failure
    When the vendor clock advances 20 seconds
    Then the object ended in ERROR after that one call, as implied

    Examples:
      | code |
      | 400  |
      | 422  |

  @TMS-37 @D-TMS-05.2
  Scenario: An order whose mapping fails is marked ERROR or RETRY and logged
    Given an integration targeting the receiver with the mapping
      """
      {"erp_reference": "$.transportOrder.reference", "broken": "$.["}
      """
    When the document's order is imported into it
    And the vendor clock advances 10 seconds
    Then the object is ERROR or RETRY
    And a log entry describes the failure
    And the receiver got no call, as implied

  @TMS-38
  Scenario: A disabled integration processes no order and calls nothing
    Given a disabled integration targeting the receiver
    When the document's order is imported into it
    And the vendor clock advances 10 seconds
    Then the integration made no call and processed no object
