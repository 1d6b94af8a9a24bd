"""OTR steps: thin wrappers that move an :class:`OtrScenario` and judge with :mod:`golive.checks`
and :mod:`golive.vendors.otr.answers`.

Operations are named by their operationIds (D-OTR-01: stable, unlike the paths). "The token" is
the scenario's last token response, "the prospect" its last lookup, "the CAB Id" the one it may
create an account for or verify.
"""
from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from golive import checks
from golive.check_record import CheckRecord
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.otr import answers
from golive.vendors.otr.client import PROBE, OtrClient
from golive.vendors.otr.data import BAD_LEADS, LEAD_FIELDS, OtrData
from golive.vendors.otr.scenario import OtrScenario
from steps.common import CODES, codes_of

OPERATION = r"(?P<operation>postToken|getTokenClaims|getAuthorityInformation|postLead|postAccount|" \
            r"postProspectVerification)"


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def otr_scenario(target: VendorTarget, check_record: CheckRecord, conversation: Conversation,
                 record_property: Any) -> OtrScenario:
    return OtrScenario(OtrClient(target), OtrData(target.data_seed, check_record.data_key), target, conversation,
                       note=record_property)


# -- the subscription key -----------------------------------------------------------------------
@when(parsers.re(rf"{OPERATION} is called without the subscription key"))
def call_without_key(otr_scenario: OtrScenario, operation: str) -> None:
    otr_scenario.call(operation, None)


@when(parsers.re(rf"{OPERATION} is called with (?P<kind>an unknown|a malformed) subscription key"))
def call_with_other_key(otr_scenario: OtrScenario, operation: str, kind: str) -> None:
    data = otr_scenario.data
    otr_scenario.call(operation, data.unknown_key() if kind == "an unknown" else data.malformed_key())


@when(parsers.re(rf"{OPERATION} is called with the issued key, asking for nothing that writes"))
def call_writing_nothing(otr_scenario: OtrScenario, operation: str) -> None:
    otr_scenario.call_writing_nothing(operation)


@then("the refusal carries no data")
def refusal_without_data(conversation: Conversation) -> None:
    answers.no_data(conversation.last)


@then("it is not refused because of the subscription key")
def not_refused_for_key(conversation: Conversation) -> None:
    answers.key_accepted(conversation.last)


@then(parsers.re(rf"it is refused with {CODES}, only the code being implied$"))
def refused_code_implied(conversation: Conversation, codes: str) -> None:
    """Mixed basis: accepting is FAILED (the rule is stated), another 4xx a WARNING (the code is implied)."""
    checks.refused(conversation.last, codes_of(codes), documented=True, stated=False)


# -- tokens -----------------------------------------------------------------------------------
@given("an access token for the provided credentials")
def bearer_token(otr_scenario: OtrScenario) -> None:
    otr_scenario.access_token()


@when("a token is requested with the provided credentials")
def request_token(otr_scenario: OtrScenario) -> None:
    otr_scenario.request_token()


@when(parsers.re(r"a token is requested with the provided credentials as (?P<shape>.+)"))
def request_token_shaped(otr_scenario: OtrScenario, shape: str) -> None:
    otr_scenario.token_in_shape(shape)


@when(parsers.re(r"a token is requested without (?P<name>username|password)"))
def request_token_without(otr_scenario: OtrScenario, name: str) -> None:
    otr_scenario.token_without(name)


@when(parsers.re(r"a token is requested with a wrong password for (?P<who>.+)"))
def request_wrong_login(otr_scenario: OtrScenario, who: str) -> None:
    otr_scenario.wrong_login(who)


@then("the token response has access_token, token_type, expires_in and refresh_token")
def token_keys(otr_scenario: OtrScenario) -> None:
    checks.has_keys(otr_scenario.token_body(), answers.TOKEN_KEYS, "the token response")


@then('the token response\'s token_type is "bearer" in any case')
def token_type(otr_scenario: OtrScenario) -> None:
    answers.token_type(otr_scenario.token_body())


@then("the token response's expires_in is an integer from 1 to 7200")
def token_expires_in(otr_scenario: OtrScenario) -> None:
    answers.expires_in(otr_scenario.token_body())


@then("the token response's access_token and refresh_token are non-empty strings")
def token_strings(otr_scenario: OtrScenario) -> None:
    answers.opaque_tokens(otr_scenario.token_body())


@then("no token is issued")
def no_token(conversation: Conversation) -> None:
    answers.no_token(conversation.last)


@then("two tokens for the provided credentials carry the same userID and clientID")
def same_claims(otr_scenario: OtrScenario) -> None:
    otr_scenario.same_claims_twice()


@when(parsers.re(r"the vendor clock is (?P<n>\d+) seconds? (?P<side>past|short of) the token's expires_in"))
def clock_to_expiry(otr_scenario: OtrScenario, n: str, side: str) -> None:
    otr_scenario.pass_expiry(int(n) if side == "past" else -int(n))


