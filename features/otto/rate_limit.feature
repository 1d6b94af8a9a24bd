@otto
Feature: Otto AI rate limit
  "100 requests per 15 minutes per API key". Every request counts, the suite's own included
  (D-OTTO-06); a limited request is answered 429, with an optional Retry-After of at most
  900 s that is assumed honest. The window type is not asserted. Live, the quota checks run
  only with --include-destructive, last.

  @OTTO-43 @OTTO-44 @quota @D-OTTO-06.1 @D-OTTO-06.3 @D-OTTO-06.5 @D-X-02.2
  Scenario: Requests 1 to 100 within 15 minutes are served; the 101st is refused with 429, unprocessed
    Given a receiver registered for the call events, and a synced customer
    When the API key's requests reach 101 within 15 minutes, the 101st logging a call
    Then requests 1 to 100 were served
    And the 101st was refused with 429
    And the refused call was not processed
    And a Retry-After, if sent, is at most 900 seconds

  @OTTO-45 @OTTO-46 @D-OTTO-06.2
  Scenario: Another key is not limited, and the key is served again once the window has passed
    Given the API key has used up its 100 requests
    Then the second API key is served
    When the vendor clock passes the Retry-After, if one was sent, and then the window
    Then the API key is served again
    And the Retry-After, if one was sent, was honest
