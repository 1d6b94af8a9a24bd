"""Each abs variant (another choice the catalogue allows) really changes what the sandbox does."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from golive.vendors import registry
from golive.vendors.abs.faults import FAULTS, SHADOWED, VARIANTS
from vendors.abs.helpers import BASE, DAY, Abs, cancel, claim, expired_token, sale


def _text_post(a: Abs, content_type: str) -> int:
    body = json.dumps({"Sales": [sale()]})
    return a.http.post(BASE, content=body, headers={**a.auth(), "content-type": content_type}).status_code


def _read_or_status(a: Abs, response: Any, rec: str, inv: str, name: str) -> Any:
    """The read-back value of ``name`` after an accepted POST, else the POST's status."""
    return a.one(rec, inv=inv)[name] if response.status_code == 200 else response.status_code


def _two_claims(a: Abs) -> Any:
    a.registered()
    assert a.post("Claims", claim(), claim(RepairInvoiceNumber="RI-2")).status_code == 200
    return a.one("claims")


def _cancelled(a: Abs, count: int = 1, **over: Any) -> dict:
    a.registered()
    assert a.post("Cancellations", cancel(TireCancelCount=count, **over)).status_code == 200
    return a.status()


def _aliased(a: Abs) -> int:
    a.registered()
    record = claim()
    record["RepairlnvoiceNumber"] = record.pop("RepairInvoiceNumber")
    return a.post("Claims", record).status_code


PROBES: dict[str, Callable[[Abs], Any]] = {
    "accept-expired-token": lambda a: a.get("sales", headers=expired_token(a)).status_code,
    "unknown-company-404": lambda a: a.get("sales", path="/abs/v2/partners/nosuchcompany").status_code,
    "unauthorized-empty-body": lambda a: a.get("sales", headers={}).content,
    "content-type-415": lambda a: _text_post(a, "text/plain"),
    "strict-application-json": lambda a: _text_post(a, "application/vnd.abs+json"),
    "mixed-record-types": lambda a: a.http.post(BASE, json={"Sales": [sale()], "Registrations": [a.reg()]},
                                                headers=a.auth()).status_code,
    "post-200-plain-text": lambda a: (lambda r: (r.headers["content-type"], r.text))(a.post("Sales", sale())),
    "post-200-json-string": lambda a: a.post("Sales", sale()).json(),
    "error-body-objects": lambda a: (a.post("Sales", sale(TireCount="x")).json(),
                                     a.post("Sales", sale(), sale(InvoiceNumber="S-2", TireCount="x")).json()),
    "store-long-strings": lambda a: _read_or_status(a, a.post("Sales", sale(TireBrand="B" * 40)), "sales", "S-1",
                                                    "TireBrand"),
    "string-fields-accept-numbers": lambda a: _read_or_status(a, a.post("Sales", sale(TireBrand=123)), "sales",
                                                              "S-1", "TireBrand"),
    "round-extra-decimals": lambda a: _read_or_status(a, a.post("Sales", sale(TirePrice=225.095)), "sales", "S-1",
                                                      "TirePrice"),
    "reject-negative-money": lambda a: a.post("Sales", sale(TirePrice=-5)).status_code,
    "reject-hybrid-date": lambda a: a.post("Sales", sale(SaleDate="20181204T00:00:00")).status_code,
    "no-repairlnvoice-alias": _aliased,
    "sale-key-without-orgid": lambda a: (a.post("Sales", sale(OrgID="A")), a.post("Sales", sale(OrgID="B")),
                                         type(a.one("sales", inv="S-1")))[2],
    "commercial-yes-no": lambda a: (a.registered(), a.one("registrations"))[1]["CommercialVehicle"],
    "money-fixed-two-decimals": lambda a: (a.registered(TirePrice=60), re.search(
        r'"TirePrice":([-0-9.]+)', a.get("registrations").text))[1][1],
    "offset-plus-zero": lambda a: (a.registered(), a.one("registrations"))[1]["PlanEnrollDate"],
    "dates-fractional-seconds": lambda a: (a.registered(), a.one("registrations"))[1]["PlanEnrollDate"],
    "partnerid-mismatch-204": lambda a: (a.registered(), a.get("registrations", partnerid="1002"))[1].status_code,
    "claims-several-as-latest-object": lambda a: type(_two_claims(a)),
    "claims-newest-first": lambda a: [c["RepairInvoiceNumber"] for c in _two_claims(a)],
    "claims-servicetype-only-when-set": lambda a: (a.registered(), a.post("Claims", claim()),
                                                   "ServiceType" in a.one("claims"))[2],
    "cancellations-omit-tirecancelcount": lambda a: (_cancelled(a), "TireCancelCount" in a.one("cancellations"))[1],
    "extra-response-keys": lambda a: (a.registered(), sorted(a.one("registrations")))[1],
    "get-400-expected-object": lambda a: a.http.get(f"{BASE}?rec=sales", headers=a.auth()).json(),
    "rec-values-lowercase-only": lambda a: a.get("Sales").status_code,
    "status-after-partial-cancel-active": lambda a: _cancelled(a, 1)["WarrantyStatus"],
    "status-expired-first": lambda a: (_cancelled(a, 4), a.advance(1096 * DAY), a.status())[2]["WarrantyStatus"],
    "status-date-always-set": lambda a: (a.registered(), a.status())[1]["StatusDate"],
    "expire-date-always-set": lambda a: (a.registered(), a.status())[1]["ExpireDate"],
    "status-canceldate-received": lambda a: _cancelled(a, 1, CancelDate="2020-01-27")["CancelDate"],
    "term-one-year": lambda a: (a.creds["registration_term_days"], a.registered(), a.advance(366 * DAY),
                                a.status()["WarrantyStatus"])[::3],
}


def test_variants_are_described_probed_and_apart_from_faults() -> None:
    assert set(PROBES) == set(VARIANTS) and not set(VARIANTS) & set(FAULTS)
    assert set(SHADOWED) | set(SHADOWED.values()) <= set(VARIANTS)
    for name, text in VARIANTS.items():
        assert text and "\n" not in text, name
        assert re.search(r"\b(D-(ABS|X)-\d\d|ABS-\d\d)\b", text), f"{name}: cite the catalogue item allowing it"
    assert registry()["abs"].variants == VARIANTS and registry()["abs"].shadowed_variants == SHADOWED


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_variant_changes_behaviour(variant: str) -> None:
    changed, plain = Abs((variant,)), Abs()
    assert PROBES[variant](changed) != PROBES[variant](plain)
    assert changed.sandbox.internal_errors == [] and plain.sandbox.internal_errors == []
