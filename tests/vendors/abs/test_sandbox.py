"""The embedded ABS sandbox against shared/spec/vendors/abs.md (and its faults)."""
from __future__ import annotations

import base64
import json
import random
from datetime import datetime, timedelta
from typing import Any

import jwt
import pytest

from golive.vendors.abs.faults import FAULTS
from golive.vendors.abs.sandbox import AbsSandbox
from vendors.abs.helpers import BASE, DAY, TEST, Abs, cancel, claim, example, forged, sale


@pytest.fixture
def a() -> Abs:
    return Abs()


# --- control protocol -------------------------------------------------------------

def test_credentials_reset_and_clock(a: Abs) -> None:
    assert a.http.get("/abs/_sandbox/credentials").json() == a.creds
    assert set(a.creds) == {"partner_id", "secret", "company", "other_partner_id", "other_secret",
                            "other_company", "registration_term_days"}
    assert (a.creds["partner_id"], a.creds["company"], a.creds["other_partner_id"], a.creds["other_company"],
            a.creds["registration_term_days"]) == ("1001", "tirecompany", "1002", "othercompany", 1095)
    assert a.creds["secret"] != a.creds["other_secret"]
    a.registered()
    before = a.now()
    a.advance(DAY)
    assert a.now()[:10] > before[:10]
    reset = a.http.post("/abs/_sandbox/reset")
    assert reset.status_code == 204 and a.now()[:10] == before[:10]
    assert a.get("registrations").status_code == 204
    assert a.http.get("/abs/_sandbox/credentials").json() == a.creds  # secrets survive resets
    assert a.http.get("/abs/_sandbox/outbox").json() == [] and a.http.get("/abs/_sandbox/leads").json() == []
    assert AbsSandbox(secrets={"secret": "s1", "other_secret": "s2"}).credentials()["secret"] == "s1"


# --- auth -------------------------------------------------------------------------

BAD_AUTH = {
    "none": lambda a: {},
    "basic": lambda a: {"authorization": "Basic " + base64.b64encode(b"1001:" + a.creds["secret"].encode()).decode()},
    "raw secret": lambda a: {"authorization": a.creds["secret"]},
    "bearer secret": lambda a: a.auth(a.creds["secret"]),
    "random": lambda a: a.auth("not-a-jwt"),
    "truncated": lambda a: a.auth(a.token()[:-5]),
    "wrong secret": lambda a: a.auth(a.token(secret="x" * 64)),
    "alg none": lambda a: a.auth(jwt.encode({"partnerid": 1001, "claimdate": "2026-01-01"}, None, algorithm="none")),
    "HS512": lambda a: a.auth(a.token(alg="HS512")),
    "RS256 confused": lambda a: a.auth(forged({"alg": "RS256", "typ": "JWT"}, {"partnerid": 1001, "claimdate": "x"},
                                              a.creds["secret"].encode())),
    "no partnerid": lambda a: a.auth(a.token(partnerid=None)),
    "unknown partnerid": lambda a: a.auth(a.token(partnerid=9999)),
    "boolean partnerid": lambda a: a.auth(a.token(partnerid=True)),
    "other partner's id": lambda a: a.auth(a.token(partnerid="1002")),
    "other partner's token": lambda a: a.auth(a.token(secret=a.creds["other_secret"], partnerid=1002)),
    "no claimdate": lambda a: a.auth(a.token(claimdate=None)),
    "expired": lambda a: a.auth(a.token(exp=datetime.fromisoformat(a.now()).timestamp() - 5)),
}


@pytest.mark.parametrize("case", BAD_AUTH)
def test_bad_auth_is_401_on_get_and_post(a: Abs, case: str) -> None:
    headers = BAD_AUTH[case](a)
    assert a.get("registrations", headers=headers).status_code == 401
    assert a.post("Registrations", a.reg(), headers=headers).status_code == 401
    assert a.post("Registrations", a.reg(), path=TEST, headers=headers).status_code == 401
    assert a.get("registrations").status_code == 204  # nothing was written


@pytest.mark.parametrize("claims", [{"partnerid": "1001"}, {"claimdate": "2026-01-01"}, {"claimdate": 1700000000},
                                    {"exp": 4102444800}])
def test_good_tokens(a: Abs, claims: dict) -> None:
    assert a.get("registrations", headers=a.auth(a.token(**claims))).status_code == 204


def test_exp_is_honoured_on_the_vendor_clock(a: Abs) -> None:
    headers = a.auth(a.token(exp=datetime.fromisoformat(a.now()).timestamp() + 60))
    assert a.get("registrations", headers=headers).status_code == 204
    a.advance(120)
    assert a.get("registrations", headers=headers).status_code == 401


