"""Deterministic ABS records: the same seed and scenario give the same keys, in any order.

Keys come from ``target.data_seed`` + the scenario's node id + a per-scenario counter
(replay matches the recording; a live run's seed is fresh, so live test tables never
collide). Dates come from the vendor clock's today, passed in. No wall clock, no
unseeded randomness.
"""
from __future__ import annotations

import copy
import hashlib
import json
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

EXAMPLE_DATE = "2020-01-27"  # the documents' example dates


def _fields(spec: str) -> dict[str, tuple[str, int | None, bool]]:
    """"Name:type[:n][:Y] ..." → {name: (type, max length, required)}."""
    out = {}
    for item in spec.split():
        name, kind, *rest = item.split(":")
        length = next((int(r) for r in rest if r.isdigit()), None)
        out[name] = (kind, length, "Y" in rest)
    return out


# The data dictionary as the contract reads it: TireModel has no limit (D-ABS-06), a claim's
# or cancellation's InvoiceNumber takes 50 like its registration's (D-ABS-05), TireDOT1 is
# optional (D-ABS-21), RepairInvoiceNumber is spelt with a capital I (D-ABS-03).
DICTIONARY: dict[str, dict[str, tuple[str, int | None, bool]]] = {
    "registration": _fields(
        "OrgID:string:50 ShopID:string:25:Y InvoiceNumber:string:50:Y PlanEnrollDate:datetime:Y "
        "EmployeeID:string:50:Y CustomerID:string:50:Y VehicleYear:string:25 VehicleMake:string:25 "
        "VehicleModel:string:25 VIN:string:50 CurrentMileage:int TiresCovered:int:Y TPPPrice:money:Y "
        "TireBrand:string:25:Y TireModel:string TireSize:string:25:Y TirePrice:money:Y TireCost:money:Y "
        "TireDOT1:string:25 TireDOT2:string:25 TireDOT3:string:25 TireDOT4:string:25 TireDOT5:string:25 "
        "TireDOT6:string:25 CommercialVehicle:string:5"),
    "claim": _fields(
        "OrgID:string:50 ShopID:string:25:Y InvoiceNumber:string:50:Y ClaimDate:datetime:Y RepairShopID:string:25:Y "
        "RepairInvoiceNumber:string:50:Y VIN:string:50 VehicleMileage:int TireClaimCount:int:Y CreditAmount:money:Y "
        "CostPerUnit:money:Y TireLocation1:string:200 TireLocation2:string:200 TireLocation3:string:200 "
        "TireLocation4:string:200 TireLocation5:string:200 TireLocation6:string:200 ServiceDescription:string:200 "
        "TireBrand:string:25:Y TireModel:string TireSize:string:25:Y TireCost:money:Y"),
    "sale": _fields(
        "OrgID:string:50 ShopID:string:25:Y InvoiceNumber:string:25:Y SaleDate:datetime:Y TireCount:int:Y "
        "TireBrand:string:25:Y TireModel:string TireSize:string:25:Y TirePrice:money:Y TireCost:money:Y"),
    "cancellation": _fields(
        "OrgID:string:50 ShopID:string:25:Y InvoiceNumber:string:50:Y CancelShopID:string:25:Y "
        "CancelInvoiceNumber:string:25:Y TireCancelCount:int:Y CancelDate:datetime:Y"),
}


def required(kind: str) -> list[str]:
    return [name for name, (_, _, req) in DICTIONARY[kind].items() if req]


@cache
def _example(name: str) -> str:
    stem = name if name.startswith(("request-", "response-")) else f"request-{name}"
    return resources.files("golive.vendors.abs").joinpath("examples", f"{stem}.json").read_text("utf-8")


def _day(today: date | datetime | str | None) -> str:
    if today is None:
        return EXAMPLE_DATE
    if isinstance(today, datetime):
        return today.date().isoformat()
    return today.isoformat() if isinstance(today, date) else str(today)


