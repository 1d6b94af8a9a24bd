"""ABS steps: thin wrappers that call :class:`AbsClient` and judge with :mod:`golive.checks`.

"The record" is the record the scenario built or sent last; "the registration" the one
its claims and cancellations refer to (by ShopID + InvoiceNumber, D-ABS-04).
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from golive import checks
from golive.vendors.abs.client import DEFAULT, KINDS, AbsClient, bearer
from golive.vendors.abs.data import DICTIONARY, AbsData, required
from golive.verdict import BrokenAssumption, BrokenFact, Deviation, NotOnThisTarget
from steps.common import Conversation, codes_of

KIND = r"(?P<kind>registration|claim|sale|cancellation)"
FIELD = r'"(?P<field>[^"]+)"'
CODES = r"(?P<codes>\d{3}(?:(?:, | or |, or )\d{3})*)"
MESSAGES = {1: "Registration is Active", 2: "Registration is Cancelled", 3: "No Tires left on Registration",
            4: "Registration is Expired"}
NOT_ECHOED = {"cancellation": {"TireCancelCount"}}  # D-ABS-29: checked through registrationstatus
OPTIONAL_IN_ANSWER = {"ServiceType"}  # D-ABS-02
YES, NO = {"yes", "true"}, {"no", "false"}


def instant(value: str) -> datetime:
    """A posted date as an instant: date-only is midnight UTC, no offset is UTC (D-ABS-07)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class AbsContext:
    client: AbsClient
    data: AbsData
    target: Any
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
    _today: str | None = None

    @property
    def today(self) -> str:
        """The vendor clock's today (D-ABS-27), read once per scenario."""
        if self._today is None:
            self._today = self.target.now().date().isoformat()
        return self._today

    def answer(self, response: httpx.Response) -> httpx.Response:
        return self.conversation.record(response)

    def send(self, kind: str, records: list[dict[str, Any]], **kw: Any) -> httpx.Response:
        response = self.answer(self.client.send(kind, records, **kw))
        if response.status_code == 200:
            self.accepted += [(kind, r) for r in records]
        return response

    def setup(self, kind: str, record: dict[str, Any], **kw: Any) -> dict[str, Any]:
        """Send a record the scenario needs; anything but 200 means the scenario cannot go on."""
        response = self.send(kind, [record], **kw)
        checks.status(response, 200, why=f"setting up the scenario: a valid {kind} must be accepted")
        self.kind, self.record = kind, record
        return record

    def new_registration(self, tires: int = 4, **overrides: Any) -> dict[str, Any]:
        self.registration = self.setup("registration", self.data.registration(self.today, TiresCovered=tires,
                                                                              **overrides))
        return self.registration

    def the_registration(self) -> dict[str, Any]:
        return self.registration if self.registration is not None else self.new_registration(4)

    def build(self, kind: str) -> dict[str, Any]:
        if kind == "registration":
            return self.data.registration(self.today)
        if kind == "sale":
            return self.data.sale(self.today)
        builder = self.data.claim if kind == "claim" else self.data.cancellation
        return builder(self.the_registration())

    def value(self, text: str) -> Any:
        """A step's value: ``a unique string of N characters``, or JSON with ``{today}``."""
        match = re.fullmatch(r"a unique string of (\d+) characters", text.strip())
        if match:
            return self.data.text(int(match[1]))
        return json.loads(text.strip().replace("{today}", self.today))

    # -- reading back ---------------------------------------------------------------------
    def read(self, kind: str | None = None, record: dict[str, Any] | None = None, *, answer: bool = False,
             **kw: Any) -> httpx.Response:
        """GET a record back; a When step's read becomes "the answer", a Then step's check does not."""
        response = self.client.read(kind or self.kind, record or self.record, **kw)
        if answer:
            self.reads.append(self.answer(response))
        return response

    def find(self, kind: str, record: dict[str, Any], response: httpx.Response | None = None) -> dict[str, Any] | None:
        """The read-back object of ``record`` (a claim: the one with its Repair keys), or None on 204."""
        response = response or self.read(kind, record)
        if response.status_code == 204:
            return None
        checks.status(response, (200, 204), why=f"a GET of a {kind} by its ShopID and InvoiceNumber")
        body = checks.json_body(response)
        items = body if isinstance(body, list) else [body]
        keys = {"claim": ("RepairShopID", "RepairInvoiceNumber"),
                "cancellation": ("CancelShopID", "CancelInvoiceNumber")}.get(kind, ("ShopID", "InvoiceNumber"))
        for item in items:
            if isinstance(item, dict) and all(item.get(k) == record.get(k) for k in keys if k in record):
                return item
        return None

    def status(self, **kw: Any) -> dict[str, Any]:
        """The registration's status now (200, one object); ABS-77's invariant always holds."""
        registration = self.the_registration()
        response = self.client.status(registration["ShopID"], registration["InvoiceNumber"], **kw)
        checks.status(response, 200, why="registrationstatus of an existing registration")
        body = checks.json_object(response)
        invariant(body)
        return body


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


