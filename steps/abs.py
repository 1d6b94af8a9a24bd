"""ABS steps: thin wrappers that move an :class:`AbsScenario` and judge with :mod:`golive.checks`
and :mod:`golive.vendors.abs.readback`.

"The record" is the record the scenario built or sent last; "the registration" the one
its claims and cancellations refer to (by ShopID + InvoiceNumber, D-ABS-04).
"""
from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from golive import checks
from golive.check_record import CheckRecord
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.abs import readback
from golive.vendors.abs.client import AbsClient
from golive.vendors.abs.data import AbsData
from golive.vendors.abs.scenario import AbsScenario
from golive.verdict import BrokenAssumption, Deviation
from steps.common import CODES, codes_of

KIND = r"(?P<kind>registration|claim|sale|cancellation)"
FIELD = r'"(?P<field>[^"]+)"'
SPELLING = r"(?P<spelling>canonical|lower)(?:-case)? parameter names"  # the client's spelling names


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def abs_client(target: VendorTarget) -> AbsClient:
    return AbsClient(target)


@pytest.fixture
def abs_data(target: VendorTarget, check_record: CheckRecord) -> AbsData:
    return AbsData(target.data_seed, check_record.data_key)


@pytest.fixture
def abs_scenario(abs_client: AbsClient, abs_data: AbsData, target: VendorTarget, conversation: Conversation,
                 record_property: Any) -> AbsScenario:
    return AbsScenario(abs_client, abs_data, target, conversation, note=record_property)


# -- Given ------------------------------------------------------------------------------------
@given(parsers.re(r"a registration of (?P<n>\d+) tires? enrolled today"))
def registration_today(abs_scenario: AbsScenario, n: str) -> None:
    abs_scenario.new_registration(int(n))


@given(parsers.re(r"a registration of (?P<n>\d+) tires? enrolled today with an? (?P<length>\d+)-character "
                  r"(?P<name>\w+)"))
def registration_with_long(abs_scenario: AbsScenario, n: str, length: str, name: str) -> None:
    abs_scenario.new_registration(int(n), **{name: abs_scenario.data.text(int(length))})


@given(parsers.re(rf"a valid {KIND} record"))
def valid_record(abs_scenario: AbsScenario, kind: str) -> None:
    abs_scenario.use(kind, abs_scenario.build(kind))


@given(parsers.re(rf"(?P<n>\d+) valid {KIND} records"))
def valid_records(abs_scenario: AbsScenario, n: str, kind: str) -> None:
    abs_scenario.build_batch(kind, int(n))


@given(parsers.re(r"an? (?P<kind>registration|claim) record with only the required fields"))
def minimal_record(abs_scenario: AbsScenario, kind: str) -> None:
    abs_scenario.minimal(kind)


@given(parsers.re(r"an? (?P<kind>claim|cancellation) record for a registration that does not exist"))
def orphan_record(abs_scenario: AbsScenario, kind: str) -> None:
    abs_scenario.orphan(kind)


@given(parsers.re(rf"the record has {FIELD} set to (?P<value>.+)"))
def record_has(abs_scenario: AbsScenario, field: str, value: str) -> None:
    abs_scenario.update(**{field: abs_scenario.value(value)})


@given(parsers.re(rf"the record has no {FIELD}"))
def record_lacks(abs_scenario: AbsScenario, field: str) -> None:
    abs_scenario.without(field)


@given("the record has DOT codes in TireDOT1 to TireDOT6")
def six_dots(abs_scenario: AbsScenario) -> None:
    abs_scenario.update(**{f"TireDOT{i}": f"DOT 73C2 KLH{i:04d}" for i in range(1, 7)})


@given(parsers.re(rf"the second one has no {FIELD}"))
def second_lacks(abs_scenario: AbsScenario, field: str) -> None:
    abs_scenario.batch[1].pop(field, None)


@given("the second one has the first one's ShopID and InvoiceNumber")
def second_repeats_key(abs_scenario: AbsScenario) -> None:
    first, second = abs_scenario.batch[:2]
    second["ShopID"], second["InvoiceNumber"] = first["ShopID"], first["InvoiceNumber"]


