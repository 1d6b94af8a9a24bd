@otto
Feature: Otto AI webhook registration and event catalogue
  "Register a webhook endpoint to receive real-time events from Otto AI." · "Get a list of all
  available webhook events." The catalogue is the source of truth (D-OTTO-03). No delete call
  exists: live registrations point at the configured webhook_url and are listed for clean-up
  (D-OTTO-16); what arrives there is recorded, never judged.

  @OTTO-36 @OTTO-37 @OTTO-47 @D-OTTO-03.2
  Scenario: GET webhooks/events lists call.started and call.completed with their payload keys
    When webhooks/events is called
    Then the answer is 200
    And the event catalogue has success true and events with event, description and payload
    And it lists call.started with callId, customerId, phoneNumber and timestamp
    And it lists call.completed with callId, customerId, duration, transcript, sentiment and outcome

  @OTTO-32 @OTTO-33 @OTTO-34 @OTTO-47 @D-OTTO-16.2 @D-OTTO-20.1
  Scenario: Our receiver is registered with a secret the answer never shows
    When our receiver is registered for call.started and call.completed
    Then the write succeeds with "Webhook registered successfully"
    And data echoes url and events
    And data.active is true
    And data.id is a non-empty string
    And no field of the answer is the secret
    And what a logged call delivers to it is recorded
    And data.id starts with "webhook_", as in the example

  @OTTO-35 @D-OTTO-09.5 @D-OTTO-20.2
  Scenario Outline: A registration with <problem> is refused
    When a registration with <problem> is sent
    Then it is refused with 400 or 422

    Examples:
      | problem                |
      | no url                 |
      | a url that is no URL   |
      | a relative url         |
      | an empty events list   |
      | no events              |
      | no secret              |

  @OTTO-38 @D-OTTO-03.1 @D-OTTO-03.5
  Scenario: Registering an event the catalogue does not list is refused
    When a registration for an event the catalogue does not list is sent
    Then it is refused with 400 or 422

  @OTTO-38 @destructive @D-OTTO-03.3
  Scenario: Every event the catalogue lists is accepted for registration
    When our receiver is registered for every event the catalogue lists
    Then the answer is 200 or 201
