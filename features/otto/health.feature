@otto
Feature: Otto AI health check
  "Check the status of the integration API." GET health answers status "healthy", a
  semantic version, an RFC 3339 UTC timestamp and the endpoints map of the example. golive
  pins the server whose health answers "healthy" (D-OTTO-01).

  @OTTO-05 @OTTO-06 @OTTO-07 @D-OTTO-07.1
  Scenario: GET health answers 200 "healthy" with a MAJOR.MINOR.PATCH version
    When health is called
    Then the answer is 200
    And the health answer has status "healthy" and a MAJOR.MINOR.PATCH version

  @OTTO-08 @D-OTTO-18.1 @D-OTTO-18.2 @D-X-01.1
  Scenario: The health timestamp is RFC 3339 UTC within 5 minutes of the clock
    When health is called
    Then the health timestamp is RFC 3339 UTC within 5 minutes of now

  @OTTO-09 @D-OTTO-01.2 @D-OTTO-01.3 @D-OTTO-01.4
  Scenario: The health endpoints map gives the documented paths
    When health is called
    Then the health endpoints are the documented paths
