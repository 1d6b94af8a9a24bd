"""OtrClient against the real embedded OTR sandbox over HTTP: key, encodings, paths, safety."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors.otr import client as client_module
from golive.vendors.otr.client import KEY_HEADER, OPERATIONS, PROBE, OtrClient, bearer, paths
from golive.vendors.otr.data import example
from golive.vendors.otr.sandbox import OtrSandbox
from golive.verdict import NoConclusion, NotOnThisTarget
from vendors.otr.support import make_target


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([OtrSandbox()]) as running:
        yield running


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[..., Target]]:
    """Targets made in a test, closed after it."""
    made: list[Target] = []

    def build(server: SandboxServer, **kwargs: Any) -> Target:
        made.append(make_target(server, tmp_path, **kwargs))
        return made[-1]

    yield build
    for target in made:
        target.close()


@pytest.fixture
def target(server: SandboxServer, make: Callable[..., Target]) -> Target:
    made = make(server)
    made.reset()
    return made


@pytest.fixture
def client(target: Target) -> OtrClient:
    return OtrClient(target)


@pytest.fixture
def spy(target: Target, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call the client makes to VendorHttp.request, with its keyword arguments."""
    calls: list[dict[str, Any]] = []
    real = target.http.request

    def request(method: str, path: str, **kwargs: Any) -> httpx.Response:
        calls.append({"method": method, "path": path, **kwargs})
        return real(method, path, **kwargs)

    monkeypatch.setattr(target.http, "request", request)
    return calls


# -- paths (D-OTR-01, [vendors.otr.paths]) --------------------------------------------------------
def test_paths_are_otr_md_unless_overridden() -> None:
    assert paths({}) == {name: path for name, (_, path) in OPERATIONS.items()}
    moved = paths({"paths": {"postToken": "/oauth/token"}})
    assert moved["postToken"] == "/oauth/token" and moved["postLead"] == "/leads"
    with pytest.raises(NoConclusion, match="postTokens: unknown operation"):
        paths({"paths": {"postTokens": "/token"}})
    with pytest.raises(NoConclusion, match="must be a path"):
        paths({"paths": {"postLead": "leads"}})


