"""Otto webhooks: the event catalogue, the signed delivery message, and sending it.

A delivery is ``POST url`` with the compact JSON ``{"event", "timestamp", "data"}`` and
``X-Otto-Signature: sha256=<hex HMAC-SHA256(secret, exact body bytes)>`` (otto.md). Only
loopback URLs are really called (interface.md §5); any other goes to the outbox.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

CATALOGUE: list[dict[str, Any]] = [
    {"event": "call.started", "description": "Triggered when Otto AI starts a call",
     "payload": {"callId": "string", "customerId": "string", "phoneNumber": "string", "timestamp": "ISO8601"}},
    {"event": "call.completed", "description": "Triggered when a call is completed",
     "payload": {"callId": "string", "customerId": "string", "duration": "number", "transcript": "string",
                 "sentiment": "string", "outcome": "string"}},
    {"event": "lead.created", "description": "Triggered when a lead is created",
     "payload": {"leadId": "string", "customerId": "string", "status": "string", "priority": "string",
                 "source": "string", "vehicleInterest": "string", "createdAt": "ISO8601"}},
    {"event": "appointment.scheduled", "description": "Triggered when a call schedules an appointment",
     "payload": {"callId": "string", "customerId": "string", "appointmentTime": "string"}},
]
DOCUMENTED = ("call.started", "call.completed")  # the events otto-ai.txt itself lists
TIMEOUT = 3.0  # seconds per delivery


def is_loopback(url: str) -> bool:
    """True for http(s)://127.x.x.x, [::1] and localhost URLs: the only ones the sandbox calls."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Deliveries:
    """Frames, signs and sends events to the registrations subscribed to them."""

    def __init__(self, fault: Callable[[str], bool], outbox: list[dict[str, Any]]) -> None:
        self.fault, self.outbox = fault, outbox
        self.failures: list[str] = []  # loopback deliveries that raised or were answered >= 300

    def catalogue(self) -> list[dict[str, Any]]:
        """What ``GET webhooks/events`` lists (a variant: only the two documented events)."""
        if self.fault("documented-events-only"):
            return [e for e in CATALOGUE if e["event"] in DOCUMENTED]
        return CATALOGUE

    def known(self, event: str) -> bool:
        return self.fault("unknown-event-accepted") or any(e["event"] == event for e in self.catalogue())

    def message(self, event: str, timestamp: str, data: dict[str, Any]) -> dict[str, Any]:
        """The delivery body: ``{"event", "timestamp", "data"}``, or another framing D-OTTO-04 allows."""
        name_key = "type" if self.fault("delivery-event-as-type") else "event"
        if self.fault("delivery-flat"):
            return {name_key: event, **data}
        payload_key = "payload" if self.fault("delivery-payload-key") else "data"
        return {name_key: event, "timestamp": timestamp, payload_key: data}

    def headers(self, event: str, secret: str, signed: bytes) -> dict[str, str]:
        digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).digest()
        signature = base64.b64encode(digest).decode() if self.fault("signature-base64") else digest.hex()
        if not self.fault("signature-no-prefix"):
            signature = "sha256=" + signature
        headers = {"Content-Type": "application/json",
                   "X-Webhook-Signature" if self.fault("signature-header-name") else "X-Otto-Signature": signature}
        if not self.fault("no-event-header"):
            headers["X-Otto-Event"] = event
        return headers

    async def emit(self, webhooks: list[dict[str, Any]], events: list[tuple[str, dict[str, Any]]],
                   timestamp: str) -> None:
        """Deliver each event, in order, to every registration subscribed to it; done before returning."""
        client: httpx.AsyncClient | None = None
        try:
            for event, data in events:
                for hook in webhooks:
                    if event not in hook["events"] and not self.fault("unsubscribed-events-delivered"):
                        continue
                    headers, body = self._signed(hook, event, self.message(event, timestamp, data))
                    if not is_loopback(hook["url"]):
                        self.outbox.append({"url": hook["url"], "headers": headers, "body": body.decode()})
                        continue
                    client = client or httpx.AsyncClient(timeout=TIMEOUT, trust_env=False)
                    await self._post(client, hook["url"], event, headers, body)
        finally:
            if client is not None:
                await client.aclose()

    async def _post(self, client: httpx.AsyncClient, url: str, event: str, headers: dict[str, str],
                    body: bytes) -> None:
        try:
            response = await client.post(url, content=body, headers=headers)
        except Exception as exc:  # an unreachable receiver must not fail the triggering request
            self.failures.append(f"{event} -> {url}: {exc!r}")
            return
        if response.status_code >= 300:
            self.failures.append(f"{event} -> {url}: HTTP {response.status_code}")

    def _signed(self, hook: dict[str, Any], event: str, message: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        """The headers and exact body bytes of one delivery."""
        body = json.dumps(message, separators=(",", ":")).encode()
        signed = json.dumps(message, sort_keys=True).encode() if self.fault("signature-over-reserialised-json") \
            else body
        secret = hook["id"] if self.fault("signature-wrong-secret") else hook["secret"]
        return self.headers(event, secret, signed), body
