@otto
Feature: Otto AI envelope and request format
  Every response body but health's is JSON with a boolean success (D-OTTO-12); refusals say
  success false (D-OTTO-08). Requests are JSON; a body that is not is refused with 400 or 415.

  @OTTO-47 @D-OTTO-08.5
  Scenario Outline: <answer> is JSON with a boolean success
    When <request>
    Then the answer is JSON with a boolean success, false when refused

    Examples:
      | answer                   | request                                                         |
      | The event catalogue      | webhooks/events is called                                       |
      | A 401                    | customers/sync is called without an API key                     |
      | A validation refusal     | the documented customer body is synced without "externalId"     |
      | An unknown customer's    | the documented lead is created for a customerId no sync returned |

  @OTTO-48 @D-OTTO-08.4
  Scenario Outline: A body to <operation> that is not JSON is refused with 400 or 415
    When <operation> is sent a body that is not JSON
    Then it is refused with 400 or 415, as implied

    Examples:
      | operation         |
      | customers/sync    |
      | vehicles/sync     |
      | leads/create      |
      | calls/log         |
      | webhooks/register |