def test_company_paths(a: Abs) -> None:
    assert a.get("registrations", path="/abs/v2/partners/nosuchcompany").status_code == 401
    assert a.get("registrations", path="/abs/v2/partners/othercompany").status_code == 401
    other = a.auth(a.token(secret=a.creds["other_secret"], partnerid=1002))
    assert a.get("registrations", path="/abs/v2/partners/othercompany_test", headers=other,
                 partnerid="1002").status_code == 204
    assert a.get("registrations", path=TEST).status_code == 204


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
def test_other_methods_are_405(a: Abs, method: str) -> None:
    assert a.http.request(method, BASE, headers=a.auth()).status_code == 405


# --- POST status codes and bodies ---------------------------------------------------

def test_200_body(a: Abs) -> None:
    response = a.post("Registrations", a.reg(), a.reg(InvoiceNumber="INV-2"))
    assert response.status_code == 200
    assert response.json() == {"message": "Successfully Posted", "results": [
        {"index": 0, "status": "accepted", "ShopID": "005308", "InvoiceNumber": "INV-1"},
        {"index": 1, "status": "accepted", "ShopID": "005308", "InvoiceNumber": "INV-2"}]}


def test_206_body_and_effect(a: Abs) -> None:
    response = a.post("Registrations", a.reg(), a.reg(InvoiceNumber="INV-2", TireCost="x", EmployeeID=None))
    assert response.status_code == 206
    assert response.json() == [
        {"index": 0, "status": "accepted", "ShopID": "005308", "InvoiceNumber": "INV-1"},
        {"index": 1, "status": "rejected", "errors": [
            {"field": "EmployeeID", "message": "EmployeeID is required and must not be empty"},
            {"field": "TireCost", "message": "TireCost must be a number or a numeric string"}]}]
    assert a.get("registrations").status_code == 200 and a.get("registrations", inv="INV-2").status_code == 204


def test_400_when_every_record_is_rejected(a: Abs) -> None:
    response = a.post("Registrations", a.reg(TiresCovered=None), a.reg(InvoiceNumber="INV-2", PlanEnrollDate="x"))
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()] == [(0, "TiresCovered"), (1, "PlanEnrollDate")]
    assert a.get("registrations").status_code == 204


@pytest.mark.parametrize("body", [
    b"", b"not json", b"[]", b"{}", b'"x"', b"\xff\xfe", b'{"Registrations": []}', b'{"Registrations": {}}',
    b'{"Widgets": [{}]}', b'{"Registrations": [{}], "Claims": [{}]}', b'{"Registrations": [{"TiresCovered": NaN}]}',
])
def test_body_level_400(a: Abs, body: bytes) -> None:
    response = a.http.post(BASE, content=body, headers={**a.auth(), "content-type": "application/json"})
    assert response.status_code == 400
    assert isinstance(response.json(), list) and "index" not in response.json()[0]


@pytest.mark.parametrize("ctype", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_content_type_must_be_json(a: Abs, ctype: str | None) -> None:
    headers = {**a.auth(), **({"content-type": ctype} if ctype else {})}
    response = a.http.post(BASE, content=json.dumps({"Registrations": [a.reg()]}), headers=headers)
    assert response.status_code == 400 and a.get("registrations").status_code == 204


def test_json_suffix_content_type_is_json(a: Abs) -> None:
    headers = {**a.auth(), "content-type": "application/vnd.abs+json; charset=utf-8"}
    assert a.http.post(BASE, content=json.dumps({"Registrations": [a.reg()]}), headers=headers).status_code == 200


def test_record_that_is_not_an_object(a: Abs) -> None:
    response = a.post("Registrations", a.reg(), "x")
    assert response.status_code == 206 and response.json()[1]["status"] == "rejected"


# --- field rules ------------------------------------------------------------------

REQUIRED = {
    "Registrations": ["ShopID", "InvoiceNumber", "PlanEnrollDate", "EmployeeID", "CustomerID", "TiresCovered",
                      "TPPPrice", "TireBrand", "TireSize", "TirePrice", "TireCost"],
    "Claims": ["ShopID", "InvoiceNumber", "ClaimDate", "RepairShopID", "RepairInvoiceNumber", "TireClaimCount",
               "CreditAmount", "CostPerUnit", "TireBrand", "TireSize", "TireCost"],
    "Sales": ["ShopID", "InvoiceNumber", "SaleDate", "TireCount", "TireBrand", "TireSize", "TirePrice", "TireCost"],
    "Cancellations": ["ShopID", "InvoiceNumber", "CancelShopID", "CancelInvoiceNumber", "TireCancelCount",
                      "CancelDate"],
}
BUILDERS = {"Registrations": lambda a: a.reg(), "Claims": lambda a: claim(), "Sales": lambda a: sale(),
            "Cancellations": lambda a: cancel()}


@pytest.mark.parametrize("key", REQUIRED)
def test_required_fields(a: Abs, key: str) -> None:
    """Record i lacks the i-th required field (missing, "" or null in turn): 400 naming exactly it."""
    a.registered()
    batch = []
    for i, name in enumerate(REQUIRED[key]):
        record = BUILDERS[key](a)
        record.pop(name) if i % 3 == 0 else record.update({name: "" if i % 3 == 1 else None})
        batch.append(record)
    response = a.post(key, *batch)
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()] == list(enumerate(REQUIRED[key]))
    single = a.post(key, {**BUILDERS[key](a), REQUIRED[key][-1]: None})
    assert (single.status_code, [e["field"] for e in single.json()]) == (400, [REQUIRED[key][-1]])


