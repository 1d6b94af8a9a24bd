"""The OTMS OpenAPI contract (contracts/tms.openapi.yaml) is valid, names the eleven calls of
vendors/tms.md at their documented paths, accepts every documented example (P1), every
alternative the catalogue accepts (behaviours.md: a real vendor is fuzzed against it, so the
sandbox's choices must never be the only answers it allows) and every answer of the embedded
sandbox under each of its VARIANTS, and is not vacuous: it rejects what the document and the
D-TMS resolutions say is wrong.
(Its validity and Spectral-style hygiene: test_hygiene.py.)"""

from __future__ import annotations

import base64
from functools import partial

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from schemathesis.core.failures import FailureGroup
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
    walk,
)
from golive.sandbox.server import build_app
from golive.vendors.tms.faults import FAULTS, VARIANTS
from golive.vendors.tms.sandbox import TmsSandbox
from sandbox_client import SyncASGI

TMS = Contract.named("tms")
API = "/api/integration"
LIST_KINDS = {"listObjects": "objects", "listLogs": "logs", "listRequestLogs": "requestLogs", "listTasks": "tasks"}

# operationId -> (method, path) as vendors/tms.md pins them (the document's paths; `{id}` is the
# seed's `{integration-uuid}`, `{offset}/{limit}` the paging segments, D-TMS-03).
OPERATIONS = {
    "createIntegration": ("post", API),
    "generateCredentials": ("post", f"{API}/generate/credentials"),
    "testDataSourceMapping": ("post", f"{API}/dataSource/mapping:test"),
    "testFileTemplateMapping": ("post", f"{API}/fileTemplate/mapping:test"),
    "importData": ("post", f"{API}/import/data"),
    "postEmail": ("post", f"{API}/email"),
    "uploadFile": ("post", f"{API}/file/upload"),
    **{op_id: ("get", f"{API}/{{id}}/{kind}/{{offset}}/{{limit}}") for op_id, kind in LIST_KINDS.items()},
}

# Every status code the catalogue accepts, per operation. Everywhere: 401 (TMS-01, TMS-02,
# D-TMS-15) and 429 (D-TMS-20, D-X-02); success 200 or 201 (D-TMS-15); validation 400 or 422
# (D-TMS-15).
_JSON_CALL = {"200", "201", "400", "401", "422", "429"}
_LIST = {"200", "201", "400", "401", "403", "404", "422", "429"}  # TMS-10 (403), TMS-29 (404), TMS-28
RESPONSE_CODES = {
    "createIntegration": _JSON_CALL,  # TMS-03, TMS-06
    "generateCredentials": _JSON_CALL | {"404"},  # TMS-07; TMS-09 (400 or 404)
    "testDataSourceMapping": _JSON_CALL,  # TMS-11; TMS-15 / TMS-17 (4xx: 400 or 422)
    "testFileTemplateMapping": _JSON_CALL,  # TMS-44, D-TMS-10
    "importData": _JSON_CALL | {"204", "404"},  # TMS-19 / D-TMS-12 (no body: 204); TMS-20 (4xx)
    "postEmail": _JSON_CALL | {"204"},  # TMS-39; TMS-40 (400)
    "uploadFile": _JSON_CALL | {"204", "415"},  # TMS-41; TMS-42 (400 or 415)
    **dict.fromkeys(LIST_KINDS, _LIST),
}
BODILESS_SUCCESS = {("importData", "204"), ("postEmail", "204"), ("uploadFile", "204")}


# --------------------------------------------------------------------- helpers ----
spec, registry = TMS.fixtures()


def operation(spec: dict, op_id: str) -> dict:
    method, path = OPERATIONS[op_id]
    return spec["paths"][path][method]


def schema_validator(spec, registry, op_id: str, where: str, media: str = JSON) -> Draft202012Validator:
    """The validator of `op_id`'s request body (`where` == "request") or response `where`."""
    return TMS.located_validator(spec, registry, *schema_segments(*OPERATIONS[op_id], where, media))


def nested(record: dict, key: str, changes: dict) -> dict:
    return mutate(record, {key: mutate(record[key], changes)})


# ------------------------------------------------------------- the document ----
def test_info_names_the_seed_document_and_a_contact(spec):
    info = spec["info"]
    assert info["title"] and info["version"]
    assert "transportial-otms.txt" in info["description"]
    assert info["contact"]["name"] and info["contact"]["url"].startswith("https://")


def test_server_is_the_documented_base(spec):
    assert [s["url"] for s in spec["servers"]] == ["https://api.otms.transportial.com"]


def test_every_call_of_tms_md_is_at_its_documented_path(spec):
    assert operation_ids(spec) == OPERATIONS


def test_the_colon_path_is_literal(spec):
    """D-TMS-09 / TMS-18: `mapping:test` with a literal, unencoded colon."""
    assert {p for p in spec["paths"] if "mapping" in p} == {
        f"{API}/dataSource/mapping:test", f"{API}/fileTemplate/mapping:test"}


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_operation_is_described_and_tagged(spec, op_id):
    assert_described_and_tagged(spec, operation(spec, op_id))


def test_security_is_the_bearer_token_everywhere(spec):
    """TMS-01: `Authorization: Bearer YOUR_TOKEN` on every documented call (D-TMS-01)."""
    scheme = spec["components"]["securitySchemes"]
    assert list(scheme) == ["bearerToken"]
    assert (scheme["bearerToken"]["type"], scheme["bearerToken"]["scheme"]) == ("http", "bearer")
    assert spec["security"] == [{"bearerToken": []}]
    for op_id in OPERATIONS:
        assert operation(spec, op_id)["security"] == [{"bearerToken": []}], op_id


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_response_codes_are_the_catalogues_accepted_set(spec, op_id):
    # 401 and 429: TMS-01 everywhere; D-TMS-20 / D-X-02
    for code, response in described_responses(spec, operation(spec, op_id), RESPONSE_CODES[op_id]).items():
        if not code.startswith("2") or (op_id, code) in BODILESS_SUCCESS:
            assert "content" not in response, f"{code}: error bodies are not validated (D-X-03); 204 has none"
        else:
            assert list(response["content"]) == [JSON], code  # D-TMS-02: a JSON body


