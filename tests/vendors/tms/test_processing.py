"""The OTMS processing queue through the real SandboxServer and a loopback target.

The scheduler runs only when the tests advance the vendor clock (POST /tms/_sandbox/clock);
nothing here sleeps, but the one hang case that waits out the 3 s target timeout.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from golive.sandbox.server import SandboxServer
from golive.vendors.tms.queue import is_loopback
from golive.vendors.tms.sandbox import TmsSandbox

from .support import DOC_ITEM, Receiver, Tms

MAPPING = {"erp_order_id": "$.transportOrder.id", "customer_name": "$.transportOrder.customer.name",
           "status": "$.transportOrder.status"}


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([TmsSandbox()]) as running:
        yield running


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    target = Receiver()
    yield target
    target.stop()


@pytest.fixture
def t(server: SandboxServer, receiver: Receiver) -> Iterator[Tms]:
    receiver.answer()
    client = Tms(base_url=server.base_url("tms"))
    assert client.http.post("/_sandbox/reset").status_code == 204
    yield client
    client.http.close()


def test_queue_to_success_with_the_mapped_payload(t: Tms, receiver: Receiver) -> None:
    integration = t.create(target=receiver.url, mapping=MAPPING)
    [order] = t.imported(integration)
    assert t.statuses(integration) == ["QUEUE"] and receiver.calls == []
    t.advance(10)
    assert t.statuses(integration) == ["SUCCESS"]
    [payload] = receiver.payloads()
    expected = t.mapping_test(MAPPING, {"transportOrder": {"id": order, **DOC_ITEM}}).json()["result"]
    assert payload == expected == {"erp_order_id": order, "customer_name": "External Customer", "status": "requested"}
    assert receiver.calls[0]["headers"]["Content-Type"] == "application/json"
    [log] = t.listed(integration, "requestLogs")
    assert (log["statusCode"], log["url"], log["method"]) == (200, receiver.url, "POST")
    assert [entry["level"] for entry in t.listed(integration, "logs")] == ["INFO", "INFO"]
    [task] = t.listed(integration, "tasks")
    assert (task["processed"], task["succeeded"]) == (1, 1)
    t.advance(60)
    assert len(receiver.calls) == 1 and len(t.listed(integration, "tasks")) == 1


def test_whole_document_without_mapping_and_email_trigger(t: Tms, receiver: Receiver) -> None:
    integration = t.create(target=receiver.url)
    mail = {"from": "orders@customer.com", "subject": "New transport request", "body": "20 pallets"}
    order = t.post("/email", mail).json()["transportOrder"]
    t.advance(10)
    assert receiver.payloads() == [{"transportOrder": order}] and t.statuses(integration) == ["SUCCESS"]


def test_ticks_follow_the_summed_advances(t: Tms, receiver: Receiver) -> None:
    receiver.answer(then=503)
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(5)
    assert receiver.calls == []
    t.advance(5)
    assert len(receiver.calls) == 1
    t.advance(9.5)
    assert len(receiver.calls) == 1
    t.advance(30.5)  # 50 s in all: ticks 2 to 5
    assert len(receiver.calls) == 5 and t.statuses(integration) == ["ERROR"]
    t.http.post("/_sandbox/reset")
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(5)
    assert len(receiver.calls) == 5  # the reset restarted the sum


def test_transient_outage_retries_then_succeeds(t: Tms, receiver: Receiver) -> None:
    receiver.answer(500, 503, 429)
    integration = t.create(target=receiver.url)
    t.imported(integration)
    seen = []
    for _ in range(4):
        t.advance(10)
        seen.append(t.statuses(integration)[0])
    assert seen == ["RETRY", "RETRY", "RETRY", "SUCCESS"]
    [obj] = t.listed(integration, "objects")
    assert obj["attempts"] == 4
    assert [log["statusCode"] for log in t.listed(integration, "requestLogs")] == [200, 429, 503, 500]
    logs = t.listed(integration, "logs")
    assert [log["level"] for log in logs] == ["INFO", "ERROR", "ERROR", "ERROR", "INFO"]
    assert "429" in logs[1]["message"] and "will retry" in logs[1]["message"]
    stamps = [log["createdAt"] for log in logs]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == 5  # newest first, one per tick
    assert [task["retried"] for task in t.listed(integration, "tasks")] == [0, 1, 1, 1]


@pytest.mark.parametrize("answer", [400, 404, 422, 302])
def test_permanent_failure_is_error_at_once(t: Tms, receiver: Receiver, answer: int) -> None:
    receiver.answer(answer)
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(30)
    assert t.statuses(integration) == ["ERROR"] and len(receiver.calls) == 1
    [log, _] = t.listed(integration, "logs")
    assert log["level"] == "ERROR" and str(answer) in log["message"] and "not retried" in log["message"]


def test_connection_dropped_is_retried(t: Tms, receiver: Receiver) -> None:
    receiver.answer("close")
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(10)
    assert t.statuses(integration) == ["RETRY"]
    assert t.listed(integration, "requestLogs")[0]["statusCode"] is None
    t.advance(10)
    assert t.statuses(integration) == ["SUCCESS"]


def test_nobody_listening_gives_error_after_five_attempts(t: Tms) -> None:
    integration = t.create(target="http://127.0.0.1:9/closed")
    t.imported(integration)
    t.advance(40)
    assert t.statuses(integration) == ["RETRY"]
    t.advance(10)
    [obj] = t.listed(integration, "objects")
    assert (obj["status"], obj["attempts"]) == ("ERROR", 5)
    assert "giving up after 5 attempts" in t.listed(integration, "logs")[0]["message"]
    t.advance(100)
    assert len(t.listed(integration, "requestLogs")) == 5


def test_other_targets_go_to_the_outbox(t: Tms) -> None:
    integration = t.create(target="https://erp.example.com/orders", mapping={"id": "$.transportOrder.id"})
    [order] = t.imported(integration)
    t.advance(10)
    [message] = t.outbox()
    assert message == {"url": "https://erp.example.com/orders", "headers": message["headers"],
                       "body": json.dumps({"id": order}, separators=(",", ":"))}
    assert message["headers"]["Content-Type"] == "application/json"
    assert (t.statuses(integration), t.listed(integration, "requestLogs")[0]["statusCode"]) == (["RETRY"], None)


def test_filters_and_disabled_integrations(t: Tms, receiver: Receiver) -> None:
    wanted = t.create(target=receiver.url, filters={"$.transportOrder.customer.name": "Acme Corp",
                                                    "$.transportOrder.pallets": 20})
    disabled = t.create(target=receiver.url, enabled=False)
    everything = t.create(target=receiver.url)
    t.imported(wanted, {"customer": {"name": "Acme Corp"}, "pallets": 20.0}, {"customer": {"name": "Other"}},
               {"customer": {"name": "Acme Corp"}, "pallets": "20"})
    assert (len(t.listed(wanted, "objects")), len(t.listed(disabled, "objects"))) == (1, 0)
    assert len(t.listed(everything, "objects")) == 3
    t.advance(10)
    assert len(receiver.calls) == 4 and t.listed(disabled, "requestLogs") == []
    assert t.listed(disabled, "logs") == t.listed(disabled, "tasks") == []


def test_mapping_failure_at_processing_is_error(t: Tms, receiver: Receiver) -> None:
    integration = t.create(target=receiver.url, mapping={"ok": "$.transportOrder.id", "bad": "$.["})
    t.imported(integration)
    t.advance(10)
    [obj] = t.listed(integration, "objects")
    assert (obj["status"], obj["attempts"], receiver.calls) == ("ERROR", 0, [])
    log = t.listed(integration, "logs")[0]
    assert log["level"] == "ERROR" and "'bad'" in log["message"]


def test_objects_stay_with_their_integration(t: Tms, receiver: Receiver) -> None:
    first, second = t.create(target=receiver.url), t.create(target=receiver.url)
    t.imported(first, {"n": 1}, {"n": 2})
    t.advance(10)
    assert [task["processed"] for task in t.listed(first, "tasks") + t.listed(second, "tasks")] == [2, 2]
    objects = {obj["id"] for obj in t.listed(first, "objects")}
    assert {log["objectId"] for log in t.listed(first, "requestLogs")} == objects
    assert objects.isdisjoint(obj["id"] for obj in t.listed(second, "objects"))


@pytest.mark.slow  # waits out the 3 s target timeout once
def test_hanging_target_times_out_after_three_seconds(t: Tms, receiver: Receiver) -> None:
    receiver.answer("hang")
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(10)
    [log] = t.listed(integration, "requestLogs")
    assert log["statusCode"] is None and 2900 <= log["durationMs"] < 6000
    assert t.statuses(integration) == ["RETRY"] and "no answer within 3 s" in t.listed(integration, "logs")[0][
        "message"]


def test_a_long_advance_stops_with_the_work(t: Tms, receiver: Receiver) -> None:
    receiver.answer(then=503)
    integration = t.create(target=receiver.url)
    t.imported(integration)
    t.advance(10**7)  # a million ticks due: five attempts, then nothing is pending
    assert len(receiver.calls) == 5 and t.statuses(integration) == ["ERROR"]
    t.imported(integration)
    t.advance(10)
    assert len(receiver.calls) == 6


@pytest.mark.parametrize(("url", "loopback"), [
    ("http://127.0.0.1:1/x", True), ("http://127.8.9.10/", True), ("http://[::1]:8080/", True),
    ("http://localhost/x", True), ("https://LOCALHOST./x", True), ("http://127.0.0.1.nip.io/", False),
    ("http://10.0.0.1/", False), ("https://erp.example.com/", False),
])
def test_only_loopback_targets_are_called(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback
