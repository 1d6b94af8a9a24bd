@tms
Feature: OTMS mapping test (JSONPath)
  "Step 3: Test Your Data Mapping": POST .../dataSource/mapping:test (and, for file templates,
  .../fileTemplate/mapping:test) applies each mapping key's JSONPath to testData. RFC 9535
  JSONPath: a definite path gives one value, of its JSON type; no match gives null or leaves the
  key out, the same way throughout; several matches are not asserted; invalid syntax is a 4xx
  naming the key (D-TMS-11). The result is at the top level or under result, data or output
  (D-TMS-02). Every expected value below is written out from the test data.

  Background:
    Given the test data
      """
      {"transportOrder": {"id": "test-uuid", "reference": "ERP-12345", "status": "requested",
        "createdAt": "2026-03-22T10:00:00Z",
        "customer": {"name": "Acme Corp", "address": {"city": "Rotterdam", "country": "NL"}},
        "stops": [{"type": "pickup", "city": "Rotterdam"}, {"type": "delivery", "city": "Duesseldorf"}],
        "pallets": 20, "weightKg": 8400.5, "hazardous": false, "tags": ["food", "express"], "note": null}}
      """

  @TMS-11 @TMS-18 @TMS-45 @D-TMS-02.4 @D-TMS-09.1 @D-TMS-11.6
  Scenario: The document's mapping test maps its test data as documented, on the path with a colon
    When the document's dataSource mapping test is sent
    Then the answer is 200 or 201
    And its envelope says success true
    And the request path held "mapping:test" unencoded
    And the mapping result is
      | key           | value                  |
      | erp_order_id  | "test-uuid"            |
      | customer_name | "Acme Corp"            |
      | status        | "requested"            |
      | created       | "2026-03-22T10:00:00Z" |

  @TMS-44 @TMS-18 @TMS-45 @D-TMS-09.1 @D-TMS-10.2
  Scenario: The file template mapping test maps the document's test data as the data-source test does
    When the document's fileTemplate mapping test is sent
    Then the answer is 200 or 201
    And its envelope says success true
    And the request path held "mapping:test" unencoded
    And the mapping result is
      | key           | value                  |
      | erp_order_id  | "test-uuid"            |
      | customer_name | "Acme Corp"            |
      | status        | "requested"            |
      | created       | "2026-03-22T10:00:00Z" |

  # D-TMS-09: "Whether %3A is also accepted is recorded."
  @TMS-18
  Scenario: The colon sent percent-encoded is answered and recorded
    When the document's dataSource mapping test is sent to "mapping%3Atest"
    Then the outcome is recorded without a verdict

  @TMS-12 @D-TMS-11.1
  Scenario Outline: A nested JSONPath resolves through objects: <path>
    When the mapping {"value": "<path>"} is tested
    Then the result's "value" is <value>

    Examples:
      | path                                   | value       |
      | $.transportOrder.customer.name         | "Acme Corp" |
      | $.transportOrder.customer.address.city | "Rotterdam" |

  # D-TMS-11 reads the dialect as RFC 9535; the document shows dotted paths only.
  @TMS-11 @D-TMS-11.1
  Scenario Outline: An RFC 9535 path beyond the document's selects its value: <path>
    When the mapping {"value": "<path>"} is tested
    Then the result's "value" is <value>, as RFC 9535 reads it

    Examples:
      | path                                                 | value                            |
      | $.transportOrder.stops[0].city                       | "Rotterdam"                      |
      | $.transportOrder.stops[-1].city                      | "Duesseldorf"                    |
      | $['transportOrder']['reference']                     | "ERP-12345"                      |
      | $.transportOrder.stops[?(@.type == 'delivery')].city | "Duesseldorf" or ["Duesseldorf"] |

  # D-TMS-11: "Several matches are not asserted."
  @TMS-11
  Scenario Outline: A path with several matches is answered and recorded: <path>
    When the mapping {"value": "<path>"} is tested
    Then the outcome is recorded without a verdict

    Examples:
      | path                           |
      | $.transportOrder.stops[*].city |
      | $..city                        |

  @TMS-13 @D-TMS-11.4
  Scenario Outline: An extracted <type> keeps its JSON type
    When the mapping {"value": "<path>"} is tested
    Then the result's "value" is <value>

    Examples:
      | type    | path                              | value                                  |
      | integer | $.transportOrder.pallets          | 20                                     |
      | decimal | $.transportOrder.weightKg         | 8400.5                                 |
      | boolean | $.transportOrder.hazardous        | false                                  |
      | null    | $.transportOrder.note             | null                                   |
      | object  | $.transportOrder.customer.address | {"city": "Rotterdam", "country": "NL"} |
      | array   | $.transportOrder.tags             | ["food", "express"]                    |

  @TMS-16 @D-TMS-11.2
  Scenario: Paths that match nothing give null or leave their key out, the same way throughout
    When this mapping is tested
      """
      {"id": "$.transportOrder.id", "carrier": "$.transportOrder.carrier", "third": "$.transportOrder.stops[5].city",
       "customs": "$.transportOrder.stops[?(@.type == 'customs')].city"}
      """
    Then the result's "id" is "test-uuid"
    And "carrier", "third" and "customs" are all null or all left out

  @TMS-15 @D-TMS-11.5 @D-TMS-15.5
  Scenario Outline: An invalid JSONPath (<path>) is refused naming its mapping key
    When the mapping {"id": "$.transportOrder.id", "broken": "<path>"} is tested
    Then it is refused with 400 or 422
    And the answer body contains "broken"

    Examples:
      | path                                 |
      | $.[                                  |
      | $.transportOrder.stops[              |
      | $.transportOrder.stops[?(@.type ==)] |
      | $$.transportOrder                    |

  @TMS-17 @D-TMS-15.4
  Scenario Outline: A mapping test with <what> is refused with 400
    When a mapping test is sent with the body <body>
    Then it is refused with 400 or 422

    Examples:
      | what                             | body                                                  |
      | no mapping                       | {"testData": {"transportOrder": {"id": "test-uuid"}}} |
      | no testData                      | {"mapping": {"erp_order_id": "$.transportOrder.id"}}  |
      | a mapping that is a string       | {"mapping": "$.transportOrder.id", "testData": {}}    |
      | a mapping that is an array       | {"mapping": ["$.transportOrder.id"], "testData": {}}  |
      | a mapping whose path is a number | {"mapping": {"erp_order_id": 42}, "testData": {}}     |

  @TMS-14
  Scenario: A mapping test leaves an integration's objects, logs and requestLogs as they were and calls nothing
    Given an integration that delivered an order to the receiver
    And its objects, logs and requestLogs were read
    When the document's dataSource mapping test is sent
    Then the answer is 200 or 201
    And its objects, logs and requestLogs are as they were
    And the receiver got no call beyond the integration's request logs

  @TMS-44 @D-TMS-10.1
  Scenario: The file template test maps like the data-source test
    When this mapping is tested as a file template and as a data source
      """
      {"reference": "$.transportOrder.reference", "city": "$.transportOrder.customer.address.city",
       "first": "$.transportOrder.stops[0].city", "pallets": "$.transportOrder.pallets",
       "tags": "$.transportOrder.tags", "carrier": "$.transportOrder.carrier"}
      """
    Then both answers are 200 or 201 with the same result

  # D-TMS-10: "Test data given as file content is not asserted."
  @TMS-44
  Scenario: A file template test with the CSV sample's text as test data is answered and recorded
    When the file template mapping {"reference": "$[0].order_reference"} is tested on the CSV sample's text
    Then the outcome is recorded without a verdict
