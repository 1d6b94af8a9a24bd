"""The OTR OpenAPI contract (contracts/otr.openapi.yaml) is valid, names the six operations of
interface.md §4 at the paths of vendors/otr.md, accepts every documented example (P1) and every
alternative the catalogue accepts (behaviours.md: a real vendor is fuzzed against it, so the
sandbox's choices must never be the only answers it allows), and is not vacuous: it rejects
what the document and the D-OTR resolutions say is wrong.
(Its validity and Spectral-style hygiene: test_hygiene.py.)"""

from __future__ import annotations

import json
from functools import partial

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis.core.transport import Response

from contracts.support import (
    CHECKS,
    DROP,
    JSON,
    Contract,
    assert_described_and_tagged,
    assert_validity,
    deref,
    described_responses,
    example_cases,
    js,
    judged,
    labels,
    mutate,
    operation_ids,
    schema_segments,
    schemathesis_labels,
)

OTR = Contract.named("otr")

# interface.md §4 `[vendors.otr.paths]` keys -> (method, path) pinned in vendors/otr.md.
OPERATIONS = {
    "postToken": ("post", "/token"),
    "getTokenClaims": ("get", "/token/claims"),
    "getAuthorityInformation": ("get", "/prospects/authority"),
    "postLead": ("post", "/leads"),
    "postAccount": ("post", "/accounts"),
    "postProspectVerification": ("post", "/prospects/verification"),
}

# Every status code the catalogue accepts, per operation:
RESPONSE_CODES = {
    # OTR-04; OTR-08 / OTR-09 / D-OTR-08 (400 or 401 for bad credentials); D-OTR-06 + P3 (415
    # for a body encoding the vendor does not take); OTR-01 (401); D-OTR-15 / D-X-02 (429).
    "postToken": {"200", "400", "401", "415", "429"},
    # OTR-10; OTR-12..15 (401).
    "getTokenClaims": {"200", "401", "429"},
    # OTR-17/18; OTR-19 / OTR-24 (400); D-OTR-16 / D-OTR-08 (no match: 404, 204 or 400 tolerated).
    "getAuthorityInformation": {"200", "204", "400", "401", "404", "429"},
    # D-OTR-09 (200 or 201); OTR-28 / OTR-24 (400).
    "postLead": {"200", "201", "400", "401", "429"},
    # D-OTR-10 (any 2xx; a duplicate: 409, another 4xx or an idempotent 2xx); OTR-30 (400);
    # OTR-31 (unknown cab-id: 404 or 400).
    "postAccount": {"2XX", "400", "401", "404", "409", "4XX", "429"},
    # OTR-32 (2xx); D-OTR-08 (unknown CAB Id: 404, 204 and 400 tolerated; missing input 400).
    "postProspectVerification": {"2XX", "204", "400", "401", "404", "429"},
}
SUCCESS = {  # operationId -> (the success response key, media type) whose schema the examples meet
    "postToken": ("200", "application/json"),
    "getTokenClaims": ("200", "application/json"),
    "getAuthorityInformation": ("200", "application/json"),
    "postProspectVerification": ("2XX", "application/json"),
}
PROSPECT_KEYS = ["CabId", "FirstName", "LastName", "Company", "Street", "City", "PostalCode",
                 "StateCode", "CountryCode", "Phone", "MobilePhone", "Email", "MotorCarrierNumber",
                 "DotNumber", "DbaName"]
UNCONSTRAINED = ["Email", "MotorCarrierNumber", "DbaName"]  # D-OTR-04
LEAD_TEXT = "Lead has been submitted"


# --------------------------------------------------------------------- helpers ----
spec, registry = OTR.fixtures()


def operation(spec: dict, op_id: str) -> dict:
    method, path = OPERATIONS[op_id]
    return spec["paths"][path][method]


def schema_validator(spec, registry, op_id: str, where: str, media: str) -> Draft202012Validator:
    """The validator of `op_id`'s request body (`where` == "request") or response `where`."""
    return OTR.located_validator(spec, registry, *schema_segments(*OPERATIONS[op_id], where, media))


