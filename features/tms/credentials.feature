@tms
Feature: OTMS integration credentials
  "Step 2: Generate Credentials": POST /api/integration/generate/credentials with the
  integrationId. "Store the returned credentials securely — they grant access to the
  integration's scoped data"; regenerating is the fix for an authentication failure. How they
  are presented is undocumented (D-TMS-01): the sandbox takes them as Basic on the four lists of
  their own integration (vendors/tms.md). They are secrets: never in a cassette or report.

  @TMS-07 @TMS-45 @D-TMS-02.1 @D-TMS-02.2
  Scenario: Credentials are generated for an integration and returned in the body
    Given an integration
    When credentials are generated for it
    Then the answer is 200 or 201
    And its envelope says success true
    And the answer carries the credentials

  @TMS-08 @D-TMS-01.3
  Scenario: Generating credentials again returns different ones
    Given an integration
    And credentials were generated for it
    When credentials are generated for it again
    Then the answer is 200 or 201
    And the new credentials differ from the earlier ones

  # D-TMS-01: "Whether old credentials are invalidated is recorded, not asserted."
  @TMS-08 @sandbox-only
  Scenario: Whether regenerating revokes the earlier credentials is recorded
    Given an integration
    And credentials were generated for it
    And credentials were generated for it again
    When the earlier credentials read its objects
    Then the outcome is recorded without a verdict

  @TMS-09
  Scenario Outline: Credentials requested with <what> are refused with 400 or 404, and none are issued
    When credentials are requested with the body <body>
    Then it is refused with 400 or 404
    And no credentials are issued

    Examples:
      | what                     | body                           |
      | an unknown integrationId | {"integrationId": "{unknown}"} |
      | no integrationId         | {}                             |
      | an empty integrationId   | {"integrationId": ""}          |

  @TMS-10 @D-TMS-01.2
  Scenario Outline: An integration's credentials read its own <list> and no other integration's
    Given two integrations
    And credentials were generated for the first
    When the first's credentials read the first's <list>
    Then the answer is 200 or 201
    When the first's credentials read the second's <list>
    Then it is refused with 401 or 403

    Examples:
      | list        |
      | objects     |
      | logs        |
      | requestLogs |
      | tasks       |

  @TMS-10 @D-TMS-01.2
  Scenario: An integration's credentials do not stand in for the tenant's token
    Given an integration
    And credentials were generated for it
    When its credentials import the document's order into it
    Then it is refused with 401 or 403