@then("it is still accepted, as D-OTR-07 implies")
def still_accepted(conversation: Conversation) -> None:
    with checks.assumed("D-OTR-07: a token refused before expires_in"):
        checks.status(conversation.last, 200, why="the token has not reached its expires_in yet")


@when(parsers.re(r"its refresh token is used(?: again)?$"))
def use_refresh(otr_scenario: OtrScenario) -> None:
    otr_scenario.use_refresh_token()


@then(parsers.parse('the outcome is recorded as "{label}"'))
def recorded_as(otr_scenario: OtrScenario, label: str) -> None:
    otr_scenario.record(label)


# -- claims -----------------------------------------------------------------------------------
@when(parsers.re(r"its claims are read with (?P<how>.+?)(?P<lower>, every header name in lower case)?$"))
def read_claims(otr_scenario: OtrScenario, how: str, lower: str | None) -> None:
    otr_scenario.read_claims(how, lower=bool(lower))


@then("the claims carry userID, clientID and roles")
def claims_keys(otr_scenario: OtrScenario) -> None:
    checks.has_keys(otr_scenario.last_object(), answers.CLAIM_KEYS, "the claims")


@then("the claims' keys are spelled as documented")
def claims_spelling(otr_scenario: OtrScenario) -> None:
    answers.exact_keys(otr_scenario.last_object(), answers.CLAIM_KEYS, "the claims'")


@then("the claims' userID is a UUID, clientID a JSON integer and roles an array of strings")
def claims_types(otr_scenario: OtrScenario) -> None:
    checks.status(otr_scenario.last, 200, why="a fresh token's claims (OTR-10)")
    answers.claims_types(otr_scenario.last_object())


# -- authority lookup -------------------------------------------------------------------------
@when(parsers.re(r"the known authority is looked up by (?P<by>DOT and MC|DOT|MC)(?:, without an access token)?$"))
def look_up(otr_scenario: OtrScenario, by: str) -> None:
    otr_scenario.look_up(by)


@when("an authority is looked up with neither DOT nor MC")
def look_up_neither(otr_scenario: OtrScenario) -> None:
    otr_scenario.answer(otr_scenario.client.lookup(own=True))


@when("an authority is looked up by a DOT number that matches nothing")
def look_up_unknown(otr_scenario: OtrScenario) -> None:
    otr_scenario.answer(otr_scenario.client.lookup(otr_scenario.data.unknown_dot(), own=True))


@when("an authority is looked up with isTest=maybe")
def look_up_maybe(otr_scenario: OtrScenario) -> None:
    """The OTR-24 probe: a DOT that matches nothing, so a vendor taking "maybe" still writes no lead."""
    otr_scenario.answer(otr_scenario.client.lookup(otr_scenario.data.unknown_dot(), is_test=PROBE, own=True))


@then("the answer is a prospect with every documented key")
def is_prospect(conversation: Conversation) -> None:
    answers.prospect(conversation.last)


@then("the answer is a prospect, as D-OTR-03 implies")
def is_prospect_implied(conversation: Conversation) -> None:
    with checks.assumed("D-OTR-03: with both numbers the call returns 200"):
        answers.prospect(checks.status(conversation.last, 200))


@then("the numbers the prospect carries are recorded")
def numbers_recorded(otr_scenario: OtrScenario) -> None:
    body = otr_scenario.prospect
    otr_scenario.note("numbers", ", ".join(f"{k}={body.get(k)!r}" for k in ("DotNumber", "MotorCarrierNumber")))


@then("the prospect's keys are spelled as documented")
def prospect_spelling(otr_scenario: OtrScenario) -> None:
    answers.exact_keys(otr_scenario.last_object(), answers.PROSPECT_KEYS, "the prospect's")


@then(parsers.re(r"the prospect's (?P<field>DotNumber|MotorCarrierNumber) is the (?P<number>DOT|MC) looked up"))
def prospect_number(otr_scenario: OtrScenario, field: str, number: str) -> None:
    body = answers.prospect(checks.status(otr_scenario.last, 200))
    kind = answers.same_number(body.get(field), otr_scenario.queried(number), field)
    otr_scenario.note(field, f"a JSON {kind}")


@then('the prospect\'s fields shown as "string" are JSON strings or null')
def prospect_strings(otr_scenario: OtrScenario) -> None:
    answers.prospect_strings(answers.prospect(checks.status(otr_scenario.last, 200)))


@then("the types of Email, MotorCarrierNumber and DbaName are recorded")
def untyped_recorded(otr_scenario: OtrScenario) -> None:
    for name in answers.UNTYPED:
        otr_scenario.note(name, f"a JSON {answers.json_type(otr_scenario.prospect.get(name))}")


@then("the prospect's Email, when a string, is an address, as D-OTR-04 implies")
def email_address(otr_scenario: OtrScenario) -> None:
    answers.email_address(otr_scenario.prospect.get("Email"))


