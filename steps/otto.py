"""Otto steps: thin wrappers that move an :class:`OttoScenario` and judge with :mod:`golive.checks`.

"The answer" is the last response, "data" its ``data`` object, "the request" the body sent last.
Operations are named by their paths under the pinned server (``customers/sync`` …, D-OTTO-01).
"""
from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from golive import checks
from golive.check_record import CheckRecord
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.otto import answers
from golive.vendors.otto.client import OttoClient
from golive.vendors.otto.data import OttoData
from golive.vendors.otto.receivers import DOCUMENTED
from golive.vendors.otto.scenario import BAD_REGISTRATIONS, OttoScenario

OPERATION = r"(?P<operation>health|customers/sync|vehicles/sync|leads/create|calls/log|webhooks/register|" \
            r"webhooks/events)"
BODY = r"(?P<name>customer|Node\.js customer|vehicle|Python vehicle)"


@pytest.fixture
def otto(target: VendorTarget, check_record: CheckRecord, conversation: Conversation,
         record_property: Any) -> OttoScenario:
    return OttoScenario(OttoClient(target), OttoData(target.data_seed, check_record.data_key), target, conversation,
                        check_record.data_key, note=record_property)


def _pairs(text: str) -> list[tuple[str, str]]:
    """"a, b and c.d as e" → [(a, a), (b, b), (c.d, e)]."""
    items = re.split(r",\s*|\s+and\s+", text)
    return [(i.split(" as ")[0], i.split(" as ")[-1]) for i in (item.strip() for item in items) if i]


# -- authentication and transport ----------------------------------------------------------------
@when(parsers.re(rf"{OPERATION} is called without an API key$"))
def without_key(otto: OttoScenario, operation: str) -> None:
    otto.without_key(operation)


@when(parsers.re(rf"{OPERATION} is called with the header name in lower case"))
def lower_case_header(otto: OttoScenario, operation: str) -> None:
    otto.without_key(operation, lower_case=True)


@when(parsers.re(rf"{OPERATION} is called with an unknown API key"))
def unknown_key(otto: OttoScenario, operation: str) -> None:
    otto.unknown_key(operation)


@when(parsers.re(rf"{OPERATION} is called with the key sent as (?P<how>.+)"))
def misplaced_key(otto: OttoScenario, operation: str, how: str) -> None:
    otto.misplaced_key(operation, how)


@when(parsers.re(rf"{OPERATION} is called$"))
def called(otto: OttoScenario, operation: str) -> None:
    otto.call(operation)


@when("health is called over plain http, without the key")
def plain_http(otto: OttoScenario) -> None:
    otto.plain_http()


@then("the connection was refused or redirected to https without data")
def not_served_over_http(otto: OttoScenario) -> None:
    otto.not_served_over_http()


@when(parsers.re(rf"{OPERATION} is sent a body that is not JSON"))
def not_json(otto: OttoScenario, operation: str) -> None:
    otto.not_json(operation)


# -- health -----------------------------------------------------------------------------------------
@then('the health answer has status "healthy" and a MAJOR.MINOR.PATCH version')
def health_values(otto: OttoScenario) -> None:
    answers.health_values(otto.last)


@then("the health timestamp is RFC 3339 UTC within 5 minutes of now")
def health_time(otto: OttoScenario) -> None:
    otto.health_time()


@then("the health endpoints are the documented paths")
def health_endpoints(otto: OttoScenario) -> None:
    otto.health_endpoints()


# -- writes -----------------------------------------------------------------------------------------
@given("a customer was synced")
def customer_synced(otto: OttoScenario) -> None:
    otto.synced_customer()


@given("the time is noted")
def time_noted(otto: OttoScenario) -> None:
    otto.note_time()


@when(parsers.re(rf"the (?:documented )?{BODY} body is synced$"))
def sync(otto: OttoScenario, name: str) -> None:
    otto.sync(name)


@when(parsers.re(rf'the (?:documented )?{BODY} body is synced with "(?P<field>\w+)" set to (?P<value>.+)'))
def sync_with(otto: OttoScenario, name: str, field: str, value: str) -> None:
    otto.sync(name, **{field: json.loads(value)})


