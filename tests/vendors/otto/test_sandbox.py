"""The embedded Otto sandbox against shared/spec/vendors/otto.md: control, auth, operations, robustness."""
from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from golive.vendors.otto.sandbox import OttoSandbox

from .support import API, CALL, CUSTOMER, CUSTOMER_NODE, LEAD, VEHICLE, VEHICLE_PYTHON, WEBHOOK, Otto, body

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
ENDPOINTS = [("GET", "health"), ("POST", "customers/sync"), ("POST", "vehicles/sync"), ("POST", "leads/create"),
             ("POST", "calls/log"), ("POST", "webhooks/register"), ("GET", "webhooks/events")]


@pytest.fixture
def o() -> Otto:
    return Otto()


def vendor_now(o: Otto) -> datetime:
    return datetime.fromisoformat(o.http.get("/otto/_sandbox/clock").json()["now"])


def near_now(o: Otto, stamp: str) -> bool:
    assert STAMP.fullmatch(stamp), stamp
    return abs(datetime.fromisoformat(stamp) - vendor_now(o)) < timedelta(seconds=5)


def error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.json() == {"success": False, "message": response.json()["message"]}
    assert isinstance(response.json()["message"], str) and response.json()["message"]


# --- control protocol -----------------------------------------------------------------

def test_credentials_reset_clock_outbox(o: Otto) -> None:
    creds = o.http.get("/otto/_sandbox/credentials").json()
    assert creds == o.creds and set(creds) == {"api_key", "second_api_key"}
    assert creds["api_key"] != creds["second_api_key"]
    assert o.outbox() == []
    o.customer()
    before = vendor_now(o)
    o.advance(3600)
    assert vendor_now(o) - before >= timedelta(seconds=3600)
    assert near_now(o, o.get("health").json()["timestamp"])  # timestamps follow the vendor clock
    assert o.http.post("/otto/_sandbox/reset").status_code == 204
    assert vendor_now(o) - before < timedelta(seconds=60)
    error(o.post("leads/create", body(LEAD, customerId=o.sandbox.store.new_id("otto_"))), 404)
    assert o.http.get("/otto/_sandbox/credentials").json() == creds  # keys survive a reset


def test_given_keys_are_used() -> None:
    o = Otto(sandbox=OttoSandbox(secrets={"api_key": "k1", "second_api_key": "k2"}))
    assert o.creds == {"api_key": "k1", "second_api_key": "k2"}
    assert o.get("health", headers=o.auth("k2")).status_code == 200


# --- authentication -------------------------------------------------------------------

BAD_AUTH = {
    "none": lambda key: {},
    "unknown key": lambda key: {"Authorization": "Bearer not-a-key"},
    "empty bearer": lambda key: {"Authorization": "Bearer "},
    "raw key": lambda key: {"Authorization": key},
    "Token scheme": lambda key: {"Authorization": f"Token {key}"},
    "Basic scheme": lambda key: {"Authorization": f"Basic {key}"},
    "X-API-Key": lambda key: {"X-API-Key": key},
}


@pytest.mark.parametrize("case", sorted(BAD_AUTH))
@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_a_bearer_key(o: Otto, case: str, method: str, path: str) -> None:
    response = o.http.request(method, f"{API}/{path}", json={} if method == "POST" else None,
                              headers=BAD_AUTH[case](o.creds["api_key"]))
    error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_header_and_scheme_case_do_not_matter(o: Otto) -> None:
    for key in o.creds.values():
        assert o.http.get(f"{API}/health", headers={"authorization": f"bearer {key}"}).status_code == 200


def test_unknown_paths_and_methods(o: Otto) -> None:
    error(o.get("nothing"), 404)
    error(o.http.get("/otto/v1/integrations/health", headers=o.auth()), 404)
    error(o.http.get("/otto/anything"), 401)
    for method, path in ENDPOINTS:
        other = "POST" if method == "GET" else "GET"
        response = o.http.request(other, f"{API}/{path}", headers=o.auth())
        error(response, 405)
        assert response.headers["allow"] == method