def _params(spec, op_id) -> dict:
    path = OPERATIONS[op_id][1]
    shared = spec["paths"][path].get("parameters", [])
    params = [deref(spec, p) for p in shared + operation(spec, op_id).get("parameters", [])]
    return {p["name"]: p for p in params}


def test_list_paths_take_id_offset_and_limit(spec):
    """D-TMS-03: 0-based offset and a limit (1-100 tested, 0 may be empty or 400); D-TMS-16: the
    `{integration-uuid}` is a UUID (request side only)."""
    for op_id in LIST_KINDS:
        params = _params(spec, op_id)
        assert set(params) == {"id", "offset", "limit"}
        assert all(p["in"] == "path" and p["required"] is True and p.get("description") for p in params.values())
        assert params["id"]["schema"] == {"type": "string", "format": "uuid"}
        assert params["offset"]["schema"] == {"type": "integer", "minimum": 0}
        assert params["limit"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 100}
    for op_id in set(OPERATIONS) - set(LIST_KINDS):
        assert _params(spec, op_id) == {}


def test_request_bodies(spec):
    """JSON on every POST but the upload, which is multipart/form-data with a `file` part (TMS-41,
    D-TMS-14); the GET lists take no body."""
    for op_id, (method, _) in OPERATIONS.items():
        body = operation(spec, op_id).get("requestBody")
        if method == "get":
            assert body is None
            continue
        assert body["required"] is True and body["description"]
        expected = ["multipart/form-data"] if op_id == "uploadFile" else [JSON]
        assert list(body["content"]) == expected, op_id
    upload = deref(spec, operation(spec, "uploadFile")["requestBody"]["content"]["multipart/form-data"]["schema"])
    assert upload["required"] == ["file"]
    assert upload["properties"]["file"]["format"] == "binary"


def test_response_ids_carry_no_uuid_format(spec):
    """D-TMS-16 vs P1: the documented create answer shows "integration-uuid", and schemathesis
    asserts `format` (FACT level) where D-TMS-16 asks for a WARNING: only the path parameter says
    `format: uuid`."""
    uuid_formats = [path for path, node in walk(spec) if isinstance(node, dict) and node.get("format") == "uuid"]
    assert uuid_formats == [("components", "parameters", "IntegrationId", "schema")]


# ------------------------------------------------------------- the examples (P1) ----
EXAMPLE_TARGETS = {
    # file -> [(operationId, "request" or response key), ...]
    "request-create-integration.json": [("createIntegration", "request")],
    "response-create-integration.json": [("createIntegration", "200"), ("createIntegration", "201")],
    "request-generate-credentials.json": [("generateCredentials", "request")],
    "request-mapping-test.json": [("testDataSourceMapping", "request"), ("testFileTemplateMapping", "request")],
    "request-filetemplate-mapping-test.json": [("testFileTemplateMapping", "request")],
    "request-import-data.json": [("importData", "request")],
    "request-email.json": [("postEmail", "request")],
}


def test_all_examples_are_covered():
    assert TMS.example_names() == sorted(EXAMPLE_TARGETS)


@pytest.mark.parametrize(("name", "op_id", "where"), example_cases(EXAMPLE_TARGETS))
def test_example_validates(spec, registry, name, op_id, where):
    assert_validity(schema_validator(spec, registry, op_id, where), TMS.example(name), True)


# -------------------------------------------------------------- negative cases ----
# fresh copies of the documented examples, for the case tables to change
_created = partial(TMS.example, "response-create-integration.json")
_create = partial(TMS.example, "request-create-integration.json")
_mapping = partial(TMS.example, "request-mapping-test.json")
_import = partial(TMS.example, "request-import-data.json")
_email = partial(TMS.example, "request-email.json")


UUID = "3f1c7a52-9a8e-4d2b-8c1e-2f9e6b0a7d11"
STAMP = "2026-03-22T10:00:00Z"


def _object(**changes) -> dict:
    """An IntegrationObject as the embedded sandbox writes it (vendors/tms.md)."""
    return mutate({"id": UUID, "status": "QUEUE", "entityType": "transportOrder", "entityId": UUID,
                   "attempts": 0, "createdAt": STAMP, "updatedAt": STAMP}, changes)


def _page(kind: str, *items) -> dict:
    return {"success": True, "message": "OK", kind: list(items), "totalSize": len(items)}


