"""The embedded OTR sandbox against shared/spec/vendors/otr.md (and its faults and variants)."""
from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from golive.catalogue import for_vendor
from golive.sandbox.server import build_app
from golive.types import Fault
from golive.vendors.otr.faults import FAULTS, SHADOWED, VARIANTS
from golive.vendors.otr.sandbox import OtrSandbox
from golive.verdict import Level
from sandbox_client import SyncASGI

LIFETIME = 7199
KEY = "ocp-apim-subscription-key"
PROSPECT_KEYS = ["CabId", "FirstName", "LastName", "Company", "Street", "City", "PostalCode", "StateCode",
                 "CountryCode", "Phone", "MobilePhone", "Email", "MotorCarrierNumber", "DotNumber", "DbaName"]
LEAD = {"email": "autho@yopmail.com", "phone": "5555514896", "first_name": "Auth", "last_name": "Test",
        "company": "CompanyAuth"}  # the document's example request
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
OPERATIONS = {"postToken": ("POST", "/token"), "getTokenClaims": ("GET", "/token/claims"),
              "getAuthorityInformation": ("GET", "/prospects/authority"), "postLead": ("POST", "/leads"),
              "postAccount": ("POST", "/accounts"), "postProspectVerification": ("POST", "/prospects/verification")}


class Otr:
    """One sandbox mounted as ``build_app`` does, behind an in-process client, and the requests the tests make."""

    def __init__(self, *switched: str, secrets: dict[str, str] | None = None) -> None:
        self.sandbox = OtrSandbox(faults=frozenset(switched), secrets=secrets)
        self.http = httpx.Client(transport=SyncASGI(build_app([self.sandbox])), base_url="http://testserver/otr")
        self.creds = self.http.get("/_sandbox/credentials").json()
        self.key = {KEY: self.creds["subscription_key"]}
        self.as_json = False  # the token encoding this sandbox reads: form first, as golive does (D-OTR-06)
        self.as_json = self.grant().status_code != 200

    def grant(self, headers: dict | None = None, /, **fields: str | None) -> httpx.Response:
        """POST /token with ``headers`` (default: the key); a password grant with the credentials unless
        ``fields`` say otherwise (None: left out)."""
        body = {"grant_type": "password", "username": self.creds["username"], "password": self.creds["password"],
                **fields}
        sent = {name: value for name, value in body.items() if value is not None}
        headers = self.key if headers is None else headers
        if self.as_json:
            return self.http.post("/token", json=sent, headers=headers)
        return self.http.post("/token", data=sent, headers=headers)

    def tokens(self) -> dict[str, Any]:
        response = self.grant()
        assert response.status_code == 200, response.text
        return response.json()

    def refresh(self, refresh_token: str) -> httpx.Response:
        return self.grant(grant_type="refresh_token", refresh_token=refresh_token, username=None, password=None)

    def bearer(self, access: str | None = None) -> dict[str, str]:
        return {**self.key, "authorization": f"Bearer {access or self.tokens()['access_token']}"}

    def claims(self, access: str | None = None, headers: dict | None = None) -> httpx.Response:
        return self.http.get("/token/claims", headers=self.bearer(access) if headers is None else headers)

    def lookup(self, headers: dict | None = None, **params: str) -> httpx.Response:
        return self.http.get("/prospects/authority", params=params, headers=self.key if headers is None else headers)

    def prospect(self) -> dict[str, Any]:
        response = self.lookup(dot=self.creds["known_dot"], isTest="true")
        assert response.status_code == 200
        return response.json()

    def cab(self) -> str:
        return self.sandbox.store.prospects[0]["CabId"]  # read directly: a lookup would record a lead

    def lead(self, body: Any = LEAD, headers: dict | None = None, **params: str) -> httpx.Response:
        return self.http.post("/leads", json=body, params=params, headers=self.key if headers is None else headers)

    def account(self, cab: str | None = None, headers: dict | None = None) -> httpx.Response:
        return self.http.post("/accounts", params={"cab-id": cab or self.cab()},
                              headers=self.key if headers is None else headers)

    def verify(self, cab: str | None = None, headers: dict | None = None) -> httpx.Response:
        return self.http.post("/prospects/verification", params={"cab-id": cab or self.cab()},
                              headers=self.key if headers is None else headers)

    def advance(self, seconds: float) -> str:
        response = self.http.post("/_sandbox/clock", json={"advance_seconds": seconds})
        assert response.status_code == 200
        return response.json()["now"]

    def leads(self) -> list[dict[str, Any]]:
        return self.http.get("/_sandbox/leads").json()

    def outbox(self) -> list[dict[str, Any]]:
        return self.http.get("/_sandbox/outbox").json()


