"""Otto's documented limit, "100 requests per 15 minutes per API key", with the fewest requests.

Every request counts (D-OTTO-06), the server probe and the setup included: the client counts
what it sent with each key. On a sandbox the window is new after the reset, so the judgement is
exact: requests 1 to 100 served (OTTO-44), the 101st refused with 429 (OTTO-43). Live (only with
--include-destructive, last in the run, unpaced), the run's earlier requests share the window and
its type is not asserted: a 429 while everything golive sent this run is at most 100 breaks
OTTO-44, and a burst of two windows' worth and one more without any 429 breaks OTTO-43.
Time passes only on the vendor clock (``target.advance``); nothing sleeps.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx

from golive import checks
from golive.types import VendorTarget
from golive.vendors.otto.client import OttoClient, bearer
from golive.verdict import BrokenAssumption, Deviation, NotOnThisTarget

LIMIT, WINDOW = 100, 900
LIVE_BURST = 2 * LIMIT + 1  # a fixed window's edge may split a burst: two windows' worth, then one more
DESTRUCTIVE_LIVE = ("uses up the API key's quota for 15 minutes: live, it runs only with --include-destructive "
                    "(interface.md §9)")


def retry_after(response: httpx.Response, now: Callable[[], datetime]) -> float | None:
    """The seconds a 429's Retry-After asks for (delay-seconds or an HTTP-date, RFC 9110), None when absent;
    a BrokenAssumption (D-OTTO-06) when it is unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return (parsedate_to_datetime(value) - now()).total_seconds()
    except (TypeError, ValueError):
        raise BrokenAssumption(f"expected Retry-After in seconds or as an HTTP-date (D-OTTO-06), got {value!r}") \
            from None


@dataclass
class Quota:
    """One key's budget in one check: spending it, and what the vendor answered."""

    client: OttoClient
    target: VendorTarget
    before: int = 0  # requests counted before the burst
    served: list[int] = field(default_factory=list)  # statuses of the burst's requests before the refusal
    refusal: httpx.Response | None = None  # the answer the limit should have refused
    waited_out: list[httpx.Response] = field(default_factory=list)  # after Retry-After, after the window

    def allowed(self) -> None:
        if not self.target.controllable and not self.target.include_destructive:
            raise NotOnThisTarget(DESTRUCTIVE_LIVE)

    def _send(self, key: str | None = None) -> httpx.Response:
        """One health request (the cheapest that counts), its 429 judged, never retried."""
        return self.client.request("health", authorization=bearer(key or self.client.key), judge_429=True)

    def spend(self, last: Callable[[], httpx.Response] | None = None) -> httpx.Response:
        """Health requests until the limit, then ``last`` (default: one more health request) as the 101st."""
        key = self.client.key
        self.client.prefix  # noqa: B018 - the server probe, if still to come, counts before the burst
        if self.target.controllable:
            self.before = self.client.sent[key]
            while self.client.sent[key] < LIMIT:
                self.served.append(self._send().status_code)
        else:  # live: everything golive sent this run may share the vendor's window
            pace = getattr(self.target.http, "pace", None)  # golive.http's count of this run's requests
            self.before = pace.used if pace is not None else self.client.sent[key]
            for _ in range(LIVE_BURST):
                response = self._send()
                if response.status_code == 429:
                    self.refusal = response
                    break
                self.served.append(response.status_code)
        final = (last or self._send)()
        self.refusal = self.refusal or final
        return final

    def first_hundred_served(self) -> None:
        """OTTO-44: no request up to the 100th was refused."""
        if 429 in self.served:
            number = self.before + self.served.index(429) + 1
            raise Deviation(f"expected requests 1 to {LIMIT} within 15 minutes to be served, got 429 at request "
                            f"{number}: the documented limit is {LIMIT}")
        if not self.target.controllable and self.refusal is not None and self.refusal.status_code == 429 \
                and self.before + len(self.served) < LIMIT:
            raise Deviation(f"expected no 429 before {LIMIT} requests, got one after at most "
                            f"{self.before + len(self.served)} requests in this run")

    def refused_101st(self) -> None:
        """OTTO-43: the request past the limit is answered 429."""
        assert self.refusal is not None, "spend() first"
        if self.refusal.status_code != 429:
            count = self.before + len(self.served) + 1
            raise Deviation(f"expected 429 for request {count} within 15 minutes (the limit is {LIMIT} per API key), "
                            f"got {checks.excerpt(self.refusal)}")

    def retry_after_bounded(self) -> None:
        """D-OTTO-06: a Retry-After, when present, asks for at most 900 s (a WARNING otherwise)."""
        assert self.refusal is not None, "spend() first"
        seconds = retry_after(self.refusal, self.target.now)
        if seconds is not None and not 0 <= seconds <= WINDOW:
            raise BrokenAssumption(f"expected Retry-After ≤ {WINDOW} s (D-OTTO-06), got {seconds:g} s")

    def other_key_served(self) -> None:
        """OTTO-45: the second key has its own window."""
        other = self.target.credentials.get("second_api_key")
        if not other:
            raise NotOnThisTarget("needs a second API key (the sandbox's second_api_key)")
        response = self._send(str(other))
        if response.status_code != 200:
            raise Deviation(f"expected the second API key to be served while the first is limited, got "
                            f"{checks.excerpt(response)}: the limit is per API key")

    def wait_out(self) -> None:
        """Advance the vendor clock by the Retry-After, if sent, and ask again; then past the window, and ask again."""
        assert self.refusal is not None, "spend() first"
        seconds = retry_after(self.refusal, self.target.now) if self.refusal.status_code == 429 else None
        if seconds is not None:
            self.target.advance(max(seconds, 0.0))
            self.waited_out.append(self._send())
        rest = WINDOW + 1 - (seconds or 0.0)
        if rest > 0 and (not self.waited_out or self.waited_out[-1].status_code == 429):
            self.target.advance(rest)
            self.waited_out.append(self._send())

    def served_again(self) -> None:
        """OTTO-46: once the window has passed the key is served."""
        last = self.waited_out[-1]
        if last.status_code != 200:
            raise Deviation(f"expected the key to be served once 15 minutes had passed, got {checks.excerpt(last)}")

    def retry_after_honest(self) -> None:
        """D-OTTO-06: once the Retry-After's seconds have passed, the key is served (a WARNING otherwise)."""
        if len(self.waited_out) == 2 and self.waited_out[0].status_code == 429:
            asked = self.refusal.headers.get("retry-after") if self.refusal is not None else None
            raise BrokenAssumption(f"expected the key to be served once its Retry-After ({asked} s) had passed "
                                   "(D-OTTO-06: assumed honest), got 429 again")
