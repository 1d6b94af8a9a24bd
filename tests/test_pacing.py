"""golive.pacing: live pace and budget on a fake clock (no sleeping)."""
from __future__ import annotations

import httpx
import pytest

from golive.http import VendorHttp
from golive.pacing import Pace
from golive.verdict import NotOnThisTarget


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def otto_pace(max_wait: float = 0.0) -> tuple[Pace, FakeTime]:
    fake = FakeTime()
    return Pace("otto", [(6, 60.0), (100, 900.0)], max_wait=max_wait, clock=fake.clock, sleep=fake.sleep), fake


def test_six_a_minute_are_paced_by_waiting_not_skipping() -> None:
    pace, fake = otto_pace()
    for _ in range(7):
        pace.wait_turn()
    assert pace.used == 7 and len(fake.slept) == 1 and 59 <= fake.slept[0] <= 61  # the 7th waits the minute out


def test_paced_at_six_a_minute_the_budget_of_100_in_15_minutes_always_holds() -> None:
    pace, fake = otto_pace()
    sent = []
    for _ in range(300):
        pace.wait_turn()
        sent.append(fake.now)
    assert max(sum(1 for t in sent if start <= t < start + 900) for start in sent) <= 100


def test_a_spent_budget_skips_unless_max_wait_covers_it() -> None:
    fake = FakeTime()
    pace = Pace("otto", [(100, 900.0)], clock=fake.clock, sleep=fake.sleep)
    for _ in range(100):
        pace.wait_turn()
    with pytest.raises(NotOnThisTarget, match=r"otto's live budget \(100 per 900 s\) is spent for 900 s more"):
        pace.wait_turn()
    patient = Pace("otto", [(100, 900.0)], max_wait=900, clock=fake.clock, sleep=fake.sleep)
    for _ in range(101):
        patient.wait_turn()
    assert patient.used == 101 and 899 <= fake.slept[-1] <= 901


def test_no_rates_never_waits() -> None:
    fake = FakeTime()
    pace = Pace("abs", [], clock=fake.clock, sleep=fake.sleep)
    for _ in range(1000):
        pace.wait_turn()
    assert fake.slept == [] and pace.used == 1000


def test_a_live_429_is_honoured_and_retried_never_judged() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "2"}), httpx.Response(200, json={"ok": True})])
    fake = FakeTime()
    pace = Pace("otto", [(6, 60.0)], clock=fake.clock, sleep=fake.sleep)
    http = VendorHttp("otto", "https://vendor.test", pace=pace,
                      transport=httpx.MockTransport(lambda request: next(answers)))
    assert http.request("GET", "/health").status_code == 200
    assert 2.0 in fake.slept and pace.used == 2
    refused = VendorHttp("otto", "https://vendor.test", pace=Pace("otto", [(6, 60.0)], clock=fake.clock,
                                                                   sleep=fake.sleep),
                         transport=httpx.MockTransport(lambda request: httpx.Response(429)))
    assert refused.request("GET", "/health", judge_429=True).status_code == 429  # a rate-limit check sees it
    long_wait = VendorHttp("otto", "https://vendor.test", pace=Pace("otto", [(6, 60.0)], clock=fake.clock,
                                                                     sleep=fake.sleep),
                           transport=httpx.MockTransport(
                               lambda request: httpx.Response(429, headers={"retry-after": "900"})))
    with pytest.raises(NotOnThisTarget, match="asked for 900 s"):
        long_wait.request("GET", "/health")
    for client in (http, refused, long_wait):
        client.close()