@pytest.fixture
def o() -> Otr:
    return Otr()


# --- credentials, reset, clock -----------------------------------------------------------

def test_credentials_are_random_per_instance_unless_planted(o: Otr) -> None:
    assert set(o.creds) == {"subscription_key", "username", "password", "known_dot", "known_mc"}
    assert all(isinstance(v, str) and v for v in o.creds.values())
    other = Otr().creds
    assert other["subscription_key"] != o.creds["subscription_key"] and other["password"] != o.creds["password"]
    assert (other["known_dot"], other["known_mc"]) == (o.creds["known_dot"], o.creds["known_mc"])
    planted = Otr(secrets={"subscription_key": "k-1", "username": "u@x.com", "password": "p-1"})
    assert {k: planted.creds[k] for k in ("subscription_key", "username", "password")} == {
        "subscription_key": "k-1", "username": "u@x.com", "password": "p-1"}
    assert planted.claims().status_code == 200


def test_reset_keeps_credentials_and_drops_everything_else(o: Otr) -> None:
    tokens = o.tokens()
    o.lead()
    o.prospect()
    assert o.account().status_code == 201 and o.verify().status_code == 200
    before = o.http.get("/_sandbox/clock").json()["now"]
    assert o.advance(3 * 86400) > before
    reset = o.http.post("/_sandbox/reset")
    assert (reset.status_code, reset.content) == (204, b"")
    assert o.http.get("/_sandbox/credentials").json() == o.creds
    assert o.http.get("/_sandbox/clock").json()["now"][:10] == before[:10]
    assert o.leads() == [] and o.outbox() == []
    assert o.claims(tokens["access_token"]).status_code == 401
    assert o.refresh(tokens["refresh_token"]).status_code == 400
    assert o.account().status_code == 201  # no account after a reset
    assert o.claims().status_code == 200


def test_ids_are_deterministic_for_replay() -> None:
    def run() -> tuple:
        o = Otr()
        o.account()
        o.verify()
        return o.claims().json()["userID"], o.account().json(), o.verify().json()["verificationId"], o.outbox()

    assert run() == run()


# --- the subscription key (every call, before anything else) ---------------------------

@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_every_operation_needs_the_key(o: Otr, operation: str, key: str | None) -> None:
    method, path = OPERATIONS[operation]
    headers = {"authorization": o.bearer()["authorization"], **({} if key is None else {KEY: key})}
    params = {"dot": o.creds["known_dot"], "cab-id": o.cab(), "isTest": "true"}
    body = {"json": LEAD} if path == "/leads" else {"data": {"grant_type": "password", "username": o.creds[
        "username"], "password": o.creds["password"]}} if path == "/token" else {}
    response = o.http.request(method, path, params=params, headers=headers, **body)
    assert response.status_code == 401 and "access_token" not in response.text
    assert o.http.request("DELETE", path, headers=headers).status_code == 401  # before the method check
    assert o.leads() == [] and o.outbox() == [] and o.sandbox.store.accounts == {}


def test_key_header_name_is_case_insensitive(o: Otr) -> None:
    assert o.lookup(headers={KEY.upper(): o.creds["subscription_key"]}, dot=o.creds["known_dot"]).status_code == 200


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_other_methods_are_405(o: Otr, method: str, operation: str) -> None:
    response = o.http.request(method, OPERATIONS[operation][1], headers=o.key)
    assert (response.status_code, response.headers["allow"]) == (405, OPERATIONS[operation][0])


# --- token -------------------------------------------------------------------------------

def test_token_response(o: Otr) -> None:
    response = o.grant()
    body = response.json()
    assert response.status_code == 200 and set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "bearer" and body["expires_in"] == LIFETIME and type(body["expires_in"]) is int
    assert all(isinstance(body[k], str) and body[k] for k in ("access_token", "refresh_token"))
    assert response.headers["cache-control"] == "no-store"
    assert o.tokens()["access_token"] != body["access_token"]


@pytest.mark.parametrize("encoding", ["form without grant_type", "json", "json without grant_type", "+json"])
def test_token_encodings(o: Otr, encoding: str) -> None:
    fields = {"username": o.creds["username"], "password": o.creds["password"]}
    if "without" not in encoding:
        fields["grant_type"] = "password"
    if encoding.startswith("form"):
        response = o.http.post("/token", data=fields, headers=o.key)
    else:
        ctype = "application/vnd.otr+json" if encoding == "+json" else "application/json"
        response = o.http.post("/token", json=fields, headers={**o.key, "content-type": ctype})
    assert response.status_code == 200 and o.claims(response.json()["access_token"]).status_code == 200


@pytest.mark.parametrize(("fields", "raw", "error"), [
    ({"password": "wrong"}, None, "invalid_grant"),
    ({"username": "someone@else.com"}, None, "invalid_grant"),
    ({"username": None}, None, "invalid_request"),
    ({"password": None}, None, "invalid_request"),
    ({"password": ""}, None, "invalid_request"),
    ({"grant_type": "client_credentials"}, None, "unsupported_grant_type"),
    ({"grant_type": "refresh_token", "refresh_token": None}, None, "invalid_request"),
    ({}, b"", "invalid_request"),
    ({}, b"grant_type=password&grant_type=password&username=u&password=p", "invalid_request"),
    ({}, b"username=%ff\xff&password=x", "invalid_request"),
])
def test_token_errors(o: Otr, fields: dict[str, str | None], raw: bytes | None, error: str) -> None:
    if raw is None:
        response = o.grant(**fields)
    else:
        response = o.http.post("/token", content=raw, headers={
            **o.key, "content-type": "application/x-www-form-urlencoded"})
    assert (response.status_code, response.json()["error"]) == (400, error)
    assert "access_token" not in response.json() and response.json()["error_description"]


@pytest.mark.parametrize(("ctype", "body"), [("application/json", b'{"username": 1, "password": "p"}'),
                                              ("application/json", b"[]"), ("application/json", b"{"),
                                              ("text/plain", b"username=u&password=p"), (None, b"x")])
def test_token_unreadable_bodies(o: Otr, ctype: str | None, body: bytes) -> None:
    headers = {**o.key, **({"content-type": ctype} if ctype else {})}
    response = o.http.post("/token", content=body, headers=headers)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


def test_refresh_tokens_are_single_use(o: Otr) -> None:
    first = o.tokens()
    renewed = o.refresh(first["refresh_token"])
    assert renewed.status_code == 200 and set(renewed.json()) == set(first)
    assert renewed.json()["access_token"] != first["access_token"]
    assert o.claims(renewed.json()["access_token"]).json() == o.claims(first["access_token"]).json()
    again = o.refresh(first["refresh_token"])
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    assert o.refresh(renewed.json()["refresh_token"]).status_code == 200
    assert o.refresh("0" * 32).json()["error"] == "invalid_grant"
    assert o.claims(first["refresh_token"]).status_code == 401


# --- claims ------------------------------------------------------------------------------

