"""golive.fuzz against the embedded ABS sandbox: no false alarms, real findings, redaction, replay."""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from golive import fuzz
from golive.cassettes import Cassettes
from golive.fuzz import _engine
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.pacing import Pace
from golive.report.model import FuzzFinding, FuzzReport
from golive.sandbox import SandboxServer
from golive.targets import Target, open_target
from golive.vendors import registry
from golive.vendors.abs.sandbox import AbsSandbox
from golive.verdict import Level, NoConclusion, TargetUnreachable

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = 8
SEED = 20261123
GET, POST = "GET /v2/partners/{company}", "POST /v2/partners/{company}"


class LoggingSandbox(AbsSandbox):
    """The ABS sandbox, remembering when and for which company path it was asked."""

    def __init__(self, **kwargs: Any) -> None:
        self.calls: list[tuple[float, str]] = []
        super().__init__(**kwargs)

    async def _endpoint(self, request: Any) -> Any:
        self.calls.append((time.monotonic(), request.path_params["company"]))
        return await super()._endpoint(request)


def _server(sandbox: AbsSandbox) -> SandboxServer:
    return SandboxServer([sandbox]).start()


def _target(url: str | None, **options: Any) -> Target:
    return open_target(registry()["abs"], RunOptions(root=ROOT, vendors=("abs",), **options), url, "test")


@pytest.fixture(scope="module")
def clean() -> Iterator[tuple[LoggingSandbox, Target]]:
    sandbox = LoggingSandbox()
    server = _server(sandbox)
    target = _target(server.url)
    yield sandbox, target
    target.close()
    server.stop()


@pytest.fixture(scope="module")
def faulty() -> Iterator[Target]:
    server = _server(AbsSandbox(faults=frozenset({"server-error-on-get"})))
    target = _target(server.url)
    yield target
    target.close()
    server.stop()


def _comparable(report: Any) -> dict[str, Any]:
    data = asdict(report)
    data.pop("duration")
    return data


def test_an_unfaulted_sandbox_gives_no_finding(clean: tuple[LoggingSandbox, Target]) -> None:
    sandbox, target = clean
    report = fuzz.fuzz_vendor(target, seed=SEED, examples=EXAMPLES)
    assert report.failures == []
    assert report.operations == 2 and report.seed == SEED and report.checks == list(fuzz.CHECKS)
    assert {op: phases["fuzzing"]["cases"] for op, phases in report.phases.items()} == {POST: EXAMPLES, GET: EXAMPLES}
    assert all({"coverage", "fuzzing", "stateful"} <= set(phases) for phases in report.phases.values())
    assert report.cases_per_operation == {op: sum(p["cases"] for p in phases.values())
                                          for op, phases in report.phases.items()}
    assert report.cases == sum(report.cases_per_operation.values()) and report.duration > 0
    assert set(report.status_codes) == {POST, GET} and all(report.status_codes.values())
    assert sandbox.internal_errors == []


def test_every_fuzzed_request_uses_the_plans_company(clean: tuple[LoggingSandbox, Target]) -> None:
    sandbox, target = clean
    sandbox.calls.clear()
    fuzz.fuzz_vendor(target, seed=7, examples=EXAMPLES)
    assert {company for _, company in sandbox.calls} == {"tirecompany_test"}


def test_live_fuzzing_is_paced_and_writes_only_to_the_test_company(clean: tuple[LoggingSandbox, Target]) -> None:
    sandbox, sandboxed = clean
    live = Target(registry()["abs"], RunOptions(mode="live", root=ROOT),
                  VendorHttp("abs", sandboxed.http.base_url, pace=Pace("abs", [(1, 0.05)])),
                  Cassettes(ROOT / "cassettes" / "abs", "off"))
    live.credentials = dict(sandboxed.credentials)  # as if from golive.toml
    sandbox.calls.clear()
    report = fuzz.fuzz_vendor(live, seed=3, examples=3, phases=("fuzzing",))
    assert report.cases == len(sandbox.calls) == 6 and report.failures == []
    assert {company for _, company in sandbox.calls} == {"tirecompany_test"}
    assert report.duration >= 5 * 0.05  # six requests, paced at the vendor's interval