# ------------------------------------------------------------- the document ----
def test_info_names_the_seed_document_and_a_contact(spec):
    info = spec["info"]
    assert info["title"] and info["version"]
    assert "otr-solutions.txt" in info["description"]
    assert {"name", "email", "url"} <= set(info["contact"])
    assert info["contact"]["email"] == "integrations@otrsolutions.com"


def test_servers_are_relative(spec):
    """D-OTR-01: no host is documented; every run supplies the configured base URL."""
    assert spec["servers"] and all(s["url"].startswith("/") for s in spec["servers"])


def test_every_operation_of_interface_md_is_at_its_pinned_path(spec):
    assert operation_ids(spec) == OPERATIONS


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_operation_is_described_and_tagged(spec, op_id):
    assert_described_and_tagged(spec, operation(spec, op_id))


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_response_codes_are_the_catalogues_accepted_set(spec, op_id):
    # 401 and 429: OTR-01 everywhere; D-OTR-15 / D-X-02
    for code, response in described_responses(spec, operation(spec, op_id), RESPONSE_CODES[op_id]).items():
        if not code.startswith("2"):
            assert "content" not in response, f"{code}: error bodies are not validated (D-X-03)"


def test_bodiless_success_codes_declare_no_content(spec):
    """A 204 has no body; postAccount's 2xx body is undocumented (D-OTR-10)."""
    assert "content" not in operation(spec, "getAuthorityInformation")["responses"]["204"]
    assert "content" not in operation(spec, "postProspectVerification")["responses"]["204"]
    assert "content" not in operation(spec, "postAccount")["responses"]["2XX"]


def test_security(spec):
    """OTR-01: the subscription key on every operation; OTR-15: getTokenClaims needs both the
    key and the bearer; OTR-21: the authority lookup needs no bearer."""
    schemes = spec["components"]["securitySchemes"]
    assert schemes["subscriptionKey"] == {
        **schemes["subscriptionKey"], "type": "apiKey", "in": "header", "name": "ocp-apim-subscription-key"
    }
    assert (schemes["bearer"]["type"], schemes["bearer"]["scheme"]) == ("http", "bearer")
    assert spec["security"] == [{"subscriptionKey": []}]
    for op_id in OPERATIONS:
        requirements = operation(spec, op_id).get("security", spec["security"])
        assert requirements and all("subscriptionKey" in r for r in requirements), op_id
        wants_bearer = op_id == "getTokenClaims"
        assert all(("bearer" in r) is wants_bearer for r in requirements), op_id


def _params(spec, op_id) -> dict:
    params = [deref(spec, p) for p in operation(spec, op_id).get("parameters", [])]
    return {p["name"]: p for p in params}


def test_parameters(spec):
    lookup = _params(spec, "getAuthorityInformation")
    assert set(lookup) == {"dot", "mc", "isTest"}
    assert all(p["in"] == "query" for p in lookup.values())
    # D-OTR-03: either DOT or MC, so neither is required on its own; isTest is a boolean.
    assert not any(p.get("required") for p in lookup.values())
    assert lookup["isTest"]["schema"] == {"type": "boolean"}
    assert _params(spec, "postLead") == {"isTest": lookup["isTest"]}
    for op_id in ("postAccount", "postProspectVerification"):  # D-OTR-10, D-OTR-11
        params = _params(spec, op_id)
        assert set(params) == {"cab-id"}
        assert (params["cab-id"]["in"], params["cab-id"]["required"]) == ("query", True)
    for op_id in ("postToken", "getTokenClaims"):
        assert _params(spec, op_id) == {}
    every = [p for op_id in OPERATIONS for p in _params(spec, op_id).values()]
    assert all(p.get("description") for p in every)