# (id, citation, operationId, where, instance factory): each must be REJECTED.
NEGATIVE = [
    *[(f"created-missing-{k}", "TMS-03", "createIntegration", "200", lambda k=k: mutate(_created(), {k: DROP}))
      for k in ("success", "message", "integration")],
    *[(f"created-integration-missing-{k}", "TMS-03, TMS-04, TMS-05", "createIntegration", "201",
       lambda k=k: nested(_created(), "integration", {k: DROP}))
      for k in ("id", "name", "type", "enabled", "createdAt")],
    ("created-success-false", "TMS-45", "createIntegration", "200", lambda: mutate(_created(), {"success": False})),
    ("created-success-string", "TMS-45", "createIntegration", "200", lambda: mutate(_created(), {"success": "true"})),
    ("created-message-other", "TMS-03", "createIntegration", "200", lambda: mutate(_created(), {"message": "ok"})),
    ("created-enabled-string", "TMS-04", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"enabled": "true"})),
    ("created-id-number", "TMS-05", "createIntegration", "200", lambda: nested(_created(), "integration", {"id": 7})),
    ("created-id-empty", "TMS-05", "createIntegration", "200", lambda: nested(_created(), "integration", {"id": ""})),
    ("created-type-null", "TMS-04, D-TMS-08", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"type": None})),
    ("created-createdAt-offset", "TMS-05, D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T12:00:00+02:00"})),
    ("created-createdAt-no-zone", "TMS-05, D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T10:00:00"})),
    ("created-createdAt-date-only", "TMS-05, D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22"})),
    ("created-createdAt-epoch", "TMS-05, D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": 1774173600})),
    ("created-createdAt-impossible", "TMS-05, D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-02-30T10:00:00Z"})),
    ("created-not-an-object", "TMS-03", "createIntegration", "200", lambda: [_created()]),
    *[(f"object-status-{s}", "TMS-22, D-TMS-04", op, "200", lambda s=s: [_object(status=s)])
      for s, op in (("queue", "listObjects"), ("success", "listObjects"), ("Retry", "listObjects"),
                    ("PROCESSING", "listObjects"), ("DONE", "listObjects"))],
    ("object-status-lowercase-in-envelope", "TMS-22, D-TMS-04", "listObjects", "200",
     lambda: _page("objects", _object(), _object(status="error"))),
    ("object-status-missing", "TMS-22", "listObjects", "200", lambda: [_object(status=DROP)]),
    ("object-status-number", "TMS-22", "listObjects", "201", lambda: [_object(status=1)]),
    ("object-not-an-object", "TMS-21", "listObjects", "200", lambda: ["QUEUE"]),
    ("object-createdAt-local", "D-X-01", "listObjects", "200", lambda: [_object(createdAt="2026-03-22 10:00:00")]),
    *[(f"{op}-success-false", "TMS-45, D-TMS-02", op, "200", lambda kind=kind: mutate(_page(kind), {"success": False}))
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-no-list", "D-TMS-02 (a list, bare or wrapped)", op, "200", lambda: {"success": True, "totalSize": 0})
      for op in LIST_KINDS],
    *[(f"{op}-string", "D-TMS-02", op, "200", lambda: "[]") for op in LIST_KINDS],
    ("logs-createdAt-offset", "D-X-01", "listLogs", "200",
     lambda: [{"level": "INFO", "createdAt": "2026-03-22T11:00:00+01:00"}]),
    ("credentials-success-false", "TMS-45, D-TMS-02", "generateCredentials", "200", lambda: {"success": False}),
    ("imported-success-false", "TMS-45, D-TMS-02", "importData", "201", lambda: {"success": False, "imported": 0}),
    ("mapping-success-false", "TMS-45", "testDataSourceMapping", "200", lambda: {"success": False, "result": {}}),
    ("mapping-not-an-object", "TMS-11", "testFileTemplateMapping", "200", lambda: ["test-uuid"]),
    # requests (what golive sends as a valid body)
    *[(f"create-missing-{k}", "TMS-06, D-TMS-18", "createIntegration", "request",
       lambda k=k: mutate(_create(), {k: DROP}))
      for k in ("name", "type", "enabled")],
    ("create-enabled-string", "TMS-06", "createIntegration", "request", lambda: mutate(_create(), {"enabled": "true"})),
    ("create-description-number", "tms.md (a non-string description)", "createIntegration", "request",
     lambda: mutate(_create(), {"description": 5})),
    ("create-not-an-object", "TMS-06", "createIntegration", "request", lambda: [_create()]),
    ("credentials-missing-id", "TMS-09", "generateCredentials", "request", lambda: {}),
    ("credentials-id-number", "TMS-09", "generateCredentials", "request", lambda: {"integrationId": 1}),
    *[(f"mapping-missing-{k}", "TMS-17", op, "request", lambda k=k: mutate(_mapping(), {k: DROP}))
      for k in ("mapping", "testData") for op in ("testDataSourceMapping", "testFileTemplateMapping")],
    ("mapping-not-an-object", "TMS-17", "testDataSourceMapping", "request",
     lambda: mutate(_mapping(), {"mapping": ["$.transportOrder.id"]})),
    ("mapping-value-not-a-string", "TMS-17, D-TMS-10", "testDataSourceMapping", "request",
     lambda: mutate(_mapping(), {"mapping": {"n": 1}})),
    ("mapping-value-not-a-jsonpath", "TMS-15, D-TMS-11", "testFileTemplateMapping", "request",
     lambda: mutate(_mapping(), {"mapping": {"id": "transportOrder.id"}})),
    ("import-data-object", "TMS-20", "importData", "request", lambda: mutate(_import(), {"data": {"name": "x"}})),
    ("import-data-item-string", "tms.md (an item that is not an object)", "importData", "request",
     lambda: mutate(_import(), {"data": ["x"]})),
    ("import-missing-integrationId", "TMS-20", "importData", "request",
     lambda: mutate(_import(), {"integrationId": DROP})),
    ("email-missing-from", "TMS-40", "postEmail", "request", lambda: mutate(_email(), {"from": DROP})),
    ("email-from-not-an-address", "TMS-40", "postEmail", "request", lambda: mutate(_email(), {"from": "orders"})),
    ("email-subject-number", "D-TMS-13", "postEmail", "request", lambda: mutate(_email(), {"subject": 1})),
    ("email-missing-body", "D-TMS-13", "postEmail", "request", lambda: mutate(_email(), {"body": DROP})),
]


@pytest.mark.parametrize(("op_id", "where", "make"), [c[2:] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE])
def test_negative_case_is_rejected(spec, registry, op_id, where, make):
    assert_validity(schema_validator(spec, registry, op_id, where), make(), False)


def test_upload_without_file_part_is_rejected(spec, registry):
    """TMS-42: no `file` part."""
    validator = schema_validator(spec, registry, "uploadFile", "request", "multipart/form-data")
    assert_validity(validator, {"template": "a,b"}, False)
    assert_validity(validator, {"file": "a,b\n1,2\n"}, True)