def meaning(got: Any, expected: str) -> None:
    """D-ABS-11: Yes/No/true/false in any case, compared by meaning."""
    words = YES if expected == "Yes" else NO
    if not isinstance(got, str) or got.lower() not in words:
        raise Deviation(f"expected CommercialVehicle to mean {expected} (one of {sorted(words)}), got {got!r}")


def objects(response: httpx.Response) -> list[dict[str, Any]]:
    body = checks.json_body(response)
    items = body if isinstance(body, list) else [body]
    if not items or not all(isinstance(i, dict) for i in items):
        raise Deviation(f"expected a JSON object (or, for claims, an array of objects), got {checks.excerpt(response)}")
    return items


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def abs_client(target: Any) -> AbsClient:
    return AbsClient(target)


@pytest.fixture
def abs_data(request: pytest.FixtureRequest, target: Any) -> AbsData:
    return AbsData(target.data_seed, request.node.nodeid)


@pytest.fixture
def abs_ctx(abs_client: AbsClient, abs_data: AbsData, target: Any, conversation: Conversation) -> AbsContext:
    return AbsContext(abs_client, abs_data, target, conversation)


# -- Given ------------------------------------------------------------------------------------
@given(parsers.re(r"a registration of (?P<n>\d+) tires? enrolled today"))
def registration_today(abs_ctx: AbsContext, n: str) -> None:
    abs_ctx.new_registration(int(n))


@given(parsers.re(r"a registration of (?P<n>\d+) tires? enrolled today with an? (?P<length>\d+)-character "
                  r"(?P<name>\w+)"))
def registration_with_long(abs_ctx: AbsContext, n: str, length: str, name: str) -> None:
    abs_ctx.new_registration(int(n), **{name: abs_ctx.data.text(int(length))})


@given(parsers.re(rf"a valid {KIND} record"))
def valid_record(abs_ctx: AbsContext, kind: str) -> None:
    abs_ctx.kind, abs_ctx.record = kind, abs_ctx.build(kind)


@given(parsers.re(rf"(?P<n>\d+) valid {KIND} records"))
def valid_records(abs_ctx: AbsContext, n: str, kind: str) -> None:
    if kind == "cancellation":  # one registration each: a registration is cancelled once
        batch = [abs_ctx.data.cancellation(abs_ctx.new_registration(2)) for _ in range(int(n))]
    else:
        batch = [abs_ctx.build(kind) for _ in range(int(n))]
    abs_ctx.kind, abs_ctx.batch = kind, batch


@given(parsers.re(r"an? (?P<kind>registration|claim) record with only the required fields"))
def minimal_record(abs_ctx: AbsContext, kind: str) -> None:
    record = abs_ctx.build(kind)
    keep = set(required(kind)) | ({"TireDOT1"} if kind == "registration" else set())  # ABS-37 keeps TireDOT1
    abs_ctx.kind, abs_ctx.record = kind, {k: v for k, v in record.items() if k in keep}


@given(parsers.re(r"an? (?P<kind>claim|cancellation) record for a registration that does not exist"))
def orphan_record(abs_ctx: AbsContext, kind: str) -> None:
    ghost = abs_ctx.data.registration(abs_ctx.today)
    builder = abs_ctx.data.claim if kind == "claim" else abs_ctx.data.cancellation
    abs_ctx.kind, abs_ctx.record = kind, builder(ghost)


@given(parsers.re(rf"the record has {FIELD} set to (?P<value>.+)"))
def record_has(abs_ctx: AbsContext, field: str, value: str) -> None:
    abs_ctx.record = {**abs_ctx.record, field: abs_ctx.value(value)}


@given(parsers.re(rf"the record has no {FIELD}"))
def record_lacks(abs_ctx: AbsContext, field: str) -> None:
    abs_ctx.record = {k: v for k, v in abs_ctx.record.items() if k != field}


@given("the record has DOT codes in TireDOT1 to TireDOT6")
def six_dots(abs_ctx: AbsContext) -> None:
    abs_ctx.record = {**abs_ctx.record, **{f"TireDOT{i}": f"DOT 73C2 KLH{i:04d}" for i in range(1, 7)}}


@given(parsers.re(rf"the second one has no {FIELD}"))
def second_lacks(abs_ctx: AbsContext, field: str) -> None:
    abs_ctx.batch[1].pop(field, None)


@given(parsers.re(rf"every one of them has no {FIELD}"))
def all_lack(abs_ctx: AbsContext, field: str) -> None:
    for record in abs_ctx.batch:
        record.pop(field, None)


@given("the record was sent and accepted")
def sent_and_accepted(abs_ctx: AbsContext) -> None:
    abs_ctx.setup(abs_ctx.kind, abs_ctx.record)


