"""TmsScenario and the answer judgments: the logic the OTMS steps call.

The pure judgments (where a list or a mapping result is, paging, log order, statuses) are tested
on hand-made answers; the scenario's moves against the embedded sandbox and golive's receiver.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from golive.cassettes import Cassettes
from golive.conversation import Conversation
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.receiver import Receiver
from golive.redact import MASK, redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.tms import answers
from golive.vendors.tms.calls import CALLS
from golive.vendors.tms.client import TmsClient
from golive.vendors.tms.data import SAMPLES, TmsData, sample
from golive.vendors.tms.sandbox import TmsSandbox
from golive.vendors.tms.scenario import DOC_ORDER, TmsScenario
from golive.verdict import BrokenFact, Deviation, NotOnThisTarget


def answer(status: int, body: Any = None) -> httpx.Response:
    request = httpx.Request("GET", "http://vendor.test/api/integration")
    return httpx.Response(status, request=request) if body is None else httpx.Response(status, json=body,
                                                                                       request=request)


# -- answers: envelopes, lists, mapping results ---------------------------------------------------
@pytest.mark.parametrize("response", [answer(200, {"success": True, "x": 1}), answer(200, [1]), answer(204),
                                      answer(201, {"no": "flag"})])
def test_a_success_envelope_says_true_or_carries_no_flag(response: httpx.Response) -> None:
    answers.success_flag(response)


@pytest.mark.parametrize("body", [{"success": False}, {"success": "true"}, {"success": None}])
def test_a_2xx_envelope_with_another_success_is_a_deviation(body: Any) -> None:
    with pytest.raises(Deviation, match='expected "success": true on a 200 answer'):
        answers.success_flag(answer(200, body))


def test_the_first_array_is_the_list_bare_wrapped_or_nested() -> None:
    assert answers.first_list([1, 2]) == [1, 2]
    assert answers.first_list({"success": True, "page": {"n": 1}, "logs": [3]}) == [3]
    assert answers.first_list({"data": {"items": [4]}, "meta": {"x": 1}}) == [4]
    assert answers.first_list({"success": True}) is None
    with pytest.raises(Deviation, match="a bare array or an object wrapping one"):
        answers.listed(answer(200, {"success": True}))


@pytest.mark.parametrize("body", [{"a": 1}, {"result": {"a": 1}}, {"data": {"a": 1}, "success": True},
                                  {"output": {"a": 1}, "result": "ignored"}])
def test_the_mapping_result_is_found_at_any_allowed_place(body: dict[str, Any]) -> None:
    assert answers.mapping_result(body, ["a"]) == {"a": 1}


def test_a_result_holding_none_of_the_keys_is_the_first_allowed_place() -> None:
    assert answers.mapping_result({"success": True, "result": {}}, ["a"]) == {}
    assert answers.mapping_result({"success": True}, ["a"]) == {"success": True}


def test_json_equality_keeps_types() -> None:
    assert answers.json_equal(20, 20.0) and answers.json_equal({"a": [1, None]}, {"a": [1.0, None]})
    assert not answers.json_equal(True, 1) and not answers.json_equal("20", 20) and not answers.json_equal(0, None)


def test_accepted_values_and_value_is() -> None:
    assert answers.accepted('"Duesseldorf" or ["Duesseldorf"]') == ["Duesseldorf", ["Duesseldorf"]]
    answers.value_is({"v": ["Duesseldorf"]}, "v", answers.accepted('"Duesseldorf" or ["Duesseldorf"]'))
    with pytest.raises(Deviation, match='expected v = 20, got "20"'):
        answers.value_is({"v": "20"}, "v", [20])
    with pytest.raises(Deviation, match="to carry 'v'"):
        answers.value_is({}, "v", [None])


def test_no_match_keys_are_all_null_or_all_left_out() -> None:
    answers.no_match_alike({"id": 1, "a": None, "b": None}, ["a", "b"])
    answers.no_match_alike({"id": 1}, ["a", "b"])
    with pytest.raises(Deviation, match="consistently"):
        answers.no_match_alike({"a": None}, ["a", "b"])


def test_credentials_are_what_the_answer_holds_beside_its_envelope() -> None:
    found = answers.credentials(answer(200, {"success": True, "message": "OK", "credentials": {"clientId": "c"}}))
    assert found == {"credentials": {"clientId": "c"}} and answers.leaves(found) == ["c"]
    assert answers.masked({"credentials": {"clientId": MASK, "clientSecret": MASK}})
    assert not answers.masked({"credentials": {"clientId": MASK, "clientSecret": "s"}}) and not answers.masked({})


def test_a_refused_credentials_request_issues_none() -> None:
    answers.no_credentials(answer(404, {"success": False, "message": "integration not found"}))
    answers.no_credentials(httpx.Response(400, text="not json", request=httpx.Request("POST", "http://x")))
    with pytest.raises(Deviation, match=r"\['credentials', 'clientSecret'\]"):
        answers.no_credentials(answer(400, {"credentials": {"clientSecret": "s"}}))


# -- answers: statuses, paging, logs ------------------------------------------------------------------
def test_statuses_are_exactly_the_documented_four() -> None:
    answers.documented_statuses([{"status": s} for s in answers.STATUSES])
    with pytest.raises(Deviation, match="got 'queue'"):
        answers.documented_statuses([{"status": "QUEUE"}, {"status": "queue"}])
    with pytest.raises(Deviation, match="got 'PROCESSING'"):
        answers.documented_statuses([{"status": "PROCESSING"}])


ITEMS = [{"n": i} for i in range(5)]


def pages(window: Any) -> answers.Pages:
    return {(o, n): window(o, n) for o, n in [(0, 1), (0, 2), (2, 2), (0, 3), (1, 2), (0, 4), (0, 100)]}


def test_offset_limit_pages_pass_every_paging_judgment() -> None:
    read = pages(lambda o, n: ITEMS[o:o + n])
    answers.within_limits(read)
    answers.adjacent(read)
    answers.offset_window(read)


@pytest.mark.parametrize(("window", "judge", "message"), [
    (lambda o, n: ITEMS[:n], answers.adjacent, "not to overlap"),  # the offset ignored
    (lambda o, n: ITEMS[o * n:o * n + n], answers.offset_window, "page/size"),  # /1/2 starts at index 2
    (lambda o, n: ITEMS[o:o + n + 1], answers.within_limits, "at most 1 items on page 0/1"),
])
def test_other_readings_of_the_path_are_caught(window: Any, judge: Any, message: str) -> None:
    with pytest.raises(Deviation, match=message):
        judge(pages(window))


def log(second: int) -> dict[str, Any]:
    return {"createdAt": f"2026-03-22T10:00:{second:02d}Z", "message": "m"}


def test_logs_newest_first_ties_free_and_two_rising_entries_warn() -> None:
    answers.newest_first([log(30), log(30), log(20), {"message": "no time"}, log(10)])
    with pytest.raises(Deviation) as caught:
        answers.newest_first([log(30), log(10), log(20)])
    assert not isinstance(caught.value, BrokenFact)


def test_more_than_two_rising_entries_are_oldest_first_and_fail() -> None:
    with pytest.raises(BrokenFact, match="3 entries in increasing time"):
        answers.newest_first([log(10), log(10), log(20), log(30)])


def test_a_failure_is_described_by_level_word_or_status() -> None:
    assert answers.describes_failure([{"level": "ERROR", "message": "x"}])
    assert answers.describes_failure([{"message": "target answered 503"}])
    assert not answers.describes_failure([{"level": "INFO", "message": f"order {uuid.uuid4()} queued"}])


# -- data -------------------------------------------------------------------------------------------
def test_data_is_deterministic_per_check_and_samples_are_small() -> None:
    one, two = TmsData(7, "tms/x/a"), TmsData(7, "tms/x/a")
    assert [one.digits(6), one.boundary(), one.unknown_id()] == [two.digits(6), two.boundary(), two.unknown_id()]
    assert uuid.UUID(TmsData(1, "k").unknown_id()).version == 4
    assert [o["reference"] for o in TmsData(1, "k").orders(3)] != [o["reference"] for o in TmsData(1, "j").orders(3)]
    for kind in SAMPLES:
        name, content, _ = sample(kind)
        assert 0 < len(content) <= 100_000 and name.endswith(kind.lower() if kind != "CSV" else ".csv")


# -- the scenario against the sandbox -----------------------------------------------------------------
@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([TmsSandbox()]) as running:
        yield running


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def notes() -> list[tuple[str, Any]]:
    return []


@pytest.fixture
def scenario(server: SandboxServer, receiver: Receiver, tmp_path: Path,
             notes: list[tuple[str, Any]]) -> Iterator[TmsScenario]:
    target = Target(registry()["tms"], RunOptions(vendors=("tms",), root=tmp_path),
                    VendorHttp("tms", server.base_url("tms")), Cassettes(tmp_path, "off"))
    target.credentials = target.http.request("GET", "/_sandbox/credentials").json()
    target.start_receiver = lambda: receiver
    redactor.add(target.credentials["token"])
    receiver.clear()
    target.reset()
    yield TmsScenario(TmsClient(target), TmsData(1, "tests/vendors/tms/test_scenario.py"), target, Conversation(),
                      note=lambda name, value: notes.append((name, value)))
    target.close()


def test_each_documented_call_without_the_token_is_refused_with_401(scenario: TmsScenario) -> None:
    assert len(CALLS) == 11
    for call in CALLS:
        assert scenario.refused_call(call, None).status_code == 401, call
    for how in ("a bearer token never issued", "the token under the Basic scheme"):
        assert scenario.refused_call("an objects list read", scenario.authorization(how)).status_code == 401


def test_credentials_are_secrets_read_their_own_lists_and_differ_when_regenerated(scenario: TmsScenario) -> None:
    scenario.integration()
    scenario.generate(setup=True)
    scenario.generate(setup=True)
    scenario.carries_credentials()
    scenario.credentials_differ()
    secret = scenario.credentials[-1]["credentials"]["clientSecret"]
    assert redactor.text(f"x {secret} y") == f"x {MASK} y"
    assert scenario.listing("objects", authorization=scenario.basic()).status_code == 200
    scenario.credentials[-1] = scenario.credentials[-2]
    with pytest.raises(Deviation, match="differ from the earlier ones"):
        scenario.credentials_differ()


def test_masked_credentials_in_a_replay_were_compared_when_recorded(scenario: TmsScenario,
                                                                   notes: list[tuple[str, Any]]) -> None:
    masked = {"credentials": {"clientId": MASK, "clientSecret": MASK}}
    scenario.credentials = [masked, dict(masked)]
    with pytest.raises(Deviation):
        scenario.credentials_differ()  # only a replay may meet masked credentials
    scenario.target.options = RunOptions(mode="replay", vendors=("tms",))
    scenario.credentials_differ()
    assert notes == [("credentials", "compared when recorded; the recording masks generated credentials")]


def test_a_mapping_result_and_the_same_result_for_both_kinds(scenario: TmsScenario) -> None:
    scenario.test_data = {"transportOrder": {"a": {"b": [1, 2]}}}
    scenario.mapping_test({"v": "$.transportOrder.a.b[1]"}, kind="fileTemplate")
    scenario.mapping_test({"v": "$.transportOrder.a.b[1]"})
    assert scenario.result() == {"v": 2}
    scenario.same_results()
    assert scenario.body('{"integrationId": "{unknown}"}')["integrationId"] != "{unknown}"
    assert scenario.body("not json") == "not json"


def test_an_order_flows_to_the_receiver_tick_by_tick_through_an_outage(scenario: TmsScenario,
                                                                       notes: list[tuple[str, Any]]) -> None:
    scenario.integration(receiver=True, mapping={"name": "$.transportOrder.name"})
    scenario.script("answers 500", 2)
    scenario.import_orders([DOC_ORDER], setup=True)
    assert scenario.status() == "QUEUE"
    scenario.follow()
    assert scenario.statuses == ["RETRY", "RETRY", "SUCCESS"]
    scenario.retried()
    scenario.calls_logged()
    assert [d.status for d in scenario.deliveries()] == [500, 500, 200]
    with pytest.raises(Deviation, match="one call, got 3"):
        scenario.one_delivery()
    scenario.record_attempts()
    assert notes[-1][0] == "attempts" and "3 call(s)" in notes[-1][1]


def test_a_permanent_failure_and_the_statuses_judged_along_the_way(scenario: TmsScenario) -> None:
    scenario.integration(receiver=True)
    scenario.script("answers 400", 1)
    scenario.import_orders([DOC_ORDER], setup=True)
    scenario.follow()
    assert scenario.statuses == ["ERROR"] and len(scenario.deliveries()) == 1
    assert answers.describes_failure(scenario.items("logs"))
    scenario.statuses = ["RETRY", "ERROR"]
    with pytest.raises(Deviation, match="RETRY after each failed call"):
        scenario.retried()


def test_the_delivered_body_is_the_mapping_tests_result(scenario: TmsScenario) -> None:
    scenario.integration(receiver=True, mapping={"ref": "$.transportOrder.name"})
    scenario.import_orders([DOC_ORDER], setup=True)
    scenario.advance(10)
    assert scenario.one_delivery() == {"ref": DOC_ORDER["name"]}
    scenario.delivered_as_tested()


def test_the_monitoring_history_spans_ticks_and_pages_read(scenario: TmsScenario) -> None:
    scenario.history(watch=True)
    assert [obj["status"] for obj in scenario.watched] == ["QUEUE"] * 3 + ["RETRY"] * 3 + ["SUCCESS"] * 3
    assert len(scenario.items("requestLogs")) == 6 and len(scenario.items("tasks")) == 2
    scenario.read_pages("logs", [(0, 2), (2, 2), (0, 4), (0, 3), (1, 2)])
    answers.adjacent(scenario.pages)
    answers.offset_window(scenario.pages)
    answers.newest_first(scenario.items("logs"))


def test_a_mapping_test_changes_no_list_and_calls_nothing(scenario: TmsScenario) -> None:
    scenario.delivered_once()
    scenario.remember_lists()
    assert len(scenario.before["requestLogs"]) == 1
    scenario.document_mapping_test()
    scenario.lists_unchanged()
    scenario.no_call_since()
    scenario.import_orders([DOC_ORDER], setup=True)
    with pytest.raises(Deviation, match="the objects list unchanged"):
        scenario.lists_unchanged()


def test_latency_in_ticks_and_the_email_workflow_are_recorded(scenario: TmsScenario,
                                                              notes: list[tuple[str, Any]]) -> None:
    scenario.integration(receiver=True)
    scenario.import_orders([DOC_ORDER], setup=True)
    scenario.latency()
    assert notes[-1] == ("latency", "left QUEUE after 1 tick(s) (10 s of vendor time)")
    scenario.answer(scenario.client.email({"from": "orders@customer.com", "subject": "s", "body": "b"}, write=True))
    scenario.email_started()
    assert [name for name, _ in notes[-3:]] == ["answer", "receiver", "objects"]


def test_uploads_send_the_samples_and_a_part_of_another_name(scenario: TmsScenario) -> None:
    assert scenario.upload("XML").status_code == 200
    assert scenario.upload().json()["file"]["name"] == "orders.json"
    assert scenario.upload("CSV", part="template", write=False).status_code == 400


def test_the_clock_is_refused_live_with_the_reason(scenario: TmsScenario) -> None:
    scenario.target.options = RunOptions(mode="live", vendors=("tms",))
    with pytest.raises(NotOnThisTarget, match="vendor clock"):
        scenario.advance(10)
