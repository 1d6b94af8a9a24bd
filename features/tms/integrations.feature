@tms
Feature: OTMS create an integration
  "Step 1: Create the Integration": POST /api/integration with name, type "configured",
  description and enabled; the response is the document's only example. The type has no enum
  (D-TMS-08), the description is not echoed (D-TMS-18), tests always send enabled (D-TMS-18).

  @TMS-03 @TMS-04 @TMS-45 @D-TMS-08.1 @D-TMS-15.1 @D-TMS-18.2
  Scenario: The document's create request is answered as its example shows
    When the document's create request is sent
    Then the answer is 200 or 201
    And the answer is the document's create envelope
    And the integration echoes the name, type and enabled sent

  @TMS-04 @D-TMS-18.1
  Scenario Outline: An integration created with enabled <enabled> echoes its name, type and enabled
    When an integration is created with enabled <enabled>
    Then the answer is 200 or 201
    And the integration echoes the name, type and enabled sent

    Examples:
      | enabled |
      | true    |
      | false   |

  @TMS-05 @D-TMS-16.1
  Scenario: The integration's id is a UUID naming it in later paths, its createdAt RFC 3339 UTC
    When the document's create request is sent
    Then the integration's createdAt is RFC 3339 UTC
    And the integration's id reads its objects list in a later path
    And the integration's id is a UUID, as implied

  @TMS-06 @D-TMS-15.4
  Scenario Outline: A create request with <what> is refused with 400
    When a create request is sent with the body <body>
    Then it is refused with 400 or 422

    Examples:
      | what                    | body                                                          |
      | no name                 | {"type": "configured", "description": "d", "enabled": true}   |
      | enabled as a string     | {"name": "ERP Sync", "type": "configured", "enabled": "true"} |
      | enabled as a number     | {"name": "ERP Sync", "type": "configured", "enabled": 1}      |
      | a body that is not JSON | name=ERP Sync&type=configured&enabled=true                    |
