@tms
Feature: OTMS monitoring lists
  "Step 5: Monitor Processing": the processing queue (objects), logs, requestLogs and tasks of
  one integration, paged by {offset}/{limit}: a 0-based offset and a limit (D-TMS-03; limits 1
  to 100 are tested, larger ones and 0 only recorded or tolerated). A list is a bare array or an
  object wrapping one; an object envelope's success is true (D-TMS-02). In the sandbox, three
  orders are refused once by the receiver and delivered on the next tick, so every list holds
  entries from several ticks; live, where no clock can be moved, a fresh integration's lists are
  read (imports would move them while they are paged).

  @TMS-21 @TMS-23 @TMS-24 @TMS-25 @TMS-45 @D-TMS-02.2 @D-TMS-02.3
  Scenario Outline: The <list> list answers a JSON list
    Given an integration whose orders were retried once before delivery
    When its <list> are listed from 0 to 20
    Then the answer is 200 or 201
    And the answer holds a list, in an envelope that says success true if it has one

    Examples:
      | list        |
      | objects     |
      | logs        |
      | requestLogs |
      | tasks       |

  @TMS-22 @D-TMS-04.1
  Scenario: Every object status read along the way is QUEUE, SUCCESS, ERROR or RETRY
    Given an integration whose orders were retried once before delivery, its objects read at every step
    Then every object status read is QUEUE, SUCCESS, ERROR or RETRY

  @TMS-26 @TMS-27 @D-TMS-03.1 @D-TMS-03.2 @D-TMS-03.3
  Scenario Outline: <list> pages are offset/limit windows
    Given an integration whose orders were retried once before delivery
    When its <list> are read in the pages 0/1, 0/2, 2/2, 0/3, 1/2, 0/4 and 0/100
    Then each page holds at most its limit
    And pages 0/2 and 2/2 do not overlap and together are page 0/4
    And the first item of page 1/2 is the second of page 0/3
    When its <list> are listed from 50 to 20
    Then the answer is an empty list, as implied

    Examples:
      | list        |
      | objects     |
      | logs        |
      | requestLogs |
      | tasks       |

  # D-TMS-03: "A limit of 0 may return an empty list or 400."
  @TMS-26 @D-TMS-03.4
  Scenario: A limit of 0 gives an empty list or 400
    Given an integration whose orders were retried once before delivery
    When its objects are listed from 0 to 0
    Then the answer is an empty list or a refusal with 400 or 422

  # D-TMS-03: "Limits 1 to 100 are tested, and larger limits are not asserted."
  @TMS-26
  Scenario: A limit above 100 is answered and recorded
    Given an integration whose orders were retried once before delivery
    When its objects are listed from 0 to 101
    Then the outcome is recorded without a verdict

  @TMS-28 @D-TMS-03.3 @D-TMS-15.5
  Scenario Outline: <list> with offset <offset> and limit <limit> is refused with 400
    Given an integration
    When its <list> are listed from <offset> to <limit>
    Then it is refused with 400 or 422, or 404 as tolerated

    Examples:
      | list        | offset | limit |
      | objects     | x      | 20    |
      | objects     | -1     | 20    |
      | objects     | 1.5    | 20    |
      | objects     | 0      | ten   |
      | objects     | 0      | -5    |
      | logs        | 0      | 2.5   |
      | requestLogs | -3     | 20    |
      | tasks       | 0      | -1    |

  @TMS-29 @D-TMS-15.3 @D-TMS-16.2
  Scenario Outline: The <list> of <which> are refused with <codes>
    When the <list> of <which> are listed
    Then it is refused with <codes>

    Examples:
      | list        | which                             | codes      |
      | objects     | an unknown integration            | 404        |
      | logs        | an unknown integration            | 404        |
      | requestLogs | an unknown integration            | 404        |
      | tasks       | an unknown integration            | 404        |
      | objects     | an integration id that is no UUID | 400 or 404 |

  @TMS-30 @D-TMS-17.1
  Scenario: Logs are listed newest first
    Given an integration whose orders were retried once before delivery
    When its logs are listed from 0 to 100
    Then the log timestamps do not increase down the list
