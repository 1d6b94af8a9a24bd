@otr
Feature: OTR GET Token Claims
  "Retrieve the Client's Id from OTR's system along with the user roles associated with the
  user", with the subscription key and "Authorization Bearer {access_token}". The token is
  opaque (D-OTR-14); a missing, malformed, tampered or random one is refused with 401.

  @OTR-10 @OTR-36 @D-OTR-12.1 @D-OTR-14.1
  Scenario: An access token's claims are userID, clientID and roles, spelled as documented
    Given an access token for the provided credentials
    When its claims are read with it
    Then the answer is 200
    And the claims carry userID, clientID and roles
    And the claims' keys are spelled as documented

  @OTR-11
  Scenario: userID is a UUID, clientID a JSON integer and roles an array of strings
    Given an access token for the provided credentials
    When its claims are read with it
    Then the claims' userID is a UUID, clientID a JSON integer and roles an array of strings

  @OTR-01 @OTR-10 @D-X-05.2
  Scenario: Header names sent in lower case work as well
    Given an access token for the provided credentials
    When its claims are read with it, every header name in lower case
    Then the answer is 200

  @OTR-12
  Scenario: Claims asked without an Authorization header are refused with 401
    Given an access token for the provided credentials
    When its claims are read with no Authorization header
    Then it is refused with 401

  @OTR-13
  Scenario Outline: Claims asked with a malformed, tampered or random access token are refused with 401
    Given an access token for the provided credentials
    When its claims are read with <authorization>
    Then it is refused with 401

    Examples:
      | authorization                        |
      | the token with one character changed |
      | a random token                       |
      | the token without its scheme         |
      | the token with scheme Basic          |
      | the refresh token as bearer          |
      | the scheme alone                     |
