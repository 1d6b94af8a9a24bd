"""OttoScenario, its receivers and its quota against the embedded sandbox (faulted or not) and golive's receiver:
each judgement passes on the unfaulted sandbox and catches its fault at the right level. No sleeping."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from golive.pacing import Pace
from golive.receiver import Receiver
from golive.sandbox.server import SandboxServer
from golive.vendors.otto import answers
from golive.vendors.otto.quota import LIMIT, retry_after
from golive.vendors.otto.receivers import DOCUMENTED
from golive.vendors.otto.sandbox import OttoSandbox
from golive.vendors.otto.scenario import OttoScenario
from golive.verdict import BrokenAssumption, Deviation, NotOnThisTarget

from .targets import Targets, sandbox, scenario


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with sandbox() as running:
        yield running


@pytest.fixture
def make(tmp_path: Path, receiver: Receiver, server: SandboxServer) -> Iterator[Targets]:
    targets = Targets(tmp_path)
    yield targets
    targets.close()
    cast(OttoSandbox, server.sandboxes["otto"]).faults = frozenset()


@pytest.fixture
def on(make: Targets, receiver: Receiver, server: SandboxServer) -> Callable[..., OttoScenario]:
    """A scenario on the module's sandbox, switched to ``faults`` and reset (``mode="live"``: seen as live)."""

    def build(*faults: str, **kwargs: Any) -> OttoScenario:
        sandboxed = cast(OttoSandbox, server.sandboxes["otto"])
        sandboxed.faults = frozenset(faults)
        sandboxed.reset()
        receiver.clear()
        return scenario(make(server, receiver=receiver, **kwargs))

    return build


@pytest.fixture
def otto(on: Callable[..., OttoScenario]) -> OttoScenario:
    return on()


def delivered(otto: OttoScenario, name: str = "main") -> OttoScenario:
    """Our receiver registered for every listed event, then a call and a lead for a synced customer."""
    otto.register(name, otto.receivers.listed())
    otto.trigger()
    return otto


# -- writes and answers -----------------------------------------------------------------------------
def test_a_synced_customer_is_the_customer_and_its_echoes_compare(otto: OttoScenario) -> None:
    otto.sync("customer")
    answers.succeeded(otto.last, "Customer synced successfully")
    otto.echoes([("externalId", "externalId"), ("metadata.source", "source")])
    assert otto.customer_id == answers.ident(otto.last)
    otto.activity("leads/create")
    answers.succeeded(otto.last, "Lead created successfully")
    with pytest.raises(Deviation, match=r"data\.priority"):
        otto.echoes([("notes", "priority")])


def test_a_resync_keeps_the_id_and_live_it_is_only_recorded(otto: OttoScenario,
                                                            on: Callable[..., OttoScenario]) -> None:
    otto.sync("vehicle")
    otto.sync_again(price=1)
    otto.same_id()
    duplicating = on("sync-duplicates")
    duplicating.sync("customer")
    duplicating.sync_again(lastName="Other")
    with pytest.raises(Deviation, match="a duplicate"):
        duplicating.same_id()
    notes: list[tuple[str, object]] = []
    live = on("sync-duplicates", mode="live")
    live.note = lambda name, value: notes.append((name, value))
    live.sync("customer")
    live.sync_again(lastName="Other")
    live.same_id()
    assert notes == [("re-sync", "answered 200, id new")]


def test_a_secret_echoed_anywhere_is_caught(otto: OttoScenario) -> None:
    otto.register("main", list(DOCUMENTED))
    answers.no_secret(otto.last, otto.receivers.secret)
    echoed = httpx.Response(200, json={"data": {"hooks": [{"key": otto.receivers.secret}]}})
    with pytest.raises(Deviation, match=r"hooks\.0\.key"):
        answers.no_secret(echoed, otto.receivers.secret)


def test_plain_http_is_judged_live_only_against_https() -> None:
    assert answers.plain_http(None) == "the connection was refused"
    moved = httpx.Response(308, headers={"location": "https://api.ottoagent.net/api/v1/integrations/health"})
    assert answers.plain_http(moved).startswith("redirected (308)")
    for served in (httpx.Response(200, json={"status": "healthy"}), httpx.Response(403),
                   httpx.Response(301, headers={"location": "https://x"}, json={"status": "healthy"})):
        with pytest.raises(Deviation):
            answers.plain_http(served)


def test_plain_http_needs_an_https_base_url(otto: OttoScenario) -> None:
    with pytest.raises(NotOnThisTarget, match="not https"):
        otto.plain_http()


# -- deliveries -------------------------------------------------------------------------------------
def test_unfaulted_deliveries_are_signed_routed_and_typed(otto: OttoScenario) -> None:
    delivered(otto)
    assert otto.receivers.raised == ["call.started", "call.completed", "appointment.scheduled", "lead.created"]
    otto.receivers.signed("main", "another-secret")
    otto.receivers.payload("main", "call.started")
    otto.receivers.payload("main", "call.completed")
    otto.receivers.only_subscribed()


@pytest.mark.parametrize("variant", ["signature-no-prefix", "signature-base64", "signature-header-name",
                                     "no-event-header", "delivery-event-as-type", "delivery-payload-key",
                                     "delivery-flat", "documented-events-only"])
def test_every_allowed_framing_and_signature_form_passes(on: Callable[..., OttoScenario], variant: str) -> None:
    otto = on(variant)
    delivered(otto)
    otto.receivers.signed("main", "another-secret")
    otto.receivers.payload("main", "call.started")
    otto.receivers.payload("main", "call.completed")