def test_claims(o: Otr) -> None:
    body = o.claims().json()
    assert list(body) == ["userID", "clientID", "roles"] and UUID.fullmatch(body["userID"])
    assert type(body["clientID"]) is int and body["roles"] == ["Client Admin"]
    assert o.claims().json() == body  # claims belong to the user, not the token
    assert o.claims(headers={**o.key, "authorization": f"bearer  {o.tokens()['access_token']}"}).status_code == 200


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer random",
                                           "TOKEN", "Bearer TOKEN-truncated", "Token TOKEN", "TOKEN TOKEN"])
def test_claims_refuse_bad_bearers(o: Otr, authorization: str | None) -> None:
    token = o.tokens()["access_token"]
    headers = {**o.key}
    if authorization is not None:
        headers["authorization"] = authorization.replace("TOKEN-truncated", token[:-4]).replace("TOKEN", token)
    response = o.claims(headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")


def test_tokens_expire_on_the_vendor_clock(o: Otr) -> None:
    token = o.tokens()["access_token"]
    o.advance(LIFETIME - 0.5)
    assert o.claims(token).status_code == 200
    later = o.tokens()["access_token"]
    o.advance(0.5)
    assert o.claims(token).status_code == 401
    assert o.claims(later).status_code == 200
    o.advance(LIFETIME)
    assert o.claims(later).status_code == 401


# --- authority lookup ----------------------------------------------------------------------

def test_lookup_by_dot(o: Otr) -> None:
    body = o.lookup(dot=o.creds["known_dot"], isTest="true").json()
    assert list(body) == PROSPECT_KEYS and all(isinstance(v, str) and v for v in body.values())
    assert (body["DotNumber"], body["MotorCarrierNumber"]) == (o.creds["known_dot"], o.creds["known_mc"])
    assert re.fullmatch(r"CAB-\d+", body["CabId"]) and re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", body["Email"])
    assert o.leads() == [{"email": body["Email"], "first_name": body["FirstName"], "last_name": body["LastName"],
                          "company": body["Company"], "phone": body["Phone"], "isTest": True,
                          "source": "authority-lookup"}]


def test_lookup_by_mc_and_by_both(o: Otr) -> None:
    dot, mc = o.creds["known_dot"], o.creds["known_mc"]
    assert o.lookup(mc=mc).json() == o.prospect()
    assert o.lookup(dot=dot, mc="999").status_code == 200  # both: by dot
    assert o.lookup(dot="999", mc=mc).status_code == 404
    assert [(lead["source"], lead["isTest"]) for lead in o.leads()] == [("authority-lookup", False),
                                                                       ("authority-lookup", True),
                                                                       ("authority-lookup", False)]


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400), ({"isTest": "true"}, 400), ({"dot": ""}, 400), ({"dot": " ", "mc": ""}, 400),
    ({"dot": "999"}, 404), ({"mc": "999"}, 404), ({"dot": "KNOWN", "isTest": "maybe"}, 400),
    ({"dot": "KNOWN", "isTest": "TRUE"}, 400), ({"dot": "KNOWN", "isTest": "1"}, 400),
    ({"dot": "KNOWN", "isTest": ""}, 400),
])
def test_lookup_refusals_record_nothing(o: Otr, params: dict, status: int) -> None:
    params = {k: o.creds["known_dot"] if v == "KNOWN" else v for k, v in params.items()}
    assert o.lookup(**params).status_code == status and o.leads() == []


def test_lookup_needs_no_bearer(o: Otr) -> None:
    assert o.lookup(headers=o.key, dot=o.creds["known_dot"]).status_code == 200


# --- leads --------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "flag"), [({}, False), ({"isTest": "true"}, True), ({"isTest": "false"}, False)])
def test_lead(o: Otr, params: dict, flag: bool) -> None:
    response = o.lead(**params)
    assert (response.status_code, response.text) == (200, "Lead has been submitted")
    assert response.headers["content-type"].startswith("text/plain")
    assert o.leads() == [{**LEAD, "isTest": flag, "source": "lead"}]


