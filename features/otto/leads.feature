@otto
Feature: Otto AI leads
  "Create a new lead in Otto AI from your CRM." for a customer a sync returned (D-OTTO-17).

  @OTTO-25 @OTTO-26 @OTTO-28 @OTTO-47 @D-OTTO-17.1
  Scenario: A lead for a synced customer is created "new" with the request's priority
    Given a customer was synced
    When the documented lead is created for the customer
    Then the write succeeds with "Lead created successfully"
    And data.status is "new"
    And data echoes priority and customerId
    And data.createdAt is RFC 3339 UTC
    And data.id is a non-empty string
    And data.id starts with "otto_lead_", as in the example

  @OTTO-27 @D-OTTO-08.3 @D-OTTO-17.2
  Scenario: A lead for a customerId no sync returned is refused and not created
    Given a receiver registered for lead.created, where the catalogue lists it
    When the documented lead is created for a customerId no sync returned
    Then it is refused with 400, 404 or 422
    And no lead was created
