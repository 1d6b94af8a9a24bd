"""Helpers of the Otto sandbox tests: an in-process client, the document's example bodies, a receiver."""
from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from golive.sandbox.server import build_app
from golive.vendors.otto.sandbox import OttoSandbox
from sandbox_client import SyncASGI

API = "/otto/api/v1/integrations"

# The request bodies of otto-ai.txt (shared/spec/examples/otto), and the code samples' shorter ones.
Body = dict[str, Any]
CUSTOMER: Body = {
    "externalId": "CRM_CUSTOMER_12345", "firstName": "John", "lastName": "Doe", "email": "john.doe@example.com",
    "phone": "+1-555-123-4567", "address": {"street": "123 Main St", "city": "Los Angeles", "state": "CA",
                                            "zip": "90001"},
    "metadata": {"source": "CDK_GLOBAL", "customerId": "12345", "lastUpdated": "2025-10-14T16:00:00Z"}}
CUSTOMER_NODE: Body = {
    "externalId": "CRM_CUSTOMER_67890", "firstName": "Jane", "lastName": "Smith", "email": "jane.smith@example.com",
    "phone": "+1-555-987-6543", "metadata": {"source": "CDK_GLOBAL", "lastUpdated": "2025-10-14T16:42:33.300Z"}}
VEHICLE: Body = {
    "externalId": "VEH_98765", "vin": "1HGBH41JXMN109186", "make": "Honda", "model": "Accord", "year": 2024,
    "price": 32500, "status": "available",
    "metadata": {"source": "REYNOLDS_DMS", "stockNumber": "A12345", "color": "Silver", "mileage": 15}}
VEHICLE_PYTHON: Body = {
    "externalId": "VEH_98766", "vin": "4T1G11AK9RU482731", "make": "Toyota", "model": "Camry", "year": 2024,
    "price": 28995, "metadata": {"source": "REYNOLDS_DMS"}}
LEAD: Body = {
    "customerId": "otto_1697123456789", "source": "phone_call", "vehicleInterest": "2024 Honda Accord",
    "notes": "Customer interested in test drive", "priority": "high",
    "metadata": {"campaignId": "SPRING_SALE_2025", "referralSource": "Google Ads"}}
CALL: Body = {
    "customerId": "otto_1697123456789", "duration": 245, "transcript": "Customer called about 2024 Honda Accord...",
    "sentiment": "positive", "outcome": "appointment_scheduled",
    "metadata": {"appointmentTime": "2025-10-15T14:00:00Z",
                 "callRecordingUrl": "https://example.com/recordings/otto_call_1697123456789.mp3"}}
WEBHOOK: Body = {
    "url": "https://your-crm.com/webhooks/otto", "events": ["call.completed", "lead.created", "appointment.scheduled"],
    "secret": "your_webhook_secret_key"}
ALL_EVENTS = ["call.started", "call.completed", "lead.created", "appointment.scheduled"]


def body(example: dict[str, Any], **over: Any) -> dict[str, Any]:
    """A deep copy of an example body with top-level keys replaced (None: left out)."""
    out = {**copy.deepcopy(example), **over}
    return {k: val for k, val in out.items() if val is not None}


class Otto:
    """One sandbox behind an httpx client (in-process, or ``url``: a real server), and the tests' requests."""

    def __init__(self, faults: tuple[str, ...] = (), url: str | None = None, sandbox: OttoSandbox | None = None,
                 api: str = API) -> None:
        self.sandbox = sandbox or OttoSandbox(faults=frozenset(faults))
        transport = None if url else SyncASGI(build_app([self.sandbox]))
        self.http = httpx.Client(transport=transport, base_url=url or "http://testserver", trust_env=False)
        self.creds = self.sandbox.credentials()
        self.api = api

    def auth(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.creds['api_key']}"}

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.http.get(f"{self.api}/{path}", headers=self.auth() if headers is None else headers)

    def post(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.http.post(f"{self.api}/{path}", json=payload, headers=self.auth() if headers is None else headers)

    def data(self, path: str, payload: Any) -> dict[str, Any]:
        """POST, assert a success envelope, return its data."""
        response = self.post(path, payload)
        assert response.status_code == 200, response.text
        assert response.json()["success"] is True
        return response.json()["data"]

    def customer(self, **over: Any) -> str:
        return self.data("customers/sync", body(CUSTOMER, **over))["id"]

    def hook(self, url: str = WEBHOOK["url"], events: list[str] | None = None, secret: str = "s3cret") -> str:
        return self.data("webhooks/register", {"url": url, "events": events or ALL_EVENTS, "secret": secret})["id"]

    def advance(self, seconds: float) -> None:
        assert self.http.post("/otto/_sandbox/clock", json={"advance_seconds": seconds}).status_code == 200

    def outbox(self) -> list[dict[str, Any]]:
        return self.http.get("/otto/_sandbox/outbox").json()


class Receiver:
    """A loopback HTTP server in a thread recording every POST as (path, headers, raw body)."""

    def __init__(self, status: int = 204) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        received, answer = self.received, status

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                received.append((self.path, {k.lower(): val for k, val in self.headers.items()}, raw))
                self.send_response(answer)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[str]:
        return [json.loads(raw)["event"] for _, _, raw in self.received]