@given("the record was sent to production and accepted")
def sent_to_production(abs_ctx: AbsContext) -> None:
    abs_ctx.setup(abs_ctx.kind, abs_ctx.record, company=abs_ctx.client.company)


@given(parsers.re(r"a (?P<kind>claim|cancellation) of (?P<n>\d+) tires? was accepted"))
def accepted_event(abs_ctx: AbsContext, kind: str, n: str) -> None:
    registration = abs_ctx.the_registration()
    count = {"claim": "TireClaimCount", "cancellation": "TireCancelCount"}[kind]
    builder = abs_ctx.data.claim if kind == "claim" else abs_ctx.data.cancellation
    abs_ctx.setup(kind, builder(registration, **{count: int(n)}))


@given("nothing else happened")
def nothing_else() -> None:
    """The registration stays as created."""


@given("the registration's status was read")
def status_before(abs_ctx: AbsContext) -> None:
    abs_ctx.status_before = abs_ctx.status()


@given("the vendor clock has moved past the registration's term")
def past_term(abs_ctx: AbsContext) -> None:
    if not abs_ctx.target.controllable:
        raise NotOnThisTarget("expiry needs the sandbox's vendor clock (D-ABS-27)")
    term = abs_ctx.target.credentials.get("registration_term_days")
    if not isinstance(term, int | float):
        raise NotOnThisTarget("the sandbox does not say its registration term (registration_term_days)")
    abs_ctx.target.advance((term + 2) * 86400)


@given(parsers.re(r"the registration of the (?P<example>Claims|Cancellations) example with (?P<n>\d+) tires? "
                  r"enrolled today"))
def example_registration(abs_ctx: AbsContext, example: str, n: str) -> None:
    """examples/README.md preconditions: the example's registration, enrolled today (D-ABS-27)."""
    literal = abs_ctx.data.example_record(example.lower())
    keys = (literal["ShopID"], literal["InvoiceNumber"])
    if not abs_ctx.target.controllable:  # live test tables persist: fresh keys keep reruns apart
        keys = (abs_ctx.data.shop_id(), abs_ctx.data.invoice())
    abs_ctx.example_keys = keys
    registration = {**abs_ctx.data.example_record("registrations"), "ShopID": keys[0], "InvoiceNumber": keys[1],
                    "PlanEnrollDate": abs_ctx.today, "TiresCovered": int(n)}
    abs_ctx.registration = abs_ctx.setup("registration", registration)


@given("another partner's registration exists in its test tables")
def other_partner_registration(abs_ctx: AbsContext) -> None:
    creds = abs_ctx.target.credentials
    if not all(creds.get(k) for k in ("other_partner_id", "other_secret", "other_company")):
        raise NotOnThisTarget("needs a second partner identity (sandbox credentials)")
    token = abs_ctx.client.token(secret=str(creds["other_secret"]), partnerid=str(creds["other_partner_id"]))
    company = f"{creds['other_company']}_test"
    record = abs_ctx.data.registration(abs_ctx.today)
    response = abs_ctx.answer(abs_ctx.client.send("registration", [record], company=company,
                                                  authorization=bearer(token)))
    checks.status(response, 200, why="setting up: the other partner writes to its own test tables")
    abs_ctx.other = {"company": company, "record": record, "authorization": bearer(token)}


# -- When -------------------------------------------------------------------------------------
@when("the record is sent")
def send_record(abs_ctx: AbsContext) -> None:
    abs_ctx.send(abs_ctx.kind, [abs_ctx.record])


@when(parsers.re(rf"the record is sent with {FIELD} set to (?P<value>.+)"))
def send_with(abs_ctx: AbsContext, field: str, value: str) -> None:
    abs_ctx.record = {**abs_ctx.record, field: abs_ctx.value(value)}
    abs_ctx.send(abs_ctx.kind, [abs_ctx.record])


@when(parsers.re(rf"the record is sent without {FIELD}"))
def send_without(abs_ctx: AbsContext, field: str) -> None:
    abs_ctx.record = {k: v for k, v in abs_ctx.record.items() if k != field}
    abs_ctx.send(abs_ctx.kind, [abs_ctx.record])


@when(parsers.re(r'the record is sent with (?:content type "(?P<ctype>[^"]+)"|(?P<none>no content type))'))
def send_content_type(abs_ctx: AbsContext, ctype: str | None, none: str | None) -> None:
    abs_ctx.answer(abs_ctx.client.send(abs_ctx.kind, [abs_ctx.record], content_type=None if none else ctype))


@when("they are sent in one POST")
def send_batch(abs_ctx: AbsContext) -> None:
    abs_ctx.send(abs_ctx.kind, abs_ctx.batch)


BODIES = {
    "not JSON": b"Registrations: ShopID=005308",
    "empty": b"",
    "an object with an unknown record-type key": b'{"Tires": [{"ShopID": "005308", "InvoiceNumber": "1"}]}',
    "an empty Registrations array": b'{"Registrations": []}',
    "a JSON array instead of an object": b'[{"ShopID": "005308", "InvoiceNumber": "1044273"}]',
}


