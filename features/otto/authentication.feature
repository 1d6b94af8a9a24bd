@otto
Feature: Otto AI authentication and transport
  "All API requests require authentication using an API key in the Authorization header:
  Authorization: Bearer YOUR_API_KEY" — health included (D-OTTO-05). A missing, unknown or
  misplaced key is answered 401 (D-OTTO-08). "All API requests must use HTTPS".

  @OTTO-01 @D-OTTO-08.1
  Scenario Outline: <operation> without an API key is refused with 401
    When <operation> is called without an API key
    Then it is refused with 401

    Examples:
      | operation         |
      | customers/sync    |
      | vehicles/sync     |
      | leads/create      |
      | calls/log         |
      | webhooks/register |
      | webhooks/events   |

  @OTTO-01 @OTTO-10 @D-OTTO-05.1 @D-OTTO-08.1
  Scenario: GET health without an API key is refused with 401
    When health is called without an API key
    Then it is refused with 401

  @OTTO-01 @D-X-05.2
  Scenario: The Authorization header named in lower case authenticates as well
    When health is called with the header name in lower case
    Then the answer is 200

  @OTTO-02 @D-OTTO-08.1
  Scenario Outline: <operation> with an unknown API key is refused with 401
    When <operation> is called with an unknown API key
    Then it is refused with 401

    Examples:
      | operation      |
      | health         |
      | customers/sync |

  @OTTO-03 @D-OTTO-08.1
  Scenario Outline: The valid key sent as <how> is refused with 401
    When webhooks/events is called with the key sent as <how>
    Then it is refused with 401

    Examples:
      | how                         |
      | the raw Authorization value |
      | the Basic scheme            |
      | Basic credentials           |
      | the Token scheme            |
      | an X-API-Key header         |

  @OTTO-04
  Scenario: Plain http is refused, or redirected to https without being processed
    When health is called over plain http, without the key
    Then the connection was refused or redirected to https without data