def test_token_request_encodings(spec):
    """D-OTR-06: form-urlencoded first, JSON {username, password} as the alternative."""
    body = operation(spec, "postToken")["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/x-www-form-urlencoded", "application/json"]
    form = deref(spec, body["content"]["application/x-www-form-urlencoded"]["schema"])
    assert form["properties"]["grant_type"]["enum"] == ["password", "refresh_token"]
    assert {"grant_type", "username", "password", "refresh_token"} == set(form["properties"])
    as_json = deref(spec, body["content"]["application/json"]["schema"])
    assert set(as_json["required"]) == set(as_json["properties"]) == {"username", "password"}


def test_lead_answer_is_text_or_json_string(spec):
    """D-OTR-09: 200 or 201, text/plain "Lead has been submitted" or the same as a JSON string."""
    for code in ("200", "201"):
        response = deref(spec, operation(spec, "postLead")["responses"][code])
        assert list(response["content"]) == ["text/plain", "application/json"]


# ------------------------------------------------------------- the examples (P1) ----
EXAMPLE_TARGETS = {
    # file -> [(operationId, "request" or response key, media type), ...]
    "request-lead.json": [("postLead", "request", "application/json")],
    "response-lead.json": [("postLead", code, media) for code in ("200", "201")
                           for media in ("application/json", "text/plain")],
    "response-prospect-verification.json": [("postProspectVerification", "2XX", "application/json")],
    "response-prospects.json": [("getAuthorityInformation", "200", "application/json")],
    "response-token-claims.json": [("getTokenClaims", "200", "application/json")],
    "response-token.json": [("postToken", "200", "application/json")],
}


def test_all_examples_are_covered():
    assert OTR.example_names() == sorted(EXAMPLE_TARGETS)


@pytest.mark.parametrize(("name", "op_id", "where", "media"), example_cases(EXAMPLE_TARGETS))
def test_example_validates(spec, registry, name, op_id, where, media):
    assert_validity(schema_validator(spec, registry, op_id, where, media), OTR.example(name), True)


def test_example_lead_response_raw_text_validates(spec, registry):
    """D-OTR-09: the wire body is text/plain; raw or JSON-decoded, trimmed, it is the phrase."""
    text = schema_validator(spec, registry, "postLead", "200", "text/plain")
    raw = (OTR.examples / "response-lead.json").read_text(encoding="utf-8")
    assert_validity(text, raw, True)  # the JSON-encoded form, with its trailing newline
    assert_validity(text, LEAD_TEXT, True)


# -------------------------------------------------------------- negative cases ----
# fresh copies of the documented examples, for the case tables to change
_token = partial(OTR.example, "response-token.json")
_claims = partial(OTR.example, "response-token-claims.json")
_prospect = partial(OTR.example, "response-prospects.json")
_verification = partial(OTR.example, "response-prospect-verification.json")
_lead = partial(OTR.example, "request-lead.json")


