"""The Otto AI integration API as the suite calls it: ``Authorization: Bearer <API key>``, JSON bodies.

D-OTTO-01: the document gives its endpoints under two prefixes. The first request probes
``/health`` under both and pins the first that answers 200 "healthy" — per check on a sandbox
(each check's cassette replays alone), once per run live (every request spends budget).
Every request goes through ``target.http``; requests carrying one of our keys are counted per
key, as Otto counts them (D-OTTO-06: every request counts).
"""
from __future__ import annotations

import base64
import json
from collections import Counter
from typing import Any
from weakref import WeakKeyDictionary

import httpx

from golive.types import VendorTarget

PREFIXES = ("/api/v1/integrations", "/v1/integrations")  # the endpoint headings', then the base URL's
OPERATIONS = {"health": "GET", "customers/sync": "POST", "vehicles/sync": "POST", "leads/create": "POST",
              "calls/log": "POST", "webhooks/register": "POST", "webhooks/events": "GET"}
OPERATION_IDS = {"health": "getHealth", "customers/sync": "syncCustomer", "vehicles/sync": "syncVehicle",
                 "leads/create": "createLead", "calls/log": "logCall", "webhooks/register": "registerWebhook",
                 "webhooks/events": "listWebhookEvents"}
WRITES = tuple(name for name, method in OPERATIONS.items() if method == "POST")
DEFAULT: Any = object()  # "our API key, as documented"
_PINNED: WeakKeyDictionary[Any, str] = WeakKeyDictionary()  # live targets: the prefix their probe pinned


def bearer(key: str) -> str:
    return f"Bearer {key}"


def misplaced(key: str, how: str) -> dict[str, str]:
    """The valid key sent another way than ``Authorization: Bearer`` (OTTO-03)."""
    basic = base64.b64encode(f"{key}:".encode()).decode()
    return {"the raw Authorization value": {"Authorization": key},
            "the Basic scheme": {"Authorization": f"Basic {key}"},
            "Basic credentials": {"Authorization": f"Basic {basic}"},
            "the Token scheme": {"Authorization": f"Token {key}"}, "an X-API-Key header": {"X-API-Key": key}}[how]


def _healthy(response: httpx.Response) -> bool:
    try:
        return response.status_code == 200 and response.json().get("status") == "healthy"
    except (ValueError, AttributeError):
        return False


class OttoClient:
    """One check's requests to one Otto target."""

    def __init__(self, target: VendorTarget) -> None:
        self.target = target
        self.key = str(target.credentials["api_key"])
        self.keys = {self.key, str(target.credentials.get("second_api_key") or self.key)}
        self.sent: Counter[str] = Counter()  # requests sent with each of our keys
        self._prefix: str | None = None if target.controllable else _PINNED.get(target)

    @property
    def prefix(self) -> str:
        """The pinned server path (D-OTTO-01), probed on first use."""
        if self._prefix is None:
            self._prefix = next((p for p in PREFIXES if _healthy(self._send("GET", f"{p}/health"))), PREFIXES[0])
            if not self.target.controllable:
                _PINNED[self.target] = self._prefix
        return self._prefix

    def request(self, operation: str, body: Any = None, *, content: bytes | None = None,
                content_type: str | None = "application/json", authorization: Any = DEFAULT,
                headers: dict[str, str] | None = None, judge_429: bool = False) -> httpx.Response:
        """Call an operation (``health``, ``customers/sync`` …): ``body`` as JSON, or raw ``content``;
        ``authorization`` None sends none, a string sends it as the Authorization header."""
        sent = {"Authorization": bearer(self.key)} if authorization is DEFAULT else (
            {} if authorization is None else {"Authorization": authorization})
        method = OPERATIONS[operation]
        if method == "POST":
            if content is None:
                content = json.dumps(body).encode("utf-8")
            if content_type:
                sent["Content-Type"] = content_type
        return self._send(method, f"{self.prefix}/{operation}", content=content, headers={**sent, **(headers or {})},
                          judge_429=judge_429)

    def _send(self, method: str, path: str, *, content: bytes | None = None, headers: dict[str, str] | None = None,
              judge_429: bool = False) -> httpx.Response:
        headers = {"Authorization": bearer(self.key)} if headers is None else headers
        scheme, _, key = next((v for k, v in headers.items() if k.lower() == "authorization"), "").partition(" ")
        own = scheme == "Bearer" and key in self.keys
        if own:
            self.sent[key] += 1
        return self.target.http.request(method, path, content=content, headers=headers, own_credentials=own,
                                        judge_429=judge_429)