@when(parsers.re(r"a body that is (?P<variant>.+) is posted"))
def post_body(abs_ctx: AbsContext, variant: str) -> None:
    abs_ctx.answer(abs_ctx.client.post(BODIES[variant]))


def authorization(abs_ctx: AbsContext, how: str) -> Any:
    """The named (bad) authorization value of ABS-03 to ABS-08 and ABS-10."""
    client, data = abs_ctx.client, abs_ctx.data
    pid = client.partner_id
    unassigned = str(int(pid) + 7_000_000) if pid.isdigit() else f"{pid}-unassigned"
    values = {
        "no authorization header": lambda: None,
        "the suite's own token": lambda: DEFAULT,
        "a JWT signed with another secret": lambda: bearer(client.token(secret=data.digits(64))),
        "a JWT whose exp has passed": lambda: bearer(client.token(exp=int(abs_ctx.target.now().timestamp()) - 3600)),
        "an unsigned JWT with alg none": lambda: bearer(client.token(algorithm="none")),
        "a JWT signed HS512": lambda: bearer(client.token(algorithm="HS512")),
        "an RS256 JWT signed with the secret as HMAC key": lambda: bearer(client.token(header_alg="RS256")),
        "a JWT without partnerid": lambda: bearer(client.token(drop=("partnerid",))),
        "a JWT with a partnerid ABS never assigned": lambda: bearer(client.token(partnerid=unassigned)),
        "a JWT without claimdate": lambda: bearer(client.token(drop=("claimdate",))),
        "the Basic scheme": lambda: "Basic " + base64.b64encode(f"{pid}:{client.secret}".encode()).decode(),
        "the raw secret": lambda: client.secret,
        "a random string": lambda: data.text(40, prefix="r"),
        "Bearer and a random string": lambda: bearer(data.text(40, prefix="r")),
        "a truncated JWT": lambda: bearer(client.token()[:-12]),
        "a JWT without the Bearer prefix": lambda: client.token(),
    }
    if how not in values:
        raise KeyError(f"unknown authorization variant {how!r}; known: {', '.join(values)}")
    return values[how]()


@when(parsers.re(r"an? (?P<method>POST|GET) is made using (?P<how>.+)"))
def made_using(abs_ctx: AbsContext, method: str, how: str) -> None:
    auth = authorization(abs_ctx, how)
    if method == "POST":
        abs_ctx.answer(abs_ctx.client.send("sale", [abs_ctx.data.sale(abs_ctx.today)], authorization=auth))
    else:
        data = abs_ctx.data
        abs_ctx.answer(abs_ctx.client.get("registrations", data.shop_id(), data.invoice(), authorization=auth))


@when(parsers.re(r"the (?P<tables>test|production) tables are queried for (?P<rec>\w+) of a record that does "
                 r"not exist"))
def query_unknown(abs_ctx: AbsContext, tables: str, rec: str) -> None:
    company = abs_ctx.client.company if tables == "production" else None
    abs_ctx.answer(abs_ctx.client.get(rec, abs_ctx.data.shop_id(), abs_ctx.data.invoice(), company=company))


@when("the production tables are queried with lower-case header names")
def query_lower_headers(abs_ctx: AbsContext) -> None:
    abs_ctx.answer(abs_ctx.client.get("registrations", abs_ctx.data.shop_id(), abs_ctx.data.invoice(),
                                      company=abs_ctx.client.company, lower_headers=True))


@when(parsers.re(r'the test tables are queried (?:without "(?P<missing>rec|ShopID|InvoiceNumber)"|with rec '
                 r'"(?P<rec>[^"]+)")'))
def query_malformed(abs_ctx: AbsContext, missing: str | None, rec: str | None) -> None:
    args: dict[str, Any] = {"rec": rec or "registrations", "shop_id": abs_ctx.data.shop_id(),
                            "invoice_number": abs_ctx.data.invoice()}
    if missing:
        args[{"rec": "rec", "ShopID": "shop_id", "InvoiceNumber": "invoice_number"}[missing]] = None
    abs_ctx.answer(abs_ctx.client.get(args["rec"], args["shop_id"], args["invoice_number"]))


@when("a GET is made on an unknown company's path")
def unknown_company(abs_ctx: AbsContext) -> None:
    company = f"golive-unknown-{abs_ctx.data.digits(8)}"
    abs_ctx.answer(abs_ctx.client.get("registrations", abs_ctx.data.shop_id(), abs_ctx.data.invoice(),
                                      company=company))


@when("our token reads that registration on the other partner's path")
def read_other(abs_ctx: AbsContext) -> None:
    record = abs_ctx.other["record"]
    abs_ctx.answer(abs_ctx.client.get("registrations", record["ShopID"], record["InvoiceNumber"],
                                      company=abs_ctx.other["company"]))


