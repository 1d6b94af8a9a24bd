"""The one HTTP factory: timeouts, pacing, evidence, and what an answer means for a verdict.

Every request golive sends to a vendor goes through :class:`VendorHttp`, so each
exchange is captured (redacted) as evidence of the running check, and an unreachable
target, a 5xx or rejected credentials become the right verdict wherever they happen.
"""
from __future__ import annotations

import contextvars
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive.pacing import Pace
from golive.redact import redactor
from golive.report.model import Exchange
from golive.verdict import BrokenFact, CredentialsRejected, ServerFault, TargetUnreachable

GATEWAY = frozenset({502, 503, 504})
_RETRIES_ON_429 = 3
_BODY_LIMIT = 20_000


@dataclass
class Traffic:
    """What one vendor answered during the run: (method, url path, status) per exchange."""

    seen: list[tuple[str, str, int]] = field(default_factory=list)


class Evidence(list[tuple[httpx.Response, float]]):
    """One check's exchanges, as answered; :meth:`exchanges` redacts them, only for a check that needs them
    (a PASSED check reports none: most runs would redact every exchange for nothing)."""

    def exchanges(self) -> list[Exchange]:
        return [exchange_of(response, elapsed_ms) for response, elapsed_ms in self]


_evidence: contextvars.ContextVar[Evidence | None] = contextvars.ContextVar("golive_evidence", default=None)


@contextmanager
def collecting() -> Iterator[Evidence]:
    """Collect the exchanges of the code inside (one check)."""
    exchanges = Evidence()
    token = _evidence.set(exchanges)
    try:
        yield exchanges
    finally:
        _evidence.reset(token)


def _text(content: bytes) -> str:
    text = content[:_BODY_LIMIT].decode("utf-8", errors="replace")
    return text + ("…" if len(content) > _BODY_LIMIT else "")


def _retry_after(response: httpx.Response) -> float:
    """Seconds a 429 asks for (RFC 9110: delay-seconds); 1 when absent or an HTTP date."""
    value = response.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else 1.0


def exchange_of(response: httpx.Response, elapsed_ms: float) -> Exchange:
    """A redacted record of a request and its answer."""
    request = response.request
    return Exchange(
        method=request.method,
        url=redactor.text(str(request.url)),
        request_headers=redactor.headers(request.headers),
        request_body=redactor.body(_text(request.content)),
        status=response.status_code,
        response_headers=redactor.headers(response.headers),
        response_body=redactor.body(_text(response.content)),
        elapsed_ms=round(elapsed_ms, 1),
    )


class VendorHttp:
    """An httpx client bound to one vendor's base URL."""

    def __init__(self, vendor: str, base_url: str, *, pace: Pace | None = None,
                 own_credentials_are_config: bool = False, transport: httpx.BaseTransport | None = None,
                 timeout: float = 10.0) -> None:
        self.vendor = vendor
        self.base_url = base_url.rstrip("/")
        self.pace = pace  # live only: the vendor's rates, shared with fuzzing
        self.credentials_from_config = own_credentials_are_config
        self.rejected: str | None = None  # live: the vendor refused the configured credentials once
        self.traffic = Traffic()
        self.unreachable: str | None = None
        self._answered = False
        transport = transport or httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(3.0, timeout)), transport=transport,
                                   follow_redirects=False)

    @property
    def answered(self) -> bool:
        """True once the vendor has answered a request (a gateway error after that is a 5xx fault)."""
        return self._answered

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(self, method: str, path: str, *, own_credentials: bool = False, judge_429: bool = False,
                **kwargs: Any) -> httpx.Response:
        """Send one request; raise the verdict-bearing exception when the answer says so.

        ``own_credentials``: the request carries the credentials the suite was given, so
        a 401 means they were rejected (ERROR live, FAILED in the sandbox). Live, a 429 is
        honoured and retried, never judged, unless ``judge_429`` (a rate-limit check, which runs
        last and on purpose exceeds the limit: its requests are counted, never held by the pace).
        """
        for _ in range(_RETRIES_ON_429):
            response = self._send(method, path, own_credentials, paced=not judge_429, **kwargs)
            if response.status_code != 429 or self.pace is None or judge_429:
                return response
            self.pace.honour_retry_after(_retry_after(response))
        return response

    def _send(self, method: str, path: str, own_credentials: bool, paced: bool = True,
              **kwargs: Any) -> httpx.Response:
        if self.unreachable:
            raise TargetUnreachable(self.unreachable)
        if own_credentials and self.rejected:  # never retry credentials a vendor refused (a lock-out risk)
            raise CredentialsRejected(self.rejected)
        if self.pace is not None and paced:
            self.pace.wait_turn()
        elif self.pace is not None:
            self.pace.used += 1
        started = time.perf_counter()
        try:
            response = self.client.request(method, self.url(path), **kwargs)
        except httpx.TransportError as exc:
            where = redactor.text(self.base_url)
            self.unreachable = f"{self.vendor} is unreachable at {where}: {type(exc).__name__}: {exc}"
            raise TargetUnreachable(self.unreachable) from None
        elapsed = (time.perf_counter() - started) * 1000
        self._record(response, elapsed)
        self._classify(response, own_credentials)
        return response

    def _record(self, response: httpx.Response, elapsed_ms: float) -> None:
        self.traffic.seen.append((response.request.method, response.request.url.path, response.status_code))
        evidence = _evidence.get()
        if evidence is not None:
            evidence.append((response, elapsed_ms))

    def _classify(self, response: httpx.Response, own_credentials: bool) -> None:
        status = response.status_code
        first = not self._answered
        self._answered = True
        if status >= 500:
            if first and status in GATEWAY:
                self.unreachable = f"{self.vendor} answered {status} to its first request: the vendor is down"
                raise TargetUnreachable(self.unreachable)
            raise ServerFault(f"{response.request.method} {response.request.url.path} answered {status}: "
                              "a 5xx is never a documented answer")
        if status == 401 and own_credentials:
            if self.credentials_from_config:
                self.rejected = f"{self.vendor} rejected the configured credentials (401)"
                raise CredentialsRejected(self.rejected)
            raise BrokenFact(f"{response.request.method} {response.request.url.path} answered 401 to the "
                             "sandbox's own credentials")

    def close(self) -> None:
        self.client.close()
