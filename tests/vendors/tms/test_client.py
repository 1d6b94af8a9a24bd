"""TmsClient and the vendor spec against the real embedded OTMS sandbox over HTTP: auth, paths,
multipart, live write safety, the fuzz plan, secrets."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from golive.cassettes import Cassettes
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.redact import MASK, redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.tms import VENDOR, WRITES
from golive.vendors.tms.client import TmsClient, basic, bearer, write_block
from golive.vendors.tms.data import TmsData, example, fuzz_integration, sample
from golive.vendors.tms.sandbox import TmsSandbox
from golive.verdict import NotOnThisTarget


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([TmsSandbox()]) as running:
        yield running


MakeTarget = Callable[..., Target]


@pytest.fixture
def make_target(server: SandboxServer, tmp_path: Path) -> Iterator[MakeTarget]:
    """Targets on the embedded sandbox; mode "live" has no control protocol (like a real vendor)."""
    made: list[Target] = []

    def make(mode: str = "sandbox", settings: dict[str, Any] | None = None) -> Target:
        options = RunOptions(mode=mode, vendors=("tms",), root=tmp_path)
        target = Target(registry()["tms"], options, VendorHttp("tms", server.base_url("tms")),
                        Cassettes(tmp_path, "off"))
        target.credentials = target.http.request("GET", "/_sandbox/credentials").json()
        target.settings = settings or {}
        redactor.add(target.credentials["token"])
        made.append(target)
        return target

    yield make
    for target in made:
        target.close()


@pytest.fixture
def target(make_target: MakeTarget) -> Target:
    made = make_target()
    made.reset()
    return made


@pytest.fixture
def client(target: Target) -> TmsClient:
    return TmsClient(target)


def test_every_call_carries_the_tenant_token_in_the_documented_casing(client: TmsClient) -> None:
    response = client.mapping_test(example("request-mapping-test"))
    assert response.status_code == 200
    assert response.request.headers["Authorization"] == bearer(client.token)
    assert b"Authorization" in [name for name, _ in response.request.headers.raw]  # the document's casing
    assert response.request.headers["Content-Type"] == "application/json"
    assert response.request.url.raw_path.endswith(b"/api/integration/dataSource/mapping:test")


def test_authorization_none_or_another_value_and_lower_case_names(client: TmsClient) -> None:
    assert client.mapping_test({}, authorization=None).status_code == 401
    assert "authorization" not in client.target.http.client.headers
    refused = client.mapping_test({}, authorization="Basic abc")
    assert refused.status_code == 401 and refused.request.headers["authorization"] == "Basic abc"
    lower = client.mapping_test(example("request-mapping-test"), lower_case=True)
    assert lower.status_code == 200
    assert {name for name, _ in lower.request.headers.raw} >= {b"authorization", b"content-type"}


def test_own_credentials_are_the_default_token_only(client: TmsClient, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = client.target.http.request

    def spy(method: str, path: str, *, own_credentials: bool = False, **kw: Any) -> Any:
        seen.append(own_credentials)
        return real(method, path, own_credentials=own_credentials, **kw)

    monkeypatch.setattr(client.target.http, "request", spy)
    client.page("x", "objects", 0, 20)
    client.page("x", "objects", 0, 20, authorization=None)
    client.page("x", "objects", 0, 20, authorization=basic("a", "b"))
    assert seen == [True, False, False]


def test_bodies_are_json_and_raw_text_is_sent_as_is(client: TmsClient) -> None:
    created = client.create({"name": "n", "type": "configured", "enabled": True}, write=True)
    assert created.status_code == 200 and json.loads(created.request.content) == {
        "name": "n", "type": "configured", "enabled": True}
    raw = client.create("name=n&type=configured")
    assert (raw.status_code, raw.request.content) == (400, b"name=n&type=configured")


def test_uploads_are_real_multipart_with_a_fixed_boundary(client: TmsClient) -> None:
    name, content, media_type = sample("EDI")
    boundary = TmsData(1, "k").boundary()
    response = client.upload({"file": (name, content, media_type)}, boundary, write=True)
    assert response.status_code == 200
    assert response.json()["file"]["name"] == name and response.json()["file"]["size"] == len(content)
    sent = response.request.content
    assert response.request.headers["content-type"] == f"multipart/form-data; boundary={boundary}"
    assert sent.startswith(f"--{boundary}\r\n".encode()) and sent.endswith(f"--{boundary}--\r\n".encode())
    assert b'name="file"; filename="transport-order.edi"' in sent and content in sent
    assert client.upload({"file": (name, content, media_type)}, boundary).request.content == sent  # replays


def test_lists_take_any_offset_and_limit_text(client: TmsClient) -> None:
    assert client.page("id", "logs", "-1", "ten").request.url.path.endswith("/api/integration/id/logs/-1/ten")


def test_live_writes_need_a_test_tenant(make_target: MakeTarget) -> None:
    live = make_target("live")
    assert "test_tenant = true" in (write_block(live) or "")
    with pytest.raises(NotOnThisTarget, match="test_tenant = true"):
        TmsClient(live).create(fuzz_integration(), write=True)
    assert TmsClient(live).create({"name": "x"}).status_code == 400  # a request to be refused still runs
    tenant = make_target("live", {"test_tenant": True})
    assert write_block(tenant) is None and VENDOR.live_write_block(tenant) is None
    assert VENDOR.live_write_block(live) == write_block(live)


def test_the_fuzz_plan_sends_the_token_and_pins_lists_only_live_on_a_test_tenant(
        make_target: MakeTarget, target: Target) -> None:
    plan = VENDOR.fuzz_plan(target)
    assert plan.headers == {"authorization": bearer(target.credentials["token"])}
    assert (plan.path_parameters, plan.excluded_operations) == ({}, ())
    live = VENDOR.fuzz_plan(make_target("live"))
    assert live.excluded_operations == WRITES and live.path_parameters == {}
    tenant = make_target("live", {"test_tenant": True})
    pinned = VENDOR.fuzz_plan(tenant).path_parameters["id"]
    assert TmsClient(tenant).page(pinned, "objects", 0, 20).status_code == 200


def test_generated_client_ids_are_masked_by_name_once_a_client_exists(client: TmsClient) -> None:
    body = json.dumps({"credentials": {"clientId": "0f4d7c1e-aaaa", "clientSecret": "s3cr3t-value"}})
    assert json.loads(redactor.body(body)) == {"credentials": {"clientId": MASK, "clientSecret": MASK}}


def test_the_config_keys_are_those_of_interface_section_4() -> None:
    assert dict(VENDOR.config_keys).keys() == {"base_url", "token_env", "test_tenant"}
    assert VENDOR.config_keys["token_env"].credential == "token" and VENDOR.config_keys["test_tenant"].kind == "bool"
    assert VENDOR.secret_credentials == ("token",) and VENDOR.live_rates == ((1, 1.0),)