# (id, citation, operationId, where, media, instance factory)
NEGATIVE = [
    *[(f"token-missing-{k}", "OTR-04", "postToken", "200", "application/json",
       lambda k=k: mutate(_token(), {k: DROP}))
      for k in ("access_token", "token_type", "expires_in", "refresh_token")],
    ("token-expires_in-0", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": 0})),
    ("token-expires_in-negative", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": -1})),
    ("token-expires_in-7201", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": 7201})),
    ("token-expires_in-string", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": "7199"})),
    ("token-expires_in-fraction", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": 7199.5})),
    ("token-access_token-empty", "OTR-07", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"access_token": ""})),
    ("token-access_token-null", "OTR-07", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"access_token": None})),
    ("token-refresh_token-empty", "OTR-07, D-OTR-07", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"refresh_token": ""})),
    ("token-token_type-mac", "OTR-05", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"token_type": "mac"})),
    ("token-token_type-bearer-prefix", "OTR-05", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"token_type": "bearer token"})),
    ("token-not-an-object", "OTR-04", "postToken", "200", "application/json",
     lambda: _token()["access_token"]),
    ("claims-clientID-string", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"clientID": "150317"})),
    ("claims-clientID-fraction", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"clientID": 150317.5})),
    ("claims-userID-not-uuid", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"userID": "51fc3020"})),
    ("claims-userID-number", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"userID": 51})),
    ("claims-roles-string", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"roles": "Client Admin"})),
    ("claims-roles-numbers", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"roles": [1]})),
    *[(f"claims-missing-{k}", "OTR-10", "getTokenClaims", "200", "application/json",
       lambda k=k: mutate(_claims(), {k: DROP}))
      for k in ("userID", "clientID", "roles")],
    ("claims-userId-spelling", "OTR-36, D-OTR-12", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"userId": _claims()["userID"], "userID": DROP})),
    *[(f"prospect-missing-{k}", "OTR-17", "getAuthorityInformation", "200", "application/json",
       lambda k=k: mutate(_prospect(), {k: DROP}))
      for k in PROSPECT_KEYS],
    ("prospect-cabId-spelling", "OTR-36, D-OTR-12", "getAuthorityInformation", "200",
     "application/json", lambda: mutate(_prospect(), {"cabId": "CAB-1", "CabId": DROP})),
    ("prospect-DotNumber-number", "OTR-22", "getAuthorityInformation", "200", "application/json",
     lambda: mutate(_prospect(), {"DotNumber": 1234567})),
    ("prospect-CabId-number", "OTR-22", "getAuthorityInformation", "200", "application/json",
     lambda: mutate(_prospect(), {"CabId": 1})),
    ("prospect-FirstName-object", "OTR-22, D-OTR-04", "getAuthorityInformation", "200",
     "application/json", lambda: mutate(_prospect(), {"FirstName": {}})),
    ("prospect-array", "OTR-17", "getAuthorityInformation", "200", "application/json",
     lambda: [_prospect()]),
    ("prospect-empty-object", "OTR-17", "getAuthorityInformation", "200", "application/json",
     lambda: {}),
    *[(f"verification-missing-{k}", "OTR-32", "postProspectVerification", "2XX", "application/json",
       lambda k=k: mutate(_verification(), {k: DROP}))
      for k in ("email", "cabId", "verificationId")],
    ("verification-CabId-spelling", "OTR-36, D-OTR-12", "postProspectVerification", "2XX",
     "application/json", lambda: mutate(_verification(), {"CabId": "x", "cabId": DROP})),
    ("verification-id-is-6-digit-code", "OTR-34, D-OTR-17", "postProspectVerification", "2XX",
     "application/json", lambda: mutate(_verification(), {"verificationId": "042137"})),
    ("verification-id-is-6-digit-number", "OTR-34", "postProspectVerification", "2XX",
     "application/json", lambda: mutate(_verification(), {"verificationId": 421370})),
    ("verification-email-null", "OTR-32", "postProspectVerification", "2XX", "application/json",
     lambda: mutate(_verification(), {"email": None})),
    ("lead-answer-other-text", "OTR-26, D-OTR-09", "postLead", "200", "application/json",
     lambda: "Lead submitted"),
    ("lead-answer-lowercase", "OTR-26, D-OTR-09", "postLead", "200", "application/json",
     lambda: "lead has been submitted"),
    ("lead-answer-with-period", "OTR-26, D-OTR-09", "postLead", "201", "application/json",
     lambda: "Lead has been submitted."),
    ("lead-answer-object", "OTR-26, D-OTR-09", "postLead", "200", "application/json",
     lambda: {"message": LEAD_TEXT}),
    ("lead-answer-text-other", "OTR-26, D-OTR-09", "postLead", "200", "text/plain",
     lambda: "OK"),
    ("lead-request-missing-email", "OTR-28", "postLead", "request", "application/json",
     lambda: mutate(_lead(), {"email": DROP})),
    ("lead-request-empty-object", "OTR-28", "postLead", "request", "application/json",
     lambda: {}),
    ("lead-request-not-an-object", "OTR-28", "postLead", "request", "application/json",
     lambda: "email=autho@yopmail.com"),
    ("lead-request-camelCase", "OTR-36", "postLead", "request", "application/json",
     lambda: mutate(_lead(), {"firstName": "Auth", "first_name": DROP})),
    ("token-form-no-password", "OTR-08", "postToken", "request", "application/x-www-form-urlencoded",
     lambda: {"grant_type": "password", "username": "u"}),
    ("token-form-no-username", "OTR-08", "postToken", "request", "application/x-www-form-urlencoded",
     lambda: {"password": "p"}),
    ("token-form-unknown-grant", "D-OTR-06", "postToken", "request",
     "application/x-www-form-urlencoded",
     lambda: {"grant_type": "client_credentials", "username": "u", "password": "p"}),
    ("token-form-refresh-without-token", "D-OTR-07", "postToken", "request",
     "application/x-www-form-urlencoded",
     lambda: {"grant_type": "refresh_token", "username": "u", "password": "p"}),
    ("token-json-no-password", "OTR-08", "postToken", "request", "application/json",
     lambda: {"username": "u"}),
]


