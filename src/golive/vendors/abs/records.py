"""The ABS data dictionary: field specs per record type, validation and normalisation of
posted values, and the shaping of stored values into GET objects (abs.md "Field rules",
"GET: query back").

Stored values are normalised: ``str`` for strings, ``int`` for ints, ``Decimal`` (two
places) for money, an aware UTC ``datetime`` for dates, ``bool`` for CommercialVehicle.
Absent optional fields are simply not in the stored dict.
"""
from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from golive.sandbox.clock import rfc3339

Fault = Callable[[str], bool]

INT_MAX = 2**31 - 1  # the dictionary's "int" is a 32-bit column
MONEY_LIMIT = Decimal(10) ** 13  # keeps every amount exact through a JSON (double) number
CENT = Decimal("0.01")
TEXT_INTS = "_text_ints"  # stored-values key: int fields that were posted as strings
WRITTEN, RECORD_ID = "_written", "_record_id"  # stored-values keys: vendor-clock time of the last write, a serial


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "string" | "int" | "money" | "datetime" | "commercial"
    required: bool = False
    size: int = 0  # string(n)
    minimum: int | None = None  # ints: None = any 32-bit value
    aliases: tuple[str, ...] = ()


def _s(name: str, size: int, required: bool = False, aliases: tuple[str, ...] = ()) -> Field:
    return Field(name, "string", required, size, aliases=aliases)


def _i(name: str, required: bool = False, minimum: int | None = None) -> Field:
    return Field(name, "int", required, minimum=minimum)


def _m(name: str, required: bool = False) -> Field:
    return Field(name, "money", required)


def _d(name: str) -> Field:
    return Field(name, "datetime", True)


_DOTS = [_s(f"TireDOT{n}", 25) for n in range(1, 7)]  # TireDOT1 optional: "if available" (D-ABS-21)
_LOCATIONS = [_s(f"TireLocation{n}", 200) for n in range(1, 7)]


@dataclass(frozen=True)
class RecordType:
    key: str  # the POST body key
    rec: str  # the GET ``rec`` value
    fields: tuple[Field, ...]
    output: tuple[str, ...]  # GET object keys after PartnerID, in the document's order
    lenient: tuple[Field, ...] = ()  # read when valid, ignored when malformed (Claims TirePrice)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields + self.lenient if f.name == name), None)


REGISTRATIONS = RecordType(
    "Registrations", "registrations",
    (
        _s("OrgID", 50), _s("ShopID", 25, True), _s("InvoiceNumber", 50, True), _d("PlanEnrollDate"),
        _s("EmployeeID", 50, True), _s("CustomerID", 50, True), _s("VehicleYear", 25),
        _s("VehicleMake", 25), _s("VehicleModel", 25), _s("VIN", 50), _i("CurrentMileage"),
        _i("TiresCovered", True, minimum=1), _m("TPPPrice", True), _s("TireBrand", 25, True),
        _s("TireModel", 200), _s("TireSize", 25, True), _m("TirePrice", True), _m("TireCost", True),
        *_DOTS, Field("CommercialVehicle", "commercial"),
    ),
    (
        "OrgID", "ShopID", "InvoiceNumber", "PlanEnrollDate", "EmployeeID", "CustomerID", "VehicleYear",
        "VehicleMake", "VehicleModel", "VIN", "CurrentMileage", "TiresCovered", "TPPPrice", "TireBrand",
        "TireModel", "TireSize", "TirePrice", "TireCost", *(f.name for f in _DOTS), "CommercialVehicle",
    ),
)
CLAIMS = RecordType(
    "Claims", "claims",
    (
        _s("OrgID", 50), _s("ShopID", 25, True), _s("InvoiceNumber", 50, True), _d("ClaimDate"),
        _s("RepairShopID", 25, True), _s("RepairInvoiceNumber", 50, True, aliases=("RepairlnvoiceNumber",)),
        _s("VIN", 50), _i("VehicleMileage"), _i("TireClaimCount", True, minimum=0),
        _m("CreditAmount", True), _m("CostPerUnit", True), *_LOCATIONS, _s("ServiceDescription", 200),
        _s("ServiceType", 200), _s("TireBrand", 25, True), _s("TireModel", 200), _s("TireSize", 25, True),
        _m("TireCost", True),
    ),
    (
        "OrgID", "ShopID", "InvoiceNumber", "ClaimDate", "RepairShopID", "RepairInvoiceNumber", "VIN",
        "VehicleMileage", "TireClaimCount", "CreditAmount", "CostPerUnit", "ServiceType", "ServiceDescription",
        *(f.name for f in _LOCATIONS), "TireBrand", "TireModel", "TireSize", "TirePrice", "TireCost",
    ),
    lenient=(_m("TirePrice"),),
)
SALES = RecordType(
    "Sales", "sales",
    (
        _s("OrgID", 50), _s("ShopID", 25, True), _s("InvoiceNumber", 25, True), _d("SaleDate"),
        _i("TireCount", True, minimum=0), _s("TireBrand", 25, True), _s("TireModel", 200),
        _s("TireSize", 25, True), _m("TirePrice", True), _m("TireCost", True),
    ),
    ("OrgID", "ShopID", "InvoiceNumber", "SaleDate", "TireCount", "TireBrand", "TireModel", "TireSize",
     "TirePrice", "TireCost"),
)
CANCELLATIONS = RecordType(
    "Cancellations", "cancellations",
    (
        _s("OrgID", 50), _s("ShopID", 25, True), _s("InvoiceNumber", 50, True), _s("CancelShopID", 25, True),
        _s("CancelInvoiceNumber", 25, True), _i("TireCancelCount", True, minimum=0), _d("CancelDate"),
    ),
    ("OrgID", "ShopID", "InvoiceNumber", "CancelShopID", "CancelInvoiceNumber", "TireCancelCount", "CancelDate"),
)
RECORD_TYPES = {t.key: t for t in (REGISTRATIONS, CLAIMS, SALES, CANCELLATIONS)}
BY_REC = {t.rec: t for t in RECORD_TYPES.values()}