# --- health and events ----------------------------------------------------------------

def test_health(o: Otto) -> None:
    response = o.get("health")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    health = response.json()
    assert set(health) == {"status", "version", "timestamp", "endpoints"}
    assert (health["status"], health["version"]) == ("healthy", "1.0.0")
    assert near_now(o, health["timestamp"])
    assert health["endpoints"] == {"customers": "/api/v1/integrations/customers/sync",
                                   "vehicles": "/api/v1/integrations/vehicles/sync",
                                   "leads": "/api/v1/integrations/leads/create",
                                   "calls": "/api/v1/integrations/calls/log",
                                   "webhooks": "/api/v1/integrations/webhooks/register"}


def test_webhook_events(o: Otto) -> None:
    events = o.get("webhooks/events").json()
    assert set(events) == {"success", "events"} and events["success"] is True
    by_name = {e["event"]: e for e in events["events"]}
    assert list(by_name) == ["call.started", "call.completed", "lead.created", "appointment.scheduled"]
    assert all(set(e) == {"event", "description", "payload"} for e in events["events"])
    assert by_name["call.started"]["payload"] == {"callId": "string", "customerId": "string",
                                                  "phoneNumber": "string", "timestamp": "ISO8601"}
    assert by_name["call.completed"]["description"] == "Triggered when a call is completed"
    assert by_name["call.completed"]["payload"] == {"callId": "string", "customerId": "string", "duration": "number",
                                                    "transcript": "string", "sentiment": "string",
                                                    "outcome": "string"}


# --- customers and vehicles -------------------------------------------------------------

def test_customer_sync_documented_example(o: Otto) -> None:
    response = o.post("customers/sync", CUSTOMER)
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == {"success", "message", "data"} and answer["message"] == "Customer synced successfully"
    data = answer["data"]
    assert re.fullmatch(r"otto_\d{13}", data["id"])
    assert {k: data[k] for k in ("externalId", "firstName", "lastName", "source")} == {
        "externalId": "CRM_CUSTOMER_12345", "firstName": "John", "lastName": "Doe", "source": "CDK_GLOBAL"}
    assert set(data) == {"id", "externalId", "firstName", "lastName", "syncedAt", "source"}
    assert near_now(o, data["syncedAt"])


def test_customer_short_bodies_and_nulls(o: Otto) -> None:
    assert o.data("customers/sync", CUSTOMER_NODE)["source"] == "CDK_GLOBAL"
    data = o.data("customers/sync", {"externalId": "only"})
    assert (data["firstName"], data["lastName"], data["source"]) == (None, None, None)
    assert o.data("customers/sync", {"externalId": "x", "metadata": {}, "extra": [1]})["source"] is None


def test_sync_is_an_upsert_by_external_id(o: Otto) -> None:
    first = o.customer()
    again = o.data("customers/sync", body(CUSTOMER, firstName="Johnny"))
    assert again["id"] == first and again["firstName"] == "Johnny"
    assert o.customer(externalId="OTHER") != first
    assert len(o.sandbox.store.customers) == 2
    vehicle = o.data("vehicles/sync", VEHICLE)["id"]
    assert o.data("vehicles/sync", body(VEHICLE, price=1.5))["id"] == vehicle
    assert vehicle != first and len(o.sandbox.store.vehicles) == 1