@pytest.mark.parametrize("body", [
    b"", b"not json", b"[]", b'"x"', b"{}", b"[" * 3000, b'{"email": NaN}',
    *[{k: v for k, v in LEAD.items() if k != name} for name in LEAD],
    {**LEAD, "email": ""}, {**LEAD, "company": " "}, {**LEAD, "phone": 5555514896}, {**LEAD, "email": ["a@b.co"]},
    {**LEAD, "email": "not-an-address"}, {**LEAD, "email": "a@b"}, {**LEAD, "email": "a b@c.com"},
    {**LEAD, "email": "a@@b.com"},
])
def test_lead_refusals_record_nothing(o: Otr, body: Any) -> None:
    if isinstance(body, bytes):
        response = o.http.post("/leads", content=body, headers={**o.key, "content-type": "application/json"})
    else:
        response = o.lead(body)
    assert response.status_code == 400 and o.leads() == []


def test_lead_with_istest_maybe_is_refused(o: Otr) -> None:
    assert o.lead(isTest="maybe").status_code == 400 and o.leads() == []


# --- accounts and verification ----------------------------------------------------------------

def test_account_creation(o: Otr) -> None:
    cab = o.prospect()["CabId"]
    response = o.account(cab)
    assert response.status_code == 201 and list(response.json()) == ["cabId", "clientID"]
    assert response.json()["cabId"] == cab and type(response.json()["clientID"]) is int
    assert o.account(cab).status_code == 409
    fresh = Otr()
    assert fresh.http.post("/accounts", json={"cab-id": cab}, headers=fresh.key).status_code == 201


@pytest.mark.parametrize("path", ["/accounts", "/prospects/verification"])
@pytest.mark.parametrize(("query", "body", "status"), [
    ("", None, 400), ("?cab-id=", None, 400), ("?cab-id=%20", b"{}", 400), ("", b"{}", 400),
    ("", b'{"cab-id": 7}', 400), ("", b"not json", 400), ("", b'{"cabId": "CAB"}', 400),
    ("?cab-id=CAB-0", None, 404), ("", b'{"cab-id": "CAB-0"}', 404), ("?cab-id=cab-104729", None, 404),
])
def test_cab_id_refusals(o: Otr, path: str, query: str, body: bytes | None, status: int) -> None:
    headers = {**o.key, "content-type": "application/json"}
    assert o.http.post(path + query, content=body or b"", headers=headers).status_code == status
    assert o.sandbox.store.accounts == {} and o.outbox() == []


@pytest.mark.parametrize("with_account", [False, True])
def test_verification(o: Otr, with_account: bool) -> None:
    prospect = o.prospect()
    if with_account:
        assert o.account(prospect["CabId"]).status_code == 201
    first = o.verify(prospect["CabId"])
    body = first.json()
    assert first.status_code == 200 and list(body) == ["email", "cabId", "verificationId"]
    assert (body["email"], body["cabId"]) == (prospect["Email"], prospect["CabId"])
    assert UUID.fullmatch(body["verificationId"])
    [mail] = o.outbox()
    assert (mail["to"], mail["cabId"]) == (prospect["Email"], prospect["CabId"])
    assert re.fullmatch(r"\d{6}", mail["code"])
    assert mail["code"] not in first.text
    second = o.http.post("/prospects/verification", json={"cab-id": prospect["CabId"]}, headers=o.key)
    assert second.status_code == 200 and second.json()["verificationId"] != body["verificationId"]
    assert len(o.outbox()) == 2 and o.outbox()[1]["code"] != mail["code"]


# --- faults ---------------------------------------------------------------------------------

def _after(seconds: float) -> Callable[[Otr], int]:
    def probe(o: Otr) -> int:
        token = o.tokens()["access_token"]
        o.advance(seconds)
        return o.claims(token).status_code

    return probe