class AbsData:
    """Record builders for one scenario."""

    def __init__(self, seed: int | str, nodeid: str) -> None:
        self.seed = seed
        self.nodeid = nodeid
        self._count = 0

    def digits(self, n: int) -> str:
        """n deterministic decimal digits, different on every call."""
        self._count += 1
        out = ""
        block = 0
        while len(out) < n:
            raw = hashlib.sha256(f"{self.seed}|{self.nodeid}|{self._count}|{block}".encode()).hexdigest()
            out += str(int(raw, 16))[:38]
            block += 1
        return out[:n]

    def shop_id(self, length: int = 9) -> str:
        """A unique ShopID with a leading zero (ABS-17: leading zeros must round-trip)."""
        return "0" + self.digits(length - 1)

    def invoice(self, length: int = 10) -> str:
        return "9" + self.digits(length - 1)

    def text(self, length: int, prefix: str = "G") -> str:
        """A unique string of exactly ``length`` characters (for the string(n) limits)."""
        head = (prefix + self.digits(12))[:length]
        return head + "X" * (length - len(head))

    # -- records --------------------------------------------------------------------------
    def registration(self, today: date | datetime | str, **overrides: Any) -> dict[str, Any]:
        """A valid Registration enrolled on the vendor clock's today (D-ABS-27), 4 tires."""
        record = {
            "ShopID": self.shop_id(), "InvoiceNumber": self.invoice(), "PlanEnrollDate": _day(today),
            "EmployeeID": "EMP" + self.digits(4), "CustomerID": "CUST-" + self.digits(6),
            "VehicleYear": "2019", "VehicleMake": "TOYOTA", "VehicleModel": "CAMRY",
            "CurrentMileage": 42150, "TiresCovered": 4, "TPPPrice": 24.99,
            "TireBrand": "SUM", "TireModel": "HTR A/S P02", "TireSize": "2356018",
            "TirePrice": 188.99, "TireCost": 105.98, "TireDOT1": "DOT 73C2 KLH0913",
        }
        return {**record, **overrides}

    def claim(self, registration: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        """A valid Claim of one tire against ``registration`` (its ShopID + InvoiceNumber, D-ABS-04)."""
        record = {
            "ShopID": registration["ShopID"], "InvoiceNumber": registration["InvoiceNumber"],
            "ClaimDate": registration.get("PlanEnrollDate", EXAMPLE_DATE), "RepairShopID": self.shop_id(),
            "RepairInvoiceNumber": self.invoice(), "VehicleMileage": 43010, "TireClaimCount": 1,
            "CreditAmount": 64.04, "CostPerUnit": 60.00, "TireBrand": "SUM", "TireSize": "2356018",
            "TireCost": 58.00,
        }
        return {**record, **overrides}

    def sale(self, today: date | datetime | str | None = None, **overrides: Any) -> dict[str, Any]:
        """A valid Sale (needs no registration, ABS-58)."""
        record = {
            "ShopID": self.shop_id(), "InvoiceNumber": self.invoice(), "SaleDate": _day(today), "TireCount": 4,
            "TireBrand": "SUM", "TireModel": "HTR A/S P02", "TireSize": "2356018", "TirePrice": 225.09,
            "TireCost": 195.09,
        }
        return {**record, **overrides}

    def cancellation(self, registration: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        """A valid Cancellation of every tire of ``registration`` (a full cancellation, D-ABS-24)."""
        record = {
            "ShopID": registration["ShopID"], "InvoiceNumber": registration["InvoiceNumber"],
            "CancelShopID": registration["ShopID"], "CancelInvoiceNumber": self.invoice(),
            "TireCancelCount": int(registration.get("TiresCovered", 1)),
            "CancelDate": registration.get("PlanEnrollDate", EXAMPLE_DATE),
        }
        return {**record, **overrides}

    # -- the documents' examples ----------------------------------------------------------
    @staticmethod
    def example(name: str) -> Any:
        """An example body as written (examples/README.md), e.g. "registrations", "response-post"."""
        return copy.deepcopy(json.loads(_example(name)))

    def rekeyed(self, name: str, **overrides: Any) -> dict[str, Any]:
        """The single record of a request example with fresh ShopID/InvoiceNumber (and the
        Repair/Cancel invoice keys), everything else as written."""
        body = self.example(name)
        (record,) = next(iter(body.values()))
        record["ShopID"], record["InvoiceNumber"] = self.shop_id(), self.invoice()
        for key in ("RepairShopID", "CancelShopID"):
            if key in record:
                record[key] = self.shop_id()
        for key in ("RepairInvoiceNumber", "CancelInvoiceNumber"):
            if key in record:
                record[key] = self.invoice()
        return {**record, **overrides}

    @staticmethod
    def example_record(name: str) -> dict[str, Any]:
        """The single record of a request example, as written."""
        (record,) = next(iter(AbsData.example(name).values()))
        return record