def test_only_required_fields_and_optional_nulls(a: Abs) -> None:
    assert a.post("Registrations", a.reg(OrgID=None, TireDOT1="", VIN=None)).status_code == 200
    body = a.one("registrations")
    assert (body["OrgID"], body["TireDOT1"], body["VIN"], body["CurrentMileage"], body["CommercialVehicle"]) == (
        "", "", "", 0, "false")
    assert a.post("Claims", claim()).status_code == 200 and a.post("Sales", sale()).status_code == 200
    assert a.post("Cancellations", cancel()).status_code == 200


@pytest.mark.parametrize(("key", "name", "size"), [
    ("Registrations", "ShopID", 25), ("Registrations", "InvoiceNumber", 50), ("Registrations", "OrgID", 50),
    ("Registrations", "VehicleYear", 25), ("Registrations", "TireDOT6", 25), ("Registrations", "TireModel", 200),
    ("Claims", "InvoiceNumber", 50), ("Claims", "RepairInvoiceNumber", 50), ("Claims", "TireLocation3", 200),
    ("Claims", "ServiceType", 200), ("Claims", "TireModel", 200), ("Sales", "InvoiceNumber", 25),
    ("Cancellations", "InvoiceNumber", 50), ("Cancellations", "CancelInvoiceNumber", 25),
])
def test_string_limits(a: Abs, key: str, name: str, size: int) -> None:
    if key in ("Claims", "Cancellations"):
        a.registered(InvoiceNumber="7" * size if name == "InvoiceNumber" else "INV-1")
    record = BUILDERS[key](a)
    assert a.post(key, {**record, name: "7" * (size + 1)}).json()[0]["field"] == name
    assert a.post(key, {**record, name: "7" * size}).status_code == 200


def test_numbers(a: Abs) -> None:
    a.registered(CurrentMileage="0187437", TPPPrice="995.68", TirePrice=60.00, TireCost="1", TiresCovered="4")
    body = a.one("registrations")
    assert (body["CurrentMileage"], body["TPPPrice"], body["TirePrice"], body["TireCost"], body["TiresCovered"]) == (
        187437, 995.68, 60, 1, 4)
    for name, bad in [("TiresCovered", "four"), ("TiresCovered", 4.5), ("TiresCovered", True), ("TiresCovered", 0),
                      ("TiresCovered", -1), ("CurrentMileage", "-5"), ("CurrentMileage", 2**31), ("TPPPrice", 1.234),
                      ("TPPPrice", "1.234"), ("TPPPrice", "abc"), ("TPPPrice", {"a": 1}), ("TPPPrice", [1]),
                      ("TPPPrice", 1e300), ("TPPPrice", False), ("ShopID", 5308)]:
        response = a.post("Registrations", a.reg(InvoiceNumber="INV-2", **{name: bad}))
        assert (response.status_code, response.json()[0]["field"]) == (400, name), (name, bad)
    assert a.post("Claims", claim(TireClaimCount=-1)).json()[0]["field"] == "TireClaimCount"


@pytest.mark.parametrize(("sent", "read"), [
    ("2020-01-27", "2020-01-27T00:00:00Z"), ("2020-01-27T10:11:12Z", "2020-01-27T10:11:12Z"),
    ("2020-01-27T01:00:00+02:00", "2020-01-26T23:00:00Z"), ("2020-01-27t10:11:12z", "2020-01-27T10:11:12Z"),
    ("2020-01-27T10:11:12.3456789123-01:30", "2020-01-27T11:41:12Z"),
    ("20200127T10:11:12", "2020-01-27T10:11:12Z"), ("2020-01-27T10:11:12", "2020-01-27T10:11:12Z"),
])
def test_dates_accepted_and_read_back_in_utc(a: Abs, sent: str, read: str) -> None:
    a.registered(PlanEnrollDate=sent)
    assert a.one("registrations")["PlanEnrollDate"] == read


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-13-45", "27/01/2020", "yesterday", "2020-01-27T25:00:00Z",
                                 "2020-01-27T10:00", "20200127", "2020-01-27T10:00:00+24:00", 20200127])