def test_vehicle_sync_examples(o: Otto) -> None:
    response = o.post("vehicles/sync", VEHICLE)
    assert response.status_code == 200 and response.json()["message"] == "Vehicle synced successfully"
    data = response.json()["data"]
    assert set(data) == {"id", "externalId", "vin", "make", "model", "year", "syncedAt"}
    assert re.fullmatch(r"otto_vehicle_\d{13}", data["id"]) and near_now(o, data["syncedAt"])
    assert {k: data[k] for k in ("externalId", "vin", "make", "model", "year")} == {
        "externalId": "VEH_98765", "vin": "1HGBH41JXMN109186", "make": "Honda", "model": "Accord", "year": 2024}
    assert o.data("vehicles/sync", VEHICLE_PYTHON)["make"] == "Toyota"
    data = o.data("vehicles/sync", {"externalId": "bare", "price": 0.99})
    assert (data["vin"], data["make"], data["model"], data["year"]) == (None, None, None, None)


UNDOCUMENTED = {"price": -1, "vin": "x", "duration": "abc", "year": "y", "address": 5, "events": 1, "x": None}


@pytest.mark.parametrize("path", ["customers/sync", "vehicles/sync", "leads/create", "calls/log",
                                  "webhooks/register"])
def test_undocumented_fields_are_ignored(o: Otto, path: str) -> None:
    example = {"customers/sync": CUSTOMER, "vehicles/sync": VEHICLE, "leads/create": LEAD, "calls/log": CALL,
               "webhooks/register": WEBHOOK}[path]
    payload = {**{k: val for k, val in UNDOCUMENTED.items() if k not in example}, **example}
    if "customerId" in payload:
        payload["customerId"] = o.customer()
    payload["metadata"] = {**payload.get("metadata", {}), "extra": {"deep": [None]}}
    assert o.post(path, payload).status_code == 200


INVALID = [
    ("customers/sync", body(CUSTOMER, externalId=None)),
    ("customers/sync", body(CUSTOMER, externalId="")),
    ("customers/sync", body(CUSTOMER, externalId=12345)),
    ("customers/sync", body(CUSTOMER, address="123 Main St")),
    ("customers/sync", body(CUSTOMER, email=42)),
    ("customers/sync", body(CUSTOMER, metadata=["CDK_GLOBAL"])),
    ("customers/sync", body(CUSTOMER, firstName=None) | {"firstName": None}),
    ("customers/sync", body(CUSTOMER, address={"zip": 90001})),
    ("customers/sync", body(CUSTOMER, metadata={"source": None})),
    ("vehicles/sync", body(VEHICLE, externalId=None)),
    ("vehicles/sync", body(VEHICLE, year="abc")),
    ("vehicles/sync", body(VEHICLE, year="2024")),
    ("vehicles/sync", body(VEHICLE, year=2024.5)),
    ("vehicles/sync", body(VEHICLE, year=True)),
    ("vehicles/sync", body(VEHICLE, price="32500")),
    ("vehicles/sync", body(VEHICLE, price=-1)),
    ("vehicles/sync", body(VEHICLE, vin="1HGBH41JXMN10918")),
    ("vehicles/sync", body(VEHICLE, vin="1HGBH41JXMN10918I")),
    ("vehicles/sync", body(VEHICLE, vin="1hgbh41jxmn109186")),
    ("vehicles/sync", body(VEHICLE, metadata={"mileage": "15"})),
    ("leads/create", body(LEAD, customerId=None)),
    ("leads/create", body(LEAD, customerId=7)),
    ("leads/create", body(LEAD, priority=["high"])),
    ("calls/log", body(CALL, customerId=None)),
    ("calls/log", body(CALL, duration="245")),
    ("calls/log", body(CALL, duration=-1)),
    ("calls/log", body(CALL, duration=24.5)),
    ("calls/log", body(CALL, metadata={"appointmentTime": 1})),
    ("webhooks/register", body(WEBHOOK, url=None)),
    ("webhooks/register", body(WEBHOOK, url="not a url")),
    ("webhooks/register", body(WEBHOOK, url="/webhooks/otto")),
    ("webhooks/register", body(WEBHOOK, url="ftp://example.com/x")),
    ("webhooks/register", body(WEBHOOK, url="http://example.com:99999/x")),
    ("webhooks/register", body(WEBHOOK, events=None)),
    ("webhooks/register", body(WEBHOOK, events=[])),
    ("webhooks/register", body(WEBHOOK, events="call.completed")),
    ("webhooks/register", body(WEBHOOK, events=["call.exploded"])),
    ("webhooks/register", body(WEBHOOK, events=[1])),
    ("webhooks/register", body(WEBHOOK, secret=None)),
    ("webhooks/register", body(WEBHOOK, secret="")),
    *[(path, payload) for path in ("customers/sync", "leads/create", "webhooks/register") for payload in
      ([], "x", 1, None, [CUSTOMER])],
]