@then("no authority is found, as D-OTR-16 allows")
def no_authority(otr_scenario: OtrScenario) -> None:
    otr_scenario.note("no authority", answers.no_authority(otr_scenario.last, "a DOT number that matches nothing"))


@then(parsers.re(r"the vendor recorded a test lead from the (?P<source>authority lookup|lead)"))
def test_lead(otr_scenario: OtrScenario, source: str) -> None:
    otr_scenario.test_lead("authority-lookup" if source == "authority lookup" else "lead")


# -- leads ------------------------------------------------------------------------------------
@when(parsers.re(r"the document's example lead is submitted(?P<maybe> with isTest=maybe)?$"))
def submit_lead(otr_scenario: OtrScenario, maybe: str | None) -> None:
    otr_scenario.submit_lead(PROBE if maybe else "true")


@when(parsers.re(r"a lead that is (?P<body>.+) is submitted"))
def submit_bad_lead(otr_scenario: OtrScenario, body: str) -> None:
    otr_scenario.answer(otr_scenario.client.lead(BAD_LEADS[body], own=True))


@then('the lead is acknowledged with "Lead has been submitted"')
def lead_acknowledged(conversation: Conversation) -> None:
    answers.lead_acknowledged(conversation.last)


@then("the lead was sent with the documented snake_case keys")
def lead_keys(conversation: Conversation) -> None:
    answers.sent_keys(conversation.last.request, LEAD_FIELDS)


# -- accounts and verification ----------------------------------------------------------------
@given("a prospect's CAB Id that may be written to")
def writable_cab(otr_scenario: OtrScenario) -> None:
    otr_scenario.writable_cab()


@given("a prospect's CAB Id with its account")
def cab_with_account(otr_scenario: OtrScenario) -> None:
    """D-OTR-11: verification follows account creation; whether that one is new is OTR-29's to judge."""
    otr_scenario.client.account(otr_scenario.writable_cab(), own=True)


@given("an account was created from a prospect's CAB Id")
def account_created(otr_scenario: OtrScenario) -> None:
    answers.success(otr_scenario.create_account(otr_scenario.writable_cab()), "setting up: the account is created")


@when("the account is created from the CAB Id")
def create_account(otr_scenario: OtrScenario) -> None:
    otr_scenario.create_account(otr_scenario.cab_id)


@when("the account is created from the prospect's CabId")
def create_account_from_prospect(otr_scenario: OtrScenario) -> None:
    otr_scenario.create_account(otr_scenario.writable_cab(otr_scenario.prospect_cab()))


@when("the account is created without a cab-id")
def create_account_without(otr_scenario: OtrScenario) -> None:
    otr_scenario.create_account(None)


@when("the account is created from a CAB Id that does not exist")
def create_account_unknown(otr_scenario: OtrScenario) -> None:
    otr_scenario.create_account(otr_scenario.data.unknown_cab())


@then("the prospect's CabId is not empty")
def cab_not_empty(otr_scenario: OtrScenario) -> None:
    otr_scenario.prospect_cab()


@then("the answer is a 2xx")
def answer_2xx(conversation: Conversation) -> None:
    answers.success(conversation.last)


@when("the verification e-mail is requested for the CAB Id")
def request_verification(otr_scenario: OtrScenario) -> None:
    otr_scenario.request_verification(otr_scenario.cab_id)


@when("the verification e-mail is requested for the prospect's CabId")
def request_verification_prospect(otr_scenario: OtrScenario) -> None:
    otr_scenario.request_verification(otr_scenario.writable_cab(otr_scenario.prospect_cab()))


@when(parsers.re(r"the verification e-mail is requested (?P<case>without a cab-id|for a CAB Id that does not exist)"))
def request_verification_refused(otr_scenario: OtrScenario, case: str) -> None:
    otr_scenario.request_verification(None if case == "without a cab-id" else otr_scenario.data.unknown_cab())


@then("the verification answer carries email, cabId and verificationId as strings")
def verification_strings(otr_scenario: OtrScenario) -> None:
    answers.verification(otr_scenario.last_object())


@then("the verification answer's keys are spelled as documented")
def verification_spelling(otr_scenario: OtrScenario) -> None:
    answers.exact_keys(otr_scenario.last_object(), answers.VERIFICATION_KEYS, "the verification answer's")


@then("the answer discloses no 6-digit code")
def undisclosed(otr_scenario: OtrScenario) -> None:
    mail = otr_scenario.mail()
    answers.undisclosed(checks.json_body(otr_scenario.last), str(mail["code"]) if mail else None)


@then("the verification answer's cabId is the CAB Id and its email the prospect's address")
def verification_echoes(otr_scenario: OtrScenario) -> None:
    otr_scenario.echoes()


@then("an e-mail with a 6-digit code went to the prospect's address")
def mailed_code(otr_scenario: OtrScenario) -> None:
    otr_scenario.mailed_code()


@then("both lookups gave the same CabId, as D-OTR-12 implies")
def same_cab(otr_scenario: OtrScenario) -> None:
    answers.one_cab(otr_scenario.cab_ids)
