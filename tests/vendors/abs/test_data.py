"""ABS test data: deterministic per seed and scenario, valid by the data dictionary."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from golive.vendors.abs.data import DICTIONARY, AbsData, required

EXAMPLES = Path(__file__).resolve().parents[3] / "src/golive/vendors/abs/examples"
NODE = "features/test_scenarios.py::test_a_claim[1]"


def build_all(data: AbsData) -> list[dict]:
    registration = data.registration(date(2026, 11, 23))
    return [registration, data.claim(registration), data.sale(), data.cancellation(registration),
            data.registration("2026-11-23"), {"text": data.text(30)}]


def test_same_seed_and_node_give_the_same_records() -> None:
    assert build_all(AbsData(7, NODE)) == build_all(AbsData(7, NODE))


def test_another_seed_or_node_gives_other_keys() -> None:
    base = build_all(AbsData(7, NODE))[0]
    for other in (AbsData(8, NODE), AbsData(7, NODE + "x")):
        record = build_all(other)[0]
        assert (record["ShopID"], record["InvoiceNumber"]) != (base["ShopID"], base["InvoiceNumber"])


def test_keys_are_unique_within_a_scenario_and_order_is_local() -> None:
    data = AbsData(1, NODE)
    shops = {data.shop_id() for _ in range(200)}
    invoices = {data.invoice() for _ in range(200)}
    assert len(shops) == 200 and len(invoices) == 200
    # a scenario's keys do not depend on what other scenarios built before it
    AbsData(1, "other::scenario").registration("2026-11-23")
    assert AbsData(1, NODE).shop_id() == AbsData(1, NODE).shop_id()


def test_shop_ids_keep_a_leading_zero_and_fit_the_dictionary() -> None:
    data = AbsData(3, NODE)
    for _ in range(20):
        shop = data.shop_id()
        assert shop.startswith("0") and shop.isdigit() and len(shop) <= 25
        assert len(data.invoice()) <= 25


@pytest.mark.parametrize("length", [1, 5, 25, 50, 51, 200, 201])
def test_text_has_the_exact_length(length: int) -> None:
    data = AbsData(3, NODE)
    first, second = data.text(length), data.text(length)
    assert len(first) == len(second) == length
    if length >= 13:
        assert first != second


def test_registration_is_enrolled_on_the_given_day_and_valid() -> None:
    data = AbsData(5, NODE)
    for today in (date(2026, 11, 23), datetime(2026, 11, 23, 18, 5, tzinfo=UTC), "2026-11-23"):
        record = data.registration(today, TiresCovered=2)
        assert record["PlanEnrollDate"] == "2026-11-23" and record["TiresCovered"] == 2
    assert set(required("registration")) <= set(record)
    assert "OrgID" not in record and "CommercialVehicle" not in record  # ABS-35, ABS-39 read these back as unset


def test_records_match_the_dictionary_types_and_widths() -> None:
    data = AbsData(5, NODE)
    registration = data.registration("2026-11-23")
    records = {"registration": registration, "claim": data.claim(registration), "sale": data.sale("2026-11-23"),
               "cancellation": data.cancellation(registration)}
    for kind, record in records.items():
        assert set(required(kind)) <= set(record), kind
        for name, value in record.items():
            ftype, width, _ = DICTIONARY[kind][name]
            if ftype == "string":
                assert isinstance(value, str) and (width is None or len(value) <= width), (kind, name)
            elif ftype == "int":
                assert isinstance(value, int) and not isinstance(value, bool)
            elif ftype == "money":
                assert isinstance(value, int | float) and abs(round(value * 100) - value * 100) < 1e-6
            else:
                assert datetime.fromisoformat(value)


def test_claim_and_cancellation_refer_to_their_registration() -> None:
    data = AbsData(5, NODE)
    registration = data.registration("2026-11-23", TiresCovered=3)
    claim, cancellation = data.claim(registration), data.cancellation(registration)
    for record in (claim, cancellation):
        assert (record["ShopID"], record["InvoiceNumber"]) == (registration["ShopID"], registration["InvoiceNumber"])
    assert claim["RepairInvoiceNumber"] != registration["InvoiceNumber"]
    assert cancellation["TireCancelCount"] == 3  # a full cancellation by default
    assert data.claim(registration)["RepairInvoiceNumber"] != claim["RepairInvoiceNumber"]


def test_the_dictionary_follows_the_contract_resolutions() -> None:
    assert DICTIONARY["registration"]["TireModel"][1] is None  # D-ABS-06
    assert DICTIONARY["claim"]["InvoiceNumber"][1] == 50  # D-ABS-05
    assert DICTIONARY["cancellation"]["InvoiceNumber"][1] == 50
    assert DICTIONARY["registration"]["TireDOT1"][2] is False  # D-ABS-21
    assert "RepairInvoiceNumber" in DICTIONARY["claim"]  # D-ABS-03
    assert required("claim") == ["ShopID", "InvoiceNumber", "ClaimDate", "RepairShopID", "RepairInvoiceNumber",
                                 "TireClaimCount", "CreditAmount", "CostPerUnit", "TireBrand", "TireSize", "TireCost"]
    assert required("sale") == ["ShopID", "InvoiceNumber", "SaleDate", "TireCount", "TireBrand", "TireSize",
                                "TirePrice", "TireCost"]


@pytest.mark.parametrize("name", ["registrations", "claims", "sales", "cancellations"])
def test_examples_load_as_written(name: str) -> None:
    assert AbsData.example(name) == json.loads((EXAMPLES / f"request-{name}.json").read_text())
    body = AbsData.example(name)
    body[next(iter(body))][0]["ShopID"] = "changed"
    assert AbsData.example(name) != body  # a copy every time


def test_rekeyed_example_keeps_everything_but_the_keys() -> None:
    data = AbsData(9, NODE)
    literal = AbsData.example_record("claims")
    rekeyed = data.rekeyed("claims")
    for key in ("ShopID", "InvoiceNumber", "RepairShopID", "RepairInvoiceNumber"):
        assert rekeyed[key] != literal[key]
    assert {k: v for k, v in rekeyed.items() if "ShopID" not in k and "InvoiceNumber" not in k} == {
        k: v for k, v in literal.items() if "ShopID" not in k and "InvoiceNumber" not in k}
    assert AbsData(9, NODE).rekeyed("claims") == rekeyed
    assert AbsData.example("response-post") == "Successfully Posted"
