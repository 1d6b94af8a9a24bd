"""One ABS scenario: what it built, sent and read back, through :class:`AbsClient`.

"The record" is the record the scenario built or sent last; "the registration" the one its
claims and cancellations refer to (by ShopID + InvoiceNumber, D-ABS-04). Every answer a
step should judge goes into the scenario's :class:`Conversation`. Value comparisons live in
:mod:`golive.vendors.abs.readback`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive import checks
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.abs import authorizations, readback
from golive.vendors.abs.client import KINDS, AbsClient, bearer
from golive.vendors.abs.data import AbsData, required
from golive.verdict import Deviation, NotOnThisTarget

COUNTS = {"claim": "TireClaimCount", "cancellation": "TireCancelCount"}
BODIES = {  # malformed POST bodies (ABS-14, ABS-15)
    "not JSON": b"Registrations: ShopID=005308",
    "empty": b"",
    "an object with an unknown record-type key": b'{"Tires": [{"ShopID": "005308", "InvoiceNumber": "1"}]}',
    "an empty Registrations array": b'{"Registrations": []}',
    "a JSON array instead of an object": b'[{"ShopID": "005308", "InvoiceNumber": "1044273"}]',
}


@dataclass
class AbsScenario:
    """The state and the moves of one ABS scenario (one per check)."""

    client: AbsClient
    data: AbsData
    target: VendorTarget
    conversation: Conversation
    kind: str = "registration"
    record: dict[str, Any] = field(default_factory=dict)
    registration: dict[str, Any] | None = None
    batch: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    status_before: dict[str, Any] | None = None
    reads: list[httpx.Response] = field(default_factory=list)
    example_keys: tuple[str, str] | None = None
    other: dict[str, Any] = field(default_factory=dict)
    note: Callable[[str, Any], None] = lambda name, value: None  # recorded, not judged (record_property)
    _today: str | None = None

    @property
    def today(self) -> str:
        """The vendor clock's today (D-ABS-27), read once per scenario."""
        if self._today is None:
            self._today = self.target.now().date().isoformat()
        return self._today

    # -- building records -------------------------------------------------------------------
    def use(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """Make ``record`` (of ``kind``) the record."""
        self.kind, self.record = kind, record
        return record

    def update(self, **values: Any) -> None:
        """Set fields of the record (a new dict: what was sent before stays as sent)."""
        self.record = {**self.record, **values}

    def without(self, name: str) -> None:
        self.record = {k: v for k, v in self.record.items() if k != name}

    def _builder(self, kind: str) -> Callable[..., dict[str, Any]]:
        return self.data.claim if kind == "claim" else self.data.cancellation

    def new_registration(self, tires: int = 4, **overrides: Any) -> dict[str, Any]:
        """Send (and require accepted) a fresh registration enrolled today; it becomes the registration."""
        self.registration = self.setup("registration", self.data.registration(self.today, TiresCovered=tires,
                                                                              **overrides))
        return self.registration

    def the_registration(self) -> dict[str, Any]:
        """The registration, sent with 4 tires on first need."""
        return self.registration if self.registration is not None else self.new_registration(4)

    def build(self, kind: str) -> dict[str, Any]:
        """A valid record (claims and cancellations against the registration)."""
        if kind == "registration":
            return self.data.registration(self.today)
        if kind == "sale":
            return self.data.sale(self.today)
        return self._builder(kind)(self.the_registration())

    def build_batch(self, kind: str, n: int) -> list[dict[str, Any]]:
        """``n`` valid records; cancellations one registration each (a registration is cancelled once)."""
        if kind == "cancellation":
            batch = [self.data.cancellation(self.new_registration(2)) for _ in range(n)]
        else:
            batch = [self.build(kind) for _ in range(n)]
        self.kind, self.batch = kind, batch
        return batch

    def minimal(self, kind: str) -> dict[str, Any]:
        """A valid record with only its required fields (ABS-37 keeps a registration's TireDOT1)."""
        keep = set(required(kind)) | ({"TireDOT1"} if kind == "registration" else set())
        return self.use(kind, {k: v for k, v in self.build(kind).items() if k in keep})

    def orphan(self, kind: str) -> dict[str, Any]:
        """A claim or cancellation whose registration was never sent."""
        return self.use(kind, self._builder(kind)(self.data.registration(self.today)))

    def event(self, kind: str, count: int) -> dict[str, Any]:
        """A claim or cancellation of ``count`` tires against the registration."""
        return self._builder(kind)(self.the_registration(), **{COUNTS[kind]: count})

    def value(self, text: str) -> Any:
        """A step's value: ``a unique string of N characters``, or JSON with ``{today}``."""
        match = re.fullmatch(r"a unique string of (\d+) characters", text.strip())
        if match:
            return self.data.text(int(match[1]))
        return json.loads(text.strip().replace("{today}", self.today))

    # -- sending ----------------------------------------------------------------------------
    def answer(self, response: httpx.Response) -> httpx.Response:
        """Record ``response`` as the scenario's latest answer."""
        return self.conversation.record(response)

    def send(self, kind: str, records: list[dict[str, Any]], **kw: Any) -> httpx.Response:
        """POST ``records``; on 200 they count as accepted."""
        response = self.answer(self.client.send(kind, records, **kw))
        if response.status_code == 200:
            self.accepted += [(kind, r) for r in records]
        return response

    def send_record(self) -> httpx.Response:
        return self.send(self.kind, [self.record])

    def setup(self, kind: str, record: dict[str, Any], **kw: Any) -> dict[str, Any]:
        """Send a record the scenario needs; anything but 200 means the scenario cannot go on."""
        response = self.send(kind, [record], **kw)
        checks.status(response, 200, why=f"setting up the scenario: a valid {kind} must be accepted")
        return self.use(kind, record)

    def send_event(self, kind: str, count: int | None) -> httpx.Response:
        """Send a claim or cancellation of ``count`` tires (None: the registration's TiresLeft now)."""
        count = self.status()["TiresLeft"] if count is None else count
        self.use(kind, self.event(kind, count))
        return self.send_record()

    def example_registration(self, example: str, tires: int) -> dict[str, Any]:
        """examples/README.md preconditions: the example's registration, enrolled today (D-ABS-27)."""
        literal = self.data.example_record(example.lower())
        keys = (literal["ShopID"], literal["InvoiceNumber"])
        if not self.target.controllable:  # live test tables persist: fresh keys keep reruns apart
            keys = (self.data.shop_id(), self.data.invoice())
        self.example_keys = keys
        registration = {**self.data.example_record("registrations"), "ShopID": keys[0], "InvoiceNumber": keys[1],
                        "PlanEnrollDate": self.today, "TiresCovered": tires}
        self.registration = self.setup("registration", registration)
        return self.registration

    def send_example(self, example: str) -> httpx.Response:
        """Sent as written (examples/README.md). Live test tables persist, so on a live target the
        claim, sale and cancellation examples get fresh keys; the registration example stays as
        written (resending a registration is a documented update, ABS-42)."""
        kind = next(k for k, v in KINDS.items() if v == example)
        record = self.data.example_record(example.lower())
        if not self.target.controllable and kind != "registration":
            record = self.data.rekeyed(example.lower())
            if self.example_keys:  # the registration created for it (examples/README.md preconditions)
                record["ShopID"], record["InvoiceNumber"] = self.example_keys
        self.use(kind, record)
        return self.send_record()

    def post(self, variant: str) -> httpx.Response:
        """POST one of the malformed :data:`BODIES`."""
        return self.answer(self.client.post(BODIES[variant]))

    # -- other identities, bad credentials --------------------------------------------------
    def other_partner_registration(self) -> None:
        """A second partner writes a registration to its own test tables (sandbox credentials)."""
        creds = self.target.credentials
        if not all(creds.get(k) for k in ("other_partner_id", "other_secret", "other_company")):
            raise NotOnThisTarget("needs a second partner identity (sandbox credentials)")
        token = self.client.token(secret=str(creds["other_secret"]), partnerid=str(creds["other_partner_id"]))
        company = f"{creds['other_company']}_test"
        record = self.data.registration(self.today)
        response = self.answer(self.client.send("registration", [record], company=company,
                                                authorization=bearer(token)))
        checks.status(response, 200, why="setting up: the other partner writes to its own test tables")
        self.other = {"company": company, "record": record, "authorization": bearer(token)}

    def other_partner_id(self) -> str:
        """A partnerid that is not ours (the sandbox's second partner, or one made up)."""
        pid = self.client.partner_id
        return str(self.target.credentials.get("other_partner_id") or (str(int(pid) + 1) if pid.isdigit()
                                                                       else pid + "x"))

    def authorization(self, how: str) -> Any:
        """The named (bad) authorization value of ABS-03 to ABS-08 and ABS-10."""
        return authorizations.authorization(self.client, self.data, self.target, how)

    def probe(self, method: str, authorization: Any) -> httpx.Response:
        """A POST of a fresh sale, or a GET of an unknown registration, with ``authorization``."""
        if method == "POST":
            return self.answer(self.client.send("sale", [self.data.sale(self.today)], authorization=authorization))
        return self.query(authorization=authorization)

    def past_term(self) -> None:
        """Move the sandbox's vendor clock past the registration term (D-ABS-27)."""
        if not self.target.controllable:
            raise NotOnThisTarget("expiry needs the sandbox's vendor clock (D-ABS-27)")
        term = self.target.credentials.get("registration_term_days")
        if not isinstance(term, int | float):
            raise NotOnThisTarget("the sandbox does not say its registration term (registration_term_days)")
        self.target.advance((term + 2) * 86400)

    # -- reading back -----------------------------------------------------------------------
    def query(self, rec: str = "registrations", *, missing: str | None = None, **kw: Any) -> httpx.Response:
        """GET a record that does not exist (fresh keys); ``missing`` ("rec", "ShopID" or
        "InvoiceNumber") leaves that parameter out."""
        args: dict[str, Any] = {"rec": rec, "ShopID": self.data.shop_id(), "InvoiceNumber": self.data.invoice()}
        if missing:
            args[missing] = None
        return self.answer(self.client.get(args["rec"], args["ShopID"], args["InvoiceNumber"], **kw))

    def read(self, kind: str | None = None, record: dict[str, Any] | None = None, *, answer: bool = False,
             **kw: Any) -> httpx.Response:
        """GET a record back; a When step's read becomes "the answer", a Then step's check does not."""
        response = self.client.read(kind or self.kind, record or self.record, **kw)
        if answer:
            self.reads.append(self.answer(response))
        return response

    def read_status(self, **kw: Any) -> httpx.Response:
        """GET the registration's status as "the answer" (not judged here)."""
        registration = self.the_registration()
        response = self.answer(self.client.status(registration["ShopID"], registration["InvoiceNumber"], **kw))
        self.reads.append(response)
        return response

    def find(self, kind: str, record: dict[str, Any], response: httpx.Response | None = None) -> dict[str, Any] | None:
        """The read-back object of ``record`` (a claim: the one with its Repair keys), or None on 204."""
        return readback.found(kind, record, response or self.read(kind, record))

    def several_claims(self, record: dict[str, Any] | None = None) -> bool:
        """D-ABS-28: the registration of ``record`` (default: the record) has more than one accepted
        claim (distinct Repair keys). Only then may GET claims answer an array; one claim is one
        object (ABS-70, ABS-55)."""
        record = self.record if record is None else record
        registration = (record.get("ShopID"), record.get("InvoiceNumber"))
        repairs = {tuple(r.get(k) for k in readback.KEYS["claim"]) for kind, r in self.accepted
                   if kind == "claim" and (r.get("ShopID"), r.get("InvoiceNumber")) == registration}
        return len(repairs) > 1

    def read_back(self) -> dict[str, Any]:
        """The record as read back; a Deviation when nothing is."""
        got = self.find(self.kind, self.record)
        if got is None:
            raise Deviation(f"expected the accepted {self.kind} to read back, got 204")
        return got

    def read_field(self, name: str) -> Any:
        """One field of the record as read back."""
        got = self.read_back()
        if name not in got:
            raise Deviation(f"expected the read-back {self.kind} to carry {name}, got keys {sorted(got)}")
        return got[name]

    def compare(self, record: dict[str, Any], response: httpx.Response | None = None, kind: str | None = None) -> None:
        """ABS-17: ``record`` reads back with every posted value (from ``response`` if given).

        D-ABS-28: a claim among several on its registration may be answered by one object, another
        of them; that one is judged instead, and the absence of ``record`` is recorded, not judged."""
        kind = kind or self.kind
        response = response or self.read(kind, record)
        got = self.find(kind, record, response)
        if got is None and kind == "claim" and (other := readback.another_claim(record, response, self.accepted)):
            self.note("claims", "several claims on one registration came back as one object (D-ABS-28): "
                                f"RepairInvoiceNumber {other.get('RepairInvoiceNumber')}, not "
                                f"{record.get('RepairInvoiceNumber')}")
            record, got = other, readback.match(kind, other, checks.json_body(response))
        readback.compare(kind, record, got)

    def status(self, **kw: Any) -> dict[str, Any]:
        """The registration's status now (200, one object); ABS-77's invariant always holds."""
        registration = self.the_registration()
        response = self.client.status(registration["ShopID"], registration["InvoiceNumber"], **kw)
        checks.status(response, 200, why="registrationstatus of an existing registration")
        body = checks.json_object(response)
        readback.invariant(body)
        return body

    def remember_status(self) -> None:
        """Keep the status now, for "has not changed" and "up/down by"."""
        self.status_before = self.status()

    def status_unchanged(self, what: str) -> None:
        """The RegistrationID or the status is as remembered (:func:`readback.unchanged`)."""
        if self.status_before is None:
            raise RuntimeError(readback.NO_STATUS_BEFORE)
        readback.unchanged(self.status(), self.status_before, what)

    def expired_by_now(self) -> None:
        """The status's ExpireDate is set and not after the vendor clock's now."""
        expires = checks.rfc3339_utc(self.status().get("ExpireDate"), "ExpireDate")
        now = self.target.now()
        if expires > now:
            raise Deviation(f"expected ExpireDate ≤ the vendor clock's now {now:%Y-%m-%dT%H:%M:%SZ}, got {expires}")

    # -- answers ----------------------------------------------------------------------------
    def refused_naming(self, codes: list[int], names: list[str], *, documented: bool, stated: bool = True) -> None:
        """The last answer refuses with one of ``codes`` and a JSON array naming ``names`` (D-ABS-17)."""
        response = self.conversation.last
        checks.refused(response, codes, documented=documented, stated=stated)
        body = checks.json_array(response, why="D-ABS-17: a 400 body is a JSON array of the fields in error")
        checks.names_fields(body, names)
