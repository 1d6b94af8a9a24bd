"""Live pacing: one limiter per live vendor, shared by scenarios and fuzzing.

A vendor's live rates (``VendorSpec.live_rates``: the catalogue's pace, D-X-02, and any
documented budget such as Otto's 100 requests per 15 minutes) go into one pyrate-limiter
sliding-window bucket. Every request waits its turn there: a wait of one pacing step is
always taken; a longer one (a spent budget) only up to ``--max-wait``, otherwise the check
is SKIPPED with the reason. The clock and the sleep are injectable, so tests need no sleeping.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import cast

from pyrate_limiter import InMemoryBucket, Rate, RateItem

from golive.verdict import NotOnThisTarget

__all__ = ["PACE_WINDOW", "Pace"]

PACE_WINDOW = 60.0  # rates over at most this many seconds are a pace; longer ones are a budget
_SLACK = 1.0  # the bucket rounds its waits up a little


def _binding(rates: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
    """The rates that can bind, shortest window first: a longer window whose limit a shorter one already
    keeps (6 a minute is at most 90 in 15 minutes, under Otto's 100) adds nothing, and pyrate-limiter
    wants each longer window strictly less dense."""
    kept: list[tuple[int, float]] = []
    for limit, window in sorted(rates, key=lambda rate: rate[1]):
        if all(limit / window < kept_limit / kept_window and limit > kept_limit for kept_limit, kept_window in kept):
            kept.append((limit, window))
    return kept


class Pace:
    """Waits each request's turn under every rate at once."""

    def __init__(self, vendor: str, rates: Sequence[tuple[int, float]], *, max_wait: float = 0.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.vendor = vendor
        self.rates = tuple(rates)
        binding = _binding(self.rates)
        rates_ms = [Rate(limit, int(window * 1000)) for limit, window in binding]
        self._bucket = InMemoryBucket(rates_ms) if rates_ms else None
        # a pacing step is always waited out; a spent budget only up to --max-wait
        self.patience = max([max_wait, *(window for _, window in self.rates if window <= PACE_WINDOW)])
        self._clock, self._sleep = clock, sleep
        self.used = 0
        self.waited = 0.0

    def describe(self) -> str:
        """The rates, as the report shows them."""
        return ", ".join(f"{limit} per {window:g} s" for limit, window in self.rates) or "unpaced"

    def wait_turn(self) -> None:
        """Block until one more request fits every rate (NotOnThisTarget if that is beyond our patience)."""
        while True:
            item = RateItem(self.vendor, int(self._clock() * 1000))
            if self._bucket is None or self._bucket.put(item):
                self.used += 1
                return
            wait = max(cast(int, self._bucket.waiting(item)), 1) / 1000  # an in-memory bucket answers at once
            if wait > self.patience + _SLACK:
                raise NotOnThisTarget(f"{self.vendor}'s live budget ({self.describe()}) is spent for {wait:.0f} s "
                                      "more; --max-wait allows longer waits")
            self._sleep(wait)
            self.waited += wait

    def honour_retry_after(self, seconds: float) -> None:
        """A 429 anyway: wait what the vendor asked (never judged), or skip when it is beyond our patience."""
        if seconds > max(self.patience, 1.0):
            raise NotOnThisTarget(f"{self.vendor} answered 429 and asked for {seconds:.0f} s; --max-wait allows "
                                  "longer waits")
        self._sleep(seconds)
        self.waited += seconds