FAULT_PROBES: dict[str, Callable[[Otr], Any]] = {
    "token-without-subscription-key": lambda o: o.grant({}).status_code,
    "claims-without-subscription-key": lambda o: o.claims(headers={"authorization": o.bearer()["authorization"]})
    .status_code,
    "unknown-subscription-key-accepted": lambda o: o.lookup(headers={KEY: "guess"}, dot=o.creds["known_dot"])
    .status_code,
    "wrong-password-accepted": lambda o: o.grant(password="wrong").status_code,
    "missing-password-accepted": lambda o: o.grant(password=None).status_code,
    "token-type-missing": lambda o: sorted(o.tokens()),
    "refresh-token-missing": lambda o: sorted(o.tokens()),
    "expires-in-zero": lambda o: o.tokens()["expires_in"],
    "expires-in-string": lambda o: type(o.tokens()["expires_in"]),
    "expires-in-over-two-hours": lambda o: o.tokens()["expires_in"],
    "token-never-expires": _after(LIFETIME + 86400),
    "token-expires-late": _after(LIFETIME + 1),
    "token-expires-early": _after(LIFETIME - 5),
    "claims-roles-missing": lambda o: sorted(o.claims().json()),
    "claims-clientid-string": lambda o: type(o.claims().json()["clientID"]),
    "claims-key-case": lambda o: sorted(o.claims().json()),
    "claims-per-token": lambda o: o.claims().json() == o.claims().json(),
    "claims-server-error": lambda o: o.claims().status_code,
    "authority-neither-200": lambda o: o.lookup().status_code,
    "authority-unknown-200-empty-object": lambda o: o.lookup(dot="999").status_code,
    "prospect-key-missing": lambda o: sorted(o.prospect()),
    "prospect-phone-number": lambda o: type(o.prospect()["Phone"]),
    "dot-number-prefixed": lambda o: o.prospect()["DotNumber"] == o.creds["known_dot"],
    "mc-lookup-unsupported": lambda o: o.lookup(mc=o.creds["known_mc"]).status_code,
    "lookup-needs-bearer": lambda o: o.lookup(dot=o.creds["known_dot"]).status_code,
    "lookup-records-no-lead": lambda o: (o.lookup(dot=o.creds["known_dot"]), len(o.leads()))[1],
    "istest-maybe-accepted": lambda o: (o.lookup(dot=o.creds["known_dot"], isTest="maybe").status_code,
                                        o.lead(isTest="maybe").status_code),
    "lead-wrong-text": lambda o: o.lead().text,
    "lead-not-recorded": lambda o: (o.lead(), len(o.leads()))[1],
    "lead-missing-email-accepted": lambda o: o.lead({k: v for k, v in LEAD.items() if k != "email"}).status_code,
    "account-unknown-cab-201": lambda o: o.account("CAB-0").status_code,
    "verification-code-five-digits": lambda o: (o.verify(), len(o.outbox()[0]["code"]))[1],
    "verification-no-email": lambda o: (o.verify(), len(o.outbox()))[1],
    "verification-id-is-code": lambda o: o.verify().json()["verificationId"] == o.outbox()[0]["code"],
    "verification-cabid-wrong": lambda o: o.verify().json()["cabId"],
}


def test_faults_are_described_graded_and_probed() -> None:
    assert set(FAULT_PROBES) == set(FAULTS) and len(FAULTS) >= 14
    assert sum(f.result == "WARNING" for f in FAULTS.values()) >= 2
    catalogue = for_vendor("otr")
    for name, fault in FAULTS.items():
        assert isinstance(fault, Fault) and fault.summary and "\n" not in fault.summary, name
        assert fault.caught_by and set(fault.caught_by) <= set(catalogue), name
        levels = [catalogue[i] for i in fault.caught_by]
        if fault.result == "FAILED":  # a stated, example or override item must catch it
            assert any(b.level is Level.FACT for b in levels), name
        else:  # implied items, the implied part of a mixed basis, or OTR-14's early side (D-OTR-07)
            assert all(b.level is Level.ASSUMPTION or "/" in b.basis or b.id == "OTR-14" for b in levels), name


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_changes_behaviour(fault: str) -> None:
    assert FAULT_PROBES[fault](Otr(fault)) != FAULT_PROBES[fault](Otr())


