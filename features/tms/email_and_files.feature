@tms
Feature: OTMS e-mail and file integrations
  "For email-triggered workflows": POST /api/integration/email with from, subject and body,
  scoped to the tenant (D-TMS-13); what the workflow makes of it is recorded. "Upload template
  files for EDI, CSV, or XML exchange": POST /api/integration/file/upload as multipart/form-data
  with a part named file (curl -F), here the small samples golive ships (D-TMS-14: ≤ 100 KB).

  @TMS-39 @TMS-45 @D-TMS-02.1 @D-TMS-13.1
  Scenario: The document's e-mail is accepted and what its workflow starts is recorded
    Given an integration targeting the receiver
    When the document's e-mail is sent
    Then the answer is 200, 201 or 204
    And its envelope says success true
    And what the e-mail started is recorded

  @TMS-40 @D-TMS-13.2 @D-TMS-13.3
  Scenario Outline: An e-mail with <what> is refused with 400
    When an e-mail is sent with the body <body>
    Then it is refused with 400

    Examples:
      | what                        | body                                                                            |
      | no from                     | {"subject": "New transport request", "body": "Please arrange pickup"}           |
      | a from without a domain     | {"from": "orders", "subject": "New transport request", "body": "x"}             |
      | a from without a local part | {"from": "@customer.com", "subject": "New transport request", "body": "x"}      |
      | a from that is a number     | {"from": 42, "subject": "New transport request", "body": "x"}                   |
      | no subject                  | {"from": "orders@customer.com", "body": "Please arrange pickup"}                |
      | a body that is a number     | {"from": "orders@customer.com", "subject": "New transport request", "body": 20} |

  # D-TMS-13 lists body among the required strings, but no item asserts its absence: recorded.
  @TMS-40 @destructive
  Scenario: An e-mail without body is answered and recorded
    When an e-mail without body is sent
    Then the outcome is recorded without a verdict

  @TMS-41 @TMS-43 @TMS-45 @D-TMS-14.1 @D-TMS-14.2 @D-TMS-14.4
  Scenario Outline: The <type> template sample is uploaded as multipart/form-data in a part named file
    When the <type> sample is uploaded
    Then the answer is 200, 201 or 204
    And its envelope says success true

    Examples:
      | type |
      | CSV  |
      | XML  |
      | EDI  |

  # D-TMS-14: "Rejection of other types is not asserted."
  @TMS-43
  Scenario: A file of another type is uploaded and its answer recorded
    When a JSON file is uploaded as a template
    Then the outcome is recorded without a verdict

  @TMS-42 @D-TMS-14.1
  Scenario Outline: An upload <how> is refused with 400 or 415
    When an upload is sent <how>
    Then it is refused with 400 or 415

    Examples:
      | how                                              |
      | as multipart/form-data without a part named file |
      | as a JSON body instead of multipart              |
