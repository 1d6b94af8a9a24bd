@otto
Feature: Otto AI webhook deliveries
  "Webhook payloads are signed with HMAC-SHA256", keyed with the registration's secret, over
  the exact bytes (D-OTTO-02: any header whose name contains "signature", hex or base64, an
  optional sha256= prefix). A delivery names its event in "event" or "type" and carries the
  payload at the top level, under "data" or under "payload" (D-OTTO-04). Otto gives no way to
  trigger events: these run against a sandbox only.

  @OTTO-39 @D-OTTO-02.2
  Scenario: Every delivery is signed with HMAC-SHA256 of its exact bytes, keyed with the secret
    Given our receiver is registered for every event the catalogue lists
    When a call that schedules an appointment is logged for a synced customer, and a lead created
    Then every delivery's signature verifies over its exact bytes and fails for others or another secret

  @OTTO-40 @D-OTTO-03.4 @D-OTTO-04.2
  Scenario: Deliveries arrive promptly, only at the registrations subscribed to the event
    Given one receiver is registered for call.completed and another for every other listed event
    When a call that schedules an appointment is logged for a synced customer, and a lead created
    Then each receiver got its subscribed events within 10 seconds, and no other
    And each delivery carries the payload keys the catalogue lists for its event, typed

  @OTTO-41 @D-OTTO-04.1 @D-OTTO-04.2
  Scenario: A call.started delivery carries callId, customerId, phoneNumber and an RFC 3339 timestamp
    Given our receiver is registered for every event the catalogue lists
    When a call that schedules an appointment is logged for a synced customer, and a lead created
    Then the call.started delivery has its payload keys, typed as the catalogue says

  @OTTO-42 @D-OTTO-04.1 @D-OTTO-04.3
  Scenario: A call.completed delivery carries callId, customerId, transcript, sentiment, outcome and a numeric duration
    Given our receiver is registered for every event the catalogue lists
    When a call that schedules an appointment is logged for a synced customer, and a lead created
    Then the call.completed delivery has its payload keys, typed as the catalogue says