# --- parsing the body ---------------------------------------------------------------

class BadJson(ValueError):
    pass


def _no_constants(name: str) -> Any:
    raise BadJson(f"{name} is not JSON")


def parse_body(body: bytes) -> Any:
    """Strict UTF-8 JSON; numbers with a fraction or exponent become ``Decimal``."""
    try:
        return json.loads(body.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError, JSONDecodeError, digit limits
        raise BadJson(str(exc)) from None


# --- field values -------------------------------------------------------------------

class Malformed(ValueError):
    pass


_DIGITS = re.compile(r"[0-9]{1,100}")
_MONEY = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?")
_TIME = r"[Tt](?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2})(?:\.(?P<f>[0-9]+))?(?P<tz>[Zz]|[+-][0-9]{2}:[0-9]{2})?"
_DATES = (
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"),
    re.compile(rf"(?P<y>[0-9]{{4}})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}}){_TIME}"),
    re.compile(rf"(?P<y>[0-9]{{4}})(?P<m>[0-9]{{2}})(?P<d>[0-9]{{2}}){_TIME}"),  # the document's YYYYMMDDTHH:MM:SS
)
_COMMERCIAL = {"yes": True, "true": True, "no": False, "false": False}


def parse_int(value: Any, minimum: int | None) -> int:
    if isinstance(value, bool):
        raise Malformed("must be an integer")
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise Malformed("must be an integer or a string of digits")
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, Decimal):
        if abs(value) > INT_MAX or value != value.to_integral_value():
            raise Malformed("must be an integer")
        number = int(value)
    else:
        raise Malformed("must be an integer")
    low = -INT_MAX - 1 if minimum is None else minimum
    if not low <= number <= INT_MAX:
        raise Malformed(f"must be between {low} and {INT_MAX}")
    return number


def parse_money(value: Any, fault: Fault = lambda name: False) -> Decimal:
    """A number or numeric string to the cent; variants: round extra decimals, refuse negatives."""
    if isinstance(value, bool):
        raise Malformed("must be a number")
    if isinstance(value, str):
        if not _MONEY.fullmatch(value):
            raise Malformed("must be a number or a numeric string")
        amount = Decimal(value)
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        raise Malformed("must be a number")
    if not amount.is_finite() or abs(amount) >= MONEY_LIMIT:
        raise Malformed("is out of range")
    if amount < 0 and fault("reject-negative-money"):
        raise Malformed("must not be negative")
    try:
        if amount != amount.quantize(CENT):
            if fault("round-extra-decimals"):
                return amount.quantize(CENT, rounding=ROUND_HALF_UP)
            if fault("money-extra-decimals-truncated"):
                return amount.quantize(CENT, rounding=ROUND_DOWN)
            raise Malformed("has more than 2 decimals")
        return amount.quantize(CENT)
    except InvalidOperation:
        raise Malformed("is out of range") from None