def test_a_request_outside_the_plan_is_refused_before_it_is_sent(clean: tuple[LoggingSandbox, Target]) -> None:
    _, target = clean
    plan = target.spec.fuzz_plan(target)
    schema = _engine.build_schema(target, fuzz.fuzz_contract(ROOT / target.spec.contract), plan, seed=1, examples=1,
                                  checks=list(fuzz.CHECKS))
    operation = next(result.ok() for result in schema.get_all_operations())
    _engine._guards[id(schema.raw_schema)] = _engine._Guard({"path_parameters": {"company": "tirecompany_test"}},
                                                            None, target)
    try:
        with pytest.raises(_engine.UnsafeRequest, match="tirecompany"):
            _engine.before_call(None, operation.Case(path_parameters={"company": "tirecompany"}))
        _engine.before_call(None, operation.Case(path_parameters={"company": "tirecompany_test"}))
    finally:
        _engine._guards.pop(id(schema.raw_schema))


def test_a_server_error_is_a_fact_with_a_redacted_curl(faulty: Target) -> None:
    report = fuzz.fuzz_vendor(faulty, seed=SEED, examples=EXAMPLES)
    found = [f for f in report.failures if f.check == "not_a_server_error"]
    assert found and {f.operation for f in found} == {GET} and {f.status for f in found} == {500}
    assert all(fuzz.finding_level(f) is Level.FACT for f in found)
    assert not any(f.check == "status_code_conformance" and f.status == 500 for f in report.failures)
    for finding in report.failures:
        assert "<redacted>" in finding.curl and finding.curl.startswith("curl -X GET ")
        assert faulty.credentials["secret"] not in finding.curl and "eyJ" not in finding.curl  # no JWT
        assert "\n" not in finding.message
    assert POST not in {f.operation for f in report.failures}


def test_one_seed_gives_one_report(clean: tuple[LoggingSandbox, Target], faulty: Target) -> None:
    for target in (clean[1], faulty):  # the phases that draw at random (coverage's cases follow the contract)
        first = fuzz.fuzz_vendor(target, seed=11, examples=EXAMPLES, phases=("fuzzing", "stateful"))
        again = fuzz.fuzz_vendor(target, seed=11, examples=EXAMPLES, phases=("fuzzing", "stateful"))
        assert _comparable(first) == _comparable(again)


def test_replay_rejudges_the_recording_to_the_same_report(tmp_path: Path) -> None:
    server = _server(AbsSandbox(faults=frozenset({"server-error-on-get"})))
    try:
        recorder = _target(server.url, record=True, cassette_dir=tmp_path, fuzz_examples=EXAMPLES)
        cassette = recorder.cassettes.path("fuzzing", "test_fuzz[abs]")
        with recorder.cassettes.use("fuzzing", "test_fuzz[abs]"):
            recorded = fuzz.fuzz_vendor(recorder, seed=SEED, examples=EXAMPLES, recording=cassette)
        recorder.close()
    finally:
        server.stop()
    player = _target(None, mode="replay", cassette_dir=tmp_path)
    with player.cassettes.use("fuzzing", "test_fuzz[abs]"):
        replayed = fuzz.fuzz_vendor(player, seed=0, examples=1, recording=cassette)
    player.close()
    expected = _comparable(recorded)
    for finding in expected["failures"]:
        finding["curl"] = finding["curl"].replace(server.url, "http://127.0.0.1")
    assert _comparable(replayed) == expected
    with pytest.raises(NoConclusion, match="record one"):
        fuzz.fuzz_vendor(player, seed=SEED, examples=1, recording=tmp_path / "missing.yaml")


def test_an_unreachable_target_is_no_conclusion() -> None:
    server = _server(AbsSandbox())
    target = _target(server.url)
    server.stop()
    with pytest.raises(TargetUnreachable):  # the sandbox reset before the first operation
        fuzz.fuzz_vendor(target, seed=SEED, examples=2)
    live = Target(registry()["abs"], RunOptions(mode="live", root=ROOT), VendorHttp("abs", f"{server.url}/abs"),
                  Cassettes(ROOT / "cassettes" / "abs", "off"))
    live.credentials = {"partner_id": "1001", "company": "tirecompany", "secret": "not-a-real-secret"}
    with pytest.raises(TargetUnreachable, match="unreachable"):  # schemathesis' own requests
        fuzz.fuzz_vendor(live, seed=SEED, examples=2)
    target.close()
    live.close()


