"""The ABS tables and business rules (abs.md "Retransmission keys", "Business rules",
"registrationstatus"): upserts by the documented keys, tires left, the once-only
cancellation, expiry on the vendor clock, WarrantyStatus and the status dates.

Each company path (``tirecompany``, ``tirecompany_test``, ...) has its own ``Tables``.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from golive.sandbox.clock import VendorClock
from golive.vendors.abs.records import (
    BY_REC,
    RECORD_ID,
    WRITTEN,
    Fault,
    RecordType,
    fmt_date,
    fmt_string,
    key_text,
    partner_number,
    shape,
)

ACTIVE, CANCELLED, NO_TIRES, EXPIRED = 1, 2, 3, 4
MESSAGES = {
    ACTIVE: "Registration is Active",
    CANCELLED: "Registration is Cancelled",
    NO_TIRES: "No Tires left on Registration",
    EXPIRED: "Registration is Expired",
}
Error = dict[str, str]
RECEIVED = "_received"  # stored-values key of a cancellation: the vendor-clock time it was first written


@dataclass
class Registration:
    id: int
    created: datetime
    values: dict[str, Any]
    last_status: int = ACTIVE
    status_date: datetime | None = None


@dataclass
class Tables:
    registrations: dict[tuple, Registration] = field(default_factory=dict)
    claims: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    cancellations: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    sales: dict[tuple, dict[str, Any]] = field(default_factory=dict)


def _error(name: str, message: str) -> Error:
    return {"field": name, "message": message}


def _key(values: dict[str, Any], *names: str) -> tuple[str, ...]:
    return tuple(key_text(values, name) for name in names)


def _refers_to(values: dict[str, Any], reg: Registration) -> bool:
    return _key(values, "ShopID", "InvoiceNumber") == _key(reg.values, "ShopID", "InvoiceNumber")


class AbsStore:
    """All of one sandbox's ABS data; "now" is always the vendor clock."""

    def __init__(self, clock: VendorClock, term_days: int, fault: Fault) -> None:
        self.clock, self.term, self.fault = clock, timedelta(days=term_days), fault
        self._tables: dict[str, Tables] = {}
        self._ids = itertools.count(1)  # RegistrationID
        self._serial = itertools.count(1)  # extra key part for the duplicating faults
        self._records = itertools.count(1)  # RecordID of the extra-response-keys variant

    def tables(self, company: str) -> Tables:
        if self.fault("test-tables-shared"):
            company = company.removesuffix("_test")
        return self._tables.setdefault(company, Tables())

    # --- derived registration state ----------------------------------------------

    def _registration(self, t: Tables, values: dict[str, Any]) -> Registration | None:
        return next((r for r in t.registrations.values() if _refers_to(values, r)), None)

    def _claimed(self, t: Tables, reg: Registration) -> int:
        return sum(c.get("TireClaimCount", 0) for c in t.claims.values() if _refers_to(c, reg))

    def _cancels(self, t: Tables, reg: Registration) -> list[dict[str, Any]]:
        return [c for c in t.cancellations.values() if _refers_to(c, reg)]

    def _cancelled(self, t: Tables, reg: Registration) -> int:
        return sum(c.get("TireCancelCount", 0) for c in self._cancels(t, reg))

    def _left(self, t: Tables, reg: Registration) -> int:
        return reg.values.get("TiresCovered", 0) - self._claimed(t, reg) - self._cancelled(t, reg)

    def _expires(self, reg: Registration) -> datetime | None:
        enrolled = reg.values.get("PlanEnrollDate")
        try:
            return None if enrolled is None else enrolled + self.term
        except OverflowError:
            return None

    def _expired(self, reg: Registration, now: datetime) -> bool:
        expires = self._expires(reg)
        return not self.fault("expiry-ignored") and expires is not None and now >= expires

    def _status(self, t: Tables, reg: Registration, now: datetime) -> int:
        """First match wins: cancelled, no tires left, expired, active (abs.md's choice of order)."""
        if self.fault("status-expired-first") and self._expired(reg, now):
            return EXPIRED
        left = self._left(t, reg)
        if self._cancels(t, reg) and (left <= 0 or not self.fault("status-after-partial-cancel-active")):
            return CANCELLED
        if left <= 0:
            return NO_TIRES
        return EXPIRED if self._expired(reg, now) else ACTIVE

    def _settle(self, t: Tables, reg: Registration, now: datetime) -> None:
        """Record a change that time alone made (an expiry, at PlanEnrollDate + term)."""
        status = self._status(t, reg, now)
        if status != reg.last_status:
            expires = self._expires(reg)
            reg.last_status = status
            reg.status_date = max(expires, reg.created) if status == EXPIRED and expires else now

    def _written(self, t: Tables, reg: Registration, now: datetime) -> None:
        """Record a change that a write made, at the vendor-clock time of the write."""
        status = self._status(t, reg, now)
        if status != reg.last_status:
            reg.last_status, reg.status_date = status, now

    # --- POST ----------------------------------------------------------------------

    def post(self, company: str, rtype: RecordType, values: dict[str, Any]) -> Error | None:
        """Apply one valid record; the rejection ``{field, message}`` when a rule forbids it."""
        t, now = self.tables(company), self.clock.now()
        values[WRITTEN], values[RECORD_ID] = now, next(self._records)
        handler = {
            "Registrations": self._post_registration, "Claims": self._post_claim,
            "Cancellations": self._post_cancellation, "Sales": self._post_sale,
        }[rtype.key]
        return handler(t, values, now)

    def _post_registration(self, t: Tables, v: dict[str, Any], now: datetime) -> Error | None:
        key = _key(v, "ShopID", "InvoiceNumber")
        reg = None if self.fault("registration-resend-duplicates") else t.registrations.get(key)
        if reg is None:
            key += (str(next(self._serial)),) if self.fault("registration-resend-duplicates") else ()
            reg = t.registrations[key] = Registration(
                next(self._ids), now, v, status_date=now if self.fault("status-date-always-set") else None)
        else:
            self._settle(t, reg, now)
            used = self._claimed(t, reg) + self._cancelled(t, reg)
            if v.get("TiresCovered", 0) < used:
                return _error("TiresCovered", f"TiresCovered is below the {used} tires already claimed or cancelled")
            reg.values = v
            if self.fault("registration-id-changes-on-update"):
                reg.id = next(self._ids)
        self._written(t, reg, now)
        return None

    def _post_claim(self, t: Tables, v: dict[str, Any], now: datetime) -> Error | None:
        names = ["OrgID", "ShopID", "InvoiceNumber", "RepairShopID", "RepairInvoiceNumber"]
        key = _key(v, *names[: 4 if self.fault("claim-key-ignores-repair-invoice") else 5])
        if self.fault("claim-resend-duplicates") and key in t.claims:
            key += (str(next(self._serial)),)
        reg = self._registration(t, v)
        if reg is None:
            if self.fault("claim-without-registration-accepted"):
                t.claims[key] = v
                return None
            return _error("InvoiceNumber", "no registration has this ShopID and InvoiceNumber")
        self._settle(t, reg, now)
        if self._cancels(t, reg) and not self.fault("claim-on-cancelled-accepted"):
            return _error("InvoiceNumber", MESSAGES[CANCELLED])
        if self._expired(reg, now):
            return _error("InvoiceNumber", MESSAGES[EXPIRED])
        old = t.claims.get(key)
        left = self._left(t, reg) + (old.get("TireClaimCount", 0) if old else 0)
        if self.fault("claim-on-cancelled-accepted"):
            left += self._cancelled(t, reg)
        if (left <= 0 or v.get("TireClaimCount", 0) > left) and not self.fault("over-claim-accepted"):
            return _error("TireClaimCount", f"only {max(left, 0)} tires left on the registration")
        t.claims[key] = v
        self._written(t, reg, now)
        return None

    def _post_cancellation(self, t: Tables, v: dict[str, Any], now: datetime) -> Error | None:
        names = ("OrgID", "ShopID", "InvoiceNumber", "CancelShopID", "CancelInvoiceNumber")
        key = _key(v, *names)
        reg = self._registration(t, v)
        if reg is None:
            return _error("InvoiceNumber", "no registration has this ShopID and InvoiceNumber")
        self._settle(t, reg, now)
        old = t.cancellations.get(key)
        others = [c for c in self._cancels(t, reg) if _key(c, *names) != key]
        if (others and not self.fault("cancel-twice-accepted")) or (old and self.fault("cancel-resend-rejected")):
            return _error("InvoiceNumber", "the registration is already cancelled (it can only be cancelled once)")
        left = self._left(t, reg) + (old.get("TireCancelCount", 0) if old else 0)
        if v.get("TireCancelCount", 0) > left:
            return _error("TireCancelCount", f"only {max(left, 0)} tires left on the registration")
        v[RECEIVED] = old.get(RECEIVED, now) if old else now
        t.cancellations[key] = v
        self._written(t, reg, now)
        return None

    def _post_sale(self, t: Tables, v: dict[str, Any], now: datetime) -> Error | None:
        names = ("ShopID", "InvoiceNumber") if self.fault("sale-key-without-orgid") else ("OrgID", "ShopID",
                                                                                         "InvoiceNumber")
        key = _key(v, *names)
        if self.fault("sale-resend-duplicates") and key in t.sales:
            key += (str(next(self._serial)),)
        t.sales[key] = v
        return None

    # --- GET -----------------------------------------------------------------------

    def find(self, company: str, rec: str, shop: str, invoice: str, org: str | None,
             partner_id: str) -> list[dict[str, Any]]:
        """The GET objects matching ShopID + InvoiceNumber (+ OrgID when given)."""
        t, now = self.tables(company), self.clock.now()
        if self.fault("get-orgid-filter-ignored"):
            org = None

        def matches(values: dict[str, Any]) -> bool:
            return _key(values, "ShopID", "InvoiceNumber") == (shop, invoice) and (
                org is None or key_text(values, "OrgID") == org)

        if rec in ("registrations", "registrationstatus"):
            regs = [r for r in t.registrations.values() if matches(r.values)]
            if rec == "registrationstatus":
                return [self._status_view(t, r, now, partner_id) for r in regs]
            return [shape(BY_REC[rec], r.values, partner_id, self.fault) for r in regs]
        table = {"claims": t.claims, "sales": t.sales, "cancellations": t.cancellations}[rec]
        found = [shape(BY_REC[rec], v, partner_id, self.fault) for v in table.values() if matches(v)]
        if rec == "claims" and self.fault("claims-several-as-latest-object"):
            return found[-1:]  # the claim created last
        return found[::-1] if rec == "claims" and self.fault("claims-newest-first") else found

    def _status_view(self, t: Tables, reg: Registration, now: datetime, partner_id: str) -> dict[str, Any]:
        self._settle(t, reg, now)
        v, fault = reg.values, self.fault
        covered, claimed, cancelled = v.get("TiresCovered", 0), self._claimed(t, reg), self._cancelled(t, reg)
        cancels = self._cancels(t, reg)
        code = reg.last_status
        if fault("status-code-message-mismatch") and self._expired(reg, now):
            code = EXPIRED  # the code gives expiry precedence, the Message (below) keeps the first match's text
        changed = reg.status_date
        if changed is not None and fault("status-date-eastern-time"):
            changed -= timedelta(hours=5)  # US Eastern wall-clock time, labelled UTC
        return {
            "RegistrationID": reg.id,
            "PartnerID": partner_number(partner_id, fault),
            "OrgID": key_text(v, "OrgID"),
            "ShopID": fmt_string(key_text(v, "ShopID"), "ShopID", fault),
            "InvoiceNumber": key_text(v, "InvoiceNumber"),
            "PlanEnrollDate": fmt_date(v.get("PlanEnrollDate"), fault),
            "CreatedDate": fmt_date(reg.created, fault),
            "TiresCovered": covered,
            "TireClaimCount": claimed,
            "TireCancelCount": cancelled,
            "TiresLeft": covered - cancelled if fault("tiresleft-not-decremented") else covered - claimed - cancelled,
            "WarrantyStatus": code,
            "CancelDate": fmt_date(cancels[0].get(RECEIVED if fault("status-canceldate-received") else "CancelDate"),
                                   fault) if cancels else "",
            "ExpireDate": fmt_date(self._expires(reg), fault)
            if self._expired(reg, now) or fault("expire-date-always-set") else "",
            "StatusDate": fmt_date(changed, fault),
            "Message": MESSAGES[reg.last_status],
        }