@when("our token sends a registration to the other partner's path")
def write_other(abs_ctx: AbsContext) -> None:
    abs_ctx.record = abs_ctx.data.registration(abs_ctx.today)
    abs_ctx.answer(abs_ctx.client.send("registration", [abs_ctx.record], company=abs_ctx.other["company"]))


@when("the record is read back")
def read_back(abs_ctx: AbsContext) -> None:
    abs_ctx.read(answer=True)


@when(parsers.re(r"the record is read back from (?P<where>the test tables|production)"))
def read_back_from(abs_ctx: AbsContext, where: str) -> None:
    abs_ctx.read(company=abs_ctx.client.company if where == "production" else None, answer=True)


@when(parsers.re(r'the record is read back with OrgID "(?P<org>[^"]+)"'))
def read_back_org(abs_ctx: AbsContext, org: str) -> None:
    abs_ctx.read(org_id=org, answer=True)


@when(parsers.re(r"the record is read back with (?P<spelling>canonical|lower-case) parameter names"))
def read_back_spelling(abs_ctx: AbsContext, spelling: str) -> None:
    abs_ctx.read(spelling="lower" if spelling == "lower-case" else "canonical", answer=True)


@when("the record is read back with another partnerid")
def read_back_other_partnerid(abs_ctx: AbsContext) -> None:
    pid = abs_ctx.client.partner_id
    other = abs_ctx.target.credentials.get("other_partner_id") or (str(int(pid) + 1) if pid.isdigit() else pid + "x")
    abs_ctx.read(partnerid=str(other), answer=True)


@when("the registration's status is read")
def read_status(abs_ctx: AbsContext) -> None:
    registration = abs_ctx.the_registration()
    response = abs_ctx.answer(abs_ctx.client.status(registration["ShopID"], registration["InvoiceNumber"]))
    abs_ctx.reads.append(response)


@when(parsers.re(r"the registration's status is read with (?P<spelling>canonical|lower-case) parameter names"))
def read_status_spelling(abs_ctx: AbsContext, spelling: str) -> None:
    registration = abs_ctx.the_registration()
    response = abs_ctx.answer(abs_ctx.client.status(registration["ShopID"], registration["InvoiceNumber"],
                                                    spelling="lower" if spelling == "lower-case" else "canonical"))
    abs_ctx.reads.append(response)


@when(parsers.re(r"a (?P<kind>claim|cancellation) of (?P<n>\d+|the remaining) tires? (?:is|are) sent for it"))
def send_event(abs_ctx: AbsContext, kind: str, n: str) -> None:
    registration = abs_ctx.the_registration()
    if n == "the remaining":
        count = abs_ctx.status()["TiresLeft"]
    else:
        count = int(n)
    field_name = {"claim": "TireClaimCount", "cancellation": "TireCancelCount"}[kind]
    builder = abs_ctx.data.claim if kind == "claim" else abs_ctx.data.cancellation
    abs_ctx.kind, abs_ctx.record = kind, builder(registration, **{field_name: count})
    abs_ctx.send(kind, [abs_ctx.record])


@when(parsers.re(r"the (?P<example>Registrations|Claims|Sales|Cancellations) example is sent"))
def send_example(abs_ctx: AbsContext, example: str) -> None:
    """Sent as written (examples/README.md). Live test tables persist, so on a live target the
    claim, sale and cancellation examples get fresh keys; the registration example stays as
    written (resending a registration is a documented update, ABS-42)."""
    kind = next(k for k, v in KINDS.items() if v == example)
    record = abs_ctx.data.example_record(example.lower())
    if not abs_ctx.target.controllable and kind != "registration":
        record = abs_ctx.data.rekeyed(example.lower())
        if abs_ctx.example_keys:  # the registration created for it (examples/README.md preconditions)
            record["ShopID"], record["InvoiceNumber"] = abs_ctx.example_keys
    abs_ctx.kind, abs_ctx.record = kind, record
    abs_ctx.send(kind, [record])


# -- Then -------------------------------------------------------------------------------------
def _refused_naming(abs_ctx: AbsContext, codes: str, names: list[str], documented: bool, stated: bool) -> None:
    response = abs_ctx.conversation.last
    first, *rest = codes_of(codes)
    checks.refused(response, first, rest, documented=documented, stated=stated)
    body = checks.json_array(response, why="D-ABS-17: a 400 body is a JSON array of the fields in error")
    checks.names_fields(body, names)


@then(parsers.re(rf'it is refused with {CODES} naming "(?P<fields>[^"]+)"(?P<implied>, as implied)?'))
def refused_naming(abs_ctx: AbsContext, codes: str, fields: str, implied: str | None,
                   rejection_documented: bool) -> None:
    names = [f.strip() for f in fields.split(",")]
    if implied:
        with checks.assumed("the null case of ABS-21"):
            _refused_naming(abs_ctx, codes, names, documented=False, stated=False)
    else:
        _refused_naming(abs_ctx, codes, names, documented=rejection_documented, stated=True)