@pytest.mark.parametrize(
    ("op_id", "where", "media", "make"), [c[2:] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE]
)
def test_negative_case_is_rejected(spec, registry, op_id, where, media, make):
    assert_validity(schema_validator(spec, registry, op_id, where, media), make(), False)


# ---------------------------------------------------- the catalogue's alternatives ----
JWT_LIKE = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl"

# (id, citation, operationId, where, media, instance factory): each must be ACCEPTED.
ACCEPTED = [
    ("token-type-Bearer", "OTR-05, D-OTR-14", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"token_type": "Bearer"})),
    ("token-type-BEARER", "OTR-05, D-OTR-14", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"token_type": "BEARER"})),
    ("token-expires_in-1", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": 1})),
    ("token-expires_in-7200", "OTR-06", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"expires_in": 7200})),
    ("token-access-jwt-shaped", "OTR-07, D-OTR-14 (opaque: no structure asserted)", "postToken",
     "200", "application/json", lambda: mutate(_token(), {"access_token": JWT_LIKE})),
    ("token-refresh-any-text", "OTR-07, D-OTR-07", "postToken", "200", "application/json",
     lambda: mutate(_token(), {"refresh_token": "r"})),
    ("token-owin-extra-keys", "P2 (extra keys; RFC 6749 §5.1)", "postToken", "200",
     "application/json",
     lambda: mutate(_token(), {"userName": "u", ".issued": "Tue, 01 Jan 2030 00:00:00 GMT",
                               ".expires": "Tue, 01 Jan 2030 02:00:00 GMT"})),
    ("claims-uppercase-uuid", "OTR-11", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"userID": _claims()["userID"].upper()})),
    ("claims-no-roles", "OTR-11 (array of strings, no closed enum)", "getTokenClaims", "200",
     "application/json", lambda: mutate(_claims(), {"roles": []})),
    ("claims-other-roles", "OTR-11 (no closed enum)", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"roles": ["Client Admin", "Carrier User"]})),
    ("claims-extra-key", "P2", "getTokenClaims", "200", "application/json",
     lambda: mutate(_claims(), {"userName": "u"})),
    *[(f"prospect-{k}-{label}", "D-OTR-04, OTR-22", "getAuthorityInformation", "200",
       "application/json", lambda k=k, v=v: mutate(_prospect(), {k: v}))
      for k in UNCONSTRAINED
      for label, v in (("string", "x@example.com" if k == "Email" else "MC123456"),
                       ("null", None), ("object", {}), ("empty-string", ""))],
    *[(f"prospect-{k}-null", "OTR-22 (null tolerated)", "getAuthorityInformation", "200",
       "application/json", lambda k=k: mutate(_prospect(), {k: None}))
      for k in PROSPECT_KEYS if k not in UNCONSTRAINED],
    ("prospect-all-empty", "D-OTR-16 (a 200 with empty fields for no match)",
     "getAuthorityInformation", "200", "application/json", lambda: dict.fromkeys(PROSPECT_KEYS, "")),
    ("prospect-all-null", "D-OTR-16, OTR-22", "getAuthorityInformation", "200", "application/json",
     lambda: dict.fromkeys(PROSPECT_KEYS)),
    ("prospect-real-values", "vendors/otr.md (sandbox: CAB- digits, real e-mail)",
     "getAuthorityInformation", "200", "application/json",
     lambda: mutate(_prospect(), {"CabId": "CAB-100234", "Email": "dispatch@carrier.example",
                                  "MotorCarrierNumber": "MC654321", "DotNumber": "1234567",
                                  "DbaName": None})),
    ("prospect-extra-key", "P2", "getAuthorityInformation", "200", "application/json",
     lambda: mutate(_prospect(), {"Fax": None})),
    ("verification-sandbox-shape", "OTR-32, vendors/otr.md", "postProspectVerification", "2XX",
     "application/json",
     lambda: {"email": "dispatch@carrier.example", "cabId": "CAB-100234",
              "verificationId": "3f1c7a52-9a8e-4d2b-8c1e-2f9e6b0a7d11"}),
    ("verification-extra-key", "P2", "postProspectVerification", "2XX", "application/json",
     lambda: mutate(_verification(), {"expiresAt": "2030-01-01T00:00:00Z"})),
    ("lead-answer-json-string", "D-OTR-09 (JSON-decoded)", "postLead", "200", "application/json",
     lambda: LEAD_TEXT),
    ("lead-answer-json-string-padded", "D-OTR-09 (whitespace ignored)", "postLead", "201",
     "application/json", lambda: f"  {LEAD_TEXT}\r\n"),
    ("lead-answer-raw-text", "D-OTR-09 (raw)", "postLead", "200", "text/plain", lambda: LEAD_TEXT),
    ("lead-answer-raw-text-newline", "D-OTR-09 (whitespace ignored)", "postLead", "201",
     "text/plain", lambda: LEAD_TEXT + "\n"),
    ("lead-answer-raw-json-text", "D-OTR-09 (raw JSON string under text/plain)", "postLead", "200",
     "text/plain", lambda: json.dumps(LEAD_TEXT)),
    ("token-form-password-no-grant_type", "D-OTR-06 (missing grant_type means password)",
     "postToken", "request", "application/x-www-form-urlencoded",
     lambda: {"username": "u", "password": "p"}),
    ("token-form-password-grant", "D-OTR-06", "postToken", "request",
     "application/x-www-form-urlencoded",
     lambda: {"grant_type": "password", "username": "u", "password": "p"}),
    ("token-form-refresh-grant", "D-OTR-07, vendors/otr.md", "postToken", "request",
     "application/x-www-form-urlencoded",
     lambda: {"grant_type": "refresh_token", "refresh_token": "7a7cd7efaddb49149432d2924d65a00a"}),
    ("token-json-body", "D-OTR-06 (JSON alternative)", "postToken", "request", "application/json",
     lambda: {"username": "u", "password": "p"}),
]