@given(parsers.re(rf"every one of them has no {FIELD}"))
def all_lack(abs_scenario: AbsScenario, field: str) -> None:
    for record in abs_scenario.batch:
        record.pop(field, None)


@given("the record was sent and accepted")
def sent_and_accepted(abs_scenario: AbsScenario) -> None:
    abs_scenario.setup(abs_scenario.kind, abs_scenario.record)


@given("the record was sent to production and accepted")
def sent_to_production(abs_scenario: AbsScenario) -> None:
    abs_scenario.setup(abs_scenario.kind, abs_scenario.record, company=abs_scenario.client.company)


@given(parsers.re(r"a (?P<kind>claim|cancellation) of (?P<n>\d+) tires? was accepted"))
def accepted_event(abs_scenario: AbsScenario, kind: str, n: str) -> None:
    abs_scenario.setup(kind, abs_scenario.event(kind, int(n)))


@given("nothing else happened")
def nothing_else() -> None:
    """The registration stays as created."""


@given("the registration's status was read")
def status_before(abs_scenario: AbsScenario) -> None:
    abs_scenario.remember_status()


@given("the vendor clock has moved past the registration's term")
def past_term(abs_scenario: AbsScenario) -> None:
    abs_scenario.past_term()


@given(parsers.re(r"the registration of the (?P<example>Claims|Cancellations) example with (?P<n>\d+) tires? "
                  r"enrolled today"))
def example_registration(abs_scenario: AbsScenario, example: str, n: str) -> None:
    abs_scenario.example_registration(example, int(n))


@given("another partner's registration exists in its test tables")
def other_partner_registration(abs_scenario: AbsScenario) -> None:
    abs_scenario.other_partner_registration()


# -- When -------------------------------------------------------------------------------------
@when("the record is sent")
def send_record(abs_scenario: AbsScenario) -> None:
    abs_scenario.send_record()


@when(parsers.re(rf"the record is sent with {FIELD} set to (?P<value>.+)"))
def send_with(abs_scenario: AbsScenario, field: str, value: str) -> None:
    abs_scenario.update(**{field: abs_scenario.value(value)})
    abs_scenario.send_record()


@when(parsers.re(rf"the record is sent without {FIELD}"))
def send_without(abs_scenario: AbsScenario, field: str) -> None:
    abs_scenario.without(field)
    abs_scenario.send_record()


@when(parsers.re(r'the record is sent with (?:content type "(?P<ctype>[^"]+)"|(?P<none>no content type))'))
def send_content_type(abs_scenario: AbsScenario, ctype: str | None, none: str | None) -> None:
    abs_scenario.answer(abs_scenario.client.send(abs_scenario.kind, [abs_scenario.record],
                                                 content_type=None if none else ctype))


@when("they are sent in one POST")
def send_batch(abs_scenario: AbsScenario) -> None:
    abs_scenario.send(abs_scenario.kind, abs_scenario.batch)


@when(parsers.re(r"a body that is (?P<variant>.+) is posted"))
def post_body(abs_scenario: AbsScenario, variant: str) -> None:
    abs_scenario.post(variant)


@when(parsers.re(r"an? (?P<method>POST|GET) is made using (?P<how>.+)"))
def made_using(abs_scenario: AbsScenario, method: str, how: str) -> None:
    abs_scenario.probe(method, abs_scenario.authorization(how))


@when(parsers.re(r"the (?P<tables>test|production) tables are queried for (?P<rec>\w+) of a record that does "
                 r"not exist"))
def query_unknown(abs_scenario: AbsScenario, tables: str, rec: str) -> None:
    abs_scenario.query(rec, company=abs_scenario.client.company if tables == "production" else None)


@when("the production tables are queried with lower-case header names")
def query_lower_headers(abs_scenario: AbsScenario) -> None:
    abs_scenario.query(company=abs_scenario.client.company, lower_headers=True)


@when(parsers.re(r'the test tables are queried (?:without "(?P<missing>rec|ShopID|InvoiceNumber)"|with rec '
                 r'"(?P<rec>[^"]+)")'))
