"""Every fault and variant of the Otto sandbox really changes what it does (a probe each).

Deliveries are probed through the outbox (a non-loopback URL): same headers, same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from golive.vendors.otto.faults import FAULTS, SHADOWED, VARIANTS

from .support import ALL_EVENTS, API, CALL, CUSTOMER, LEAD, VEHICLE, WEBHOOK, Otto, body

CATALOGUE = (Path(__file__).resolve().parents[3] / "src/golive/data/behaviours.md").read_text()
OVERRIDES = {"OTTO-01", "OTTO-02", "OTTO-03", "OTTO-17", "OTTO-24"}


def spend(o: Otto, n: int, key: str | None = None) -> list[int]:
    return [o.get("health", headers=o.auth(key)).status_code for _ in range(n)]


def exhausted(o: Otto) -> httpx.Response:
    """The answer to the first request past 100 (or 102 when the limit lets the 101st through)."""
    spend(o, 101)
    return o.get("health")


def outbox_after_call(o: Otto, events: list[str] | None = None) -> list[dict[str, Any]]:
    """Register a non-loopback webhook (secret "s3cret"), log the example call, return the outbox."""
    o.hook(events=events)
    o.data("calls/log", body(CALL, customerId=o.customer()))
    return o.outbox()


def headers_of(o: Otto) -> dict[str, str]:
    return {k.lower(): val for k, val in outbox_after_call(o)[0]["headers"].items()}


def message_of(o: Otto, event: str = "call.started") -> dict[str, Any]:
    return next(m for m in (json.loads(e["body"]) for e in outbox_after_call(o))
                if m.get("event", m.get("type")) == event)


def payload(message: dict[str, Any]) -> dict[str, Any]:
    """D-OTTO-04: the payload keys at top level, or under ``data`` or ``payload``."""
    return message.get("data") or message.get("payload") or message


def lenient_verify(secret: str, headers: dict[str, str], raw: bytes) -> bool:
    """D-OTTO-02: any header naming "signature", an optional sha256= prefix, hex or base64, raw body."""
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).digest()
    for name, value in headers.items():
        if "signature" in name.lower():
            value = value.removeprefix("sha256=")
            if hmac.compare_digest(value.lower(), digest.hex()) or hmac.compare_digest(
                    value, base64.b64encode(digest).decode()):
                return True
    return False


def verified(o: Otto) -> bool:
    entry = outbox_after_call(o)[0]
    return lenient_verify("s3cret", entry["headers"], entry["body"].encode())


def served_after(o: Otto, seconds: int) -> list[int]:
    """Advance the vendor clock, then the status of one request."""
    o.advance(seconds)
    return spend(o, 1)


def window_probe(o: Otto) -> list[int]:
    """60 requests, 600 s later 40 more, 300 s later 61: rolling refuses the 61st, fixed serves it."""
    spend(o, 60)
    o.advance(600)
    spend(o, 40)
    o.advance(300)
    return spend(o, 61)


PROBES: dict[str, Callable[[Otto], Any]] = {
    # faults: authentication, health, format
    "health-without-key": lambda o: o.get("health", headers={}).status_code,
    "unknown-key-accepted": lambda o: o.get("health", headers=o.auth("not-a-key")).status_code,
    "other-schemes-accepted": lambda o: [o.get("health", headers=h).status_code for h in (
        {"Authorization": o.creds["api_key"]}, {"Authorization": f"Token {o.creds['api_key']}"},
        {"X-API-Key": o.creds["api_key"]})],
    "health-endpoints-relative": lambda o: o.get("health").json()["endpoints"]["customers"],
    "timestamps-local-offset": lambda o: o.get("health").json()["timestamp"][-6:],
    "id-prefixes-missing": lambda o: [o.customer()[:5], o.hook()[:8]],
    "error-envelope-without-success": lambda o: o.get("health", headers={}).json().get("success"),
    # customers and vehicles
    "sync-duplicates": lambda o: o.customer() == o.customer(),
    "missing-external-id-accepted": lambda o: o.post("customers/sync", body(CUSTOMER, externalId=None)).status_code,
    "types-not-checked": lambda o: [o.post("vehicles/sync", body(VEHICLE, year="abc")).status_code,
                                    o.post("customers/sync", body(CUSTOMER, metadata=[1])).status_code],
    "year-read-back-as-string": lambda o: o.data("vehicles/sync", VEHICLE)["year"],
    # leads and calls
    "lead-status-open": lambda o: o.data("leads/create", body(LEAD, customerId=o.customer()))["status"],
    "unknown-customer-accepted": lambda o: [o.post("leads/create", LEAD).status_code,
                                            o.post("calls/log", CALL).status_code],
    "server-error-on-calls": lambda o: o.post("calls/log", body(CALL, customerId=o.customer())).status_code,
    # webhooks
    "secret-echoed": lambda o: WEBHOOK["secret"] in o.post("webhooks/register", WEBHOOK).text,
    "webhook-secret-optional": lambda o: o.post("webhooks/register", body(WEBHOOK, secret=None)).status_code,
    "unknown-event-accepted": lambda o: o.post("webhooks/register", body(WEBHOOK, events=["x.y"])).status_code,
    "signature-over-reserialised-json": verified,
    "signature-wrong-secret": verified,
    "unsubscribed-events-delivered": lambda o: [json.loads(e["body"])["event"]
                                                for e in outbox_after_call(o, ["call.completed"])],
    "call-started-without-phone": lambda o: sorted(payload(message_of(o))),
    "duration-as-string-in-delivery": lambda o: payload(message_of(o, "call.completed"))["duration"],
    # rate limit
    "rate-limit-101-passes": lambda o: spend(o, 101)[-1],
    "rate-limit-100th-refused": lambda o: spend(o, 100)[-1],
    "no-rate-limit": lambda o: exhausted(o).status_code,
    "rate-limit-shared-by-keys": lambda o: (spend(o, 100), spend(o, 1, o.creds["second_api_key"]))[1],
    "rate-limit-never-resets": lambda o: (exhausted(o), served_after(o, 900))[1],
    "retry-after-dishonest": lambda o: served_after(o, int(exhausted(o).headers["retry-after"])),
    "rate-limit-403": lambda o: exhausted(o).status_code,
    # variants
    "base-v1-integrations": lambda o: [o.http.get(f"/otto{p}/health", headers=o.auth()).status_code
                                       for p in ("/api/v1/integrations", "/v1/integrations")],
    "created-201": lambda o: [o.post("customers/sync", CUSTOMER).status_code,
                              o.post("webhooks/register", WEBHOOK).status_code],
    "validation-422": lambda o: o.post("customers/sync", {}).status_code,
    "unknown-customer-422": lambda o: o.post("leads/create", LEAD).status_code,
    "non-json-415": lambda o: o.http.post(f"{API}/customers/sync", content=b"{", headers=o.auth()).status_code,
    "fixed-rate-window": window_probe,
    "no-retry-after": lambda o: "retry-after" in exhausted(o).headers,
    "uuid-ids": lambda o: re.sub(r"[0-9a-f]", "h", o.customer()),
    "whole-second-timestamps": lambda o: len(o.get("health").json()["timestamp"]),
    "absent-as-empty-string": lambda o: o.data("customers/sync", {"externalId": "E"})["firstName"],
    "documented-events-only": lambda o: [[e["event"] for e in o.get("webhooks/events").json()["events"]],
                                         o.post("webhooks/register", WEBHOOK).status_code],
    "signature-no-prefix": lambda o: headers_of(o)["x-otto-signature"][:7],
    "signature-base64": lambda o: len(headers_of(o)["x-otto-signature"]),
    "signature-header-name": lambda o: sorted(headers_of(o)),
    "no-event-header": lambda o: sorted(headers_of(o)),
    "delivery-event-as-type": lambda o: sorted(json.loads(outbox_after_call(o)[0]["body"])),
    "delivery-payload-key": lambda o: sorted(json.loads(outbox_after_call(o)[0]["body"])),
    "delivery-flat": lambda o: sorted(json.loads(outbox_after_call(o)[0]["body"])),
}


def test_every_fault_and_variant_is_probed() -> None:
    assert len(FAULTS) >= 16 and set(PROBES) == set(FAULTS) | set(VARIANTS)
    assert not set(FAULTS) & set(VARIANTS)
    assert all(a in VARIANTS and b in VARIANTS for a, b in SHADOWED.items())


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_faults_name_catalogue_ids_graded_as_the_catalogue_says(name: str) -> None:
    fault = FAULTS[name]
    assert fault.summary and "\n" not in fault.summary and fault.result in ("FAILED", "WARNING")
    assert fault.caught_by and all(f"**{i}**" in CATALOGUE for i in fault.caught_by)
    assert fault.result == "FAILED" or not OVERRIDES & set(fault.caught_by)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variants_cite_the_item_allowing_them(name: str) -> None:
    cited = re.findall(r"\b(?:D-OTTO-\d\d|D-X-\d\d|OTTO-\d\d)\b", VARIANTS[name])
    assert cited and all(c in CATALOGUE for c in cited)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_each_fault_and_variant_changes_behaviour(name: str) -> None:
    assert PROBES[name](Otto((name,))) != PROBES[name](Otto())


@pytest.mark.parametrize("names", [(), ("signature-no-prefix",), ("signature-base64",), ("signature-header-name",),
                                   ("signature-no-prefix", "signature-base64", "signature-header-name")])
def test_signature_variants_verify_as_d_otto_02_reads_them(names: tuple[str, ...]) -> None:
    assert verified(Otto(names))


@pytest.mark.parametrize("name", ["signature-over-reserialised-json", "signature-wrong-secret"])
def test_signature_faults_fail_even_the_lenient_verifier(name: str) -> None:
    assert not verified(Otto((name,)))


def test_shadowed_variants_are_overridden() -> None:
    for shadowed, winner in SHADOWED.items():
        probe = PROBES[shadowed]
        assert probe(Otto((shadowed, winner))) == probe(Otto((winner,))) != probe(Otto((shadowed,)))


@pytest.mark.parametrize("names", [(), ("delivery-event-as-type",), ("delivery-payload-key",), ("delivery-flat",),
                                   ("delivery-event-as-type", "delivery-flat")])
def test_framing_variants_carry_the_payload_as_d_otto_04_reads_them(names: tuple[str, ...]) -> None:
    o = Otto(names)
    customer = o.customer()
    completed = message_of(o, "call.completed")
    assert completed.get("event", completed.get("type")) == "call.completed"
    assert {k: payload(completed)[k] for k in ("customerId", "duration", "outcome")} == {
        "customerId": customer, "duration": 245, "outcome": "appointment_scheduled"}


def test_all_variants_at_once_keep_the_documented_flows() -> None:
    o = Otto(tuple(VARIANTS), api="/otto/v1/integrations")
    assert o.get("health").json()["status"] == "healthy"
    customer = o.post("customers/sync", CUSTOMER).json()["data"]["id"]
    assert o.post("customers/sync", CUSTOMER).json()["data"]["id"] == customer
    hook = o.post("webhooks/register", body(WEBHOOK, events=["call.started", "call.completed"]))
    assert hook.status_code == 201 and hook.json()["data"]["active"] is True
    assert o.post("calls/log", body(CALL, customerId=customer)).status_code == 201
    assert [json.loads(e["body"])["type"] for e in o.outbox()] == ["call.started", "call.completed"]
    assert all(lenient_verify(WEBHOOK["secret"], e["headers"], e["body"].encode()) for e in o.outbox())
    assert o.post("leads/create", {"customerId": customer}).json()["data"]["priority"] == ""
    assert ALL_EVENTS[2] not in [e["event"] for e in o.get("webhooks/events").json()["events"]]
