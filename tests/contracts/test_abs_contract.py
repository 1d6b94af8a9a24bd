"""The ABS OpenAPI contract (contracts/abs.openapi.yaml) is valid, accepts every
documented example (P1), and is not vacuous: it rejects what the document and the
D-ABS resolutions of behaviours.md say is wrong.
(Its validity: test_hygiene.py.)"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response

from contracts.support import (
    DROP,
    FORMAT_CHECKER,
    Contract,
    assert_validity,
    extensions,
    format_checker,
    js,
    keys,
    mutate,
    schemathesis_labels,
    undescribed,
)

ABS = Contract.named("abs")
PATH = "/v2/partners/{company}"

# rec value -> the record schema of its GET answer
RECORD_SCHEMAS = {
    "registrations": "RegistrationRecord",
    "claims": "ClaimRecord",
    "sales": "SaleRecord",
    "cancellations": "CancellationRecord",
    "registrationstatus": "RegistrationStatus",
}
POST_KEYS = {
    "registrations": "Registrations",
    "claims": "Claims",
    "sales": "Sales",
    "cancellations": "Cancellations",
}


# --------------------------------------------------------------------- helpers ----
spec, registry = ABS.fixtures()


@pytest.fixture(scope="module")
def post_body(registry):
    return ABS.validator(
        registry, "paths", PATH, "post", "requestBody", "content", "application/json", "schema"
    )


@pytest.fixture(scope="module")
def get_200(registry):
    return ABS.validator(
        registry, "paths", PATH, "get", "responses", "200", "content", "application/json", "schema"
    )


def component(registry, name: str) -> Draft202012Validator:
    return ABS.validator(registry, "components", "schemas", name)


def request_record(rec: str) -> dict:
    return ABS.example(f"request-{rec}.json")[POST_KEYS[rec]][0]


def response_record(rec: str) -> dict:
    return ABS.example(f"response-get-{rec}.json")


# ------------------------------------------------------------- the document ----
def test_contract_shape(spec):
    operations = spec["paths"][PATH]
    assert {m: operations[m]["operationId"] for m in ("post", "get")} == {
        "post": "postRecords",
        "get": "getRecords",
    }
    assert list(spec["paths"]) == [PATH]
    jwt = spec["components"]["securitySchemes"]["partnerJwt"]
    assert (jwt["type"], jwt["scheme"], jwt["bearerFormat"]) == ("http", "bearer", "JWT")
    assert all(word in jwt["description"] for word in ("HS256", "partnerid", "claimdate"))
    assert spec["security"] == [{"partnerJwt": []}]
    get_params = {p["name"]: p.get("required", False) for p in operations["get"]["parameters"]}
    assert get_params == {
        "rec": True, "ShopID": True, "InvoiceNumber": True, "OrgID": False, "partnerid": False
    }
    rec = next(p for p in operations["get"]["parameters"] if p["name"] == "rec")
    assert set(rec["schema"]["enum"]) == set(RECORD_SCHEMAS)
    assert set(operations["post"]["responses"]) >= {"200", "206", "400", "401", "404", "415"}
    assert set(operations["get"]["responses"]) >= {"200", "204", "400", "401", "404"}
    assert "content" not in operations["get"]["responses"]["204"]


def test_every_schema_and_operation_is_described(spec):
    undocumented = undescribed(spec, "schemas")
    undocumented += [m for m in ("post", "get") if not spec["paths"][PATH][m].get("description")]
    assert not undocumented


def test_plain_openapi_without_float_unsafe_money(spec):
    assert "multipleOf" not in keys(spec)  # D-ABS-10
    assert not extensions(spec)  # no x-golive or other extensions


@pytest.mark.parametrize(
    "checker",
    [FORMAT_CHECKER, format_checker(FormatChecker(formats=()))],
    ids=["jsonschema", "fallback"],
)
@pytest.mark.parametrize(
    ("value", "fmt", "ok"),
    [
        ("2018-12-04T00:00:00Z", "date-time", True),
        ("2020-01-27T01:00:00.5+02:00", "date-time", True),
        ("2018-12-04", "date-time", False),
        ("20181204T00:00:00", "date-time", False),  # D-ABS-07's hybrid: a probe, not contract
        ("2018-12-04", "date", True),
        ("2020-02-30", "date", False),
        ("27/01/2020", "date", False),
    ],
)
def test_format_checker_asserts_dates(checker, value, fmt, ok):
    """`format` must really be checked, not silently skipped (rfc3339-validator)."""
    assert checker.conforms(value, fmt) is ok


# ------------------------------------------------------------- the examples (P1) ----
def test_all_examples_are_covered():
    assert ABS.example_names() == sorted(
        [f"request-{r}.json" for r in POST_KEYS]
        + [f"response-get-{r}.json" for r in RECORD_SCHEMAS]
        + ["response-post.json"]
    )


@pytest.mark.parametrize("rec", sorted(POST_KEYS))
def test_example_request_is_a_valid_post_body(post_body, registry, rec):
    body = ABS.example(f"request-{rec}.json")
    assert_validity(post_body, body, True)
    record_schema = POST_KEYS[rec][:-1]  # Registrations -> Registration, ...
    assert_validity(component(registry, record_schema), body[POST_KEYS[rec]][0], True)


@pytest.mark.parametrize("rec", sorted(RECORD_SCHEMAS))
def test_example_get_response_matches_its_record_schema_only(get_200, registry, rec):
    body = response_record(rec)
    assert_validity(get_200, body, True)
    accepted = {
        name for name in RECORD_SCHEMAS.values() if component(registry, name).is_valid(body)
    }
    assert accepted == {RECORD_SCHEMAS[rec]}


def test_example_post_response_is_a_valid_200(registry):
    body = ABS.example("response-post.json")
    ok = "paths", PATH, "post", "responses", "200", "content"
    assert_validity(ABS.validator(registry, *ok, "application/json", "schema"), body, True)
    assert_validity(ABS.validator(registry, *ok, "text/plain", "schema"), body, True)
    # The sandbox's object form (abs.md) is accepted too; a bare array is not.
    sandbox = {"message": "Successfully Posted", "results": []}
    assert_validity(ABS.validator(registry, *ok, "application/json", "schema"), sandbox, True)
    assert_validity(ABS.validator(registry, *ok, "application/json", "schema"), [body], False)


# --------------------------------------------------------------- POST records ----
LONG_MODEL = "235/60R18/XL 107V SUMITOMO HTR A/S P02 BLK"  # 42 chars, D-ABS-06
assert len(LONG_MODEL) == 42

RECORD_CASES = [
    # (id, rec, changes, valid)
    ("reg-missing-ShopID", "registrations", {"ShopID": DROP}, False),
    ("reg-empty-ShopID", "registrations", {"ShopID": ""}, False),  # ABS-21
    ("reg-ShopID-26-chars", "registrations", {"ShopID": "0" * 26}, False),
    ("reg-ShopID-25-chars", "registrations", {"ShopID": "0" * 25}, True),  # ABS-28
    ("reg-null-TiresCovered", "registrations", {"TiresCovered": None}, False),
    ("reg-TiresCovered-four", "registrations", {"TiresCovered": "four"}, False),  # ABS-27
    ("reg-TiresCovered-4.5", "registrations", {"TiresCovered": 4.5}, False),
    ("reg-TiresCovered-numeric-string", "registrations", {"TiresCovered": "4"}, True),
    ("reg-CurrentMileage-string", "registrations", {"CurrentMileage": "187437"}, True),
    ("reg-money-3-decimals-string", "registrations", {"TPPPrice": "12.345"}, False),
    ("reg-money-2-decimals-string", "registrations", {"TPPPrice": "12.34"}, True),
    ("reg-money-text", "registrations", {"TirePrice": "12 USD"}, False),
    ("reg-TireModel-42-chars", "registrations", {"TireModel": LONG_MODEL}, True),
    ("reg-CommercialVehicle-Yes", "registrations", {"CommercialVehicle": "Yes"}, True),
    ("reg-CommercialVehicle-TRUE", "registrations", {"CommercialVehicle": "TRUE"}, True),
    ("reg-CommercialVehicle-maybe", "registrations", {"CommercialVehicle": "maybe"}, False),
    ("reg-without-TireDOT1", "registrations", {"TireDOT1": DROP}, True),  # D-ABS-21
    ("reg-stray-TireCount", "registrations", {"TireCount": 4}, True),  # D-ABS-20
    ("reg-VehicleYear-4-digits", "registrations", {"VehicleYear": "2008"}, True),
    ("reg-date-only", "registrations", {"PlanEnrollDate": "2020-01-27"}, True),
    ("reg-date-time-offset", "registrations", {"PlanEnrollDate": "2020-01-27T01:00:00+02:00"}, True),
    ("reg-date-time-utc", "registrations", {"PlanEnrollDate": "2020-01-27T00:00:00Z"}, True),
    ("reg-date-dmy", "registrations", {"PlanEnrollDate": "27/01/2020"}, False),  # ABS-34
    ("reg-date-impossible", "registrations", {"PlanEnrollDate": "2020-02-30"}, False),
    ("reg-date-empty", "registrations", {"PlanEnrollDate": ""}, False),
    ("claim-lowercase-L-alias-only", "claims",
     {"RepairInvoiceNumber": DROP, "RepairlnvoiceNumber": "9994498"}, False),  # D-ABS-03
    ("claim-missing-RepairShopID", "claims", {"RepairShopID": DROP}, False),  # D-ABS-01
    ("claim-InvoiceNumber-50-chars", "claims", {"InvoiceNumber": "1" * 50}, True),  # D-ABS-05
    ("claim-InvoiceNumber-51-chars", "claims", {"InvoiceNumber": "1" * 51}, False),
    ("claim-without-ServiceType", "claims", {"ServiceType": DROP}, True),  # D-ABS-02
    ("claim-ServiceType-201-chars", "claims", {"ServiceType": "R" * 201}, False),
    ("claim-TirePrice-not-validated", "claims", {"TirePrice": "n/a"}, True),  # abs.md
    ("sale-InvoiceNumber-26-chars", "sales", {"InvoiceNumber": "1" * 26}, False),
    ("sale-missing-TireSize", "sales", {"TireSize": DROP}, False),
    ("cancel-TireCancelCount-true-number", "cancellations", {"TireCancelCount": 1}, True),
    ("cancel-TireCancelCount-signed-string", "cancellations", {"TireCancelCount": "-1"}, False),
    ("cancel-InvoiceNumber-50-chars", "cancellations", {"InvoiceNumber": "1" * 50}, True),
]


@pytest.mark.parametrize(
    ("rec", "changes", "valid"), [c[1:] for c in RECORD_CASES], ids=[c[0] for c in RECORD_CASES]
)
def test_post_record_case(post_body, rec, changes, valid):
    body = {POST_KEYS[rec]: [mutate(request_record(rec), changes)]}
    assert_validity(post_body, body, valid)


def _envelope_cases():
    reg, claim = request_record("registrations"), request_record("claims")
    return [
        ("empty-array", {"Registrations": []}, False),  # D-ABS-18
        ("unknown-key", {"Widgets": [reg]}, False),  # ABS-15
        ("unknown-key-beside-a-record-type", {"Registrations": [reg], "Widgets": []}, False),  # ABS-15
        ("empty-object", {}, False),
        ("bare-array", [reg], False),
        ("record-not-in-array", {"Registrations": reg}, False),
        ("registration-under-Claims", {"Claims": [reg]}, False),
        ("two-record-types", {"Registrations": [reg], "Claims": [claim]}, False),  # D-ABS-19
        ("several-records", {"Registrations": [reg, mutate(reg, {"InvoiceNumber": "2"})]}, True),
    ]


@pytest.mark.parametrize(("body", "valid"), [c[1:] for c in _envelope_cases()],
                         ids=[c[0] for c in _envelope_cases()])
def test_post_envelope_case(post_body, body, valid):
    assert_validity(post_body, body, valid)


# --------------------------------------------------------------- GET answers ----
GET_CASES = [
    # (id, rec, changes, valid)
    ("reg-PartnerID-string", "registrations", {"PartnerID": "1001"}, False),  # ABS-11
    ("reg-date-only", "registrations", {"PlanEnrollDate": "2018-12-04"}, False),  # ABS-32
    ("reg-date-null", "registrations", {"PlanEnrollDate": None}, False),  # D-ABS-08
    ("reg-date-plus-00-00", "registrations",
     {"PlanEnrollDate": "2018-12-04T00:00:00+00:00"}, True),  # D-X-01
    ("reg-date-fraction", "registrations", {"PlanEnrollDate": "2018-12-04T00:00:00.120Z"}, True),
    ("reg-date-not-utc", "registrations",
     {"PlanEnrollDate": "2018-12-04T02:00:00+02:00"}, False),  # D-X-01
    ("reg-CurrentMileage-string", "registrations", {"CurrentMileage": "175920"}, False),  # D-ABS-09
    ("reg-money-string", "registrations", {"TPPPrice": "322.18"}, False),
    ("reg-missing-TireDOT6", "registrations", {"TireDOT6": DROP}, False),  # ABS-44
    ("reg-extra-key", "registrations", {"RegistrationID": 70}, True),  # D-ABS-29
    ("claim-without-ServiceType", "claims", {"ServiceType": DROP}, True),  # D-ABS-02: optional in responses
    ("claim-without-TirePrice", "claims", {"TirePrice": DROP}, False),  # ABS-55
    ("reg-CommercialVehicle-No", "registrations", {"CommercialVehicle": "No"}, True),  # D-ABS-11
    ("claim-missing-TirePrice", "claims", {"TirePrice": DROP}, False),  # ABS-55
    ("claim-ServiceType-empty", "claims", {"ServiceType": ""}, True),  # D-ABS-02
    ("sale-TireCount-string", "sales", {"TireCount": "1"}, False),
    ("sale-missing-SaleDate", "sales", {"SaleDate": DROP}, False),  # ABS-59
    ("cancel-with-TireCancelCount", "cancellations", {"TireCancelCount": 1}, True),  # D-ABS-29
    ("cancel-TireCancelCount-string", "cancellations", {"TireCancelCount": "1"}, False),
    ("status-cancelled", "registrationstatus",
     {"WarrantyStatus": 2, "Message": "Registration is Cancelled",
      "CancelDate": "2020-01-27T00:00:00Z", "StatusDate": "2020-01-27T00:00:00Z"}, True),
    ("status-code-5", "registrationstatus", {"WarrantyStatus": 5}, False),  # ABS-76
    ("status-message-mismatch", "registrationstatus",
     {"WarrantyStatus": 2, "Message": "Registration is Active"}, False),  # D-ABS-26
    ("status-TiresLeft-negative", "registrationstatus", {"TiresLeft": -1}, False),  # ABS-77
    ("status-ExpireDate-null", "registrationstatus", {"ExpireDate": None}, False),  # D-ABS-08
    ("status-missing-RegistrationID", "registrationstatus", {"RegistrationID": DROP}, False),
]


@pytest.mark.parametrize(
    ("rec", "changes", "valid"), [c[1:] for c in GET_CASES], ids=[c[0] for c in GET_CASES]
)
def test_get_response_case(get_200, registry, rec, changes, valid):
    body = mutate(response_record(rec), changes)
    assert_validity(component(registry, RECORD_SCHEMAS[rec]), body, valid)
    assert_validity(get_200, body, valid)


@pytest.mark.parametrize(
    ("shape", "valid"), [("array-of-two", True), ("empty-array", False), ("array-of-junk", False)]
)
def test_claims_answer_may_be_an_array(get_200, registry, shape, valid):
    """D-ABS-28: several claims on one invoice come back as an array of claim objects."""
    claim = response_record("claims")
    body = {
        "array-of-two": [claim, mutate(claim, {"RepairInvoiceNumber": "104274"})],
        "empty-array": [],
        "array-of-junk": [claim, {"PartnerID": 1001}],
    }[shape]
    assert_validity(component(registry, "ClaimRecord"), body, valid)
    assert_validity(get_200, body, valid)


# --------------------------------------------------------------- schemathesis ----
@pytest.fixture(scope="module")
def st_schema():
    return schemathesis.openapi.from_path(ABS.path)


def test_schemathesis_lists_exactly_two_operations(st_schema):
    assert schemathesis_labels(st_schema) == [f"GET {PATH}", f"POST {PATH}"]


def test_schemathesis_generates_bodies_the_contract_accepts(st_schema, post_body):
    """The POST body schema is fuzzable: generated positive bodies validate against it."""
    operation = st_schema[PATH]["POST"]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        assert_validity(post_body, case.body, True)

    check()


def _st_cases():
    """(id, method, status, body bytes, content type or None, valid) for schemathesis."""
    reg = response_record("registrations")
    cases = [
        (f"get-200-{rec}-example", "GET", 200, js(response_record(rec)), "application/json", True)
        for rec in sorted(RECORD_SCHEMAS)
    ]
    return [*cases,
        ("get-200-date-only", "GET", 200, js(mutate(reg, {"PlanEnrollDate": "2018-12-04"})),
         "application/json", False),
        ("get-200-PartnerID-string", "GET", 200, js(mutate(reg, {"PartnerID": "1001"})),
         "application/json", False),
        ("get-204-blank", "GET", 204, b"", None, True),
        ("get-400-any-json", "GET", 400, js({"expected": ["rec", "ShopID"]}), "application/json", True),
        ("post-200-json-string", "POST", 200, (ABS.examples / "response-post.json").read_bytes(),
         "application/json", True),
        ("post-200-text", "POST", 200, b"Successfully Posted", "text/plain; charset=utf-8", True),
        ("post-200-object", "POST", 200, js({"message": "Successfully Posted", "results": []}),
         "application/json", True),
        ("post-206-array", "POST", 206, js([{"index": 0, "status": "accepted"}]), "application/json", True),
        ("post-206-object", "POST", 206, js({"accepted": []}), "application/json", False),
        ("post-401-bodiless", "POST", 401, b"", None, True),
        ("post-415-bodiless", "POST", 415, b"", None, True),
    ]


@pytest.mark.parametrize(
    ("method", "status", "content", "content_type", "valid"),
    [c[1:] for c in _st_cases()], ids=[c[0] for c in _st_cases()],
)
def test_schemathesis_response_validation(st_schema, method, status, content, content_type, valid):
    """Schemathesis' own validator (jsonschema_rs) reads the contract as jsonschema does."""
    headers = {"content-type": [content_type]} if content_type else {}
    request = requests.Request(method, "http://abs.invalid/v2/partners/tirecompany_test").prepare()
    response = Response(status, headers, content, request, 0.0, True)
    operation = st_schema[PATH][method]
    if valid:
        assert operation.validate_response(response) is None
    else:  # several failures (a wrong PartnerID also fails the union's `anyOf`) come as a group
        with pytest.raises((AssertionError, FailureGroup)):
            operation.validate_response(response)