def query_malformed(abs_scenario: AbsScenario, missing: str | None, rec: str | None) -> None:
    abs_scenario.query(rec or "registrations", missing=missing)


@when("a GET is made on an unknown company's path")
def unknown_company(abs_scenario: AbsScenario) -> None:
    abs_scenario.query(company=f"golive-unknown-{abs_scenario.data.digits(8)}")


@when("our token reads that registration on the other partner's path")
def read_other(abs_scenario: AbsScenario) -> None:
    other = abs_scenario.other
    abs_scenario.answer(abs_scenario.client.read("registration", other["record"], company=other["company"]))


@when("our token sends a registration to the other partner's path")
def write_other(abs_scenario: AbsScenario) -> None:
    abs_scenario.record = abs_scenario.data.registration(abs_scenario.today)
    abs_scenario.answer(abs_scenario.client.send("registration", [abs_scenario.record],
                                                 company=abs_scenario.other["company"]))


@when("the record is read back")
def read_back(abs_scenario: AbsScenario) -> None:
    abs_scenario.read(answer=True)


@when(parsers.re(r"the record is read back from (?P<where>the test tables|production)"))
def read_back_from(abs_scenario: AbsScenario, where: str) -> None:
    abs_scenario.read(company=abs_scenario.client.company if where == "production" else None, answer=True)


@when(parsers.re(r'the record is read back with OrgID "(?P<org>[^"]+)"'))
def read_back_org(abs_scenario: AbsScenario, org: str) -> None:
    abs_scenario.read(org_id=org, answer=True)


@when(parsers.re(rf"the record is read back with {SPELLING}"))
def read_back_spelling(abs_scenario: AbsScenario, spelling: str) -> None:
    abs_scenario.read(spelling=spelling, answer=True)


@when("the record is read back without the partnerid parameter")
def read_back_without_partnerid(abs_scenario: AbsScenario) -> None:
    abs_scenario.read(partnerid=None, answer=True)


@when("the record is read back with another partnerid")
def read_back_other_partnerid(abs_scenario: AbsScenario) -> None:
    abs_scenario.read(partnerid=abs_scenario.other_partner_id(), answer=True)


@when("the registration's status is read")
def read_status(abs_scenario: AbsScenario) -> None:
    abs_scenario.read_status()


@when(parsers.re(rf"the registration's status is read with {SPELLING}"))
def read_status_spelling(abs_scenario: AbsScenario, spelling: str) -> None:
    abs_scenario.read_status(spelling=spelling)


@when(parsers.re(r"a (?P<kind>claim|cancellation) of (?P<n>\d+|the remaining) tires? (?:is|are) sent for it"))
def send_event(abs_scenario: AbsScenario, kind: str, n: str) -> None:
    abs_scenario.send_event(kind, None if n == "the remaining" else int(n))


@when(parsers.re(r"the (?P<example>Registrations|Claims|Sales|Cancellations) example is sent"))
def send_example(abs_scenario: AbsScenario, example: str) -> None:
    abs_scenario.send_example(example)


# -- Then -------------------------------------------------------------------------------------
@then(parsers.re(rf'it is refused with {CODES} naming "(?P<fields>[^"]+)"(?P<implied>, as implied)?'))
def refused_naming(abs_scenario: AbsScenario, codes: str, fields: str, implied: str | None,
                   rejection_documented: bool) -> None:
    names = [f.strip() for f in fields.split(",")]
    if not implied:
        return abs_scenario.refused_naming(codes_of(codes), names, documented=rejection_documented)
    with checks.assumed("the null case of ABS-21"):
        abs_scenario.refused_naming(codes_of(codes), names, documented=False, stated=False)


@then(parsers.re(r'it is refused with 400 listing "(?P<param>[^"]+)"'))
def refused_listing(conversation: Conversation, param: str, rejection_documented: bool) -> None:
    response = checks.refused(conversation.last, 400, documented=rejection_documented)
    checks.names_fields(checks.json_body(response, why="D-ABS-32: the listing is JSON"), [param], exact_case=False)


