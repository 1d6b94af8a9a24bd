@otr
Feature: OTR subscription key
  Every operation, postToken included, needs the header ocp-apim-subscription-key:
  "Authentication key used to hit our API endpoints". A call without it, or with a key OTR
  never issued, is refused with 401 (Azure API Management's answer, D-OTR-08) and no data;
  the issued key reaches the testing environment.

  @OTR-01 @D-OTR-08.1
  Scenario Outline: A call without the subscription key is refused with 401 and no data
    When <operation> is called without the subscription key
    Then it is refused with 401, only the code being implied
    And the refusal carries no data

    Examples:
      | operation                |
      | postToken                |
      | getAuthorityInformation  |
      | postLead                 |
      | postAccount              |
      | postProspectVerification |

  @OTR-01 @OTR-15 @D-OTR-08.1
  Scenario: A valid access token does not replace the subscription key
    When getTokenClaims is called without the subscription key
    Then it is refused with 401
    And the refusal carries no data

  @OTR-02 @D-OTR-08.1
  Scenario Outline: A call with a subscription key OTR never issued is refused with 401
    When <operation> is called with <key> subscription key
    Then it is refused with 401
    And the refusal carries no data

    Examples:
      | operation                | key         |
      | postToken                | an unknown  |
      | getTokenClaims           | an unknown  |
      | getAuthorityInformation  | an unknown  |
      | postLead                 | an unknown  |
      | postAccount              | an unknown  |
      | postProspectVerification | an unknown  |
      | postToken                | a malformed |
      | getAuthorityInformation  | a malformed |

  @OTR-03
  Scenario Outline: A call carrying the issued key is never refused because of it
    When <operation> is called with the issued key, asking for nothing that writes
    Then it is not refused because of the subscription key

    Examples:
      | operation                |
      | postToken                |
      | getTokenClaims           |
      | getAuthorityInformation  |
      | postLead                 |
      | postAccount              |
      | postProspectVerification |