# --- variants --------------------------------------------------------------------------------

def _second(call: Callable[[Otr], httpx.Response]) -> Callable[[Otr], int]:
    return lambda o: (call(o), call(o).status_code)[1]


def _refresh_twice(o: Otr) -> int:
    refresh_token = o.tokens()["refresh_token"]
    o.refresh(refresh_token)
    return o.refresh(refresh_token).status_code


VARIANT_PROBES: dict[str, Callable[[Otr], Any]] = {
    "wrong-password-401": lambda o: o.grant(password="wrong").status_code,
    "token-errors-message-only": lambda o: sorted(o.grant(password="wrong").json()),
    "token-form-only": lambda o: o.http.post("/token", json={"username": o.creds["username"], "password": o.creds[
        "password"]}, headers=o.key).status_code,
    "token-json-only": lambda o: o.http.post("/token", data={"username": o.creds["username"], "password": o.creds[
        "password"]}, headers=o.key).status_code,
    "token-type-capitalised": lambda o: o.tokens()["token_type"],
    "token-lifetime-3600": lambda o: (o.tokens()["expires_in"], _after(3600)(o)),
    "refresh-token-reusable": _refresh_twice,
    "refresh-grant-unsupported": lambda o: o.refresh(o.tokens()["refresh_token"]).status_code,
    "claims-several-roles": lambda o: o.claims().json()["roles"],
    "both-dot-and-mc-by-mc": lambda o: o.lookup(dot=o.creds["known_dot"], mc="999").status_code,
    "authority-unknown-204": lambda o: o.lookup(dot="999").status_code,
    "authority-unknown-200-empty-fields": lambda o: o.lookup(dot="999").status_code,
    "prospect-sample-objects": lambda o: o.prospect()["DbaName"],
    "prospect-nulls": lambda o: o.prospect()["MobilePhone"],
    "istest-lenient-booleans": lambda o: o.lookup(dot=o.creds["known_dot"], isTest="True").status_code,
    "lead-201": lambda o: o.lead().status_code,
    "lead-json-string": lambda o: o.lead().headers["content-type"],
    "lead-text-newline": lambda o: o.lead().text[-2:],
    "lead-only-email-required": lambda o: o.lead({"email": LEAD["email"]}).status_code,
    "lead-email-unchecked": lambda o: o.lead({**LEAD, "email": "not-an-address"}).status_code,
    "account-created-200": lambda o: o.account().status_code,
    "account-duplicate-idempotent": _second(lambda o: o.account()),
    "account-duplicate-400": _second(lambda o: o.account()),
    "unknown-cab-id-400": lambda o: (o.account("CAB-0").status_code, o.verify("CAB-0").status_code),
    "verification-id-opaque": lambda o: bool(UUID.fullmatch(o.verify().json()["verificationId"])),
    "verification-resend-same-code": lambda o: o.verify().json() == o.verify().json(),
}


def test_variants_are_cited_and_probed() -> None:
    assert set(VARIANT_PROBES) == set(VARIANTS) and not set(VARIANTS) & set(FAULTS)
    assert all(re.search(r"\((OTR|D-OTR)-\d\d\b", text) for text in VARIANTS.values())
    assert set(SHADOWED) <= set(VARIANTS) and set(SHADOWED.values()) <= set(VARIANTS) - set(SHADOWED)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_variant_changes_behaviour(variant: str) -> None:
    assert VARIANT_PROBES[variant](Otr(variant)) != VARIANT_PROBES[variant](Otr())


