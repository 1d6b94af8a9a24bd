"""OTMS steps: thin wrappers that move a :class:`TmsScenario` and judge with :mod:`golive.checks`
and :mod:`golive.vendors.tms.answers`.

"It" is the integration the scenario made last; expected values are written in the features.
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
from golive.vendors.tms import answers
from golive.vendors.tms.client import TmsClient
from golive.vendors.tms.data import TmsData, example, sample
from golive.vendors.tms.scenario import DOC_ORDER, SUCCESS_CODES, TmsScenario
from golive.verdict import Deviation

LIST = r"(?P<kind>objects|logs|requestLogs|tasks)"
OWNER = {"the first's": "the first", "the second's": "the second"}
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
TIMES = {"once": 1, "twice": 2}


@pytest.fixture
def tms_scenario(target: VendorTarget, check_record: CheckRecord, conversation: Conversation,
                 record_property: Any) -> TmsScenario:
    return TmsScenario(TmsClient(target), TmsData(target.data_seed, check_record.data_key), target, conversation,
                       note=record_property)


# -- Given ------------------------------------------------------------------------------------
@given("an integration")
def an_integration(tms_scenario: TmsScenario) -> None:
    tms_scenario.integration()


@given("two integrations")
def two_integrations(tms_scenario: TmsScenario) -> None:
    tms_scenario.integration("the first")
    tms_scenario.integration("the second")


@given(parsers.re(r"an? (?P<disabled>disabled )?integration targeting the receiver$"))
def integration_targeting(tms_scenario: TmsScenario, disabled: str | None) -> None:
    tms_scenario.integration(receiver=True, enabled=not disabled)


@given(parsers.re(r"an integration targeting the receiver with the (?P<what>mapping|filters)$"))
def integration_configured(tms_scenario: TmsScenario, what: str, docstring: str) -> None:
    tms_scenario.integration(receiver=True, **{what: json.loads(docstring)})


@given("an integration that delivered an order to the receiver")
def delivered_once(tms_scenario: TmsScenario) -> None:
    tms_scenario.delivered_once()


@given(parsers.re(r"an integration whose orders were retried once before delivery(?P<watch>, its objects read at "
                  r"every step)?$"))
def history(tms_scenario: TmsScenario, watch: str | None) -> None:
    tms_scenario.history(watch=bool(watch))


@given(parsers.re(r"credentials were generated for (?P<role>it|the first)(?: again)?$"))
def generated(tms_scenario: TmsScenario, role: str) -> None:
    tms_scenario.generate(role, setup=True)


@given("the document's order was imported into it")
def order_was_imported(tms_scenario: TmsScenario) -> None:
    tms_scenario.import_orders([DOC_ORDER], setup=True)


@given(parsers.re(r"the receiver (?P<failure>answers \d{3}|drops the connection|hangs for [\d.]+ seconds) "
                  r"(?P<times>once|twice|\d+ times), then answers 200"))
def receiver_fails(tms_scenario: TmsScenario, failure: str, times: str) -> None:
    tms_scenario.script(failure, TIMES.get(times) or int(times.split()[0]))


@given("the test data")
def the_test_data(tms_scenario: TmsScenario, docstring: str) -> None:
    tms_scenario.test_data = json.loads(docstring)


@given("its objects, logs and requestLogs were read")
def lists_read(tms_scenario: TmsScenario) -> None:
    tms_scenario.remember_lists()


# -- When: authentication, integrations, credentials --------------------------------------------
@when(parsers.re(r"(?P<call>.+) is sent without an Authorization header"))
def without_authorization(tms_scenario: TmsScenario, call: str) -> None:
    tms_scenario.refused_call(call, None)


@when(parsers.re(r"(?P<call>.+) is sent with (?P<how>(?:a|the) (?:bearer|token|Bearer) .+)"))
def with_authorization(tms_scenario: TmsScenario, call: str, how: str) -> None:
    tms_scenario.refused_call(call, tms_scenario.authorization(how))


@when("the document's dataSource mapping test is sent with lower-case header names")
def lower_case_headers(tms_scenario: TmsScenario) -> None:
    tms_scenario.document_mapping_test(lower_case=True)


@when("the document's create request is sent")
def document_create(tms_scenario: TmsScenario) -> None:
    tms_scenario.create(example("request-create-integration"))


@when(parsers.re(r"an integration is created with enabled (?P<enabled>true|false)"))
def create_enabled(tms_scenario: TmsScenario, enabled: str) -> None:
    tms_scenario.create(tms_scenario.data.integration(enabled=enabled == "true"))


@when(parsers.re(r"a create request is sent with the body (?P<body>.+)"))
def create_with(tms_scenario: TmsScenario, body: str) -> None:
    tms_scenario.answer(tms_scenario.client.create(tms_scenario.body(body)))


@when(parsers.re(r"credentials are generated for it(?: again)?$"))
def generate(tms_scenario: TmsScenario) -> None:
    tms_scenario.generate()


@when(parsers.re(r"credentials are requested with the body (?P<body>.+)"))
def generate_with(tms_scenario: TmsScenario, body: str) -> None:
    tms_scenario.answer(tms_scenario.client.generate(tms_scenario.body(body)))


@when(parsers.re(rf"the first's credentials read (?P<owner>the first's|the second's) {LIST}"))
def credentials_read(tms_scenario: TmsScenario, owner: str, kind: str) -> None:
    tms_scenario.answer(tms_scenario.listing(kind, OWNER[owner], 0, 20, tms_scenario.basic()))


@when("the earlier credentials read its objects")
def earlier_credentials_read(tms_scenario: TmsScenario) -> None:
    tms_scenario.answer(tms_scenario.listing("objects", "it", 0, 20, tms_scenario.basic(0)))


@when("its credentials import the document's order into it")
def credentials_import(tms_scenario: TmsScenario) -> None:
    body = {"integrationId": tms_scenario.the_id(), "data": [DOC_ORDER]}
    tms_scenario.answer(tms_scenario.client.import_data(body, authorization=tms_scenario.basic()))


# -- When: mapping tests --------------------------------------------------------------------------
@when(parsers.re(r"the document's (?P<kind>dataSource|fileTemplate) mapping test is sent$"))
def document_mapping(tms_scenario: TmsScenario, kind: str) -> None:
    tms_scenario.document_mapping_test(kind)


@when(parsers.re(r'the document\'s dataSource mapping test is sent to "(?P<path>[^"]+)"'))
def document_mapping_at(tms_scenario: TmsScenario, path: str) -> None:
    tms_scenario.document_mapping_test(path=path)


@when(parsers.re(r"the mapping (?P<mapping>\{.+\}) is tested$"))
def mapping_tested(tms_scenario: TmsScenario, mapping: str) -> None:
    tms_scenario.mapping_test(json.loads(mapping))


@when("this mapping is tested")
def written_mapping_tested(tms_scenario: TmsScenario, docstring: str) -> None:
    tms_scenario.mapping_test(json.loads(docstring))


@when("this mapping is tested as a file template and as a data source")
def mapping_both(tms_scenario: TmsScenario, docstring: str) -> None:
    tms_scenario.mapping_test(json.loads(docstring), kind="fileTemplate")
    tms_scenario.mapping_test(json.loads(docstring))


@when(parsers.re(r"the file template mapping (?P<mapping>\{.+\}) is tested on the CSV sample's text"))
def mapping_on_file_text(tms_scenario: TmsScenario, mapping: str) -> None:
    tms_scenario.mapping_test(json.loads(mapping), sample("CSV")[1].decode("utf-8"), "fileTemplate")


@when(parsers.re(r"a mapping test is sent with the body (?P<body>.+)"))
def mapping_body(tms_scenario: TmsScenario, body: str) -> None:
    tms_scenario.answer(tms_scenario.client.mapping_test(tms_scenario.body(body)))


# -- When: imports, e-mail, uploads -------------------------------------------------------------
@when(parsers.re(r"the document's order is imported into it(?: again with status \"(?P<status>\w+)\")?$"))
def import_document(tms_scenario: TmsScenario, status: str | None) -> None:
    tms_scenario.import_orders([{**DOC_ORDER, "status": status} if status else DOC_ORDER])


@when(parsers.re(r"(?:this order|these orders) (?:is|are) imported into it"))
def import_written(tms_scenario: TmsScenario, docstring: str) -> None:
    written = json.loads(docstring)
    tms_scenario.import_orders(written if isinstance(written, list) else [written], setup=True)


@when(parsers.re(r"an import is sent with the body (?P<body>.+)"))
def import_with(tms_scenario: TmsScenario, body: str) -> None:
    tms_scenario.answer(tms_scenario.client.import_data(tms_scenario.body(body)))


@when("the document's e-mail is sent")
def document_email(tms_scenario: TmsScenario) -> None:
    tms_scenario.answer(tms_scenario.client.email(example("request-email"), write=True))


@when(parsers.re(r"an e-mail is sent with the body (?P<body>.+)"))
def email_with(tms_scenario: TmsScenario, body: str) -> None:
    tms_scenario.answer(tms_scenario.client.email(tms_scenario.body(body)))


@when("an e-mail without body is sent")
def email_without_body(tms_scenario: TmsScenario) -> None:
    mail = {k: v for k, v in example("request-email").items() if k != "body"}
    tms_scenario.answer(tms_scenario.client.email(mail, write=True))


@when(parsers.re(r"the (?P<kind>CSV|XML|EDI) sample is uploaded"))
def upload_sample(tms_scenario: TmsScenario, kind: str) -> None:
    tms_scenario.upload(kind)


@when("a JSON file is uploaded as a template")
def upload_other(tms_scenario: TmsScenario) -> None:
    tms_scenario.upload()


@when("an upload is sent as multipart/form-data without a part named file")
def upload_without_file_part(tms_scenario: TmsScenario) -> None:
    tms_scenario.upload("CSV", part="template", write=False)


@when("an upload is sent as a JSON body instead of multipart")
def upload_json(tms_scenario: TmsScenario) -> None:
    tms_scenario.answer(tms_scenario.client.post("/file/upload", {"file": sample("CSV")[1].decode("utf-8")}))


# -- When: processing and lists ------------------------------------------------------------------
@when(parsers.re(r"the vendor clock advances (?P<seconds>\d+) seconds"))
def clock_advances(tms_scenario: TmsScenario, seconds: str) -> None:
    tms_scenario.advance(int(seconds))


@when("the object is followed tick by tick until it settles")
def follow(tms_scenario: TmsScenario) -> None:
    tms_scenario.follow()


@when(parsers.re(rf"its {LIST} are listed from (?P<offset>\S+) to (?P<limit>\S+)"))
def listed_from(tms_scenario: TmsScenario, kind: str, offset: str, limit: str) -> None:
    tms_scenario.answer(tms_scenario.listing(kind, "it", offset, limit))


@when(parsers.re(rf"its {LIST} are read in the pages (?P<pages>.+)"))
def read_pages(tms_scenario: TmsScenario, kind: str, pages: str) -> None:
    tms_scenario.read_pages(kind, [(int(o), int(n)) for o, n in re.findall(r"(\d+)/(\d+)", pages)])


@when(parsers.re(rf"the {LIST} of (?P<which>an unknown integration|an integration id that is no UUID) are listed"))
def unknown_listed(tms_scenario: TmsScenario, kind: str, which: str) -> None:
    integration = tms_scenario.data.unknown_id() if "unknown" in which else f"no-uuid-{tms_scenario.data.digits(6)}"
    tms_scenario.answer(tms_scenario.client.page(integration, kind, 0, 20))


# -- Then: envelopes, integrations, credentials ---------------------------------------------------
@then("its envelope says success true")
def envelope(tms_scenario: TmsScenario) -> None:
    answers.success_flag(tms_scenario.last)


@then("the answer is the document's create envelope")
def create_envelope(tms_scenario: TmsScenario) -> None:
    body = checks.json_object(tms_scenario.last)
    checks.equal(body.get("success"), True, "success")
    checks.equal(body.get("message"), "OK", "message")
    checks.has_keys(answers.created(tms_scenario.last), ("id", "name", "type", "enabled", "createdAt"),
                    "the integration")


@then("the integration echoes the name, type and enabled sent")
def echoes(tms_scenario: TmsScenario) -> None:
    integration = answers.created(tms_scenario.last)
    for name in ("name", "type", "enabled"):
        checks.equal(integration.get(name), tms_scenario.sent[name], f"integration.{name}")


@then("the integration's createdAt is RFC 3339 UTC")
def created_at(tms_scenario: TmsScenario) -> None:
    checks.rfc3339_utc(answers.created(tms_scenario.last).get("createdAt"), "integration.createdAt")


@then("the integration's id reads its objects list in a later path")
def id_in_later_path(tms_scenario: TmsScenario) -> None:
    checks.status(tms_scenario.listing("objects", "it", 0, 20), (200, 201),
                  why="TMS-05: integration.id is the {integration-uuid} of later paths")


@then("the integration's id is a UUID, as implied")
def id_is_uuid(tms_scenario: TmsScenario) -> None:
    with checks.assumed("D-TMS-16: format uuid, checked as a warning"):
        if not UUID.match(tms_scenario.the_id()):
            raise Deviation(f"expected integration.id to be a UUID, got {tms_scenario.the_id()!r}")


@then("the answer carries the credentials")
def carries_credentials(tms_scenario: TmsScenario) -> None:
    tms_scenario.carries_credentials()


@then("no credentials are issued")
def no_credentials(tms_scenario: TmsScenario) -> None:
    answers.no_credentials(tms_scenario.last)


@then("the new credentials differ from the earlier ones")
def credentials_differ(tms_scenario: TmsScenario) -> None:
    tms_scenario.credentials_differ()


# -- Then: mapping --------------------------------------------------------------------------------
@then("the mapping result is")
def mapping_result_is(tms_scenario: TmsScenario, datatable: list[list[str]]) -> None:
    result = tms_scenario.result()
    for key, value in datatable[1:]:
        answers.value_is(result, key, answers.accepted(value))


@then(parsers.re(r'the result\'s "(?P<key>[^"]+)" is (?P<value>.+?)(?P<dialect>, as RFC 9535 reads it)?$'))
def result_value(tms_scenario: TmsScenario, key: str, value: str, dialect: str | None) -> None:
    if dialect:
        with checks.assumed("D-TMS-11 reads the dialect as RFC 9535"):
            answers.value_is(tms_scenario.result(), key, answers.accepted(value))
    else:
        answers.value_is(tms_scenario.result(), key, answers.accepted(value))


@then(parsers.re(r'(?P<keys>"[^"]+"(?:, "[^"]+")* and "[^"]+") are all null or all left out'))
def no_match(tms_scenario: TmsScenario, keys: str) -> None:
    answers.no_match_alike(tms_scenario.result(), re.findall(r'"([^"]+)"', keys))


@then("both answers are 200 or 201 with the same result")
def same_results(tms_scenario: TmsScenario) -> None:
    tms_scenario.same_results()


@then(parsers.re(r'the request path held "(?P<segment>[^"]+)" unencoded'))
def unencoded(tms_scenario: TmsScenario, segment: str) -> None:
    checks.equal(tms_scenario.last.request.url.raw_path.decode().rsplit("/", 1)[-1], segment,
                 "the path's last segment as sent", why="D-TMS-09: the colon is sent unencoded")


@then("its objects, logs and requestLogs are as they were")
def lists_unchanged(tms_scenario: TmsScenario) -> None:
    tms_scenario.lists_unchanged()


@then("the receiver got no call beyond the integration's request logs")
def no_call_since(tms_scenario: TmsScenario) -> None:
    tms_scenario.no_call_since()


# -- Then: imports, e-mail --------------------------------------------------------------------------
@then("nothing was imported into it")
def nothing_imported(tms_scenario: TmsScenario) -> None:
    answers.same(tms_scenario.items("objects"), [], "no IntegrationObject after a refused import:")


@then("the integration's objects are recorded")
def objects_recorded(tms_scenario: TmsScenario) -> None:
    tms_scenario.note("objects", checks.excerpt(tms_scenario.items("objects")))


@then("the time it takes to leave QUEUE is recorded")
def latency(tms_scenario: TmsScenario) -> None:
    checks.status(tms_scenario.last, SUCCESS_CODES, why="setting up: a valid import must be accepted")
    tms_scenario.latency()


@then("what the e-mail started is recorded")
def email_recorded(tms_scenario: TmsScenario) -> None:
    tms_scenario.email_started()


# -- Then: lists ---------------------------------------------------------------------------------
@then("the answer holds a list, in an envelope that says success true if it has one")
def holds_list(tms_scenario: TmsScenario) -> None:
    answers.success_flag(tms_scenario.last)
    answers.listed(tms_scenario.last)


@then("every object status read is QUEUE, SUCCESS, ERROR or RETRY")
def statuses_documented(tms_scenario: TmsScenario) -> None:
    answers.documented_statuses(tms_scenario.watched)


@then("each page holds at most its limit")
def at_most_limit(tms_scenario: TmsScenario) -> None:
    answers.within_limits(tms_scenario.pages)


@then("pages 0/2 and 2/2 do not overlap and together are page 0/4")
def adjacent_pages(tms_scenario: TmsScenario) -> None:
    answers.adjacent(tms_scenario.pages)


@then("the first item of page 1/2 is the second of page 0/3")
def offset_not_page(tms_scenario: TmsScenario) -> None:
    answers.offset_window(tms_scenario.pages)


@then("the answer is an empty list, as implied")
def empty_past_end(tms_scenario: TmsScenario) -> None:
    with checks.assumed("TMS-27: an offset past the end gives an empty list"):
        answers.same(answers.listed(checks.status(tms_scenario.last, (200, 201))), [], "past the end:")


@then("the answer is an empty list or a refusal with 400 or 422")
def limit_zero(tms_scenario: TmsScenario) -> None:
    if tms_scenario.last.status_code not in (400, 422):
        answers.same(answers.listed(checks.status(tms_scenario.last, (200, 201, 400, 422))), [], "for limit 0:")


@then("the log timestamps do not increase down the list")
def logs_newest_first(tms_scenario: TmsScenario) -> None:
    answers.newest_first(answers.listed(checks.status(tms_scenario.last, (200, 201))))


# -- Then: processing -------------------------------------------------------------------------------
@then(parsers.re(r"(?:the integration has one object, in|the object is|the object reached) (?P<status>QUEUE|SUCCESS)$"))
def object_status(tms_scenario: TmsScenario, status: str) -> None:
    checks.equal(tms_scenario.status(), status, "the IntegrationObject's status")


@then("the object has left QUEUE")
def left_queue(tms_scenario: TmsScenario) -> None:
    if (status := tms_scenario.status()) == "QUEUE":
        raise Deviation(f"expected the object to leave QUEUE within one scheduler tick (~10 s), got {status!r}")


@then("the object is ERROR or RETRY")
def failed(tms_scenario: TmsScenario) -> None:
    if (status := tms_scenario.status()) not in ("ERROR", "RETRY"):
        raise Deviation(f"expected a failed object marked ERROR or RETRY, got {status!r}")


@then("every status seen before SUCCESS was RETRY")
def retried(tms_scenario: TmsScenario) -> None:
    tms_scenario.retried()


@then("the receiver got one call, with the body")
def delivered_body(tms_scenario: TmsScenario, docstring: str) -> None:
    answers.same(tms_scenario.one_delivery(), json.loads(docstring), "the receiver to get the mapped order")


@then("that body is what the mapping test gives for the same order")
def as_mapping_test(tms_scenario: TmsScenario) -> None:
    tms_scenario.delivered_as_tested()


@then(parsers.re(r'the receiver got one call, for "(?P<text>[^"]+)"'))
def delivered_for(tms_scenario: TmsScenario, text: str) -> None:
    if text not in (got := json.dumps(tms_scenario.one_delivery(), ensure_ascii=False)):
        raise Deviation(f"expected the one call to carry the order {text}, got {got[:200]}")


@then("the receiver's last call carried the order")
def last_call(tms_scenario: TmsScenario) -> None:
    got = tms_scenario.deliveries()
    if not got or DOC_ORDER["name"] not in got[-1].body.decode("utf-8", "replace"):
        raise Deviation(f"expected the last call to carry {DOC_ORDER['name']!r}, got {len(got)} call(s)")


@then("the requestLogs hold one entry per call the receiver got")
def calls_logged(tms_scenario: TmsScenario) -> None:
    tms_scenario.calls_logged()


@then("the attempts are recorded")
def attempts(tms_scenario: TmsScenario) -> None:
    tms_scenario.record_attempts()


@then("a log entry describes the failure")
def failure_logged(tms_scenario: TmsScenario) -> None:
    if not answers.describes_failure(logs := tms_scenario.items("logs")):
        raise Deviation(f"expected a log entry describing the failure, got {checks.excerpt(logs)}")


@then("the object ended in ERROR after that one call, as implied")
def ended_in_error(tms_scenario: TmsScenario) -> None:
    with checks.assumed("D-TMS-05: a 4xx other than 429 is permanent, not retried"):
        answers.same([len(tms_scenario.deliveries()), tms_scenario.status()], [1, "ERROR"], "[calls, status] =")


@then("the receiver got no call, as implied")
def no_call(tms_scenario: TmsScenario) -> None:
    with checks.assumed("D-TMS-05: a mapping error is permanent"):
        answers.same(len(tms_scenario.deliveries()), 0, "calls for an order whose mapping fails:")


@then("the integration made no call and processed no object")
def disabled(tms_scenario: TmsScenario) -> None:
    objects = tms_scenario.items("objects")
    tms_scenario.note("objects", checks.excerpt(objects))
    processed = [obj for obj in objects if not isinstance(obj, dict) or obj.get("status") != "QUEUE"]
    answers.same([len(tms_scenario.deliveries()), len(tms_scenario.items("requestLogs")), len(processed)], [0, 0, 0],
                 "a disabled integration to make [calls, request logs, processed objects] =")