def test_impossible_dates_rejected(a: Abs, bad: Any) -> None:
    response = a.post("Sales", sale(SaleDate=bad))
    assert (response.status_code, response.json()[0]["field"]) == (400, "SaleDate")


@pytest.mark.parametrize(("sent", "read"), [("Yes", "true"), ("no", "false"), ("TRUE", "true"), ("false", "false")])
def test_commercial_vehicle(a: Abs, sent: str, read: str) -> None:
    a.registered(CommercialVehicle=sent)
    assert a.one("registrations")["CommercialVehicle"] == read
    assert a.post("Registrations", a.reg(CommercialVehicle="maybe")).json()[0]["field"] == "CommercialVehicle"


def test_claim_alias_tireprice_and_unknown_fields(a: Abs) -> None:
    a.registered(TireCount=4, VehicleYear="08")
    record = claim(TirePrice="oops", Whatever={"x": 1})
    record["RepairlnvoiceNumber"] = record.pop("RepairInvoiceNumber")
    assert a.post("Claims", record).status_code == 200
    body = a.one("claims")
    assert (body["RepairInvoiceNumber"], body["TirePrice"], body["ServiceType"]) == ("RI-1", 0, "")
    assert a.one("registrations")["VehicleYear"] == "08"
    assert a.post("Claims", claim(RepairInvoiceNumber="RI-2", TirePrice=12.5)).status_code == 200
    assert a.one("claims")[1]["TirePrice"] == 12.5


# --- retransmission keys -------------------------------------------------------------

def test_registration_resend_updates(a: Abs) -> None:
    a.registered()
    first = a.status()
    a.advance(60)
    assert a.post("Registrations", a.reg(TiresCovered=6, OrgID="G1", EmployeeID="E2")).status_code == 200
    body, status = a.one("registrations"), a.status()
    assert isinstance(body, dict) and (body["EmployeeID"], body["OrgID"]) == ("E2", "G1")
    assert (status["RegistrationID"], status["CreatedDate"], status["TiresCovered"]) == (
        first["RegistrationID"], first["CreatedDate"], 6)


def test_claim_and_cancellation_resends_update(a: Abs) -> None:
    a.registered()
    assert a.post("Claims", claim(TireClaimCount=2)).status_code == 200
    assert a.post("Claims", claim(TireClaimCount=3, CreditAmount=1)).status_code == 200
    assert (a.one("claims")["CreditAmount"], a.status()["TireClaimCount"]) == (1, 3)
    assert a.post("Claims", claim(RepairInvoiceNumber="RI-2")).status_code == 200  # a new claim
    assert len(a.one("claims")) == 2 and a.status()["TiresLeft"] == 0
    a.registered(InvoiceNumber="INV-2")
    assert a.post("Cancellations", cancel(InvoiceNumber="INV-2", TireCancelCount="4")).status_code == 200
    assert a.post("Cancellations", cancel(InvoiceNumber="INV-2", TireCancelCount=4)).status_code == 200
    assert a.status(inv="INV-2")["TireCancelCount"] == 4
    response = a.post("Cancellations", cancel(InvoiceNumber="INV-2", CancelInvoiceNumber="CI-2", TireCancelCount=0))
    assert (response.status_code, response.json()[0]["field"]) == (400, "InvoiceNumber")


def test_full_claim_resend_and_batch_duplicates(a: Abs) -> None:
    a.registered()
    assert a.post("Claims", claim(TireClaimCount=4)).status_code == 200
    assert a.post("Claims", claim(TireClaimCount=4)).status_code == 200
    assert a.post("Sales", sale(TireCount=1), sale(TireCount=2)).status_code == 200
    assert a.post("Sales", sale(TireCount=3)).status_code == 200
    assert a.one("sales", inv="S-1")["TireCount"] == 3
    twice = a.post("Registrations", a.reg(InvoiceNumber="B", EmployeeID="x"), a.reg(InvoiceNumber="B"))
    assert twice.status_code == 200
    assert a.one("registrations", inv="B")["EmployeeID"] == "E1"


def test_registration_update_below_used_tires(a: Abs) -> None:
    a.registered()
    a.post("Claims", claim(TireClaimCount=2))
    a.post("Cancellations", cancel(TireCancelCount=1))
    response = a.post("Registrations", a.reg(TiresCovered=2))
    assert (response.status_code, response.json()[0]["field"]) == (400, "TiresCovered")
    assert a.post("Registrations", a.reg(TiresCovered=3)).status_code == 200
    assert a.status()["TiresLeft"] == 0


