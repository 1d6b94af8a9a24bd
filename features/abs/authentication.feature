@abs
Feature: ABS authentication and the partner URL
  One partner URL per company; a JWT signed HS256 with the ABS-issued secret, carrying
  partnerid and claimdate, sent as "authorization: Bearer <JWT>". Anything wrong with
  the authentication is answered 401.

  @ABS-01
  Scenario Outline: One partner URL answers a GET for every rec value
    When the test tables are queried for <rec> of a record that does not exist
    Then the answer is 200 or 204

    Examples:
      | rec                |
      | registrations      |
      | claims             |
      | sales              |
      | cancellations      |
      | registrationstatus |

  @ABS-01
  Scenario Outline: One partner URL takes each record type by its body key
    Given a valid <kind> record
    When the record is sent without "<field>"
    Then it is refused with 400 naming "<field>"

    Examples:
      | kind         | field          |
      | registration | PlanEnrollDate |
      | claim        | ClaimDate      |
      | sale         | SaleDate       |
      | cancellation | CancelDate     |

  @ABS-02 @D-ABS-13.1 @D-ABS-13.2 @D-ABS-13.3 @D-ABS-13.4
  Scenario: A JWT signed HS256 with partnerid and claimdate authenticates a GET
    When the production tables are queried for registrations of a record that does not exist
    Then the answer is 200 or 204

  @ABS-02
  Scenario: Header names sent in lower case authenticate as well
    When the production tables are queried with lower-case header names
    Then the answer is 200 or 204

  @ABS-03
  Scenario Outline: A request without an authorization header is refused with 401
    When a <method> is made using no authorization header
    Then it is refused with 401

    Examples:
      | method |
      | POST   |
      | GET    |

  @ABS-04
  Scenario Outline: A JWT signed with another secret is refused with 401
    When a <method> is made using a JWT signed with another secret
    Then it is refused with 401

    Examples:
      | method |
      | POST   |
      | GET    |

  # D-ABS-13 asserts no exp rule ("Only ABS-03 to ABS-08 are asserted"): the answer is only recorded.
  @ABS-08
  Scenario Outline: A JWT whose exp has passed is sent and its answer recorded
    When a <method> is made using a JWT whose exp has passed
    Then the outcome is recorded without a verdict

    Examples:
      | method |
      | POST   |
      | GET    |

  @ABS-05
  Scenario Outline: A JWT whose alg is not HS256 is refused with 401
    When a <method> is made using <token>
    Then it is refused with 401

    Examples:
      | method | token                                           |
      | POST   | an unsigned JWT with alg none                   |
      | GET    | an unsigned JWT with alg none                   |
      | POST   | a JWT signed HS512                              |
      | GET    | a JWT signed HS512                              |
      | POST   | an RS256 JWT signed with the secret as HMAC key |
      | GET    | an RS256 JWT signed with the secret as HMAC key |

  @ABS-06
  Scenario Outline: A JWT without the partner's partnerid is refused with 401
    When a <method> is made using <token>
    Then it is refused with 401

    Examples:
      | method | token                                     |
      | POST   | a JWT without partnerid                   |
      | GET    | a JWT without partnerid                   |
      | POST   | a JWT with a partnerid ABS never assigned |
      | GET    | a JWT with a partnerid ABS never assigned |

  @ABS-07
  Scenario Outline: A JWT without claimdate is refused with 401
    When a <method> is made using a JWT without claimdate
    Then it is refused with 401

    Examples:
      | method |
      | POST   |
      | GET    |

  @ABS-08
  Scenario Outline: An authorization value that is not "Bearer <JWT>" is refused with 401
    When a POST is made using <value>
    Then it is refused with 401

    Examples:
      | value                           |
      | the Basic scheme                |
      | the raw secret                  |
      | a random string                 |
      | Bearer and a random string      |
      | a truncated JWT                 |
      | a JWT without the Bearer prefix |

  @ABS-09 @D-ABS-14.2 @D-ABS-14.3
  Scenario: A valid token on an unknown company's path returns no records
    When a GET is made on an unknown company's path
    Then it is refused with 401, or 404 as tolerated

  @ABS-09 @sandbox-only @D-ABS-14.1 @D-ABS-14.3
  Scenario: A valid token never reads another partner's records on its path
    Given another partner's registration exists in its test tables
    When our token reads that registration on the other partner's path
    Then it is refused with 401

  @ABS-09 @sandbox-only @D-ABS-14.1 @D-ABS-14.3
  Scenario: A valid token cannot write to another partner's company path
    Given another partner's registration exists in its test tables
    When our token sends a registration to the other partner's path
    Then it is refused with 401
    And the other partner's tables do not hold it

  @ABS-10 @D-ABS-32.1
  Scenario Outline: A GET follows the same authentication rules as a POST
    When a GET is made using <value>
    Then it is refused with 401

    Examples:
      | value                           |
      | the Basic scheme                |
      | the raw secret                  |
      | a truncated JWT                 |
      | a JWT without the Bearer prefix |

  @ABS-11
  Scenario Outline: A record read back carries the token's partner id as a JSON integer
    Given a valid <kind> record
    And the record was sent and accepted
    When the record is read back
    Then the record's PartnerID is the token's partner id as a JSON integer

    Examples:
      | kind         |
      | registration |
      | claim        |
      | sale         |
      | cancellation |