# ---------------------------------------------------- the catalogue's alternatives ----
# (id, citation, operationId, where, instance factory): each must be ACCEPTED.
ACCEPTED = [
    ("created-201", "D-TMS-15 (200 or 201)", "createIntegration", "201", _created),
    ("created-real-uuid", "TMS-05, D-TMS-16", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"id": UUID})),
    ("created-uuid-v7", "D-TMS-16 (format uuid, no version)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"id": "0195b7a2-3c4d-7e5f-8a6b-9c0d1e2f3a4b"})),
    ("created-uppercase-uuid", "D-TMS-16", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"id": UUID.upper()})),
    ("created-non-uuid-id", "D-TMS-16 (a UUID is a WARNING check, not schema), P1", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"id": "42"})),
    ("created-fractional-seconds", "D-X-01 (fractional seconds optional)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T10:00:00.123Z"})),
    ("created-microseconds", "D-X-01", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T10:00:00.123456Z"})),
    ("created-plus-zero", "D-X-01 (Z or +00:00)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T10:00:00+00:00"})),
    ("created-plus-zero-fractional", "D-X-01", "createIntegration", "201",
     lambda: nested(_created(), "integration", {"createdAt": "2026-03-22T10:00:00.5+00:00"})),
    ("created-echoes-description", "D-TMS-18 (not required, may be echoed)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"description": "Push new transport orders"})),
    ("created-description-null", "D-TMS-18", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"description": None})),
    ("created-enabled-false", "TMS-04 (echoes the request)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"enabled": False})),
    ("created-other-type", "D-TMS-08 (no enum)", "createIntegration", "200",
     lambda: nested(_created(), "integration", {"type": "appstore"})),
    ("created-extra-keys", "P2", "createIntegration", "200",
     lambda: nested(mutate(_created(), {"requestId": "r-1"}), "integration", {"updatedAt": STAMP, "tenantId": 3})),
    # generate/credentials: the shape is undocumented (TMS-07, D-TMS-02)
    ("credentials-sandbox-shape", "vendors/tms.md, TMS-07", "generateCredentials", "200",
     lambda: {"success": True, "message": "OK", "credentials": {"clientId": UUID, "clientSecret": "s3cr3t"}}),
    ("credentials-bare-object", "D-TMS-02 (success only if present)", "generateCredentials", "201",
     lambda: {"clientId": "c", "clientSecret": "s"}),
    ("credentials-other-names", "D-TMS-02", "generateCredentials", "200",
     lambda: {"success": True, "data": {"key": "k", "secret": "s"}}),
    ("credentials-json-string", "D-TMS-02 (any JSON body)", "generateCredentials", "200", lambda: "k:s"),
    # mapping:test: result location (D-TMS-02), no-match (TMS-16), several matches (D-TMS-11)
    *[(f"mapping-result-{where}", "D-TMS-02 (top level, result, data or output)", op, "200",
       lambda where=where: {"success": True, "message": "OK", where: DOC_RESULT})
      for where in ("result", "data", "output")
      for op in ("testDataSourceMapping", "testFileTemplateMapping")],
    ("mapping-result-top-level", "D-TMS-02", "testDataSourceMapping", "200", lambda: dict(DOC_RESULT)),
    ("mapping-result-top-level-with-success", "D-TMS-02, TMS-45", "testFileTemplateMapping", "200",
     lambda: {"success": True, **DOC_RESULT}),
    ("mapping-201", "D-TMS-15 (200 or 201)", "testDataSourceMapping", "201", lambda: {"result": DOC_RESULT}),
    ("mapping-no-match-null", "TMS-16, D-TMS-11 (null)", "testDataSourceMapping", "200",
     lambda: {"result": {**DOC_RESULT, "created": None}}),
    ("mapping-no-match-omitted", "TMS-16, D-TMS-11 (key left out)", "testDataSourceMapping", "200",
     lambda: {"result": mutate(DOC_RESULT, {"created": DROP})}),
    ("mapping-several-matches-array", "D-TMS-11 (several matches not asserted; tms.md: an array)",
     "testDataSourceMapping", "200", lambda: {"result": {"names": ["a", "b"]}}),
    ("mapping-several-matches-first", "D-TMS-11 (not asserted: the first)", "testDataSourceMapping", "200",
     lambda: {"result": {"names": "a"}}),
    ("mapping-typed-values", "TMS-13 (types kept)", "testFileTemplateMapping", "200",
     lambda: {"result": {"n": 1.5, "b": False, "o": {"k": [1]}, "a": [None], "z": None}}),
    ("mapping-empty-result", "TMS-11 (an empty mapping)", "testDataSourceMapping", "200", lambda: {"result": {}}),
    # import / e-mail / upload: undocumented bodies (D-TMS-02, D-TMS-12)
    ("imported-sandbox-shape", "vendors/tms.md", "importData", "200",
     lambda: {"success": True, "message": "OK", "imported": 1, "transportOrderIds": [UUID]}),
    ("imported-201-bare-array", "D-TMS-02 (any JSON), D-TMS-15", "importData", "201", lambda: [UUID]),
    ("imported-other-envelope", "D-TMS-12", "importData", "200", lambda: {"status": "accepted", "count": 1}),
    ("email-sandbox-shape", "vendors/tms.md", "postEmail", "200",
     lambda: {"success": True, "message": "OK", "transportOrder": {
         "id": UUID, "name": "New transport request", "status": "requested", "source": "email",
         "from": "orders@customer.com", "subject": "New transport request", "body": "b", "createdAt": STAMP}}),
    ("email-201", "D-TMS-15", "postEmail", "201", lambda: {"success": True}),
    ("upload-sandbox-shape", "vendors/tms.md", "uploadFile", "200",
     lambda: {"success": True, "message": "OK", "file": {"id": UUID, "name": "template.csv", "size": 8}}),
    ("upload-201-other-shape", "D-TMS-02, D-TMS-15", "uploadFile", "201", lambda: {"fileId": "f-1"}),
    # the four lists: bare array or envelope (D-TMS-02), empty pages (TMS-27), order (D-TMS-17)
    *[(f"{op}-sandbox-envelope", "vendors/tms.md", op, "200", lambda kind=kind: _page(kind, _entry(kind)))
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-bare-array", "D-TMS-02 (a bare array)", op, "200", lambda kind=kind: [_entry(kind)])
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-empty-envelope", "TMS-27 (past the end: empty)", op, "200", lambda kind=kind: _page(kind))
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-empty-array", "TMS-27, D-TMS-03 (limit 0: an empty list)", op, "200", lambda: [])
      for op in LIST_KINDS],
    *[(f"{op}-201", "D-TMS-15 (200 or 201)", op, "201", lambda kind=kind: [_entry(kind)])
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-other-wrapper-key", "D-TMS-02 (the first array found)", op, "200",
       lambda kind=kind: {"success": True, "items": [_entry(kind)], "total": 1})
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-nested-wrapper", "D-TMS-02 (an object wrapping one)", op, "200",
       lambda kind=kind: {"success": True, "data": {"items": [_entry(kind)], "totalSize": 1}})
      for op, kind in LIST_KINDS.items()],
    *[(f"{op}-no-success-key", "D-TMS-02 (success only if present)", op, "200",
       lambda kind=kind: {kind: [_entry(kind)]})
      for op, kind in LIST_KINDS.items()],
    *[(f"object-status-{s}", "TMS-22, D-TMS-04", "listObjects", "200", lambda s=s: [_object(status=s)])
      for s in ("QUEUE", "SUCCESS", "ERROR", "RETRY")],
    ("objects-newest-first", "TMS-21, TMS-26 (no order for objects)", "listObjects", "200",
     lambda: _page("objects", _object(createdAt="2026-03-22T10:00:10Z"), _object(createdAt=STAMP))),
    ("object-minimal", "TMS-22 (only the status is documented)", "listObjects", "200",
     lambda: [{"status": "RETRY"}]),
    ("object-fractional-plus-zero", "D-X-01", "listObjects", "200",
     lambda: [_object(createdAt="2026-03-22T10:00:00.250+00:00", updatedAt="2026-03-22T10:00:10.5Z")]),
    ("object-extra-keys", "P2", "listObjects", "200", lambda: [_object(payload={"a": 1}, lastError=None)]),
    ("logs-newest-first-ties", "TMS-30, D-TMS-17 (ties are free)", "listLogs", "200",
     lambda: _page("logs", _log("2026-03-22T10:00:10Z"), _log(STAMP), _log(STAMP))),
    ("logs-without-timestamps", "TMS-30 (where entries carry one)", "listLogs", "200",
     lambda: [{"level": "ERROR", "message": "RETRY: target down"}]),
    ("logs-plain-strings", "TMS-23, D-TMS-02 (entry shape undocumented)", "listLogs", "200",
     lambda: ["2026-03-22T10:00:00Z ERROR target down"]),
    ("request-log-no-answer", "vendors/tms.md (statusCode null when no answer)", "listRequestLogs", "200",
     lambda: [mutate(_entry("requestLogs"), {"statusCode": None})]),
    ("request-logs-oldest-first", "D-TMS-17 (orders the logs list only)", "listRequestLogs", "200",
     lambda: [_entry("requestLogs"), mutate(_entry("requestLogs"), {"createdAt": "2026-03-22T10:00:10Z"})]),
    ("tasks-other-shape", "TMS-25, D-TMS-02", "listTasks", "200", lambda: [{"name": "sync", "state": "done"}]),
    # requests
    ("create-type-other", "D-TMS-08 (no enum)", "createIntegration", "request",
     lambda: mutate(_create(), {"type": "appstore"})),
    ("create-without-description", "D-TMS-18 (description optional)", "createIntegration", "request",
     lambda: mutate(_create(), {"description": DROP})),
    ("create-enabled-false", "TMS-38, D-TMS-18", "createIntegration", "request",
     lambda: mutate(_create(), {"enabled": False})),
    ("create-sandbox-configuration", "tms.md (choice), D-TMS-07: extra keys allowed", "createIntegration",
     "request", lambda: mutate(_create(), {"target": {"url": "http://127.0.0.1:9/hook"},
                                           "mapping": {"id": "$.transportOrder.id"},
                                           "filters": {"$.transportOrder.status": "requested"}})),
    ("credentials-real-uuid", "TMS-07", "generateCredentials", "request", lambda: {"integrationId": UUID}),
    ("mapping-testData-array", "D-TMS-10 (testData any JSON value)", "testFileTemplateMapping", "request",
     lambda: mutate(_mapping(), {"testData": [{"id": 1}]})),
    ("mapping-testData-file-text", "D-TMS-10 (file text: not asserted, not refused)", "testFileTemplateMapping",
     "request", lambda: mutate(_mapping(), {"testData": "id;name\n1;Acme\n"})),
    ("mapping-testData-null", "D-TMS-10", "testDataSourceMapping", "request",
     lambda: mutate(_mapping(), {"testData": None})),
    ("mapping-filter-and-wildcard", "D-TMS-11 (RFC 9535)", "testDataSourceMapping", "request",
     lambda: mutate(_mapping(), {"mapping": {"all": "$.items[*].name", "cheap": "$.items[?@.price < 10]",
                                             "first": "$['transportOrder']['id']"}})),
    ("mapping-empty", "D-TMS-10 (an object of string to string)", "testDataSourceMapping", "request",
     lambda: mutate(_mapping(), {"mapping": {}})),
    ("import-several-items", "TMS-19", "importData", "request",
     lambda: mutate(_import(), {"integrationId": UUID, "data": [{"name": "a"}, {"status": "requested"}, {}]})),
    ("email-empty-body", "D-TMS-13 (a string)", "postEmail", "request", lambda: mutate(_email(), {"body": ""})),
]
DOC_RESULT = {"erp_order_id": "test-uuid", "customer_name": "Acme Corp", "status": "requested",
              "created": "2026-03-22T10:00:00Z"}