# --- business rules -----------------------------------------------------------------

def test_new_registration_status(a: Abs) -> None:
    a.registered()
    status = a.status()
    assert set(status) == set(example("response-get-registrationstatus"))
    assert (status["WarrantyStatus"], status["Message"], status["TiresLeft"], status["TireClaimCount"],
            status["CancelDate"], status["ExpireDate"], status["StatusDate"]) == (
        1, "Registration is Active", 4, 0, "", "", "")
    assert status["PlanEnrollDate"] == f"{a.today}T00:00:00Z" and status["CreatedDate"].endswith("Z")


def test_references_must_exist(a: Abs) -> None:
    for key, record in [("Claims", claim()), ("Cancellations", cancel())]:
        response = a.post(key, record)
        assert (response.status_code, response.json()[0]["field"]) == (400, "InvoiceNumber")


def test_claims_use_up_tires(a: Abs) -> None:
    a.registered()
    assert a.post("Claims", claim(TireClaimCount=5)).json()[0]["field"] == "TireClaimCount"
    both = a.post("Claims", claim(TireClaimCount=3), claim(RepairInvoiceNumber="RI-2", TireClaimCount=1))
    assert both.status_code == 200
    status = a.status()
    assert (status["TireClaimCount"], status["TiresLeft"], status["WarrantyStatus"], status["Message"]) == (
        4, 0, 3, "No Tires left on Registration")
    assert status["StatusDate"] >= status["CreatedDate"]
    assert a.post("Claims", claim(RepairInvoiceNumber="RI-3")).status_code == 400
    assert a.post("Cancellations", cancel()).json()[0]["field"] == "TireCancelCount"


def test_cancellation(a: Abs) -> None:
    a.registered()
    assert a.post("Cancellations", cancel(TireCancelCount=5)).json()[0]["field"] == "TireCancelCount"
    assert a.post("Cancellations", cancel(TireCancelCount=4, CancelDate="2026-01-27T01:00:00+02:00")).status_code == 200
    status = a.status()
    assert (status["WarrantyStatus"], status["Message"], status["TireCancelCount"], status["TiresLeft"],
            status["CancelDate"]) == (2, "Registration is Cancelled", 4, 0, "2026-01-26T23:00:00Z")
    assert a.post("Claims", claim()).json()[0]["field"] == "InvoiceNumber"


def test_claim_on_partly_cancelled_registration_is_rejected(a: Abs) -> None:
    a.registered()
    a.post("Cancellations", cancel(TireCancelCount=1))
    assert a.status()["WarrantyStatus"] == 2
    assert a.post("Claims", claim()).status_code == 400


