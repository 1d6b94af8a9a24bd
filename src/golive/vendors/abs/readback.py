"""Judging what ABS reads back: posted vs read-back records, and the registration's status.

Pure functions over parsed JSON (no HTTP). A plain :class:`Deviation` counts at the
scenario's level; ABS-77's invariant is a severity override (:class:`BrokenFact`).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from golive import checks
from golive.vendors.abs.data import DICTIONARY, AbsData
from golive.verdict import BrokenFact, Deviation

NOT_ECHOED = {"cancellation": {"TireCancelCount"}}  # D-ABS-29: checked through registrationstatus
OPTIONAL_IN_ANSWER = {"ServiceType"}  # D-ABS-02
YES, NO = {"yes", "true"}, {"no", "false"}
KEYS = {"claim": ("RepairShopID", "RepairInvoiceNumber"), "cancellation": ("CancelShopID", "CancelInvoiceNumber")}
STATUS = ("WarrantyStatus", "Message", "TiresCovered", "TireClaimCount", "TireCancelCount", "TiresLeft", "CancelDate")
MESSAGES = {1: "Registration is Active", 2: "Registration is Cancelled", 3: "No Tires left on Registration",
            4: "Registration is Expired"}  # ABS-76: the documented Message of each WarrantyStatus
NO_STATUS_BEFORE = "the scenario must read the status first ('the registration's status was read')"


# -- records ----------------------------------------------------------------------------------
def instant(value: str) -> datetime:
    """A posted date as an instant: date-only is midnight UTC, no offset is UTC (D-ABS-07)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _items(body: Any) -> list[Any]:
    return body if isinstance(body, list) else [body]


def match(kind: str, record: dict[str, Any], body: Any) -> dict[str, Any] | None:
    """The object of ``record`` in a GET answer (one object or an array), or None.

    A claim is told apart by its Repair keys, a cancellation by its Cancel keys, the others
    by ShopID + InvoiceNumber; keys the record does not carry are not compared.
    """
    keys = KEYS.get(kind, ("ShopID", "InvoiceNumber"))
    for item in _items(body):
        if isinstance(item, dict) and all(item.get(k) == record.get(k) for k in keys if k in record):
            return item
    return None


def found(kind: str, record: dict[str, Any], response: httpx.Response) -> dict[str, Any] | None:
    """The object of ``record`` in a GET answer (200 or 204); None on 204 or when absent."""
    if response.status_code == 204:
        return None
    checks.status(response, (200, 204), why=f"a GET of a {kind} by its ShopID and InvoiceNumber")
    return match(kind, record, checks.json_body(response))


def nothing_written(kind: str, record: dict[str, Any], response: httpx.Response) -> None:
    """A refused record's GET answers 204."""
    if found(kind, record, response) is not None or response.status_code != 204:
        raise Deviation(f"expected the refused {kind} not to be written (GET 204), got {checks.excerpt(response)}")


def rejected_not_written(kind: str, record: dict[str, Any], response: httpx.Response) -> None:
    """A record rejected within a batch is not among the answer (204, but claims share their key)."""
    if found(kind, record, response) is not None:
        raise Deviation(f"expected the rejected {kind} not to be written, got {checks.excerpt(response)}")
    if kind != "claim":  # claims share their registration's key with the accepted one
        checks.status(response, 204, why="a rejected record reads back as 204")


def claims(accepted: list[tuple[str, dict[str, Any]]], response: httpx.Response) -> bool:
    """Every accepted claim is in the registration's GET claims answer (ABS-17); False, judged
    nothing, when one object came back (D-ABS-28: recorded, not judged)."""
    body = checks.json_body(checks.status(response, 200, why="the registration has claims"))
    if isinstance(body, dict):
        return False
    for kind, record in accepted:
        if kind == "claim":
            compare("claim", record, found("claim", record, response))
    return True