@pytest.mark.parametrize(("fault", "check", "message"), [
    ("signature-over-reserialised-json", "signed", "exact body"),
    ("signature-wrong-secret", "signed", "registered secret"),
    ("call-started-without-phone", "call.started", "phoneNumber"),
    ("duration-as-string-in-delivery", "call.completed", "duration"),
])
def test_a_faulted_delivery_is_caught(on: Callable[..., OttoScenario], fault: str, check: str,
                                      message: str) -> None:
    otto = on(fault)
    delivered(otto)
    with pytest.raises(Deviation, match=message):
        if check == "signed":
            otto.receivers.signed("main", "another-secret")
        else:
            otto.receivers.payload("main", check)


def test_unsubscribed_deliveries_are_caught(on: Callable[..., OttoScenario]) -> None:
    otto = on("unsubscribed-events-delivered")
    otto.register_apart()
    otto.trigger()
    with pytest.raises(Deviation, match="deliveries go only to subscribed"):
        otto.receivers.only_subscribed()


def test_a_missing_delivery_is_waited_for_then_reported(otto: OttoScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("golive.vendors.otto.deliveries.BOUND", 0.05)
    otto.register("main", ["call.completed"])
    otto.receivers.raised = ["call.completed"]  # expected, never triggered
    started = time.monotonic()
    with pytest.raises(Deviation, match=r"call\.completed at the receiver"):
        otto.receivers.arrived("main")
    assert time.monotonic() - started < 1


def test_what_is_not_observable_is_noted_not_judged(otto: OttoScenario) -> None:
    notes: list[tuple[str, object]] = []
    otto.receivers.note = lambda name, value: notes.append((name, value))
    otto.receivers.none_of("leads", ["lead.created"], "no lead.created delivery")
    assert notes == [("no lead.created delivery", "not observable: no receiver is registered for it on this target")]


# -- the rate limit ---------------------------------------------------------------------------------------
def test_the_unfaulted_limit_is_proven_with_101_requests(otto: OttoScenario) -> None:
    otto.prepare_quota()
    otto.spend_with_call()
    assert sum(otto.client.sent.values()) == LIMIT + 1
    otto.quota.first_hundred_served()
    otto.quota.refused_101st()
    otto.receivers.none_of("quota", list(DOCUMENTED), "no delivery of the refused call")
    otto.quota.retry_after_bounded()
    otto.quota.other_key_served()
    otto.quota.wait_out()
    otto.quota.served_again()
    otto.quota.retry_after_honest()
    assert len(otto.quota.waited_out) == 1  # an honest Retry-After: one request after it


@pytest.mark.parametrize(("faults", "step", "caught"), [
    (("rate-limit-101-passes",), "refused_101st", Deviation),
    (("no-rate-limit",), "refused_101st", Deviation),
    (("rate-limit-403",), "refused_101st", Deviation),
    (("rate-limit-100th-refused",), "first_hundred_served", Deviation),
    (("rate-limit-shared-by-keys",), "other_key_served", Deviation),
    (("rate-limit-never-resets",), "served_again", Deviation),
    (("retry-after-dishonest",), "retry_after_honest", BrokenAssumption),
    (("no-retry-after",), None, None),
    (("fixed-rate-window",), None, None),
])
def test_each_rate_limit_fault_is_caught_by_its_step(on: Callable[..., OttoScenario], faults: tuple[str, ...],
                                                     step: str | None, caught: type[Exception] | None) -> None:
    steps = ["first_hundred_served", "refused_101st", "other_key_served", "wait_out", "served_again",
             "retry_after_honest"]
    otto = on(*faults)
    otto.quota.spend()
    for name in steps:
        if name == step and caught is not None:
            with pytest.raises(caught):
                getattr(otto.quota, name)()
            return
        getattr(otto.quota, name)()
    assert step is None


def test_retry_after_is_read_in_seconds_or_as_a_date_and_bounded(otto: OttoScenario) -> None:
    def now() -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)

    assert retry_after(httpx.Response(429, headers={"retry-after": "120"}), now) == 120
    assert retry_after(httpx.Response(429, headers={"retry-after": "Thu, 01 Jan 2026 00:02:00 GMT"}), now) == 120
    assert retry_after(httpx.Response(429), now) is None
    with pytest.raises(BrokenAssumption, match="HTTP-date"):
        retry_after(httpx.Response(429, headers={"retry-after": "soon"}), now)
    otto.quota.refusal = httpx.Response(429, headers={"retry-after": "3600"})
    with pytest.raises(BrokenAssumption, match="≤ 900"):
        otto.quota.retry_after_bounded()


def test_live_exhaustion_needs_the_opt_in(on: Callable[..., OttoScenario]) -> None:
    otto = on(mode="live")
    with pytest.raises(NotOnThisTarget, match="--include-destructive"):
        otto.quota.allowed()
    otto = on(mode="live", include_destructive=True)
    otto.quota.allowed()


@pytest.mark.parametrize(("fault", "earlier"), [(None, 0), (None, 30), ("rate-limit-100th-refused", 30)])
def test_live_the_burst_counts_the_runs_earlier_requests_and_is_never_paced(on: Callable[..., OttoScenario],
                                                                           fault: str | None, earlier: int) -> None:
    pace = Pace("otto", [(100, 900.0)], sleep=lambda seconds: pytest.fail("a quota check never waits"))
    otto = on(*([fault] if fault else []), mode="live", include_destructive=True, pace=pace)
    for _ in range(earlier):
        otto.client.request("health")
    otto.quota.spend()
    before = earlier + 1  # the server probe counts too
    assert otto.quota.before == before and pace.used == before + len(otto.quota.served) + 2  # the 429, the 101st
    otto.quota.refused_101st()
    if fault:
        with pytest.raises(Deviation, match="no 429 before 100"):
            otto.quota.first_hundred_served()
    else:
        otto.quota.first_hundred_served()
        assert before + len(otto.quota.served) == LIMIT
