"""Otto's documented rate limit: 100 requests per 15 minutes per API key (otto.md)."""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from datetime import datetime

LIMIT = 100
WINDOW = 900.0  # seconds


class RateLimiter:
    """One window per API key on the vendor clock: rolling, or (a variant) fixed from its first request.

    Only served requests count: a request refused with 429 is not processed and not
    counted, and an unauthenticated one has no key to count against.
    """

    def __init__(self, fault: Callable[[str], bool]) -> None:
        self.fault = fault
        self.served: dict[str, deque[float]] = {}  # key -> times of the requests counted in its window
        self.blocked: set[str] = set()  # keys refused once (rate-limit-never-resets)

    def admit(self, key: str, now: datetime) -> int | None:
        """Count a request of ``key`` at ``now``: None when it may be served, else the Retry-After seconds."""
        if self.fault("no-rate-limit"):
            return None
        if self.fault("rate-limit-shared-by-keys"):
            key = "*"
        moment = now.timestamp()
        times = self.served.setdefault(key, deque())
        if self.fault("fixed-rate-window"):
            if times and moment - times[0] >= WINDOW:
                times.clear()
        else:
            while times and moment - times[0] >= WINDOW:
                times.popleft()
        if key in self.blocked or len(times) >= self._limit():
            if self.fault("rate-limit-never-resets"):
                self.blocked.add(key)
            wait = times[0] + WINDOW - moment if times else WINDOW
            if self.fault("retry-after-dishonest"):
                wait /= 10
            return max(1, math.ceil(wait))
        times.append(moment)
        return None

    def _limit(self) -> int:
        if self.fault("rate-limit-101-passes"):
            return LIMIT + 1
        if self.fault("rate-limit-100th-refused"):
            return LIMIT - 1
        return LIMIT
