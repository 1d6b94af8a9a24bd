@tms
Feature: OTMS authentication
  Every documented call sends "Authorization: Bearer YOUR_TOKEN", a tenant token provisioned
  out of band (D-TMS-01). Without it, or with an invalid, expired or malformed one, the answer
  is 401 (D-TMS-15). Header names are case-insensitive (D-X-05).

  @TMS-01 @D-TMS-01.1 @D-TMS-15.2
  Scenario Outline: <call> without the Authorization header is refused with 401
    When <call> is sent without an Authorization header
    Then it is refused with 401

    Examples:
      | call                                     |
      | the document's create request            |
      | a credentials request                    |
      | the document's dataSource mapping test   |
      | the document's fileTemplate mapping test |
      | the document's import                    |
      | the document's e-mail                    |
      | the CSV sample's upload                  |
      | an objects list read                     |
      | a logs list read                         |
      | a requestLogs list read                  |
      | a tasks list read                        |

  @TMS-01
  Scenario: Header names sent in lower case authenticate as well
    When the document's dataSource mapping test is sent with lower-case header names
    Then the answer is 200 or 201

  @TMS-02 @D-TMS-15.2
  Scenario Outline: <call> with <authorization> is refused with 401
    When <call> is sent with <authorization>
    Then it is refused with 401

    Examples:
      | call                                   | authorization                       |
      | the document's dataSource mapping test | a bearer token never issued         |
      | the document's dataSource mapping test | the token with one character lost   |
      | the document's dataSource mapping test | the Bearer scheme without a token   |
      | the document's dataSource mapping test | the token without the Bearer scheme |
      | the document's dataSource mapping test | the token under the Basic scheme    |
      | an objects list read                   | a bearer token never issued         |
      | an objects list read                   | the token without the Bearer scheme |