@when(parsers.re(rf'the documented {BODY} body is synced without "(?P<field>\w+)"'))
def sync_without(otto: OttoScenario, name: str, field: str) -> None:
    otto.sync(name, **{field: None})


@when(parsers.re(r'the same externalId is synced again with "(?P<field>\w+)" set to (?P<value>.+)'))
def sync_again(otto: OttoScenario, field: str, value: str) -> None:
    otto.sync_again(**{field: json.loads(value)})


@when(parsers.re(r"the documented (?P<kind>lead|call) is (?:created|logged) for the customer$"))
def activity(otto: OttoScenario, kind: str) -> None:
    otto.activity("leads/create" if kind == "lead" else "calls/log")


@when(parsers.re(r'the documented call is logged for the customer with "(?P<field>\w+)" set to (?P<value>.+)'))
def call_with(otto: OttoScenario, field: str, value: str) -> None:
    otto.activity("calls/log", **{field: json.loads(value)})


@when(parsers.re(r"the documented (?P<kind>lead|call) is (?:created|logged) for a customerId no sync returned"))
def activity_unknown(otto: OttoScenario, kind: str) -> None:
    otto.activity("leads/create" if kind == "lead" else "calls/log", otto.data.unknown_customer())


@when(parsers.re(r'the documented (?P<kind>lead|call) is sent without "customerId"'))
def activity_without(otto: OttoScenario, kind: str) -> None:
    otto.call("leads/create" if kind == "lead" else "calls/log", otto.data.body(kind, customerId=None))


@then(parsers.parse('the write succeeds with "{message}"'))
def write_succeeds(otto: OttoScenario, message: str) -> None:
    answers.succeeded(otto.last, message)


@then(parsers.re(r"data has (?P<keys>.+)"))
def data_has(otto: OttoScenario, keys: str) -> None:
    """D-OTTO-12: every documented key is there (null where the request did not supply it)."""
    checks.has_keys(answers.data_of(otto.last), [key for key, _ in _pairs(keys)], "data")


@then(parsers.re(r"data echoes (?P<fields>.+)"))
def echoes(otto: OttoScenario, fields: str) -> None:
    otto.echoes(_pairs(fields))


@then(parsers.re(r"data\.(?P<field>\w+) is (?P<value>\"[^\"]*\"|true|false)$"))
def field_is(otto: OttoScenario, field: str, value: str) -> None:
    checks.equal(answers.data_of(otto.last).get(field), json.loads(value), f"data.{field}")


@then(parsers.re(r"data\.(?P<field>\w+) is the request's, as a JSON integer"))
def integer_echo(otto: OttoScenario, field: str) -> None:
    otto.integer_echo(field)


@then(parsers.re(r"data\.(?P<field>\w+) is RFC 3339 UTC(?P<bound> and not before the request)?$"))
def timestamp(otto: OttoScenario, field: str, bound: str | None) -> None:
    otto.timestamp(field, not_before_request=bool(bound))


@then("data.id is a non-empty string")
def id_present(otto: OttoScenario) -> None:
    answers.ident(otto.last)


@then(parsers.parse('data.id starts with "{prefix}", as in the example'))
def id_prefix(otto: OttoScenario, prefix: str) -> None:
    answers.id_prefix(otto.last, prefix)


@then("the second sync succeeded under the first one's id")
def same_id(otto: OttoScenario) -> None:
    otto.same_id()


@then("the answer is JSON with a boolean success, false when refused")
def success_flag(otto: OttoScenario) -> None:
    answers.success_flag(otto.last)


# -- webhooks ---------------------------------------------------------------------------------------
@then("the event catalogue has success true and events with event, description and payload")
def catalogue_shape(otto: OttoScenario) -> None:
    answers.catalogue(otto.last)


@then(parsers.re(r"it lists (?P<event>[\w.]+) with (?P<keys>.+)"))
def catalogue_lists(otto: OttoScenario, event: str, keys: str) -> None:
    answers.catalogue_lists(otto.last, event, [key for key, _ in _pairs(keys)])