def test_error_responses_are_never_judged() -> None:
    contract = fuzz.fuzz_contract(ROOT / "contracts" / "abs.openapi.yaml")
    for item in contract["paths"].values():
        for operation in (op for op in item.values() if isinstance(op, dict) and "responses" in op):
            for code, response in operation["responses"].items():
                if not str(code).startswith("2"):
                    assert set(response) == {"description"}, code
    assert not {"negative_data_rejection", "positive_data_acceptance"} & set(fuzz.CHECKS)
    assert {"ignored_auth", "response_schema_conformance", "status_code_conformance"} <= set(fuzz.CHECKS)


@pytest.mark.parametrize(("check", "level"), [
    ("not_a_server_error", Level.FACT), ("response_schema_conformance", Level.FACT), ("ignored_auth", Level.FACT),
    ("status_code_conformance", Level.ASSUMPTION), ("content_type_conformance", Level.ASSUMPTION),
])
def test_finding_levels(check: str, level: Level) -> None:
    assert fuzz.finding_level(FuzzFinding(operation=GET, check=check, message="m", curl="c", status=400)) is level


@pytest.mark.parametrize("mode", ["sandbox", "replay"])
def test_a_call_served_without_credentials_is_a_fact(tmp_path: Path, mode: str) -> None:
    """ignored_auth's probe leaves the token out; replay judges the recorded probe again."""
    server = _server(AbsSandbox(faults=frozenset({"get-without-auth"})))
    try:
        recorder = _target(server.url, record=True, cassette_dir=tmp_path, fuzz_examples=2)
        cassette = recorder.cassettes.path("fuzzing", "test_fuzz[abs]")
        with recorder.cassettes.use("fuzzing", "test_fuzz[abs]"):
            report = fuzz.fuzz_vendor(recorder, seed=SEED, examples=2, recording=cassette)
        recorder.close()
    finally:
        server.stop()
    if mode == "replay":
        player = _target(None, mode="replay", cassette_dir=tmp_path)
        with player.cassettes.use("fuzzing", "test_fuzz[abs]"):
            report = fuzz.fuzz_vendor(player, seed=0, examples=1, recording=cassette)
        player.close()
    found = [f for f in report.failures if f.check == "ignored_auth"]
    assert {(f.operation, f.status) for f in found} == {(GET, 204)}
    assert all(fuzz.finding_level(f) is Level.FACT for f in found)
    assert "API accepts requests without authentication" in found[0].message


def test_only_a_sandbox_that_enforces_a_budget_has_its_clock_moved(clean: tuple[LoggingSandbox, Target]) -> None:
    """Otto's 100 per 15 minutes never throttles fuzzing: every 50 requests the sandbox clock passes the window;
    a vendor whose only rate is a live pace (ABS) keeps its clock."""
    _, abs_target = clean
    assert _engine.guard_for(abs_target, abs_target.spec.fuzz_plan(abs_target)).budget == 0
    spec = registry()["otto"]
    with SandboxServer([spec.sandbox()]) as server:
        otto = open_target(spec, RunOptions(root=ROOT, vendors=("otto",)), server.url, "test")
        guard = _engine.guard_for(otto, spec.fuzz_plan(otto))
        assert (guard.budget, guard.window) == (50, 900.0)
        before = otto.now()
        for _ in range(49):
            guard.count()
        assert otto.now() == before
        guard.count()
        assert (otto.now() - before).total_seconds() == 900.0 and guard.sent == 0
        otto.close()


def test_a_429_is_counted_never_a_finding() -> None:
    from types import SimpleNamespace

    report, seen = FuzzReport(checks=list(fuzz.CHECKS)), set()
    undocumented = SimpleNamespace(title="Undocumented HTTP status code", message="Received: 429")
    for status in (429, 418):
        fuzz.fold(report, seen, _engine.Exchange("fuzzing", GET, status, "GET", "http://x/", {}, None,
                                                 [("status_code_conformance", undocumented)]))
    assert report.cases_per_operation == {GET: 2} and [f.status for f in report.failures] == [418]
    assert report.phases[GET]["fuzzing"]["findings"]["status_code_conformance"] == 1