@then(parsers.re(rf"it is either refused with 400 naming {FIELD} or stored in full"))
def refused_or_full(abs_scenario: AbsScenario, field: str) -> None:
    if abs_scenario.conversation.last.status_code != 200:
        return abs_scenario.refused_naming([400], [field], documented=True)
    readback.stored_in_full(field, abs_scenario.record, abs_scenario.find(abs_scenario.kind, abs_scenario.record))


@then(parsers.re(rf"it is either refused with 400 naming {FIELD} or read back as the amount (?P<amount>[\d.]+)"))
def refused_or_rounded(abs_scenario: AbsScenario, field: str, amount: str) -> None:
    """D-ABS-10.2: more than 2 decimals may be refused (400 naming the field) or rounded; accepted, the value
    must read back rounded to the cent."""
    if abs_scenario.conversation.last.status_code != 200:
        return abs_scenario.refused_naming([400], [field], documented=True)
    readback.amount(abs_scenario.read_field(field), amount, field,
                    f"{abs_scenario.record[field]} rounded to 2 decimals, D-ABS-10")


@then(parsers.re(r'it is accepted with "(?P<text>[^"]+)"'))
def accepted_with(conversation: Conversation, text: str) -> None:
    response = checks.status(conversation.last, 200, why="a valid record must be written")
    checks.body_contains(response, text, why="D-ABS-16: the 200 body carries it, raw or as a JSON string")


@then("nothing was written")
def nothing_written(abs_scenario: AbsScenario) -> None:
    readback.nothing_written(abs_scenario.kind, abs_scenario.record, abs_scenario.read())


@then("none of them reads back")
def none_read_back(abs_scenario: AbsScenario) -> None:
    for record in abs_scenario.batch:
        response = abs_scenario.read(abs_scenario.kind, record)
        checks.status(response, 204, why="every record was rejected, so nothing may be written")


@then("the last one reads back as the only record")
def last_one_wins(abs_scenario: AbsScenario) -> None:
    """D-ABS-18.3: duplicates within a batch are applied in order; one record remains, the last one."""
    last = abs_scenario.batch[-1]
    response = abs_scenario.read(abs_scenario.kind, last)
    checks.json_object(response, why="a key sent twice in one batch is one record (D-ABS-18: last wins)")
    abs_scenario.compare(last, response)


@then("every one of them reads back")
def all_read_back(abs_scenario: AbsScenario) -> None:
    for record in abs_scenario.batch:
        abs_scenario.compare(record)


@then("the first one reads back and the second one does not")
def partial_read_back(abs_scenario: AbsScenario) -> None:
    good, bad = abs_scenario.batch[0], abs_scenario.batch[1]
    abs_scenario.compare(good)
    readback.rejected_not_written(abs_scenario.kind, bad, abs_scenario.read(abs_scenario.kind, bad))


@then(parsers.re(rf"the answer body is a JSON array naming {FIELD} and the accepted InvoiceNumber"))
def partial_body(abs_scenario: AbsScenario, field: str) -> None:
    body = checks.json_array(abs_scenario.conversation.last, why="D-ABS-17: a 206 body is a JSON array")
    checks.names_fields(body, [field])
    accepted = abs_scenario.batch[0]["InvoiceNumber"]
    if accepted not in checks.serialized(body):
        raise Deviation(f"expected the 206 body to identify the accepted record {accepted}, got "
                        f"{checks.excerpt(body)}: the partner cannot tell what was written")


@then(parsers.re(rf"the answer body names {FIELD} in its documented case"))
def names_in_case(conversation: Conversation, field: str) -> None:
    checks.names_fields(checks.serialized(conversation.last), [field])


@then(parsers.re(r"the record reads back (?:as sent|with the new values)"))
def reads_back_as_sent(abs_scenario: AbsScenario) -> None:
    response = abs_scenario.read()
    if abs_scenario.kind != "claim" or not abs_scenario.several_claims():  # D-ABS-28 spares several claims
        checks.json_object(response, why="one record per ShopID and InvoiceNumber (ABS-70: a single match is one "
                                         "object, not an array)")
    abs_scenario.compare(abs_scenario.record, response)


@then(parsers.re(rf"{FIELD} reads back exactly as sent"))
def field_as_sent(abs_scenario: AbsScenario, field: str) -> None:
    checks.equal(abs_scenario.read_field(field), abs_scenario.record[field], field, "no truncation, no reformatting")