def another_claim(record: dict[str, Any], response: httpx.Response,
                  accepted: list[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    """D-ABS-28: when several claims exist on one registration, a GET may answer one object.

    The accepted claim of the same registration (ShopID + InvoiceNumber) but other Repair keys
    that the answer is, when it is one object and not ``record``; None otherwise. The caller
    judges that claim instead and records that ``record`` itself was not returned.
    """
    if response.status_code != 200:
        return None
    body = checks.json_body(response)
    if not isinstance(body, dict) or match("claim", record, body) is not None:
        return None
    registration = (record.get("ShopID"), record.get("InvoiceNumber"))
    others = [r for kind, r in accepted if kind == "claim" and (r.get("ShopID"), r.get("InvoiceNumber")) == registration
              and any(r.get(k) != record.get(k) for k in KEYS["claim"])]
    return next((r for r in reversed(others) if match("claim", r, body) is not None), None)


def stored_in_full(name: str, sent: dict[str, Any], got: dict[str, Any] | None) -> None:
    """D-ABS-06: the accepted over-length value of ``name`` reads back in full, never truncated."""
    if got is None:
        raise Deviation(f"expected the accepted over-length {name} to read back, got nothing")
    checks.equal(got.get(name), sent[name], name,
                 "an over-length value is either rejected or stored in full, never truncated (D-ABS-06)")


def objects(response: httpx.Response) -> list[dict[str, Any]]:
    """The answer's objects: one JSON object, or (claims) a non-empty array of objects."""
    items = _items(checks.json_body(response))
    if not items or not all(isinstance(i, dict) for i in items):
        raise Deviation(f"expected a JSON object (or, for claims, an array of objects), got {checks.excerpt(response)}")
    return items


def compare(kind: str, sent: dict[str, Any], got: dict[str, Any] | None) -> None:
    """ABS-17: every posted value reads back, after type normalisation."""
    if got is None:
        raise Deviation(f"expected the accepted {kind} {sent.get('ShopID')}/{sent.get('InvoiceNumber')} to read "
                        "back, got nothing: a 200 promises all records written")
    for name, value in sent.items():
        if name not in got:
            if name in NOT_ECHOED.get(kind, set()) | OPTIONAL_IN_ANSWER or name not in DICTIONARY[kind]:
                continue
            raise Deviation(f"expected the read-back {kind} to carry {name}, got keys {sorted(got)}")
        same(kind, name, value, got[name])


def same(kind: str, name: str, sent: Any, got: Any) -> None:
    """One field by its dictionary type: ints as JSON numbers, money to the cent, dates as instants."""
    ftype = DICTIONARY[kind].get(name, ("string", None, False))[0]
    if name == "CommercialVehicle":
        meaning(got, "Yes" if str(sent).lower() in YES else "No")
    elif ftype == "int":
        checks.equal(checks.json_integer(got, name), int(sent), name, "an int reads back as a JSON number")
    elif ftype == "money":
        checks.same_money(got, sent, name)
    elif ftype == "datetime":
        checks.equal(checks.rfc3339_utc(got, name), instant(str(sent)), f"{name} (as an instant)")
    else:
        checks.equal(got, sent, name, "strings read back exactly, leading zeros and full length included")


def amount(got: Any, expected: str, name: str, why: str = "") -> None:
    """D-ABS-10.1: money read back by value — a whole number of cents (|round(x·100) − x·100| < 1e-6), and
    that number of cents is ``expected`` (a decimal text, e.g. "12.35"). 60.00 may come back as 60."""
    number = checks.json_number(got, name)
    cents = round(number * 100)
    if abs(cents - number * 100) >= 1e-6:
        raise Deviation(f"expected {name} as money, a whole number of cents (D-ABS-10: |round(x·100) − x·100| < "
                        f"1e-6), got {got!r}")
    want = Decimal(expected).quantize(Decimal("0.01"))
    if Decimal(cents) != want * 100:
        raise Deviation(f"expected {name} = {want} (to the cent{', ' + why if why else ''}), got {got!r}")


def status_date_after_created(status: dict[str, Any]) -> None:
    """D-ABS-26.2: StatusDate is "" or RFC 3339 and, when set, not before CreatedDate."""
    created = checks.rfc3339_utc(status.get("CreatedDate"), "CreatedDate")
    changed = checks.date_or_empty(status.get("StatusDate"), "StatusDate")
    if changed is not None and changed < created:
        raise Deviation(f"expected StatusDate ≥ CreatedDate (D-ABS-26), got {changed:%Y-%m-%dT%H:%M:%SZ} < "
                        f"{created:%Y-%m-%dT%H:%M:%SZ}: a status cannot change before the registration exists")


def meaning(got: Any, expected: str) -> None:
    """D-ABS-11: Yes/No/true/false in any case, compared by meaning."""
    words = YES if expected == "Yes" else NO
    if not isinstance(got, str) or got.lower() not in words:
        raise Deviation(f"expected CommercialVehicle to mean {expected} (one of {sorted(words)}), got {got!r}")


def numbers(kind: str, sent: dict[str, Any], got: dict[str, Any]) -> None:
    """The record's sent ints and money read back as JSON numbers of the same value."""
    for name, (ftype, _, _) in DICTIONARY[kind].items():
        if ftype in ("int", "money") and name in sent and name not in NOT_ECHOED.get(kind, ()):
            same(kind, name, sent[name], got.get(name))


def partner_id(got: Any, pid: str) -> None:
    """PartnerID is the token's partnerid: a JSON integer when the id is all digits."""
    if pid.isdigit():
        checks.equal(checks.json_integer(got, "PartnerID"), int(pid), "PartnerID", "the token's partnerid")
    else:
        checks.equal(got, pid, "PartnerID", "the token's partnerid")


def dates(item: dict[str, Any]) -> None:
    """Every ``…Date`` of an answer is RFC 3339 UTC or ``""``."""
    for name, value in item.items():
        if name.endswith("Date"):
            checks.date_or_empty(value, name)


def example_keys(example: str) -> list[str]:
    """The keys of the document's GET example (its optional ones left out)."""
    return [k for k in AbsData.example(f"response-get-{example}") if k not in OPTIONAL_IN_ANSWER]


def unset_strings(kind: str, sent: dict[str, Any], item: dict[str, Any]) -> None:
    """Optional strings the record did not set read back as ``""`` (as in the example)."""
    for name, (ftype, _, req) in DICTIONARY[kind].items():
        if ftype == "string" and not req and name not in sent and name != "CommercialVehicle":
            checks.equal(item.get(name, "<absent>"), "", name, "unset optional strings are \"\" in the example")


# -- the registration's status ----------------------------------------------------------------
def invariant(status: dict[str, Any]) -> None:
    """ABS-77 (a severity override): TiresLeft = covered − claimed − cancelled, 0 ≤ TiresLeft ≤ covered."""
    try:
        covered, claimed, cancelled, left = (checks.json_integer(status.get(k), k) for k in
                                             ("TiresCovered", "TireClaimCount", "TireCancelCount", "TiresLeft"))
    except Deviation as exc:
        raise BrokenFact(f"ABS-77: {exc}") from None
    if left != covered - claimed - cancelled or not 0 <= left <= covered:
        raise BrokenFact(f"ABS-77: expected TiresLeft = TiresCovered − TireClaimCount − TireCancelCount within "
                         f"0..TiresCovered, got covered {covered}, claimed {claimed}, cancelled {cancelled}, left "
                         f"{left}: the warranty's tire count is corrupt")


def expect(status: dict[str, Any], changes: str, before: dict[str, Any] | None) -> None:
    """The status shows ``changes``: "X up|down by N", "X N", "a X" (a date), "no X" (``""``), joined
    by commas and "and"; "up/down by" is against the status read ``before``."""
    for item in re.split(r", and |, | and ", changes.strip()):
        if m := re.fullmatch(r"(\w+) (up|down) by (\d+)", item):
            if before is None:
                raise RuntimeError(NO_STATUS_BEFORE)
            was = checks.json_integer(before.get(m[1]), m[1])
            want = was + int(m[3]) * (1 if m[2] == "up" else -1)
            checks.equal(checks.json_integer(status.get(m[1]), m[1]), want, m[1], f"{m[2]} by {m[3]} from {was}")
        elif m := re.fullmatch(r"(\w+) (\d+)", item):
            checks.equal(checks.json_integer(status.get(m[1]), m[1]), int(m[2]), m[1])
        elif m := re.fullmatch(r"an? (\w+)", item):
            checks.rfc3339_utc(status.get(m[1]), m[1])
        elif m := re.fullmatch(r"no (\w+)", item):
            checks.equal(status.get(m[1]), "", m[1], "not applicable yet")
        else:
            raise ValueError(f"cannot read the status expectation {item!r}")


def unchanged(now: dict[str, Any], before: dict[str, Any], what: str) -> None:
    """The RegistrationID (``what`` "RegistrationID") or the whole status (``what`` "status") is as before."""
    for key in ("RegistrationID",) if what == "RegistrationID" else STATUS:
        checks.equal(now.get(key), before.get(key), key, "it must not change")


def active_dates(status: dict[str, Any]) -> None:
    """An active registration: enrol and created dates set, no CancelDate, StatusDate ≥ CreatedDate."""
    checks.rfc3339_utc(status.get("PlanEnrollDate"), "PlanEnrollDate")
    checks.rfc3339_utc(status.get("CreatedDate"), "CreatedDate")
    checks.equal(status.get("CancelDate"), "", "CancelDate", "not cancelled")
    checks.date_or_empty(status.get("ExpireDate"), "ExpireDate")
    status_date_after_created(status)