def _log(at: str) -> dict:
    return {"id": UUID, "objectId": UUID, "level": "INFO", "message": "queued", "createdAt": at}


def _entry(kind: str) -> dict:
    return {
        "objects": _object(),
        "logs": _log(STAMP),
        "requestLogs": {"id": UUID, "objectId": UUID, "method": "POST", "url": "http://127.0.0.1:9/hook",
                        "statusCode": 200, "durationMs": 4, "createdAt": STAMP},
        "tasks": {"id": UUID, "type": "scheduler", "status": "DONE", "processed": 1, "succeeded": 1,
                  "retried": 0, "failed": 0, "createdAt": STAMP},
    }[kind]


@pytest.mark.parametrize(("op_id", "where", "make"), [c[2:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepted_alternative_validates(spec, registry, op_id, where, make):
    assert_validity(schema_validator(spec, registry, op_id, where), make(), True)


def test_every_case_cites_the_catalogue():
    for case in NEGATIVE + ACCEPTED:
        assert any(tag in case[1] for tag in ("TMS-", "D-X-", "P2", "tms.md")), case[0]


# --------------------------------------------------------------- schemathesis ----
@pytest.fixture(scope="module")
def st_schema():
    return schemathesis.openapi.from_path(TMS.path)


def test_schemathesis_lists_exactly_the_eleven_operations(st_schema):
    assert schemathesis_labels(st_schema) == labels(OPERATIONS.values())


@pytest.mark.parametrize("op_id", ["createIntegration", "testDataSourceMapping", "importData", "postEmail"])
def test_schemathesis_generates_bodies_the_contract_accepts(st_schema, spec, registry, op_id):
    method, path = OPERATIONS[op_id]
    st_operation = st_schema[path][method.upper()]

    @given(case=st_operation.as_strategy())
    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        assert case.media_type == JSON
        assert_validity(schema_validator(spec, registry, op_id, "request"), case.body, True)

    check()


def test_schemathesis_generates_list_paths(st_schema):
    method, path = OPERATIONS["listLogs"]
    st_operation = st_schema[path][method.upper()]

    @given(case=st_operation.as_strategy())
    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        params = case.path_parameters
        assert set(params) == {"id", "offset", "limit"}
        assert isinstance(params["offset"], int) and params["offset"] >= 0
        assert isinstance(params["limit"], int) and 0 <= params["limit"] <= 100

    check()


def _st_case(st_schema, op_id: str, url: str):
    """A schemathesis Case of `op_id` whose path parameters are read back from `url`."""
    method, path = OPERATIONS[op_id]
    params = None
    if op_id in LIST_KINDS:
        at = url.index(API) + len(API) + 1
        integration_id, _, offset, limit = url[at:].split("?")[0].split("/")
        params = {"id": integration_id, "offset": offset, "limit": limit}
    return st_schema[path][method.upper()].Case(path_parameters=params)


def _st_validate(st_schema, op_id: str, response: Response, accepted: bool) -> None:
    case = _st_case(st_schema, op_id, response.request.url)
    with judged(accepted):
        case.validate_response(response, checks=CHECKS)


def _st_cases():
    """(id, citation, operationId, status, body, content type or None, accepted)."""
    cases = []
    for op_id in OPERATIONS:
        cases += [(f"{op_id}-401-bodiless", "TMS-01, D-X-03", op_id, 401, b"", None, True),
                  (f"{op_id}-401-json", "TMS-02, D-X-03", op_id, 401, js({"success": False, "message": "x"}), JSON,
                   True),
                  (f"{op_id}-429", "D-TMS-20, D-X-02", op_id, 429, b"", None, True),
                  (f"{op_id}-422", "D-TMS-15 (400 or 422)", op_id, 422, b"", None, True),
                  (f"{op_id}-500", "any 5xx is FAILED", op_id, 500, b"", None, False),
                  (f"{op_id}-202", "D-TMS-15 (200 or 201)", op_id, 202, js({"success": True}), JSON, False)]
    cases += [
        ("create-200", "TMS-03", "createIntegration", 200, js(_created()), "application/json; charset=utf-8", True),
        ("create-201", "D-TMS-15", "createIntegration", 201, js(_created()), JSON, True),
        ("create-200-text", "TMS-03 (JSON)", "createIntegration", 200, js(_created()), "text/plain", False),
        ("create-204", "D-TMS-15 (a body is documented)", "createIntegration", 204, b"", None, False),
        ("create-200-enabled-string", "TMS-04", "createIntegration", 200,
         js(nested(_created(), "integration", {"enabled": "true"})), JSON, False),
        ("create-404", "D-TMS-15 (nothing to find)", "createIntegration", 404, b"", None, False),
        ("credentials-404", "TMS-09 (400 or 404)", "generateCredentials", 404, b"", None, True),
        ("credentials-400", "TMS-09", "generateCredentials", 400, b"", None, True),
        ("credentials-204", "TMS-07 (credentials in the body)", "generateCredentials", 204, b"", None, False),
        ("mapping-200-data", "D-TMS-02", "testDataSourceMapping", 200, js({"data": DOC_RESULT}), JSON, True),
        ("mapping-400", "TMS-15, TMS-17", "testFileTemplateMapping", 400, js({"message": "key 'x'"}), JSON, True),
        ("mapping-204", "TMS-11 (a result is expected)", "testDataSourceMapping", 204, b"", None, False),
        ("import-204", "D-TMS-02, D-TMS-15", "importData", 204, b"", None, True),
        ("import-404", "TMS-20, D-TMS-15", "importData", 404, b"", None, True),
        ("email-204", "D-TMS-02, D-TMS-15", "postEmail", 204, b"", None, True),
        ("email-404", "D-TMS-13 (tenant-scoped: nothing to find)", "postEmail", 404, b"", None, False),
        ("upload-415", "TMS-42 (400 or 415)", "uploadFile", 415, b"", None, True),
        ("upload-204", "D-TMS-02, D-TMS-15", "uploadFile", 204, b"", None, True),
        ("email-415", "TMS-42 names 415 for the upload only", "postEmail", 415, b"", None, False),
        ("objects-200-bare", "D-TMS-02", "listObjects", 200, js([_object()]), JSON, True),
        ("objects-200-lowercase", "TMS-22, D-TMS-04", "listObjects", 200, js([_object(status="queue")]), JSON,
         False),
        ("objects-200-envelope", "vendors/tms.md", "listObjects", 200, js(_page("objects", _object())), JSON, True),
        ("objects-200-nested-wrapper", "D-TMS-02", "listObjects", 200,
         js({"data": {"items": [_object()], "total": 1}}), JSON, True),
        ("objects-200-no-list", "D-TMS-02 (a list, bare or wrapped)", "listObjects", 200,
         js({"success": True, "totalSize": 0}), JSON, False),
        ("logs-200-plain-strings", "TMS-23, D-TMS-02", "listLogs", 200, js(["queued"]), JSON, True),
        ("logs-200-createdAt-local", "D-X-01", "listLogs", 200, js([_log("2026-03-22T11:00:00+01:00")]), JSON,
         False),
        ("objects-403", "TMS-10 (401 or 403)", "listObjects", 403, b"", None, True),
        ("objects-404", "TMS-29", "listObjects", 404, b"", None, True),
        ("logs-200-success-false", "TMS-45", "listLogs", 200, js(mutate(_page("logs"), {"success": False})), JSON,
         False),
        ("tasks-204", "TMS-25 (a list is expected)", "listTasks", 204, b"", None, False),
        ("requestLogs-409", "not in the catalogue", "listRequestLogs", 409, b"", None, False),
        ("create-403", "TMS-10 names 403 for the lists only", "createIntegration", 403, b"", None, False),
    ]
    return cases


@pytest.mark.parametrize(
    ("op_id", "status", "content", "content_type", "accepted"),
    [c[2:] for c in _st_cases()], ids=[c[0] for c in _st_cases()],
)
def test_schemathesis_judges_answers_as_the_catalogue(st_schema, op_id, status, content, content_type, accepted):
    """Schemathesis' own checks (status code, content type, schema) read the contract as the
    catalogue does: every accepted answer passes, the rest fail."""
    method, path = OPERATIONS[op_id]
    headers = {"content-type": [content_type]} if content_type else {}
    url = path.format(id=UNKNOWN, offset=0, limit=20)
    request = requests.Request(method.upper(), f"http://tms.invalid{url}").prepare()
    _st_validate(st_schema, op_id, Response(status, headers, content, request, 0.0, True), accepted)


# ------------------------------------------------- the embedded sandbox, in process ----
UNKNOWN = "00000000-0000-4000-8000-000000000000"
CSV = b"id,name,status\n1,Order from ERP #12345,requested\n"
XML = b'<?xml version="1.0"?><orders><order><id>1</id></order></orders>\n'
EDI = b"UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+260322:1000+1'UNH+1+IFTMIN:D:04A:UN'UNT+2+1'UNZ+1+1'\n"


def session(*switches: str) -> tuple[TmsSandbox, list[tuple[str, str, httpx.Response]]]:
    """Drive one sandbox through every operation: (label, operationId, answer) of each call."""
    sandbox = TmsSandbox(faults=frozenset(switches))
    http = httpx.Client(transport=SyncASGI(build_app([sandbox])), base_url="http://testserver/tms")
    bearer = {"Authorization": f"Bearer {http.get('/_sandbox/credentials').json()['token']}"}
    seen: list[tuple[str, str, httpx.Response]] = []

    def call(label: str, op_id: str, path: str, headers: dict | None = None, **kw) -> httpx.Response:
        method = OPERATIONS[op_id][0].upper()
        answer = http.request(method, path, headers=bearer if headers is None else headers, **kw)
        seen.append((label, op_id, answer))
        return answer

    create = _create()
    plain = call("create", "createIntegration", API, json=create).json()["integration"]["id"]
    target = call("create-with-target", "createIntegration", API, json={
        **create, "target": {"url": "http://target.invalid/hook"}, "mapping": {"id": "$.transportOrder.id",
                                                                              "none": "$.transportOrder.nothing"}},
    ).json()["integration"]["id"]
    failing = call("create-failing-mapping", "createIntegration", API, json={  # its objects end in ERROR (tms.md)
        **create, "target": {"url": "http://127.0.0.1:9/hook"}, "mapping": {"bad": "$.["}}).json()["integration"]["id"]
    call("create-enabled-string", "createIntegration", API, json=mutate(create, {"enabled": "yes"}))
    call("create-no-name", "createIntegration", API, json=mutate(create, {"name": DROP}))
    call("create-not-json", "createIntegration", API, content=b"name=x", headers={**bearer, "Content-Type": JSON})
    call("create-no-token", "createIntegration", API, json=create, headers={})
    call("create-bad-token", "createIntegration", API, json=create, headers={"Authorization": "Bearer nope"})
    credentials = call("credentials", "generateCredentials", f"{API}/generate/credentials",
                       json={"integrationId": target}).json()["credentials"]
    call("credentials-again", "generateCredentials", f"{API}/generate/credentials", json={"integrationId": target})
    call("credentials-placeholder-id", "generateCredentials", f"{API}/generate/credentials",
         json=TMS.example("request-generate-credentials.json"))
    call("credentials-no-id", "generateCredentials", f"{API}/generate/credentials", json={})
    for op_id, path in (("testDataSourceMapping", f"{API}/dataSource/mapping:test"),
                        ("testFileTemplateMapping", f"{API}/fileTemplate/mapping:test")):
        call(f"{op_id}-example", op_id, path, json=_mapping())
        call(f"{op_id}-no-match-several-typed", op_id, path, json={
            "mapping": {"none": "$.nothing", "many": "$.items[*].n", "num": "$.n", "obj": "$.o", "flag": "$.o.f"},
            "testData": {"items": [{"n": 1}, {"n": 2}], "n": 1.5, "o": {"f": True}}})
        call(f"{op_id}-invalid-path", op_id, path, json={"mapping": {"bad": "$.["}, "testData": {}})
        call(f"{op_id}-no-testData", op_id, path, json={"mapping": {}})
    call("import", "importData", f"{API}/import/data", json=mutate(_import(), {"integrationId": target}))
    call("import-two", "importData", f"{API}/import/data",
         json={"integrationId": target, "data": [{"name": "a", "status": "accepted"}, {"name": "b"}]})
    call("import-placeholder-id", "importData", f"{API}/import/data", json=_import())
    call("import-data-not-array", "importData", f"{API}/import/data", json={"integrationId": target, "data": {}})
    call("email", "postEmail", f"{API}/email", json=_email())
    call("email-bad-from", "postEmail", f"{API}/email", json=mutate(_email(), {"from": "orders"}))
    call("email-no-body", "postEmail", f"{API}/email", json=mutate(_email(), {"body": DROP}))
    for name, content in (("template.csv", CSV), ("template.xml", XML), ("template.edi", EDI)):
        call(f"upload-{name}", "uploadFile", f"{API}/file/upload", files={"file": (name, content)})
    call("upload-json", "uploadFile", f"{API}/file/upload", json={"file": "a,b"})
    call("upload-no-file-part", "uploadFile", f"{API}/file/upload", files={"template": ("t.csv", CSV)})
    call("upload-empty-file", "uploadFile", f"{API}/file/upload", files={"file": ("t.csv", b"")})
    # the scheduler: the non-loopback target gets no answer (RETRY), leaving logs, requestLogs, tasks
    for _ in range(2):
        assert http.post("/_sandbox/clock", json={"advance_seconds": 10}).status_code == 200
    basic = {"Authorization": "Basic " + base64.b64encode(
        f"{credentials['clientId']}:{credentials['clientSecret']}".encode()).decode()}
    for op_id, kind in LIST_KINDS.items():
        base = f"{API}/{target}/{kind}"
        call(f"{kind}-first-page", op_id, f"{base}/0/20")
        call(f"{kind}-second-page", op_id, f"{base}/1/1")
        call(f"{kind}-past-the-end", op_id, f"{base}/1000/5")
        call(f"{kind}-empty-integration", op_id, f"{API}/{plain}/{kind}/0/100")
        call(f"{kind}-failing-mapping", op_id, f"{API}/{failing}/{kind}/0/100")
        call(f"{kind}-limit-0", op_id, f"{base}/0/0")
        call(f"{kind}-limit-101", op_id, f"{base}/0/101")
        call(f"{kind}-negative-offset", op_id, f"{base}/-1/5")
        call(f"{kind}-text-limit", op_id, f"{base}/0/ten")
        call(f"{kind}-unknown-id", op_id, f"{API}/{UNKNOWN}/{kind}/0/20")
        call(f"{kind}-non-uuid-id", op_id, f"{API}/integration-uuid/{kind}/0/20")
        call(f"{kind}-no-token", op_id, f"{base}/0/20", headers={})
        call(f"{kind}-own-credentials", op_id, f"{base}/0/20", headers=basic)
        call(f"{kind}-other-integration", op_id, f"{API}/{plain}/{kind}/0/20", headers=basic)
    http.close()
    return sandbox, seen


def _judge(st_schema, op_id: str, answer: httpx.Response) -> None:
    url = str(answer.request.url)
    headers: dict[str, list[str]] = {}
    for name, value in answer.headers.multi_items():
        headers.setdefault(name, []).append(value)
    request = requests.Request(answer.request.method, url).prepare()
    response = Response(answer.status_code, headers, answer.content, request, 0.0, True)
    _st_case(st_schema, op_id, url).validate_response(response, checks=CHECKS)


@pytest.mark.parametrize("variant", ["(tms.md)", *sorted(VARIANTS)])
def test_every_sandbox_answer_conforms(st_schema, variant):
    """The embedded sandbox implements tms.md, and each VARIANT another answer the catalogue
    allows: the contract accepts every one of their answers, for every operation."""
    sandbox, seen = session(*([] if variant == "(tms.md)" else [variant]))
    assert not sandbox.internal_errors
    assert {op_id for _, op_id, _ in seen} == set(OPERATIONS)
    failures = []
    for label, op_id, answer in seen:
        try:
            _judge(st_schema, op_id, answer)
        except FailureGroup as exc:
            failures.append(f"{label} ({op_id} {answer.status_code}): {exc}: {answer.text[:200]}")
    assert not failures, "\n".join(failures)
    by_label = {label: answer for label, _, answer in seen}
    # not vacuous: the success paths ran, the lists held something, the refusals were refused
    assert all(by_label[label].status_code in (200, 201) for label in (
        "create", "credentials", "testDataSourceMapping-example", "import", "email", "upload-template.csv"))
    first = by_label["objects-first-page"].json()
    assert (first if isinstance(first, list) else first["objects"]), "the queue is empty"
    queued = by_label["objects-failing-mapping"].json()
    assert {o["status"] for o in (queued if isinstance(queued, list) else queued["objects"])} == {"ERROR"}
    assert by_label["create-no-token"].status_code == 401
    assert by_label["objects-other-integration"].status_code in (401, 403)
    assert by_label["logs-unknown-id"].status_code == 404


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_schemathesis_fuzzing_the_sandbox_finds_nothing(st_schema, op_id):
    """What `golive --fuzz` does, in miniature: generated requests to the embedded sandbox get
    answers that schemathesis' status-code, content-type and schema checks accept."""
    sandbox = TmsSandbox()
    app = build_app([sandbox])
    method, path = OPERATIONS[op_id]
    statuses: set[int] = set()

    @given(case=st_schema[path][method.upper()].as_strategy())
    @settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(app=app, base_url="http://testserver/tms",
                             headers={"Authorization": f"Bearer {sandbox.token}"})
        statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()
    assert not sandbox.internal_errors
    assert statuses and all(code < 500 for code in statuses)


@pytest.mark.parametrize(("fault", "label"), [
    ("lowercase-status", "objects-first-page"),  # TMS-22, D-TMS-04
    ("lists-success-false", "logs-first-page"),  # TMS-45
    ("bad-paging-500", "tasks-negative-offset"),  # TMS-28: never 5xx
])
def test_sandbox_faults_the_contract_catches(st_schema, fault, label):
    """Deviations the contract itself must reject (the rest need Gherkin's state)."""
    assert fault in FAULTS
    _, seen = session(fault)
    op_id, answer = next((op_id, answer) for got, op_id, answer in seen if got == label)
    with pytest.raises(FailureGroup):
        _judge(st_schema, op_id, answer)