@then(parsers.re(rf'{FIELD} reads back as ""'))
def field_blank(abs_scenario: AbsScenario, field: str) -> None:
    checks.equal(abs_scenario.read_field(field), "", field, "an omitted string is stored and returned as \"\"")


@then(parsers.re(rf"{FIELD} reads back as the number (?P<number>-?\d+)"))
def field_number(abs_scenario: AbsScenario, field: str, number: str) -> None:
    checks.equal(checks.json_integer(abs_scenario.read_field(field), field), int(number), field)


@then(parsers.re(rf"{FIELD} reads back as the amount (?P<amount>[\d.]+)"))
def field_amount(abs_scenario: AbsScenario, field: str, amount: str) -> None:
    readback.amount(abs_scenario.read_field(field), amount, field)


@then(parsers.re(rf"{FIELD} reads back as the instant (?P<moment>\S+)"))
def field_instant(abs_scenario: AbsScenario, field: str, moment: str) -> None:
    got = checks.rfc3339_utc(abs_scenario.read_field(field), field)
    checks.equal(got, readback.instant(moment.replace("{today}", abs_scenario.today)), f"{field} (as an instant)")


@then(parsers.re(rf"{FIELD} reads back meaning (?P<word>Yes|No)"))
def field_meaning(abs_scenario: AbsScenario, field: str, word: str) -> None:
    readback.meaning(abs_scenario.read_field(field), word)


@then("its numbers read back as JSON numbers")
def numbers_are_numbers(abs_scenario: AbsScenario) -> None:
    readback.numbers(abs_scenario.kind, abs_scenario.record, abs_scenario.read_back())


@then("the record's PartnerID is the token's partner id as a JSON integer")
def partner_id_integer(abs_scenario: AbsScenario) -> None:
    for item in readback.objects(checks.status(abs_scenario.conversation.last, 200)):
        readback.partner_id(item.get("PartnerID"), abs_scenario.client.partner_id)


@then('every date in the answer is RFC 3339 UTC or ""')
def dates_rfc3339(conversation: Conversation) -> None:
    for item in readback.objects(checks.status(conversation.last, 200)):
        readback.dates(item)


@then(parsers.re(r"the answer has the keys of the (?P<example>\w+) example"))
def example_keys(conversation: Conversation, abs_scenario: AbsScenario, example: str) -> None:
    keys, response = readback.example_keys(example), checks.status(conversation.last, 200)
    if example == "claims" and not abs_scenario.several_claims():
        checks.json_object(response, why="ABS-55, ABS-70: a single claim is one JSON object, not an array "
                                         "(D-ABS-28 allows an array only for several claims)")
    for item in readback.objects(response):
        checks.has_keys(item, keys, f"the {example} answer")


@then('its unset optional strings are ""')
def unset_strings(abs_scenario: AbsScenario) -> None:
    item = readback.objects(checks.status(abs_scenario.conversation.last, 200))[0]
    readback.unset_strings(abs_scenario.kind, abs_scenario.record, item)


@then(parsers.re(r'its "(?P<fields>[^"]+)" are JSON (?P<kind>numbers|integers)'))
def fields_numeric(conversation: Conversation, fields: str, kind: str) -> None:
    for item in readback.objects(checks.status(conversation.last, 200)):
        for name in (f.strip() for f in fields.split(",")):
            (checks.json_number if kind == "numbers" else checks.json_integer)(item.get(name), name)


@then(parsers.re(r'the registration\'s status shows WarrantyStatus (?P<code>\d) "(?P<message>[^"]+)"'))
def status_code(abs_scenario: AbsScenario, code: str, message: str) -> None:
    status = abs_scenario.status()
    checks.equal(checks.json_integer(status.get("WarrantyStatus"), "WarrantyStatus"), int(code), "WarrantyStatus")
    checks.equal(status.get("Message"), message, "Message", "the documented text of that WarrantyStatus")


@then(parsers.re(r"the registration's status shows (?P<changes>[^\"]+)"))
def status_shows(abs_scenario: AbsScenario, changes: str) -> None:
    readback.expect(abs_scenario.status(), changes, abs_scenario.status_before)


