"""OttoClient, its data, signatures and delivery framing, the vendor spec: against the embedded sandbox over HTTP."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from golive.config import resolve
from golive.receiver import Delivery
from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.otto import NO_TEST_MODE
from golive.vendors.otto.client import PREFIXES, OttoClient, bearer, misplaced
from golive.vendors.otto.data import OttoData, example
from golive.vendors.otto.deliveries import Message
from golive.vendors.otto.signatures import decoded, signature_headers, verifies, webhook_secret

from .targets import Targets, sandbox

SECRET = "whsec_test_secret_1234"
BODY = b'{"event":"call.started","data":{"callId":"otto_call_1"}}'


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with sandbox() as running:
        yield running


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Targets]:
    targets = Targets(tmp_path)
    yield targets
    targets.close()


@pytest.fixture
def target(server: SandboxServer, make: Targets) -> Target:
    made = make(server)
    made.reset()
    return made


def spy(target: Target, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, dict[str, Any]]]:
    """Every request the client sends: (method, path, keyword arguments)."""
    calls: list[tuple[str, str, dict[str, Any]]] = []
    real = target.http.request

    def request(method: str, path: str, **kwargs: Any) -> httpx.Response:
        calls.append((method, path, kwargs))
        return real(method, path, **kwargs)

    monkeypatch.setattr(target.http, "request", request)
    return calls


# -- the client -----------------------------------------------------------------------------------
def test_the_server_is_probed_once_per_check_and_pinned(target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy(target, monkeypatch)
    client = OttoClient(target)
    assert client.prefix == "/api/v1/integrations"
    assert client.request("webhooks/events").status_code == 200
    assert [path for _, path, _ in calls] == ["/api/v1/integrations/health", "/api/v1/integrations/webhooks/events"]
    assert client.sent[client.key] == 2  # every request with our key counts (D-OTTO-06)


def test_the_documented_base_url_is_pinned_when_the_headings_prefix_is_not_served(make: Targets) -> None:
    with sandbox("base-v1-integrations") as server:
        client = OttoClient(make(server))
        assert client.prefix == "/v1/integrations" == PREFIXES[1]
        assert client.request("health").json()["status"] == "healthy"


def test_live_the_probe_is_made_once_per_run(server: SandboxServer, make: Targets,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    live = make(server, mode="live")
    calls = spy(live, monkeypatch)
    assert OttoClient(live).prefix == OttoClient(live).prefix == PREFIXES[0]
    assert len(calls) == 1


def test_requests_carry_the_key_json_and_own_credentials_only_for_our_keys(target: Target,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    client = OttoClient(target)
    _ = client.prefix
    calls = spy(target, monkeypatch)
    second = target.credentials["second_api_key"]
    client.request("customers/sync", {"externalId": "X_1"})
    client.request("health", authorization=bearer(second))
    client.request("health", authorization=None)
    client.request("health", authorization=None, headers={"authorization": bearer(client.key)})
    client.request("health", authorization="Bearer someone-elses")
    client.request("calls/log", content=b"not json", content_type="text/plain")
    (_, _, sync), (_, _, other), (_, _, none), (_, _, lower), (_, _, foreign), (_, _, raw) = calls
    assert sync["headers"] == {"Authorization": bearer(client.key), "Content-Type": "application/json"}
    assert json.loads(sync["content"]) == {"externalId": "X_1"} and sync["own_credentials"]
    assert other["own_credentials"] and lower["own_credentials"]
    assert not none["own_credentials"] and none["headers"] == {} and not foreign["own_credentials"]
    assert raw["content"] == b"not json" and raw["headers"]["Content-Type"] == "text/plain"
    assert client.sent == {client.key: 4, second: 1}  # the probe, the sync, the lower-case one, the raw one


def test_a_key_sent_another_way() -> None:
    assert misplaced("k3y", "the raw Authorization value") == {"Authorization": "k3y"}
    assert misplaced("k3y", "Basic credentials") == {"Authorization": "Basic " + base64.b64encode(b"k3y:").decode()}
    assert misplaced("k3y", "an X-API-Key header") == {"X-API-Key": "k3y"}


# -- data -----------------------------------------------------------------------------------------
def test_bodies_are_the_examples_with_fresh_deterministic_keys() -> None:
    one, again, other = OttoData(7, "a"), OttoData(7, "a"), OttoData(7, "b")
    customer = one.body("customer")
    assert customer["externalId"].startswith("CRM_CUSTOMER_") and customer["externalId"] != "CRM_CUSTOMER_12345"
    assert {k: v for k, v in customer.items() if k != "externalId"} == {
        k: v for k, v in example("customer").items() if k != "externalId"}
    assert customer == again.body("customer") and customer != other.body("customer")
    assert one.body("lead", customerId="otto_1", notes=None) == {
        **{k: v for k, v in example("lead").items() if k != "notes"}, "customerId": "otto_1"}
    assert one.unknown_customer() != one.unknown_customer()


# -- signatures (D-OTTO-02) -------------------------------------------------------------------------
def _digest(body: bytes = BODY, secret: str = SECRET) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


@pytest.mark.parametrize("value", [
    "sha256=" + _digest().hex(), _digest().hex(), _digest().hex().upper(), "SHA256=" + _digest().hex(),
    base64.b64encode(_digest()).decode(), base64.urlsafe_b64encode(_digest()).decode().rstrip("="),
    "sha256=" + base64.b64encode(_digest()).decode(),
])
def test_every_accepted_signature_form_verifies(value: str) -> None:
    for name in ("X-Otto-Signature", "x-webhook-signature", "Signature"):
        assert verifies(SECRET, BODY, {name: value, "content-type": "application/json"})


@pytest.mark.parametrize(("body", "secret", "headers"), [
    (BODY + b" ", SECRET, {"x-otto-signature": "sha256=" + _digest().hex()}),  # a modified body
    (BODY, "another", {"x-otto-signature": "sha256=" + _digest().hex()}),  # another secret
    (BODY, SECRET, {"x-otto-signature": "sha256=" + _digest(json.dumps(json.loads(BODY)).encode()).hex()}),
    (BODY, SECRET, {"x-otto-signature": "sha1=" + hashlib.sha1(BODY).hexdigest()}),  # another algorithm
    (BODY, SECRET, {"x-otto-hmac": _digest().hex()}),  # a name without "signature"
    (BODY, SECRET, {}),
])
def test_anything_else_does_not_verify(body: bytes, secret: str, headers: dict[str, str]) -> None:
    assert not verifies(secret, body, headers)


def test_signature_values_and_headers() -> None:
    assert decoded("sha256=zz") is None and decoded(base64.b64encode(b"short").decode()) is None
    assert signature_headers({"X-Otto-Signature": "a", "X-Otto-Event": "b"}) == {"X-Otto-Signature": "a"}


def test_the_secret_is_derived_in_a_sandbox_random_live_and_always_redacted(server: SandboxServer,
                                                                             make: Targets) -> None:
    sandboxed = make(server)
    assert webhook_secret(sandboxed, "k") == webhook_secret(sandboxed, "k") != webhook_secret(sandboxed, "other")
    live = make(server, mode="live")
    first, second = webhook_secret(live, "k"), webhook_secret(live, "k")
    assert first != second
    assert redactor.text(f"a {first} b") == "a <redacted> b"


# -- delivery framing (D-OTTO-04) ----------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    {"event": "call.started", "timestamp": "t", "data": {"callId": "1"}},
    {"type": "call.started", "payload": {"callId": "1"}},
    {"event": "call.started", "callId": "1"},
])
def test_a_delivery_names_its_event_and_carries_its_payload_in_any_framing(body: dict[str, Any]) -> None:
    message = Message.of(Delivery("POST", "/hooks/otto", {}, json.dumps(body).encode(), 204))
    assert message.event == "call.started" and message.payload(["callId"])["callId"] == "1"
    assert Message.of(Delivery("POST", "/", {}, b"not json", 204)).event is None


# -- the vendor spec ------------------------------------------------------------------------------------
def test_the_fuzz_plan_pins_the_server_and_keeps_live_fuzzing_off_registrations(server: SandboxServer,
                                                                                make: Targets) -> None:
    spec = registry()["otto"]
    sandboxed = spec.fuzz_plan(make(server))
    assert sandboxed.base_path == PREFIXES[0] and sandboxed.excluded_operations == ()
    assert sandboxed.headers["authorization"].startswith("Bearer otto_key_")
    tenant = spec.fuzz_plan(make(server, mode="live", settings={"test_tenant": True}))
    assert tenant.excluded_operations == ("registerWebhook",)
    live = make(server, mode="live")
    assert set(spec.fuzz_plan(live).excluded_operations) == {
        "syncCustomer", "syncVehicle", "createLead", "logCall", "registerWebhook"}
    assert spec.live_write_block(live) == NO_TEST_MODE
    assert spec.live_rates == ((6, 60.0), (100, 900.0))


def test_the_live_configuration_takes_a_webhook_url_and_a_test_tenant() -> None:
    table = {"base_url": "https://api.ottoagent.net", "api_key_env": "OTTO_KEY",
             "webhook_url": "https://hooks.example.com/otto", "test_tenant": True}
    live = resolve(registry()["otto"], table, env={"OTTO_KEY": "k" * 20})
    assert live.base_url == "https://api.ottoagent.net" and live.credentials == {"api_key": "k" * 20}
    assert live.settings == {"webhook_url": "https://hooks.example.com/otto", "test_tenant": True}