@when("our receiver is registered for call.started and call.completed")
def register_documented(otto: OttoScenario) -> None:
    otto.register("main", list(DOCUMENTED))


@given("our receiver is registered for every event the catalogue lists")
@when("our receiver is registered for every event the catalogue lists")
def register_all(otto: OttoScenario) -> None:
    otto.register("main", otto.receivers.listed())


@given("one receiver is registered for call.completed and another for every other listed event")
def register_apart(otto: OttoScenario) -> None:
    otto.register_apart()


@given("a receiver registered for lead.created, where the catalogue lists it")
def register_leads(otto: OttoScenario) -> None:
    otto.receivers.observe("leads", ["lead.created"])


@when(parsers.re(r"a registration with (?P<problem>.+) is sent"))
def register_bad(otto: OttoScenario, problem: str) -> None:
    otto.call("webhooks/register", otto.registration(**BAD_REGISTRATIONS[problem]))


@when("a registration for an event the catalogue does not list is sent")
def register_unlisted(otto: OttoScenario) -> None:
    otto.call("webhooks/register", otto.registration(events=[otto.receivers.unlisted()]))


@then("no field of the answer is the secret")
def no_secret(otto: OttoScenario) -> None:
    answers.no_secret(otto.last, otto.receivers.secret)


@then("what a logged call delivers to it is recorded")
def deliveries_recorded(otto: OttoScenario) -> None:
    otto.record_deliveries()


@when("a call that schedules an appointment is logged for a synced customer, and a lead created")
def trigger(otto: OttoScenario) -> None:
    otto.trigger()


@then("no lead was created")
def no_lead(otto: OttoScenario) -> None:
    otto.receivers.none_of("leads", ["lead.created"], "no lead.created delivery")


@then("every delivery's signature verifies over its exact bytes and fails for others or another secret")
def signed(otto: OttoScenario) -> None:
    otto.receivers.signed("main", otto.data.unknown_key())


@then("each receiver got its subscribed events within 10 seconds, and no other")
def only_subscribed(otto: OttoScenario) -> None:
    otto.receivers.only_subscribed()


@then("each delivery carries the payload keys the catalogue lists for its event, typed")
def typed_as_listed(otto: OttoScenario) -> None:
    otto.receivers.typed_as_listed()


@then(parsers.re(r"the (?P<event>call\.started|call\.completed) delivery has its payload keys, typed as the "
                 r"catalogue says"))
def payload(otto: OttoScenario, event: str) -> None:
    otto.receivers.payload("main", event)


# -- rate limit -------------------------------------------------------------------------------------
@given("a receiver registered for the call events, and a synced customer")
def quota_setup(otto: OttoScenario) -> None:
    otto.prepare_quota()


@when("the API key's requests reach 101 within 15 minutes, the 101st logging a call")
def spend_with_call(otto: OttoScenario) -> None:
    otto.spend_with_call()


@then("requests 1 to 100 were served")
def first_hundred(otto: OttoScenario) -> None:
    otto.quota.first_hundred_served()


@then("the 101st was refused with 429")
def refused_101st(otto: OttoScenario) -> None:
    otto.quota.refused_101st()


@then("the refused call was not processed")
def not_processed(otto: OttoScenario) -> None:
    otto.receivers.none_of("quota", list(DOCUMENTED), "no delivery of the refused call")


@then("a Retry-After, if sent, is at most 900 seconds")
def retry_after_bound(otto: OttoScenario) -> None:
    otto.quota.retry_after_bounded()


@given("the API key has used up its 100 requests")
def used_up(otto: OttoScenario) -> None:
    otto.quota.spend()
    otto.quota.refused_101st()


@then("the second API key is served")
def other_key(otto: OttoScenario) -> None:
    otto.quota.other_key_served()


@when("the vendor clock passes the Retry-After, if one was sent, and then the window")
def wait_out(otto: OttoScenario) -> None:
    otto.quota.wait_out()


@then("the API key is served again")
def served_again(otto: OttoScenario) -> None:
    otto.quota.served_again()


@then("the Retry-After, if one was sent, was honest")
def honest(otto: OttoScenario) -> None:
    otto.quota.retry_after_honest()