@then(parsers.re(r"the registration's WarrantyStatus is (?P<codes>\d(?: or \d)*), with the message of that code"))
def status_any_of(abs_scenario: AbsScenario, codes: str) -> None:
    """D-ABS-26.1: a combined state may show any applicable code, but Message must be that code's text."""
    status = abs_scenario.status()
    code = checks.json_integer(status.get("WarrantyStatus"), "WarrantyStatus")
    allowed = [int(c) for c in codes.split(" or ")]
    if code not in allowed:
        raise Deviation(f"expected WarrantyStatus {codes} (each applies), got {code}")
    checks.equal(status.get("Message"), readback.MESSAGES[code], "Message", f"the documented text of WarrantyStatus "
                                                                             f"{code} (ABS-76)")


@then("the registration's WarrantyStatus is recorded without a verdict")
def status_recorded(abs_scenario: AbsScenario) -> None:
    """D-ABS-24.3: after a partial cancellation the status is recorded, not judged."""
    status = abs_scenario.status()
    abs_scenario.note("status", f"WarrantyStatus {status.get('WarrantyStatus')} {status.get('Message')!r} after a "
                                "partial cancellation (D-ABS-24: recorded, not asserted)")


@then('the registration\'s StatusDate is "" or not before its CreatedDate')
def status_date(abs_scenario: AbsScenario) -> None:
    readback.status_date_after_created(abs_scenario.status())


@then("the other partner's tables do not hold it")
def not_written_elsewhere(abs_scenario: AbsScenario) -> None:
    """D-ABS-14: a refused write to another partner's path writes nothing (read with that partner's token)."""
    other, creds = abs_scenario.other, abs_scenario.target.credentials
    response = abs_scenario.client.read("registration", abs_scenario.record, company=other["company"],
                                        authorization=other["authorization"], partnerid=str(creds["other_partner_id"]))
    readback.nothing_written("registration", abs_scenario.record, response)


@then("the registration's status arithmetic holds")
def status_arithmetic(abs_scenario: AbsScenario) -> None:
    abs_scenario.status()  # checks the invariant


@then("the registration's TiresLeft never goes below 0")
def tires_left_non_negative(abs_scenario: AbsScenario) -> None:
    abs_scenario.status()  # the invariant is a severity override: a negative TiresLeft is FAILED


@then(parsers.re(r"the registration's (?P<what>RegistrationID|status) has not changed"))
def status_unchanged(abs_scenario: AbsScenario, what: str) -> None:
    abs_scenario.status_unchanged(what)


@then("the registration's ExpireDate is set and not after the vendor clock's now")
def expire_date(abs_scenario: AbsScenario) -> None:
    abs_scenario.expired_by_now()


@then("the status dates of an active registration are well formed")
def active_status_dates(abs_scenario: AbsScenario) -> None:
    readback.active_dates(abs_scenario.status())


@then("both answers are the same 200 record")
def same_answers(abs_scenario: AbsScenario) -> None:
    first, second = abs_scenario.reads[-2:]
    checks.status(first, 200, why="the record exists")
    checks.status(second, 200, why="both documented spellings of the parameter names must work")
    checks.equal(checks.json_body(second), checks.json_body(first), "the answer to the other spelling")


@then("every claim sent is returned, or the single claim returned is recorded")
def every_claim(abs_scenario: AbsScenario, record_property: Any) -> None:
    if not readback.claims(abs_scenario.accepted, abs_scenario.read()):  # D-ABS-28: recorded, not judged
        record_property("claims", "several claims on one registration came back as one object")


@then("no record is returned, 204 being the implied answer")
def filtered_out(conversation: Conversation) -> None:
    response = conversation.last
    if response.status_code == 200 and response.content.strip() not in (b"", b"{}", b"[]"):
        raise Deviation(f"expected a non-matching OrgID to return no record, got {checks.excerpt(response)}: "
                        "the OrgID filter is ignored")
    if response.status_code != 204:
        raise BrokenAssumption(f"expected 204 for a non-matching OrgID, got {checks.excerpt(response)}")