@then(parsers.re(r'it is refused with 400 listing "(?P<param>[^"]+)"'))
def refused_listing(conversation: Conversation, param: str, rejection_documented: bool) -> None:
    response = checks.refused(conversation.last, 400, documented=rejection_documented)
    checks.names_fields(checks.json_body(response, why="D-ABS-32: the listing is JSON"), [param], exact_case=False)


@then(parsers.re(rf"it is either refused with 400 naming {FIELD} or stored in full"))
def refused_or_full(abs_ctx: AbsContext, field: str) -> None:
    response = abs_ctx.conversation.last
    if response.status_code == 200:
        got = abs_ctx.find(abs_ctx.kind, abs_ctx.record)
        if got is None:
            raise Deviation(f"expected the accepted over-length {field} to read back, got nothing")
        checks.equal(got.get(field), abs_ctx.record[field], field,
                     "an over-length value is either rejected or stored in full, never truncated (D-ABS-06)")
        return
    _refused_naming(abs_ctx, "400", [field], documented=True, stated=True)


@then(parsers.re(r'it is accepted with "(?P<text>[^"]+)"'))
def accepted_with(conversation: Conversation, text: str) -> None:
    response = checks.status(conversation.last, 200, why="a valid record must be written")
    checks.body_contains(response, text, why="D-ABS-16: the 200 body carries it, raw or as a JSON string")


@then("nothing was written")
def nothing_written(abs_ctx: AbsContext) -> None:
    response = abs_ctx.read()
    if abs_ctx.find(abs_ctx.kind, abs_ctx.record, response) is not None or response.status_code != 204:
        raise Deviation(f"expected the refused {abs_ctx.kind} not to be written (GET 204), got "
                        f"{checks.excerpt(response)}")


@then("none of them reads back")
def none_read_back(abs_ctx: AbsContext) -> None:
    for record in abs_ctx.batch:
        response = abs_ctx.read(abs_ctx.kind, record)
        checks.status(response, 204, why="every record was rejected, so nothing may be written")


@then("every one of them reads back")
def all_read_back(abs_ctx: AbsContext) -> None:
    for record in abs_ctx.batch:
        compare(abs_ctx.kind, record, abs_ctx.find(abs_ctx.kind, record))


@then("the first one reads back and the second one does not")
def partial_read_back(abs_ctx: AbsContext) -> None:
    good, bad = abs_ctx.batch[0], abs_ctx.batch[1]
    compare(abs_ctx.kind, good, abs_ctx.find(abs_ctx.kind, good))
    response = abs_ctx.read(abs_ctx.kind, bad)
    if abs_ctx.find(abs_ctx.kind, bad, response) is not None:
        raise Deviation(f"expected the rejected {abs_ctx.kind} not to be written, got {checks.excerpt(response)}")
    if abs_ctx.kind != "claim":  # claims share their registration's key with the accepted one
        checks.status(response, 204, why="a rejected record reads back as 204")


@then(parsers.re(rf"the answer body is a JSON array naming {FIELD} and the accepted InvoiceNumber"))
def partial_body(abs_ctx: AbsContext, field: str) -> None:
    body = checks.json_array(abs_ctx.conversation.last, why="D-ABS-17: a 206 body is a JSON array")
    checks.names_fields(body, [field])
    accepted = abs_ctx.batch[0]["InvoiceNumber"]
    if accepted not in checks.serialized(body):
        raise Deviation(f"expected the 206 body to identify the accepted record {accepted}, got "
                        f"{checks.excerpt(body)}: the partner cannot tell what was written")


@then(parsers.re(rf"the answer body names {FIELD} in its documented case"))
def names_in_case(conversation: Conversation, field: str) -> None:
    checks.names_fields(checks.serialized(conversation.last), [field])


@then(parsers.re(r"the record reads back (?:as sent|with the new values)"))
def reads_back_as_sent(abs_ctx: AbsContext) -> None:
    response = abs_ctx.read()
    if abs_ctx.kind != "claim":  # one registration / sale / cancellation per key (D-ABS-28 spares claims)
        checks.json_object(response, why="one record per ShopID and InvoiceNumber")
    compare(abs_ctx.kind, abs_ctx.record, abs_ctx.find(abs_ctx.kind, abs_ctx.record, response))


def _read_field(abs_ctx: AbsContext, field: str) -> Any:
    got = abs_ctx.find(abs_ctx.kind, abs_ctx.record)
    if got is None:
        raise Deviation(f"expected the accepted {abs_ctx.kind} to read back, got 204")
    if field not in got:
        raise Deviation(f"expected the read-back {abs_ctx.kind} to carry {field}, got keys {sorted(got)}")
    return got[field]