def test_expiry_on_the_vendor_clock(a: Abs) -> None:
    a.registered()
    a.advance(1094 * DAY)
    assert a.status()["WarrantyStatus"] == 1 and a.post("Claims", claim()).status_code == 200
    a.advance(2 * DAY)
    status, now = a.status(), a.now()
    expected = (datetime.fromisoformat(a.today) + timedelta(days=1095)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (status["WarrantyStatus"], status["Message"], status["ExpireDate"], status["StatusDate"]) == (
        4, "Registration is Expired", expected, expected)
    assert status["ExpireDate"] <= now
    assert a.post("Claims", claim(RepairInvoiceNumber="RI-2")).json()[0]["field"] == "InvoiceNumber"


def test_registration_posted_already_expired(a: Abs) -> None:
    assert a.post("Registrations", a.reg(PlanEnrollDate="2018-12-04")).status_code == 200
    status = a.status()
    assert (status["WarrantyStatus"], status["ExpireDate"], status["StatusDate"]) == (
        4, "2021-12-03T00:00:00Z", status["CreatedDate"])


# --- GET -----------------------------------------------------------------------------

@pytest.mark.parametrize("rec", ["registrations", "claims", "sales", "cancellations", "registrationstatus"])
def test_get_shapes_match_the_examples(a: Abs, rec: str) -> None:
    a.registered()
    a.post("Claims", claim())
    a.post("Cancellations", cancel())
    a.post("Sales", sale(InvoiceNumber="INV-1"))
    body = a.one(rec)
    sample = example(f"response-get-{rec}")
    assert isinstance(body, dict) and set(sample) <= set(body)
    assert set(body) - set(sample) == ({"TireCancelCount"} if rec == "cancellations" else set())
    assert body["PartnerID"] == 1001
    for name, value in sample.items():
        assert type(body[name]) is type(value) or {type(body[name]), type(value)} == {int, float}, name
    for name, value in body.items():
        if name.endswith("Date") and value:
            assert datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ"), name


def test_get_parameter_spellings(a: Abs) -> None:
    a.registered()
    for query in ["rec=registrations&ShopID=005308&InvoiceNumber=INV-1",
                  "REC=Registrations&SHOPID=005308&invoicenumber=INV-1",
                  "rec=REGISTRATIONSTATUS&shopId=005308&InvoiceNumber=INV-1&PartnerID=1001"]:
        assert a.http.get(f"{BASE}?{query}", headers=a.auth()).status_code == 200, query


@pytest.mark.parametrize(("query", "named"), [
    ("shopid=1&invoicenumber=2", ["rec"]), ("rec=widgets&shopid=1&invoicenumber=2", ["rec"]),
    ("rec=sales&invoicenumber=2", ["ShopID"]), ("rec=sales&shopid=1", ["InvoiceNumber"]),
    ("", ["rec", "ShopID", "InvoiceNumber"]), ("rec=sales&shopid=&invoicenumber=2", ["ShopID"]),
])
def test_get_400_names_the_expected_fields(a: Abs, query: str, named: list[str]) -> None:
    response = a.http.get(f"{BASE}?{query}", headers=a.auth())
    assert response.status_code == 400 and [e["field"] for e in response.json()] == named


def test_get_matching(a: Abs) -> None:
    a.registered(OrgID="G1")
    assert a.get("registrations", partnerid="1002").status_code == 401
    response = a.get("claims")
    assert (response.status_code, response.content) == (204, b"")
    assert a.get("registrations", OrgID="G1").status_code == 200
    assert a.get("registrations", orgid="G2").status_code == 204
    assert a.get("registrations", shop="5308").status_code == 204
    a.post("Sales", sale(InvoiceNumber="INV-1"), sale(InvoiceNumber="INV-1", OrgID="G1"))
    assert len(a.one("sales")) == 2 and isinstance(a.one("sales", OrgID="G1"), dict)


def test_test_tables_are_separate(a: Abs) -> None:
    a.registered()
    assert a.post("Registrations", a.reg(InvoiceNumber="T-1"), path=TEST).status_code == 200
    assert a.get("registrations", path=TEST).status_code == 204
    assert a.get("registrations", inv="T-1", path=TEST).status_code == 200
    assert a.get("registrations", inv="T-1").status_code == 204
    assert a.post("Claims", claim(), path=TEST).status_code == 400


# --- the document's examples -----------------------------------------------------------

def test_documented_examples_are_accepted(a: Abs) -> None:
    assert a.http.post(BASE, json=example("request-registrations"), headers=a.auth()).status_code == 200
    assert a.http.post(BASE, json=example("request-sales"), headers=a.auth()).status_code == 200
    a.registered(ShopID="0056678", InvoiceNumber="35554367")
    a.registered(ShopID="005054568", InvoiceNumber="354365667")
    for name in ("request-claims", "request-cancellations"):
        response = a.http.post(BASE, json=example(name), headers=a.auth())
        assert (response.status_code, response.json()["message"]) == (200, "Successfully Posted"), name
    assert a.one("registrations", "005308", "1044273")["CurrentMileage"] == 187437
    assert a.one("claims", "0056678", "35554367")["CostPerUnit"] == 60
    assert a.status(shop="005054568", inv="354365667")["TireCancelCount"] == 1
    assert a.one("sales", "005054568", "354365667")["SaleDate"] == "2020-01-27T00:00:00Z"


# --- faults --------------------------------------------------------------------------

def _claims_after(a: Abs, *records: dict, key: str = "Claims") -> Any:
    a.registered()
    return [a.post(key, r).status_code for r in records]


PROBES = {
    "accept-bad-signature": lambda a: a.get("sales", headers=BAD_AUTH["wrong secret"](a)).status_code,
    "accept-alg-none": lambda a: a.get("sales", headers=BAD_AUTH["alg none"](a)).status_code,
    "accept-missing-claimdate": lambda a: a.get("sales", headers=BAD_AUTH["no claimdate"](a)).status_code,
    "accept-other-partner-company": lambda a: a.get("sales", headers=BAD_AUTH["other partner's token"](a),
                                                    partnerid="1002").status_code,
    "get-without-auth": lambda a: a.get("sales", headers={}).status_code,
    "partial-as-200": lambda a: a.post("Sales", sale(), sale(TireCount="x")).status_code,
    "all-rejected-as-206": lambda a: a.post("Sales", sale(TireCount="x")).status_code,
    "post-200-without-message": lambda a: "Successfully Posted" in a.post("Sales", sale()).text,
    "error-fields-lowercase": lambda a: a.post("Sales", sale(TireCount="x")).json()[0]["field"],
    "accept-non-json-content-type": lambda a: a.http.post(BASE, content=json.dumps({"Sales": [sale()]}), headers={
        **a.auth(), "content-type": "text/plain"}).status_code,
    "truncate-long-strings": lambda a: a.post("Sales", sale(TireBrand="B" * 26)).status_code,
    "accept-missing-required": lambda a: a.post("Sales", sale(TireBrand=None)).status_code,
    "int-strings-stored-as-strings": lambda a: (a.post("Sales", sale(TireCount="4")), a.one("sales", inv="S-1"))[1][
        "TireCount"],
    "money-read-back-rounded-wrong": lambda a: (a.registered(), a.one("registrations"))[1]["TirePrice"],
    "offset-not-normalised": lambda a: (a.post("Sales", sale(SaleDate="2020-01-27T01:00:00+02:00")),
                                        a.one("sales", inv="S-1"))[1]["SaleDate"],
    "commercial-default-yes": lambda a: (a.registered(), a.one("registrations"))[1]["CommercialVehicle"],
    "registration-resend-duplicates": lambda a: (a.registered(), a.registered(), type(a.one("registrations")))[2],
    "claim-resend-duplicates": lambda a: (_claims_after(a, claim(), claim()), a.status())[1]["TireClaimCount"],
    "claim-key-ignores-repair-invoice": lambda a: (_claims_after(a, claim(), claim(RepairInvoiceNumber="RI-2")),
                                                   a.status())[1]["TireClaimCount"],
    "cancel-resend-rejected": lambda a: _claims_after(a, cancel(), cancel(), key="Cancellations"),
    "claim-without-registration-accepted": lambda a: a.post("Claims", claim()).status_code,
    "claim-on-cancelled-accepted": lambda a: (_claims_after(a, cancel(), key="Cancellations"),
                                              a.post("Claims", claim()).status_code)[1],
    "cancel-twice-accepted": lambda a: _claims_after(a, cancel(), cancel(CancelInvoiceNumber="CI-2"),
                                                     key="Cancellations"),
    "over-claim-accepted": lambda a: _claims_after(a, claim(TireClaimCount=5)),
    "expiry-ignored": lambda a: (a.registered(), a.advance(1096 * DAY), a.status())[2]["WarrantyStatus"],
    "tiresleft-not-decremented": lambda a: (_claims_after(a, claim()), a.status())[1]["TiresLeft"],
    "registration-id-changes-on-update": lambda a: (a.registered(), a.status()["RegistrationID"], a.registered(),
                                                    a.status()["RegistrationID"])[3],
    "get-nomatch-200-empty-object": lambda a: a.get("sales").status_code,
    "get-array-for-single": lambda a: (a.registered(), type(a.one("registrations")))[1],
    "get-drops-leading-zeros": lambda a: (a.registered(), a.one("registrations"))[1]["ShopID"],
    "get-dates-not-utc": lambda a: (a.registered(), a.one("registrations"))[1]["PlanEnrollDate"],
    "get-params-case-sensitive": lambda a: a.http.get(
        f"{BASE}?rec=sales&ShopID=1&InvoiceNumber=2", headers=a.auth()).status_code,
    "get-partnerid-as-string": lambda a: (a.registered(), a.one("registrations"))[1]["PartnerID"],
    "get-orgid-filter-ignored": lambda a: (a.registered(OrgID="G1"), a.get("registrations", orgid="G2"))[1].status_code,
    "test-tables-shared": lambda a: (a.registered(), a.get("registrations", path=TEST))[1].status_code,
    "server-error-on-get": lambda a: a.get("sales").status_code,
    "other-partner-write-applied": lambda a: (
        a.post("Registrations", a.reg(), path=TEST, headers=BAD_AUTH["other partner's token"](a)).status_code,
        a.get("registrations", path=TEST).status_code),
    "money-stored-as-float32": lambda a: (a.registered(), a.one("registrations"))[1]["TirePrice"],
    "money-extra-decimals-truncated": lambda a: _read_or_status(a, a.post("Sales", sale(TireCost=12.346)), "TireCost"),
    "commercial-vehicle-case-sensitive": lambda a: a.post("Registrations",
                                                          a.reg(CommercialVehicle="FALSE")).status_code,
    "registration-rejects-tirecount": lambda a: a.post("Registrations", a.reg(TireCount=4)).status_code,
    "tiredot1-required": lambda a: a.post("Registrations", a.reg(TireDOT1="")).status_code,
    "tirescovered-capped-at-six": lambda a: a.post("Registrations", a.reg(TiresCovered=8)).status_code,
    "batch-duplicate-first-wins": lambda a: (a.post("Registrations", a.reg(CustomerID="C1"), a.reg(CustomerID="C2")),
                                             a.one("registrations"))[1]["CustomerID"],
    "sale-resend-duplicates": lambda a: (a.post("Sales", sale()), a.post("Sales", sale()), type(a.one("sales",
                                                                                                     inv="S-1")))[2],
    "status-code-message-mismatch": lambda a: (_claims_after(a, cancel(TireCancelCount=4), key="Cancellations"),
                                               a.advance(1096 * DAY), a.status())[2]["WarrantyStatus"],
    "status-date-eastern-time": lambda a: (_claims_after(a, cancel(TireCancelCount=4), key="Cancellations"),
                                           a.status())[1]["StatusDate"],
    "get-requires-partnerid": lambda a: a.http.get(BASE, params={"rec": "sales", "shopid": "1", "invoicenumber": "2"},
                                                   headers=a.auth()).status_code,
}


def _read_or_status(a: Abs, response: Any, name: str) -> Any:
    """The read-back sale's ``name`` after an accepted POST, else the POST's status."""
    return a.one("sales", inv="S-1")[name] if response.status_code == 200 else response.status_code


def test_faults_are_described_and_probed() -> None:
    assert len(FAULTS) >= 14 and set(PROBES) == set(FAULTS)
    assert all(f.summary and "\n" not in f.summary and f.caught_by for f in FAULTS.values())


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_changes_behaviour(fault: str) -> None:
    assert PROBES[fault](Abs((fault,))) != PROBES[fault](Abs())


# --- robustness ------------------------------------------------------------------------

JUNK: list[Any] = [None, True, False, 0, -1, 2**64, -(2**70), 1e308, -0.0, 1.005, 0.1 + 0.2, "", " ", "0", "١٢٣",
                   "\ud800", "x" * 300, "\x00", {}, [], {"a": [1, {"b": None}]}, [[[]]], "2020-02-30",
                   "20200101T25:00:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00", "1e5", "NaN",
                   "Infinity", "-0", "99999999999999999999.99", "10000000000000", "¥€"]
RAW = [b"NaN", b"Infinity", b"-Infinity", b"1" * 5000, b"1e999999", b"-1e-999999", b'"\\udfff"', b"[" * 3000]


def _junk(rng: random.Random, depth: int = 0) -> Any:
    if depth < 2 and rng.random() < 0.2:
        return rng.choice([[_junk(rng, depth + 1)], {rng.choice(["ShopID", "a", ""]): _junk(rng, depth + 1)}])
    return rng.choice(JUNK)


def _junk_body(rng: random.Random, a: Abs) -> bytes:
    roll = rng.random()
    if roll < 0.1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
    key = rng.choice([*REQUIRED, "registrations", "x"])
    record = {**a.reg(), **claim(), **cancel(), **sale()} if key in REQUIRED else {}
    for _ in range(rng.randrange(1, 6)):
        record[rng.choice([*record, "Extra", "RepairlnvoiceNumber"])] = _junk(rng)
    text = json.dumps({key: [record, _junk(rng)] if rng.random() < 0.3 else [record]})
    if roll < 0.3:  # splice in a literal JSON cannot build
        field = json.dumps(rng.choice([*record] or ["x"]))
        text = text.replace(f"{field}: ", f"{field}: {rng.choice(RAW).decode()}, \"_\": ", 1)
    return text.encode("utf-8", "surrogatepass")


def test_junk_never_gets_a_5xx() -> None:
    rng, a = random.Random(20261123), Abs()
    a.registered()
    headers = [a.auth(), a.auth(), a.auth(), {}, {"authorization": b"Bearer \xff"}, BAD_AUTH["alg none"](a)]
    for _ in range(300):
        auth = rng.choice(headers)
        path = rng.choice([BASE, BASE, TEST, "/abs/v2/partners/%00", "/abs/v2/partners/tirecompany_test_test"])
        if rng.random() < 0.6:
            ctype = rng.choice(["application/json", "application/json", "text/plain", "application/x+json;q=%"])
            response = a.http.post(path, content=_junk_body(rng, a), headers={**auth, "content-type": ctype})
        else:
            names = ["rec", "REC", "shopid", "ShopID", "invoicenumber", "orgid", "partnerid", "\u2603", "%ff"]
            values = ["registrationstatus", "claims", "sales", "005308", "INV-1", "1001", "", "%ff", "%00", "1" * 500]
            query = "&".join(f"{rng.choice(names)}={rng.choice(values)}" for _ in range(rng.randrange(6)))
            response = a.http.get(f"{path}?{query}", headers=auth)
        assert response.status_code < 500, (response.status_code, response.text)
    assert a.sandbox.internal_errors == []
    status = a.status()
    assert 0 <= status["TiresLeft"] <= status["TiresCovered"]