@pytest.mark.parametrize(("path", "payload"), INVALID)
def test_invalid_bodies_are_400(o: Otto, path: str, payload: Any) -> None:
    if isinstance(payload, dict) and isinstance(payload.get("customerId"), str):
        payload = {**payload, "customerId": o.customer()}
    error(o.post(path, payload), 400)
    assert not (o.sandbox.store.leads or o.sandbox.store.calls or o.sandbox.store.webhooks)


@pytest.mark.parametrize("raw", [b"", b"{", b"not json", b"\xff\xfe", b'{"externalId": NaN}', b'{"a": 1e999}',
                                 b'{"externalId": "\\ud800"}', b"[" * 3000])
def test_non_json_bodies_are_400(o: Otto, raw: bytes) -> None:
    error(o.http.post(f"{API}/customers/sync", content=raw, headers={**o.auth(), "content-type": "application/json"}),
          400)


# --- leads and calls --------------------------------------------------------------------

def test_lead_for_a_synced_customer(o: Otto) -> None:
    customer = o.customer()
    response = o.post("leads/create", body(LEAD, customerId=customer))
    assert response.status_code == 200 and response.json()["message"] == "Lead created successfully"
    data = response.json()["data"]
    assert set(data) == {"id", "customerId", "status", "priority", "createdAt"}
    assert re.fullmatch(r"otto_lead_\d{13}", data["id"]) and near_now(o, data["createdAt"])
    assert (data["customerId"], data["status"], data["priority"]) == (customer, "new", "high")
    assert o.data("leads/create", {"customerId": customer})["priority"] is None


def test_call_for_a_synced_customer(o: Otto) -> None:
    customer = o.customer()
    response = o.post("calls/log", body(CALL, customerId=customer))
    assert response.status_code == 200 and response.json()["message"] == "Call logged successfully"
    data = response.json()["data"]
    assert set(data) == {"id", "customerId", "duration", "sentiment", "timestamp"}
    assert re.fullmatch(r"otto_call_\d{13}", data["id"]) and near_now(o, data["timestamp"])
    assert (data["customerId"], data["duration"], data["sentiment"]) == (customer, 245, "positive")
    bare = o.data("calls/log", {"customerId": customer})
    assert (bare["duration"], bare["sentiment"]) == (0, None)


@pytest.mark.parametrize("path", ["leads/create", "calls/log"])
@pytest.mark.parametrize("customer", ["otto_1697123456789", "", "CRM_CUSTOMER_12345", "vehicle"])
def test_unknown_customer_is_404_and_nothing_is_created(o: Otto, path: str, customer: str) -> None:
    o.customer()
    if customer == "vehicle":
        customer = o.data("vehicles/sync", VEHICLE)["id"]
    error(o.post(path, body(LEAD if path == "leads/create" else CALL, customerId=customer)), 404)
    assert not (o.sandbox.store.leads or o.sandbox.store.calls)


def test_ids_are_unique(o: Otto) -> None:
    customer = o.customer()
    ids = [customer, o.data("vehicles/sync", VEHICLE)["id"], *(o.data("leads/create", {"customerId": customer})["id"]
                                                             for _ in range(3)),
           *(o.data("calls/log", {"customerId": customer})["id"] for _ in range(3))]
    assert len(set(ids)) == len(ids)


# --- webhooks (registration; deliveries are in test_webhooks.py) ---------------------------