@then(parsers.re(rf"{FIELD} reads back exactly as sent"))
def field_as_sent(abs_ctx: AbsContext, field: str) -> None:
    checks.equal(_read_field(abs_ctx, field), abs_ctx.record[field], field, "no truncation, no reformatting")


@then(parsers.re(rf'{FIELD} reads back as ""'))
def field_blank(abs_ctx: AbsContext, field: str) -> None:
    checks.equal(_read_field(abs_ctx, field), "", field, "an omitted string is stored and returned as \"\"")


@then(parsers.re(rf"{FIELD} reads back as the number (?P<number>-?\d+)"))
def field_number(abs_ctx: AbsContext, field: str, number: str) -> None:
    checks.equal(checks.json_integer(_read_field(abs_ctx, field), field), int(number), field)


@then(parsers.re(rf"{FIELD} reads back as the amount (?P<amount>[\d.]+)"))
def field_amount(abs_ctx: AbsContext, field: str, amount: str) -> None:
    checks.same_money(_read_field(abs_ctx, field), float(amount), field)


@then(parsers.re(rf"{FIELD} reads back as the instant (?P<moment>\S+)"))
def field_instant(abs_ctx: AbsContext, field: str, moment: str) -> None:
    got = checks.rfc3339_utc(_read_field(abs_ctx, field), field)
    checks.equal(got, instant(moment.replace("{today}", abs_ctx.today)), f"{field} (as an instant)")


@then(parsers.re(rf"{FIELD} reads back meaning (?P<word>Yes|No)"))
def field_meaning(abs_ctx: AbsContext, field: str, word: str) -> None:
    meaning(_read_field(abs_ctx, field), word)


@then("its numbers read back as JSON numbers")
def numbers_are_numbers(abs_ctx: AbsContext) -> None:
    got = abs_ctx.find(abs_ctx.kind, abs_ctx.record)
    if got is None:
        raise Deviation(f"expected the accepted {abs_ctx.kind} to read back, got 204")
    for name, (ftype, _, _) in DICTIONARY[abs_ctx.kind].items():
        if ftype in ("int", "money") and name in abs_ctx.record and name not in NOT_ECHOED.get(abs_ctx.kind, ()):
            same(abs_ctx.kind, name, abs_ctx.record[name], got.get(name))


@then("the record's PartnerID is the token's partner id as a JSON integer")
def partner_id_integer(abs_ctx: AbsContext) -> None:
    pid = abs_ctx.client.partner_id
    for item in objects(checks.status(abs_ctx.conversation.last, 200)):
        got = item.get("PartnerID")
        if pid.isdigit():
            checks.equal(checks.json_integer(got, "PartnerID"), int(pid), "PartnerID", "the token's partnerid")
        else:
            checks.equal(got, pid, "PartnerID", "the token's partnerid")


@then('every date in the answer is RFC 3339 UTC or ""')
def dates_rfc3339(conversation: Conversation) -> None:
    for item in objects(checks.status(conversation.last, 200)):
        for name, value in item.items():
            if name.endswith("Date"):
                checks.date_or_empty(value, name)


@then(parsers.re(r"the answer has the keys of the (?P<example>\w+) example"))
def example_keys(conversation: Conversation, example: str) -> None:
    keys = [k for k in AbsData.example(f"response-get-{example}") if k not in OPTIONAL_IN_ANSWER]
    for item in objects(checks.status(conversation.last, 200)):
        checks.has_keys(item, keys, f"the {example} answer")


@then('its unset optional strings are ""')
def unset_strings(abs_ctx: AbsContext) -> None:
    item = objects(checks.status(abs_ctx.conversation.last, 200))[0]
    for name, (ftype, _, req) in DICTIONARY[abs_ctx.kind].items():
        if ftype == "string" and not req and name not in abs_ctx.record and name != "CommercialVehicle":
            checks.equal(item.get(name, "<absent>"), "", name, "unset optional strings are \"\" in the example")


@then(parsers.re(r'its "(?P<fields>[^"]+)" are JSON (?P<kind>numbers|integers)'))
def fields_numeric(conversation: Conversation, fields: str, kind: str) -> None:
    for item in objects(checks.status(conversation.last, 200)):
        for name in (f.strip() for f in fields.split(",")):
            (checks.json_number if kind == "numbers" else checks.json_integer)(item.get(name), name)


@then(parsers.re(r'the registration\'s status shows WarrantyStatus (?P<code>\d) "(?P<message>[^"]+)"'))
def status_code(abs_ctx: AbsContext, code: str, message: str) -> None:
    status = abs_ctx.status()
    got = checks.json_integer(status.get("WarrantyStatus"), "WarrantyStatus")
    checks.equal(got, int(code), "WarrantyStatus")
    checks.equal(status.get("Message"), message, "Message", "the documented text of that WarrantyStatus")