def parse_datetime(value: Any, keep_offset_clock: bool = False, hybrid: bool = True) -> datetime:
    """ISO 8601 as abs.md lists it; the same instant in UTC (no offset means UTC).

    ``hybrid``: the document's literal ``YYYYMMDDTHH:MM:SS`` is accepted too."""
    if not isinstance(value, str):
        raise Malformed("must be an ISO 8601 date or date-time string")
    patterns = _DATES if hybrid else _DATES[:2]
    match = next((m for pattern in patterns if (m := pattern.fullmatch(value))), None)
    if match is None:
        raise Malformed("must be an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)")
    parts = match.groupdict()
    zone = (parts.get("tz") or "Z").upper()
    try:
        offset = timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(
            hours=int(zone[1:3]), minutes=int(zone[4:6]))
        if zone != "Z" and (int(zone[1:3]) > 23 or int(zone[4:6]) > 59):
            raise ValueError
        moment = datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]), int(parts.get("H") or 0),
            int(parts.get("M") or 0), int(parts.get("S") or 0), int((parts.get("f") or "0")[:6].ljust(6, "0")),
            tzinfo=UTC if keep_offset_clock else timezone(offset),
        )
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise Malformed("is not a possible date or time") from None


def parse_string(value: Any, size: int, truncate: bool, keep_long: bool = False, numbers: bool = False) -> str:
    """``keep_long``: over-length values are stored in full; ``numbers``: a JSON number is taken as its text."""
    if numbers and isinstance(value, int | Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Malformed("must be a JSON string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Malformed("is not valid Unicode text") from None
    if len(value) > size and not keep_long:
        if not truncate:
            raise Malformed(f"is longer than {size} characters")
        value = value[:size]
    return value


def parse_commercial(value: Any, case_sensitive: bool = False) -> bool:
    """Yes/No/true/false in any case; ``case_sensitive`` (a fault): only those four spellings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and case_sensitive:
        if value.strip() in ("Yes", "No", "true", "false"):
            return _COMMERCIAL[value.strip().lower()]
        raise Malformed("must be Yes, No, true or false")
    if isinstance(value, str) and value.strip().lower() in _COMMERCIAL:
        return _COMMERCIAL[value.strip().lower()]
    raise Malformed("must be Yes, No, true or false")


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def validate(rtype: RecordType, record: Any, fault: Fault) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The stored values of one posted record, and its errors ``[{field, message}]``."""
    if not isinstance(record, dict):
        return {}, [{"field": rtype.key, "message": "each record must be a JSON object"}]
    values: dict[str, Any] = {TEXT_INTS: set()}
    errors: list[dict[str, str]] = []
    if rtype is REGISTRATIONS and "TireCount" in record and fault("registration-rejects-tirecount"):
        errors.append({"field": "TireCount", "message": "TireCount is not a Registration field"})
    for spec in rtype.fields + rtype.lenient:
        label, raw = spec.name, record.get(spec.name)
        for alias in () if fault("no-repairlnvoice-alias") else spec.aliases:
            if _is_empty(raw) and not _is_empty(record.get(alias)):
                label, raw = alias, record[alias]
        if _is_empty(raw):
            required = spec.required or (spec.name == "TireDOT1" and fault("tiredot1-required"))
            if required and not fault("accept-missing-required"):
                errors.append({"field": label, "message": f"{label} is required and must not be empty"})
            continue
        try:
            values[spec.name] = _parse(spec, raw, fault)
        except Malformed as exc:
            if spec not in rtype.lenient:
                errors.append({"field": label, "message": f"{label} {exc}"})
            continue
        if spec.kind == "int" and isinstance(raw, str):
            values[TEXT_INTS].add(spec.name)
    if rtype is REGISTRATIONS and values.get("TiresCovered", 0) > 6 and fault("tirescovered-capped-at-six"):
        errors.append({"field": "TiresCovered", "message": "TiresCovered must be at most 6 (one per TireDOT slot)"})
    return values, errors


def _parse(spec: Field, raw: Any, fault: Fault) -> Any:
    if spec.kind == "string":
        return parse_string(raw, spec.size, fault("truncate-long-strings"), fault("store-long-strings"),
                            fault("string-fields-accept-numbers"))
    if spec.kind == "int":
        return parse_int(raw, spec.minimum)
    if spec.kind == "money":
        return parse_money(raw, fault)
    if spec.kind == "datetime":
        return parse_datetime(raw, fault("offset-not-normalised"), not fault("reject-hybrid-date"))
    return parse_commercial(raw, fault("commercial-vehicle-case-sensitive"))


def key_text(values: dict[str, Any], name: str) -> str:
    """A string field as a key part: an absent OrgID counts as ""."""
    value = values.get(name, "")
    return value if isinstance(value, str) else str(value)


# --- GET output ---------------------------------------------------------------------

def fmt_date(moment: datetime | None, fault: Fault) -> str:
    if moment is None:
        return ""
    if fault("get-dates-not-utc"):
        try:
            return moment.astimezone(timezone(timedelta(hours=-5))).strftime("%Y-%m-%dT%H:%M:%S-05:00")
        except OverflowError:
            pass
    text = rfc3339(moment)
    text = text.zfill(len(text) + 4 - text.index("-"))  # a four-digit year before 1000 too (%Y does not pad)
    if fault("dates-fractional-seconds"):
        text = f"{text[:-1]}.{moment.microsecond // 1000:03d}Z"
    return text[:-1] + "+00:00" if fault("offset-plus-zero") else text


def fmt_money(amount: Decimal | None, fault: Fault) -> int | float | Decimal:
    """A JSON number: an int when whole (60.00 -> 60), else a float; a ``Decimal`` (written with
    exactly two decimals, see ``sandbox._json``) under the money-fixed-two-decimals variant."""
    if amount is None:
        amount = Decimal(0)
    if fault("money-read-back-rounded-wrong"):
        amount = amount.quantize(Decimal("0.1"))
    if fault("money-stored-as-float32"):  # a single-precision column: 995.68 -> 995.6799926757812
        return float(struct.unpack("<f", struct.pack("<f", float(amount)))[0])
    if fault("money-fixed-two-decimals"):
        return amount.quantize(CENT)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def partner_number(partner_id: str, fault: Fault) -> int | str:
    if fault("get-partnerid-as-string") or not partner_id.isdigit():
        return partner_id
    return int(partner_id)


def fmt_string(value: str, name: str, fault: Fault) -> str:
    if fault("get-drops-leading-zeros") and name.endswith("ShopID"):
        return value.lstrip("0") or value
    return value


def shape(rtype: RecordType, values: dict[str, Any], partner_id: str, fault: Fault) -> dict[str, Any]:
    """One stored record as the GET object of its type (the document's example keys)."""
    out: dict[str, Any] = {"PartnerID": partner_number(partner_id, fault)}
    text_ints = values.get(TEXT_INTS, set())
    for name in rtype.output:
        if name == "ServiceType" and "ServiceType" not in values and fault("claims-servicetype-only-when-set"):
            continue
        if name == "TireCancelCount" and fault("cancellations-omit-tirecancelcount"):
            continue
        spec, value = rtype.field(name), values.get(name)
        kind = spec.kind if spec else "string"
        if kind == "string":
            out[name] = fmt_string(value or "", name, fault)
        elif kind == "int":
            out[name] = str(value) if fault("int-strings-stored-as-strings") and name in text_ints else (value or 0)
        elif kind == "money":
            out[name] = fmt_money(value, fault)
        elif kind == "datetime":
            out[name] = fmt_date(value, fault)
        else:
            default = fault("commercial-default-yes")
            words = ("Yes", "No") if fault("commercial-yes-no") else ("true", "false")
            out[name] = words[0] if (default if value is None else value) else words[1]
    if fault("extra-response-keys"):
        out["RecordID"] = values.get(RECORD_ID, 0)
        out["ModifiedDate"] = fmt_date(values.get(WRITTEN), fault)
    return out
