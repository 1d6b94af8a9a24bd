"""Otto webhook deliveries over real HTTP: the sandbox served by SandboxServer, a loopback receiver in a thread.

Deliveries are made before the triggering request answers, so each test looks right after it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import datetime

import pytest

from golive.sandbox.server import SandboxServer
from golive.vendors.otto.sandbox import OttoSandbox

from .support import CALL, LEAD, Otto, Receiver, body


@pytest.fixture(scope="module")
def client() -> Iterator[Otto]:
    with SandboxServer([OttoSandbox()]) as server:
        otto = Otto(url=server.url, sandbox=server.sandboxes["otto"])  # type: ignore[arg-type]
        yield otto
        otto.http.close()


@pytest.fixture
def o(client: Otto) -> Otto:
    assert client.http.post("/otto/_sandbox/reset").status_code == 204
    return client


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def verify(secret: str, headers: dict[str, str], raw: bytes) -> bool:
    """otto.md's signature: ``X-Otto-Signature: sha256=<lower-case hex HMAC-SHA256(secret, raw body)>``."""
    expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["x-otto-signature"], expected)


def test_a_call_delivers_its_events_signed_in_order(o: Otto, receiver: Receiver) -> None:
    customer = o.customer()
    o.hook(url=receiver.url, secret="whsec-1")
    call = o.data("calls/log", body(CALL, customerId=customer))
    assert receiver.events() == ["call.started", "call.completed", "appointment.scheduled"]  # already there
    for path, headers, raw in receiver.received:
        assert path == "/hooks" and headers["content-type"] == "application/json"
        assert verify("whsec-1", headers, raw)
        assert not verify("whsec-2", headers, raw) and not verify("whsec-1", headers, raw + b" ")
        message = json.loads(raw)
        assert set(message) == {"event", "timestamp", "data"} and headers["x-otto-event"] == message["event"]
        assert message["timestamp"] == call["timestamp"]
    started, completed, appointment = (json.loads(raw)["data"] for _, _, raw in receiver.received)
    assert started == {"callId": call["id"], "customerId": customer, "phoneNumber": "+1-555-123-4567",
                       "timestamp": call["timestamp"]}
    datetime.fromisoformat(started["timestamp"])
    assert completed == {"callId": call["id"], "customerId": customer, "duration": 245,
                         "transcript": CALL["transcript"], "sentiment": "positive",
                         "outcome": "appointment_scheduled"}
    assert appointment == {"callId": call["id"], "customerId": customer, "appointmentTime": "2025-10-15T14:00:00Z"}
    assert o.outbox() == [] and o.sandbox.deliveries.failures == []


def test_a_lead_delivers_lead_created(o: Otto, receiver: Receiver) -> None:
    customer = o.customer(phone=None)
    o.hook(url=receiver.url, events=["lead.created"])
    lead = o.data("leads/create", body(LEAD, customerId=customer, vehicleInterest=None))
    ((_, headers, raw),) = receiver.received
    assert verify("s3cret", headers, raw)
    assert json.loads(raw)["data"] == {"leadId": lead["id"], "customerId": customer, "status": "new",
                                       "priority": "high", "source": "phone_call", "vehicleInterest": "",
                                       "createdAt": lead["createdAt"]}


def test_absent_strings_are_empty_in_payloads(o: Otto, receiver: Receiver) -> None:
    customer = o.customer(phone=None)
    o.hook(url=receiver.url)
    o.data("calls/log", {"customerId": customer})
    started, completed = (json.loads(raw)["data"] for _, _, raw in receiver.received)
    assert started["phoneNumber"] == ""
    assert (completed["duration"], completed["transcript"], completed["sentiment"], completed["outcome"]) == (
        0, "", "", "")


def test_only_subscribed_events_are_delivered(o: Otto) -> None:
    with Receiver() as completed_only, Receiver() as leads_only, Receiver() as started_only:
        o.hook(url=completed_only.url, events=["call.completed"])
        o.hook(url=leads_only.url, events=["lead.created"], secret="other")
        o.hook(url=started_only.url.replace("127.0.0.1", "localhost"), events=["call.started"])
        customer = o.customer()
        o.data("calls/log", body(CALL, customerId=customer, outcome="no_answer"))
        o.data("leads/create", {"customerId": customer})
        assert completed_only.events() == ["call.completed"]
        assert leads_only.events() == ["lead.created"] and verify("other", *leads_only.received[0][1:])
        assert started_only.events() == ["call.started"]
    o.data("customers/sync", {"externalId": "E"})
    o.data("vehicles/sync", {"externalId": "V"})
    assert o.outbox() == []  # syncs trigger nothing


def test_other_urls_go_to_the_outbox(o: Otto) -> None:
    o.hook(url="https://your-crm.com/webhooks/otto", events=["call.completed"], secret="whsec")
    o.hook(url="http://127.0.0.2.example.com/x", events=["call.completed"])
    customer = o.customer()
    call = o.data("calls/log", body(CALL, customerId=customer))
    first, second = o.outbox()
    assert set(first) == {"url", "headers", "body"} and first["url"] == "https://your-crm.com/webhooks/otto"
    assert second["url"] == "http://127.0.0.2.example.com/x"
    headers = {k.lower(): val for k, val in first["headers"].items()}
    assert headers["x-otto-event"] == "call.completed"
    assert verify("whsec", headers, first["body"].encode())
    assert json.loads(first["body"])["data"]["callId"] == call["id"]


def test_failed_deliveries_are_swallowed_and_recorded(o: Otto) -> None:
    with Receiver(status=500) as failing:
        o.hook(url=failing.url, events=["lead.created"])
        o.hook(url="http://127.0.0.1:9/closed", events=["lead.created"])
        o.hook(url="http://[::1]:9/closed", events=["lead.created"])
        assert o.post("leads/create", {"customerId": o.customer()}).status_code == 200
        assert failing.events() == ["lead.created"]
    failures = o.sandbox.deliveries.failures
    assert len(failures) == 3 and "HTTP 500" in failures[0] and "127.0.0.1:9" in failures[1]
    assert "[::1]:9" in failures[2] and o.sandbox.internal_errors == []