@pytest.mark.parametrize(
    ("op_id", "where", "media", "make"), [c[2:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_accepted_alternative_validates(spec, registry, op_id, where, media, make):
    assert_validity(schema_validator(spec, registry, op_id, where, media), make(), True)


def test_every_case_cites_the_catalogue():
    for case in NEGATIVE + ACCEPTED:
        assert any(tag in case[1] for tag in ("OTR-", "D-OTR-", "D-X-", "P2", "otr.md")), case[0]


# --------------------------------------------------------------- schemathesis ----
@pytest.fixture(scope="module")
def st_schema():
    return schemathesis.openapi.from_path(OTR.path)


def test_schemathesis_lists_exactly_the_six_operations(st_schema):
    assert schemathesis_labels(st_schema) == labels(OPERATIONS.values())


@pytest.mark.parametrize("op_id", ["postToken", "postLead"])
def test_schemathesis_generates_bodies_the_contract_accepts(st_schema, spec, registry, op_id):
    method, path = OPERATIONS[op_id]
    st_operation = st_schema[path][method.upper()]
    seen: set[str] = set()

    @given(case=st_operation.as_strategy())
    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        seen.add(case.media_type)
        assert_validity(schema_validator(spec, registry, op_id, "request", case.media_type), case.body, True)

    check()
    assert seen


@pytest.mark.parametrize("op_id", ["getAuthorityInformation", "postAccount", "postProspectVerification"])
def test_schemathesis_generates_the_query(st_schema, op_id):
    method, path = OPERATIONS[op_id]
    st_operation = st_schema[path][method.upper()]

    @given(case=st_operation.as_strategy())
    @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        query = case.query or {}
        if op_id == "getAuthorityInformation":
            assert set(query) <= {"dot", "mc", "isTest"}
            # D-OTR-13: the boolean goes on the wire as lowercase true/false.
            assert query.get("isTest", "true") in ("true", "false")
        else:
            assert isinstance(query.get("cab-id"), str)  # D-OTR-10 / D-OTR-11: always sent
        assert "ocp-apim-subscription-key" in (case.headers or {})  # OTR-01: the security scheme

    check()


TEXT = "text/plain; charset=utf-8"


def _st_cases():
    """(id, citation, operationId, status, body, content type or None, accepted)."""
    token, claims, prospect = _token(), _claims(), _prospect()
    verification = {"email": "d@carrier.example", "cabId": "CAB-1", "verificationId": "v-1"}
    cases = []
    for op_id in OPERATIONS:  # 401 without a body, 429 (D-X-02, D-OTR-15) everywhere
        cases += [(f"{op_id}-401-bodiless", "OTR-01, OTR-02, D-X-03", op_id, 401, b"", None, True),
                  (f"{op_id}-401-json", "OTR-01, D-X-03", op_id, 401, js({"statusCode": 401}), JSON, True),
                  (f"{op_id}-429", "D-OTR-15, D-X-02", op_id, 429, b"", None, True),
                  (f"{op_id}-500", "any 5xx is FAILED", op_id, 500, b"", None, False)]
    cases += [
        ("token-200", "OTR-04", "postToken", 200, js(token), "application/json; charset=UTF-8", True),
        ("token-200-text", "OTR-04 (JSON)", "postToken", 200, js(token), TEXT, False),
        ("token-200-expires_in-0", "OTR-06", "postToken", 200, js(mutate(token, {"expires_in": 0})), JSON, False),
        ("token-400-invalid_grant", "OTR-09, D-OTR-08", "postToken", 400,
         js({"error": "invalid_grant", "error_description": "bad"}), JSON, True),
        ("token-401-wrong-password", "OTR-09, D-OTR-08", "postToken", 401, js({"error": "invalid_grant"}), JSON, True),
        ("token-415-json-refused", "D-OTR-06, P3", "postToken", 415, b"", None, True),
        ("token-403", "OTR-03 (no 403 about the key)", "postToken", 403, b"", None, False),
        ("token-422", "D-OTR-08 (400)", "postToken", 422, b"", None, False),
        ("claims-200", "OTR-10", "getTokenClaims", 200, js(claims), JSON, True),
        ("claims-200-string-clientID", "OTR-11", "getTokenClaims", 200,
         js(mutate(claims, {"clientID": "150317"})), JSON, False),
        ("claims-400", "OTR-13 (401)", "getTokenClaims", 400, b"", None, False),
        ("claims-403", "OTR-12..15 (401)", "getTokenClaims", 403, b"", None, False),
        ("lookup-200", "OTR-17", "getAuthorityInformation", 200, js(prospect), JSON, True),
        ("lookup-200-empty-fields", "D-OTR-16", "getAuthorityInformation", 200,
         js(dict.fromkeys(PROSPECT_KEYS, "")), JSON, True),
        ("lookup-200-empty-object", "OTR-17", "getAuthorityInformation", 200, js({}), JSON, False),
        ("lookup-204", "D-OTR-16, D-OTR-08", "getAuthorityInformation", 204, b"", None, True),
        ("lookup-404", "D-OTR-16", "getAuthorityInformation", 404, js({"message": "not found"}), JSON, True),
        ("lookup-400", "OTR-19, OTR-24, D-OTR-08", "getAuthorityInformation", 400, b"Either DOT OR MC", TEXT, True),
        ("lookup-422", "OTR-19 (422 is WARNING, not accepted)", "getAuthorityInformation", 422, b"", None, False),
        ("lead-200-text", "OTR-26, D-OTR-09", "postLead", 200, LEAD_TEXT.encode(), TEXT, True),
        ("lead-201-json-string", "D-OTR-09", "postLead", 201, js(LEAD_TEXT), JSON, True),
        ("lead-200-json-object", "D-OTR-09", "postLead", 200, js({"message": LEAD_TEXT}), JSON, False),
        ("lead-202", "D-OTR-09 (200 or 201)", "postLead", 202, b"", None, False),
        ("lead-400", "OTR-28", "postLead", 400, b"", None, True),
        ("lead-415", "OTR-28 (a non-JSON body is 400)", "postLead", 415, b"", None, False),
        ("account-201-sandbox", "D-OTR-10, vendors/otr.md", "postAccount", 201,
         js({"cabId": "CAB-1", "clientID": 150317}), JSON, True),
        ("account-200-text", "D-OTR-10 (any 2xx, no body documented)", "postAccount", 200, b"Created", TEXT, True),
        ("account-204", "D-OTR-10 (any 2xx)", "postAccount", 204, b"", None, True),
        ("account-202", "D-OTR-10 (any 2xx)", "postAccount", 202, b"", None, True),
        ("account-409", "D-OTR-10 (duplicate)", "postAccount", 409, b"", None, True),
        ("account-422-duplicate", "D-OTR-10 (another 4xx)", "postAccount", 422, b"", None, True),
        ("account-400", "OTR-30, OTR-31", "postAccount", 400, b"", None, True),
        ("account-404", "OTR-31", "postAccount", 404, b"", None, True),
        ("verification-200", "OTR-32", "postProspectVerification", 200, js(verification), JSON, True),
        ("verification-201", "OTR-32 (2xx)", "postProspectVerification", 201, js(verification), JSON, True),
        ("verification-202", "OTR-32 (2xx)", "postProspectVerification", 202, js(verification), JSON, True),
        ("verification-204", "D-OTR-08 (unknown CAB Id, tolerated)", "postProspectVerification",
         204, b"", None, True),
        ("verification-200-no-body", "OTR-32", "postProspectVerification", 200, b"", None, False),
        ("verification-200-code", "OTR-34", "postProspectVerification", 200,
         js({**verification, "verificationId": "123456"}), JSON, False),
        ("verification-404", "D-OTR-08", "postProspectVerification", 404, b"", None, True),
        ("verification-400", "D-OTR-08", "postProspectVerification", 400, b"", None, True),
        ("verification-409", "vendors/otr.md (409 only on accounts)", "postProspectVerification",
         409, b"", None, False),
    ]
    return cases


@pytest.mark.parametrize(
    ("op_id", "status", "content", "content_type", "accepted"),
    [c[2:] for c in _st_cases()], ids=[c[0] for c in _st_cases()],
)
def test_schemathesis_judges_answers_as_the_catalogue(st_schema, op_id, status, content, content_type,
                                                      accepted):
    """Schemathesis' own checks (status code, content type, schema) read the contract as the
    catalogue does: every accepted answer passes, the rest fail."""
    method, path = OPERATIONS[op_id]
    st_operation = st_schema[path][method.upper()]
    query = {"cab-id": "CAB-1"} if op_id in ("postAccount", "postProspectVerification") else None
    case = st_operation.Case(query=query)
    headers = {"content-type": [content_type]} if content_type else {}
    request = requests.Request(method.upper(), f"http://otr.invalid{path}").prepare()
    response = Response(status, headers, content, request, 0.0, True)
    with judged(accepted):
        case.validate_response(response, checks=CHECKS)
