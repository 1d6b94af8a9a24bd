@otr
Feature: OTR token lifetime
  An access token works for expires_in seconds (the sample's 7199, about 2 h) on the vendor's
  clock and is refused with 401 from then on; a token refused earlier breaks the stated
  lifetime only as implied (D-OTR-07). The sandbox's clock is moved, never slept through; live,
  these checks wait only when --max-wait covers the lifetime. No refresh call is documented: a
  refresh is exercised and recorded, never judged (D-OTR-07).

  @OTR-14 @D-OTR-07.2 @D-OTR-07.4 @soak
  Scenario: An access token is refused with 401 one second after expires_in
    Given an access token for the provided credentials
    When the vendor clock is 1 second past the token's expires_in
    And its claims are read with it
    Then it is refused with 401

  @OTR-14 @D-OTR-07.4 @soak
  Scenario: An access token still works 5 seconds before expires_in
    Given an access token for the provided credentials
    When the vendor clock is 5 seconds short of the token's expires_in
    And its claims are read with it
    Then it is still accepted, as D-OTR-07 implies

  @OTR-07
  Scenario: A refresh, and its refresh token used twice, are exercised and recorded, never judged
    Given an access token for the provided credentials
    When its refresh token is used
    Then the outcome is recorded as "refresh"
    When its refresh token is used again
    Then the outcome is recorded as "refresh token used twice"