@pytest.mark.parametrize("run", ["all", "shadowed"])
def test_variants_together_each_still_show(run: str) -> None:
    """All variants on at once show each unshadowed one; the shadowed ones, on together, show each of theirs."""
    shown = sorted(set(VARIANTS) - set(SHADOWED)) if run == "all" else sorted(SHADOWED)
    switched = VARIANTS if run == "all" else SHADOWED
    for variant in shown:
        assert VARIANT_PROBES[variant](Otr(*switched)) != VARIANT_PROBES[variant](Otr()), variant


# --- robustness --------------------------------------------------------------------------------

JUNK: list[Any] = [None, True, 0, -1, 2**70, 1e308, "", " ", "x" * 500, "\x00", "\ud800", {}, [], {"a": [1]},
                   "autho@yopmail.com", "CAB-104729", "2718281", "true", "maybe", "é€"]
RAW = [b"", b"{", b"[" * 3000, b"NaN", b'{"email": Infinity}', b"\xff\xfe\x00", b"a=b&a=c", b"%ff=%zz&&=",
       b"grant_type=refresh_token&refresh_token=x", b"1" * 5000, b'"\\udfff"']


def _junk_body(rng: random.Random, o: Otr) -> bytes:
    """Raw junk, random bytes, a valid lead or token form, or JSON / form fields with junk values mixed in."""
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(RAW)
    if roll < 0.3:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    if roll < 0.45:
        return rng.choice([json.dumps(LEAD), f"username={o.creds['username']}&password={o.creds['password']}"]).encode()
    names = [*LEAD, "cab-id", "grant_type", "username", "password", "refresh_token", ""]
    document: Any = {rng.choice(names): rng.choice(JUNK) for _ in range(rng.randrange(6))}
    if rng.random() < 0.5:
        document = {**LEAD, **o.creds, "grant_type": rng.choice(["password", "refresh_token", "x"]), **document}
    if rng.random() < 0.3:
        text = "&".join(f"{k}={v}" for k, v in document.items())
    else:
        text = json.dumps(rng.choice([document, [document], rng.choice(JUNK)]))
    return text.encode("utf-8", "surrogatepass")


def test_junk_never_gets_a_5xx(o: Otr) -> None:
    rng = random.Random(20261123)
    bearer = o.bearer()["authorization"]
    keys = [o.creds["subscription_key"]] * 8 + [None, "", "x", b"\xff"]
    auths = [bearer, bearer, None, "Bearer", "Bearer \x7f", b"Bearer \xff", "Basic x"]
    ctypes = ["application/json", "application/x-www-form-urlencoded", "text/plain", None,
              "application/x-www-form-urlencoded; charset=latin-1", "multipart/form-data; boundary=x", "+json"]
    names = ["dot", "mc", "isTest", "cab-id", "DOT", "%ff", "", "cab-id"]
    values = [o.creds["known_dot"], o.creds["known_mc"], o.cab(), "true", "false", "maybe", "", "%00", "%ff",
              "1" * 500, "\u2603"]
    for _ in range(400):
        method, path = rng.choice(list(OPERATIONS.values()))
        if rng.random() < 0.15:
            method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"])
        headers = {}
        for name, choices in ((KEY, keys), ("authorization", auths), ("content-type", ctypes)):
            value = rng.choice(choices)
            if value is not None:
                headers[name] = value
        query = "&".join(f"{rng.choice(names)}={rng.choice(values)}" for _ in range(rng.randrange(5)))
        if rng.random() < 0.25:
            query = f"dot={o.creds['known_dot']}&isTest=true&cab-id={o.cab()}&{query}"
        body = _junk_body(rng, o) if method in ("POST", "PUT") else b""
        response = o.http.request(method, f"{path}?{query}", content=body, headers=headers)
        assert response.status_code < 500, (method, path, query, body[:80], response.status_code, response.text)
    assert o.sandbox.internal_errors == []
    assert all(set(lead) == {*LEAD, "isTest", "source"} for lead in o.leads())
    assert all(re.fullmatch(r"\d{6}", mail["code"]) for mail in o.outbox())