@then(parsers.re(r"the registration's status shows (?P<changes>[^\"]+)"))
def status_shows(abs_ctx: AbsContext, changes: str) -> None:
    status = abs_ctx.status()
    for item in re.split(r", and |, | and ", changes.strip()):
        if m := re.fullmatch(r"(\w+) (up|down) by (\d+)", item):
            if abs_ctx.status_before is None:
                raise RuntimeError("the scenario must read the status before ('the registration's status was read')")
            before = checks.json_integer(abs_ctx.status_before.get(m[1]), m[1])
            want = before + int(m[3]) * (1 if m[2] == "up" else -1)
            checks.equal(checks.json_integer(status.get(m[1]), m[1]), want, m[1], f"{m[2]} by {m[3]} from {before}")
        elif m := re.fullmatch(r"(\w+) (\d+)", item):
            checks.equal(checks.json_integer(status.get(m[1]), m[1]), int(m[2]), m[1])
        elif m := re.fullmatch(r"an? (\w+)", item):
            checks.rfc3339_utc(status.get(m[1]), m[1])
        elif m := re.fullmatch(r"no (\w+)", item):
            checks.equal(status.get(m[1]), "", m[1], "not applicable yet")
        else:
            raise ValueError(f"cannot read the status expectation {item!r}")


@then("the registration's status arithmetic holds")
def status_arithmetic(abs_ctx: AbsContext) -> None:
    abs_ctx.status()  # checks the invariant


@then("the registration's TiresLeft never goes below 0")
def tires_left_non_negative(abs_ctx: AbsContext) -> None:
    abs_ctx.status()  # the invariant is a severity override: a negative TiresLeft is FAILED


@then(parsers.re(r"the registration's (?P<what>RegistrationID|status) has not changed"))
def status_unchanged(abs_ctx: AbsContext, what: str) -> None:
    if abs_ctx.status_before is None:
        raise RuntimeError("the scenario must read the status first ('the registration's status was read')")
    now = abs_ctx.status()
    keys = ["RegistrationID"] if what == "RegistrationID" else [
        "WarrantyStatus", "Message", "TiresCovered", "TireClaimCount", "TireCancelCount", "TiresLeft", "CancelDate"]
    for key in keys:
        checks.equal(now.get(key), abs_ctx.status_before.get(key), key, "it must not change")


@then("the registration's ExpireDate is set and not after the vendor clock's now")
def expire_date(abs_ctx: AbsContext) -> None:
    expires = checks.rfc3339_utc(abs_ctx.status().get("ExpireDate"), "ExpireDate")
    now = abs_ctx.target.now()
    if expires > now:
        raise Deviation(f"expected ExpireDate ≤ the vendor clock's now {now:%Y-%m-%dT%H:%M:%SZ}, got {expires}")


@then("the status dates of an active registration are well formed")
def active_status_dates(abs_ctx: AbsContext) -> None:
    status = abs_ctx.status()
    checks.rfc3339_utc(status.get("PlanEnrollDate"), "PlanEnrollDate")
    created = checks.rfc3339_utc(status.get("CreatedDate"), "CreatedDate")
    checks.equal(status.get("CancelDate"), "", "CancelDate", "not cancelled")
    checks.date_or_empty(status.get("ExpireDate"), "ExpireDate")
    changed = checks.date_or_empty(status.get("StatusDate"), "StatusDate")
    if changed is not None and changed < created:
        raise Deviation(f"expected StatusDate ≥ CreatedDate (D-ABS-26), got {changed} < {created}")


@then("both answers are the same 200 record")
def same_answers(abs_ctx: AbsContext) -> None:
    first, second = abs_ctx.reads[-2:]
    checks.status(first, 200, why="the record exists")
    checks.status(second, 200, why="both documented spellings of the parameter names must work")
    checks.equal(checks.json_body(second), checks.json_body(first), "the answer to the other spelling")


@then("every claim sent is returned, or the single claim returned is recorded")
def every_claim(abs_ctx: AbsContext, record_property: Any) -> None:
    response = abs_ctx.read()
    body = checks.json_body(checks.status(response, 200, why="the registration has claims"))
    if isinstance(body, dict):  # D-ABS-28: one object for several claims is recorded, not judged
        record_property("claims", "several claims on one registration came back as one object")
        return
    for kind, record in abs_ctx.accepted:
        if kind == "claim":
            compare("claim", record, abs_ctx.find("claim", record, response))


@then("no record is returned, 204 being the implied answer")
def filtered_out(conversation: Conversation) -> None:
    response = conversation.last
    if response.status_code == 200 and response.content.strip() not in (b"", b"{}", b"[]"):
        raise Deviation(f"expected a non-matching OrgID to return no record, got {checks.excerpt(response)}: "
                        "the OrgID filter is ignored")
    if response.status_code != 204:
        raise BrokenAssumption(f"expected 204 for a non-matching OrgID, got {checks.excerpt(response)}")
