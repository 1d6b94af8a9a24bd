"""The processing queue and its scheduler (tms.md "Processing").

An entity change queues one IntegrationObject per integration that is enabled, has a
target and whose filters match; each scheduler tick maps every QUEUE/RETRY object and
POSTs it to the target. Only loopback targets are called (3 s timeout); any other call
goes to the outbox, unanswered (interface.md §5).
"""
from __future__ import annotations

import ipaddress
import json
import ssl
import time
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import httpx

from golive.vendors.tms.mapping import Mapper, MappingError, Switch
from golive.vendors.tms.store import ERROR, QUEUE, RETRY, SUCCESS, Integration, TmsStore

TICK_SECONDS = 10
TARGET_TIMEOUT = 3.0
HEADERS = {"Content-Type": "application/json", "User-Agent": "transportial-otms-sandbox"}


def dumps(content: Any) -> str:
    """Compact ASCII JSON: the one serialisation for answers, target bodies and the outbox."""
    return json.dumps(content, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def is_loopback(url: str) -> bool:
    """Whether ``url`` names this machine (localhost or a loopback address); no DNS lookups."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cache
def _tls() -> ssl.SSLContext:
    """httpx's default TLS context, built once: it costs tens of milliseconds, and a courier opens per advance."""
    return httpx.create_ssl_context()


@dataclass(frozen=True)
class Answer:
    """What one target call gave: a status code, or None when there was no answer."""

    status: int | None
    note: str
    duration_ms: int


class Courier:
    """Sends target calls for one clock advance; opens its HTTP client only when needed."""

    def __init__(self, outbox: list[dict[str, Any]]) -> None:
        self.outbox = outbox
        self._client: httpx.Client | None = None

    def post(self, url: str, body: str) -> Answer:
        if not is_loopback(url):
            self.outbox.append({"url": url, "headers": dict(HEADERS), "body": body})
            return Answer(None, "not sent (only loopback targets are called): no answer", 0)
        if self._client is None:
            self._client = httpx.Client(timeout=TARGET_TIMEOUT, trust_env=False, follow_redirects=False,
                                       verify=_tls())
        started = time.monotonic()
        try:
            status = self._client.post(url, content=body.encode(), headers=HEADERS).status_code
            note = f"HTTP {status}"
        except httpx.TimeoutException:
            status, note = None, f"no answer within {TARGET_TIMEOUT:g} s"
        except httpx.HTTPError as exc:
            status, note = None, f"no connection: {type(exc).__name__}"
        return Answer(status, note, round((time.monotonic() - started) * 1000))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


class Scheduler:
    """Queues objects on entity changes and processes them tick by tick."""

    def __init__(self, store: TmsStore, mapper: Mapper, fault: Switch) -> None:
        self.store, self.mapper, self.fault = store, mapper, fault
        self.attempt_limit = 4 if fault("attempt-limit-4") else 5

    def order_created(self, order: dict[str, Any]) -> None:
        """Queue ``order`` for every integration it concerns (TMS-31, TMS-33, TMS-38)."""
        document = {"transportOrder": order}
        for integration in self.store.integrations.values():
            if not integration.target or not (integration.enabled or self.fault("disabled-integration-processed")):
                continue
            try:
                if not self.mapper.matches(integration.filters, document):
                    continue
            except MappingError:  # filter paths are checked on create; an unmatched one only skips
                continue
            self.store.add_object(integration, order["id"], order["createdAt"])

    def _due(self, obj: dict[str, Any]) -> bool:
        return obj["status"] == QUEUE or (obj["status"] == RETRY and not self.fault("no-automatic-retry"))

    def pending(self) -> bool:
        """Whether some object still waits for a tick."""
        return any(self._due(obj) for _, obj in self.store.queue)

    def tick(self, number: int, at: str, courier: Courier) -> None:
        """Scheduler run ``number`` (1-based since reset), stamped ``at``."""
        if self.fault("scheduler-every-third-tick") and number % 3:
            return
        counts: dict[str, dict[str, int]] = {}
        for integration, obj in [entry for entry in self.store.queue if self._due(entry[1])]:
            status = self._process(integration, obj, at, courier)
            tally = counts.setdefault(integration.id, {"succeeded": 0, "retried": 0, "failed": 0})
            tally[{SUCCESS: "succeeded", RETRY: "retried", ERROR: "failed"}[status]] += 1
        for integration_id, tally in counts.items():
            self.store.task(self.store.integrations[integration_id], tally, at)

    def _process(self, integration: Integration, obj: dict[str, Any], at: str, courier: Courier) -> str:
        order = self.store.orders[obj["entityId"]]
        document = {"transportOrder": order}
        try:
            payload = self.mapper.apply(integration.mapping, document) if (
                integration.mapping is not None and not self.fault("payload-unmapped")) else document
        except MappingError as exc:
            return self._settle(integration, obj, ERROR, f"mapping failed: {exc}", at)
        url = integration.target or ""
        answer = courier.post(url, dumps(payload))
        obj["attempts"] += 1
        self.store.request_log(integration, obj["id"], url, answer.status, answer.duration_ms, at)
        status = answer.status
        attempt = f"attempt {obj['attempts']}: POST {url}: {answer.note}"
        delivered = status is not None and 200 <= status < 300
        if delivered and (obj["attempts"] == 1 or not self.fault("never-success-after-outage")):
            return self._settle(integration, obj, SUCCESS, f"delivered ({attempt})", at)
        # no answer, 5xx and 429 are transient; other answers (4xx, also 1xx/3xx) are permanent
        transient = delivered or status is None or status >= 500 or status == 429 or (
            self.fault("client-error-retried") and 400 <= status < 500)
        if not transient:
            return self._settle(integration, obj, ERROR, f"failed, not retried ({attempt})", at)
        if obj["attempts"] >= self.attempt_limit:
            return self._settle(integration, obj, ERROR, f"failed, giving up after {obj['attempts']} attempts "
                                                         f"({attempt})", at)
        return self._settle(integration, obj, RETRY, f"failed, will retry ({attempt})", at)

    def _settle(self, integration: Integration, obj: dict[str, Any], status: str, message: str, at: str) -> str:
        obj["status"], obj["updatedAt"] = status, at
        if status == SUCCESS or not self.fault("no-failure-log"):
            self.store.log(integration, obj["id"], "INFO" if status == SUCCESS else "ERROR",
                           f"{status}: {message}", at)
        return status
