@otr
Feature: OTR POST Token
  "Authenticate sign-ins with OTR and retrieve a bearer token associated with the user":
  username and password, with the subscription key. The answer is an OAuth 2.0 token response
  (access_token, token_type "bearer", expires_in 7199, refresh_token). The body's encoding is
  not documented: form first, the JSON alternative exercised, and what is accepted recorded
  (D-OTR-06). A wrong password is tried once, for the configured user (lock-out risk); every
  other refused login uses a user that does not exist.

  @OTR-03 @OTR-04
  Scenario: The provided credentials get a token response with its four keys
    When a token is requested with the provided credentials
    Then the answer is 200
    And the token response has access_token, token_type, expires_in and refresh_token

  @OTR-05 @D-OTR-14.1
  Scenario: token_type is "bearer", in any case
    When a token is requested with the provided credentials
    Then the token response's token_type is "bearer" in any case

  @OTR-06 @D-OTR-07.2
  Scenario: expires_in is a JSON integer of seconds, more than 0 and at most 7200
    When a token is requested with the provided credentials
    Then the token response's expires_in is an integer from 1 to 7200

  @OTR-07 @D-OTR-07.1 @D-OTR-14.2
  Scenario: access_token and refresh_token are non-empty strings
    When a token is requested with the provided credentials
    Then the token response's access_token and refresh_token are non-empty strings

  @OTR-04
  Scenario Outline: The token request's other encodings are exercised and recorded
    When a token is requested with the provided credentials as <shape>
    Then the outcome is recorded without a verdict

    Examples:
      | shape                     |
      | a JSON body               |
      | a form without grant_type |

  @OTR-08 @D-OTR-08.3
  Scenario Outline: A token request missing username or password is refused with 400 and issues no token
    When a token is requested without <field>
    Then it is refused with 400, only the code being implied
    And no token is issued

    Examples:
      | field    |
      | username |
      | password |

  @OTR-09 @D-OTR-08.2
  Scenario Outline: A wrong password is refused with 400 or 401 and issues no token
    When a token is requested with a wrong password for <who>
    Then it is refused with 400 or 401
    And no token is issued

    Examples:
      | who                        |
      | the configured user        |
      | a user that does not exist |

  @OTR-16
  Scenario: Two tokens of the same user carry the same userID and clientID
    Then two tokens for the provided credentials carry the same userID and clientID