def test_webhook_registration(o: Otto) -> None:
    response = o.post("webhooks/register", WEBHOOK)
    assert response.status_code == 200 and response.json()["message"] == "Webhook registered successfully"
    data = response.json()["data"]
    assert set(data) == {"id", "url", "events", "active", "createdAt"}
    assert re.fullmatch(r"webhook_\d{13}", data["id"]) and near_now(o, data["createdAt"])
    assert (data["url"], data["events"], data["active"]) == (WEBHOOK["url"], WEBHOOK["events"], True)
    assert WEBHOOK["secret"] not in response.text
    for event in ("call.started", "call.completed", "lead.created", "appointment.scheduled"):
        assert o.post("webhooks/register", body(WEBHOOK, events=[event])).status_code == 200


# --- robustness ---------------------------------------------------------------------------

JUNK: list[Any] = [None, True, 0, -1, 2**64, -(2**70), 1e308, -0.0, 0.5, "", " ", "\x00", "x" * 300, "١٢٣", {}, [],
                   [[[]]], {"a": [1, {"b": None}]}, "http://127.0.0.1:1/x", "https://example.com/h", "call.started",
                   ["call.started", "lead.created"], ["call.exploded"], "1HGBH41JXMN109186", "otto_1",
                   "appointment_scheduled", "¥€"]
RAW = [b"NaN", b"Infinity", b"1e999", b"1" * 5000, b'"\\udfff"', b"[" * 3000, b"\xff"]
FIELDS = sorted({*CUSTOMER, *VEHICLE, *LEAD, *CALL, *WEBHOOK, "address", "x"})


def _junk(rng: random.Random, depth: int = 0) -> Any:
    if depth < 2 and rng.random() < 0.2:
        return rng.choice([[_junk(rng, depth + 1)], {rng.choice(FIELDS): _junk(rng, depth + 1)}])
    return rng.choice(JUNK)


def _junk_body(rng: random.Random, customer: str) -> bytes:
    if rng.random() < 0.1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    record: dict[str, Any] = body(rng.choice([CUSTOMER, VEHICLE, LEAD, CALL, WEBHOOK]))
    if "customerId" in record:
        record["customerId"] = customer
    for _ in range(rng.randrange(1, 5)):
        record[rng.choice(FIELDS)] = _junk(rng)
    text = json.dumps(record if rng.random() < 0.9 else _junk(rng))
    if rng.random() < 0.2:
        text = text.replace(": ", f": {rng.choice(RAW).decode('latin-1')}, \"_\": ", 1)
    return text.encode("utf-8", "surrogatepass")


def test_junk_never_gets_a_5xx() -> None:
    rng, o = random.Random(20261123), Otto()
    customer = o.customer(phone="+1-555")
    o.hook(url="http://127.0.0.1:9/closed")  # a refused loopback delivery must not break anything either
    headers: list[dict[str, Any]] = [o.auth(), o.auth(), o.auth(), {}, {"authorization": b"Bearer \xff"},
                                     {"authorization": "Bearer"}]
    paths = [f"{API}/{path}" for _, path in ENDPOINTS] + [f"{API}/%00", "/otto/api", f"{API}/health/"]
    statuses = set()
    for n in range(300):
        if n % 90 == 89:
            o.advance(900)  # a fresh rate window: the batches must reach the handlers, not the 429
        method = rng.choice(["POST", "POST", "POST", "GET", "PUT"])
        ctype = rng.choice(["application/json", "application/json", "text/plain", ""])
        response = o.http.request(method, rng.choice(paths), content=_junk_body(rng, customer),
                                  headers={**rng.choice(headers), "content-type": ctype})
        assert response.status_code < 500, (response.status_code, response.text)
        assert isinstance(response.json(), dict)
        statuses.add(response.status_code)
    assert o.sandbox.internal_errors == []
    assert statuses >= {200, 400, 401, 404, 405} and 429 not in statuses
