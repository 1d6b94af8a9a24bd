@otto
Feature: Otto AI call activity
  "Log call details from Otto AI back to your CRM." — an inbound write that creates a call
  record (D-OTTO-11); duration is an integer of seconds, echoed unchanged (D-OTTO-14).

  @OTTO-29 @OTTO-30 @OTTO-47 @D-OTTO-08.6 @D-OTTO-11.1 @D-OTTO-14.2 @D-OTTO-14.4
  Scenario: A call for a synced customer is logged with its duration, sentiment and appointment time
    Given a customer was synced
    When the documented call is logged for the customer
    Then the write succeeds with "Call logged successfully"
    And data echoes customerId, duration and sentiment
    And data.timestamp is RFC 3339 UTC
    And data.id is a non-empty string
    And data.id starts with "otto_call_", as in the example

  @OTTO-31 @D-OTTO-09.4
  Scenario Outline: A <kind> without customerId is refused
    When the documented <kind> is sent without "customerId"
    Then it is refused with 400 or 422

    Examples:
      | kind |
      | call |
      | lead |

  @OTTO-31 @destructive @D-OTTO-08.2
  Scenario: A call with a duration in words is refused
    Given a customer was synced
    When the documented call is logged for the customer with "duration" set to "four minutes"
    Then it is refused with 400 or 422