def test_an_overridden_path_is_where_the_client_calls(server: SandboxServer, make: Callable[..., Target]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(handler)
    moved = OtrClient(make(server, settings={"paths": {"getTokenClaims": "/v2/me/claims"}}, transport=transport))
    moved.claims(bearer("x"))
    assert seen[-1].url.path == "/otr/v2/me/claims"


# -- every call -------------------------------------------------------------------------------------
def test_the_key_is_sent_left_out_or_replaced(client: OtrClient, spy: list) -> None:
    assert client.lookup(client.known_dot).request.headers[KEY_HEADER] == client.key
    assert KEY_HEADER not in client.lookup(client.known_dot, key=None).request.headers
    assert client.lookup(client.known_dot, key="other").request.headers[KEY_HEADER] == "other"
    assert [call["own_credentials"] for call in spy] == [False, False, False]
    client.lookup(client.known_dot, own=True)
    client.lookup(client.known_dot, key="other", own=True)
    assert [call["own_credentials"] for call in spy[-2:]] == [True, False]  # only the configured key is "own"


# -- POST Token (D-OTR-06) --------------------------------------------------------------------------
def test_login_is_form_first_and_registers_the_tokens(client: OtrClient) -> None:
    response = client.login()
    assert response.status_code == 200 and client.encoding == "form"
    sent = response.request
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(httpx.QueryParams(sent.content.decode())) == {
        "grant_type": "password", "username": client.username, "password": client.password}
    body = response.json()
    for token in (body["access_token"], body["refresh_token"]):
        assert token in redactor._values and token not in redactor.text(f"sent {token}")


def test_password_fields_by_encoding(client: OtrClient) -> None:
    assert client.password_fields("u", None) == {"grant_type": "password", "username": "u"}
    assert client.password_fields("u", "p", grant_type=False) == {"username": "u", "password": "p"}
    assert client.password_fields(None, "p", encoding="json") == {"password": "p"}  # D-OTR-06's JSON: no grant_type


@pytest.mark.parametrize(("variant", "encoding"), [("token-json-only", "json"), ("token-form-only", "form")])
def test_login_falls_back_to_json_and_keeps_what_worked(make: Callable[..., Target], variant: str,
                                                        encoding: str) -> None:
    with SandboxServer([OtrSandbox(faults=frozenset({variant}))]) as running:
        client = OtrClient(make(running))
        assert client.login().status_code == 200 and client.encoding == encoding
        assert client.token(client.password_fields(client.username, client.password)).status_code == 200
        assert client.refresh(client.login().json()["refresh_token"]).status_code == 200


def test_login_with_neither_encoding_returns_the_form_answer(server: SandboxServer,
                                                             make: Callable[..., Target]) -> None:
    target = make(server)
    target.credentials = {**target.credentials, "password": "not-the-password"}
    response = OtrClient(target).login()  # 400 to both encodings: the primary one's answer
    assert response.status_code == 400 and response.request.headers["content-type"].startswith("application/x-www")


def test_a_wrong_password_goes_once_per_run_to_a_live_user(server: SandboxServer, make: Callable[..., Target],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "_wrong_password_tried", set())
    sandbox_client = OtrClient(make(server))
    assert sandbox_client.wrong_password("wrong-1").status_code == 400
    assert sandbox_client.wrong_password("wrong-2").status_code == 400
    live = OtrClient(make(server, mode="live"))
    response = live.wrong_password("wrong-3")
    assert response.status_code == 400 and "password=wrong-3" in response.request.content.decode()
    with pytest.raises(NotOnThisTarget, match="already tried"):
        live.wrong_password("wrong-4")


# -- isTest (D-OTR-05, D-OTR-13, OTR-24) --------------------------------------------------------------
def test_lookup_and_lead_carry_is_test_true(client: OtrClient) -> None:
    lookup = client.lookup(client.known_dot)
    assert lookup.status_code == 200 and lookup.request.url.params["isTest"] == "true"
    lead = client.lead(example("request-lead"))
    assert lead.status_code == 200 and lead.request.url.params["isTest"] == "true"
    assert lead.request.headers["content-type"] == "application/json"
    assert client.lookup(client.known_dot, is_test=PROBE).status_code == 400
    assert client.lookup().request.url.params == httpx.QueryParams({"isTest": "true"})


def test_live_is_test_is_true_but_for_the_lookup_probe(server: SandboxServer, make: Callable[..., Target]) -> None:
    live = OtrClient(make(server, mode="live"))
    assert live.lookup(live.known_dot, is_test=PROBE).status_code == 400  # the OTR-24 probe
    for call in (lambda: live.lookup(live.known_dot, is_test="false"), lambda: live.lead({}, is_test=PROBE)):
        with pytest.raises(NotOnThisTarget, match="isTest=true"):
            call()


# -- the other operations ---------------------------------------------------------------------------
def test_claims_headers_as_documented_or_in_lower_case(client: OtrClient) -> None:
    token = bearer(client.login().json()["access_token"])
    documented = client.claims(token)
    assert documented.status_code == 200 and (b"Authorization", token.encode()) in documented.request.headers.raw
    lower = client.claims(token, lower=True)
    assert lower.status_code == 200 and (b"authorization", token.encode()) in lower.request.headers.raw
    assert client.claims(None).status_code == 401 and "authorization" not in client.claims(None).request.headers


def test_account_and_verification_take_cab_id_from_the_query(client: OtrClient) -> None:
    cab = client.lookup(client.known_dot).json()["CabId"]
    created, missing = client.account(cab), client.account(None)
    assert created.status_code == 201 and created.request.url.params["cab-id"] == cab
    assert missing.status_code == 400 and "cab-id" not in missing.request.url.params
    assert client.verification(cab).status_code == 200 and client.verification(None).status_code == 400
