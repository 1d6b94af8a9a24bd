"""golive.fuzz.ahead: a vendor's fuzzing split into shares on worker processes gives the one-process report."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from golive import fuzz, options
from golive.config import ConfigError
from golive.fuzz import ahead
from golive.options import FUZZ_WORKERS_ENV, RunOptions
from golive.report.model import FuzzFinding, FuzzReport
from golive.sandbox import SandboxServer
from golive.targets import Target, open_target
from golive.vendors import registry
from golive.verdict import NoConclusion
from golive_run import AHEAD, golive

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = 6
SEED = 20261123
FAULT = "server-error-on-calls"  # POST calls/log answers 500


def _comparable(report: FuzzReport) -> dict[str, Any]:
    """The report without its time, and its curl commands without the sandbox's free port."""
    data = asdict(report)
    data.pop("duration")
    for finding in data["failures"]:
        finding["curl"] = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1", finding["curl"])
    return data


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    spec = registry()["otto"]  # a cheap contract to fuzz, with a fault its fuzzing finds
    with SandboxServer([spec.sandbox(faults=frozenset({FAULT}))]) as server:
        opened = open_target(spec, RunOptions(root=ROOT, vendors=("otto",)), server.url, "test")
        yield opened
        opened.close()


def test_the_shares_merge_into_the_one_process_report(target: Target) -> None:
    whole = fuzz.fuzz_vendor(target, seed=SEED, examples=EXAMPLES)
    pieces = ahead.shares("otto", "test_fuzz[otto]", 2)
    assert [p.share for p in pieces] == [(0, 2), (1, 2), (0, 1)] and pieces[-1].phases == ("stateful",)
    parts = [fuzz.fuzz_vendor(target, seed=SEED, examples=EXAMPLES, phases=p.phases, share=p.share)
             for p in reversed(pieces)]  # in any order, on any worker
    merged = ahead.merge(list(reversed(parts)))
    assert _comparable(merged) == _comparable(whole)
    assert merged.cases > 0 and all(part.cases < merged.cases for part in parts)
    assert "not_a_server_error" in {f.check for f in merged.failures}  # the fault's findings, each once, in order


def test_merge_keeps_a_finding_once_the_unit_phases_first() -> None:
    def finding(operation: str, phase: str) -> FuzzFinding:
        return FuzzFinding(operation=operation, check="not_a_server_error", message="500", status=500, phase=phase,
                           curl="curl")

    labels = {"GET /a": 0, "GET /b": 0}
    unit_b = FuzzReport(cases_per_operation={**labels, "GET /b": 2}, failures=[finding("GET /b", "fuzzing")],
                        phases={"GET /b": {"fuzzing": {"cases": 2}}})
    unit_a = FuzzReport(cases_per_operation={**labels, "GET /a": 1}, failures=[finding("GET /a", "coverage")],
                        phases={"GET /a": {"coverage": {"cases": 1}}})
    stateful = FuzzReport(cases_per_operation={**labels, "GET /a": 3},
                          failures=[finding("GET /b", "stateful"), finding("GET /a", "stateful")],
                          phases={"GET /a": {"stateful": {"cases": 3}}})
    merged = ahead.merge([unit_b, unit_a, stateful])
    assert [(f.operation, f.phase) for f in merged.failures] == [("GET /a", "coverage"), ("GET /b", "fuzzing")]
    assert merged.cases_per_operation == {"GET /a": 4, "GET /b": 2} and merged.cases == 6
    assert list(merged.phases["GET /a"]) == ["coverage", "stateful"]


def test_only_runs_that_share_nothing_with_the_scenarios_fuzz_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    base = RunOptions(root=ROOT, vendors=("abs",))
    monkeypatch.setattr(ahead.os, "cpu_count", lambda: 2)
    assert ahead.workers_for(base) == 2
    assert ahead.workers_for(replace(base, mode="replay")) == 1
    for alone in (replace(base, record=True), replace(base, sandbox_url="http://127.0.0.1:1"),
                  replace(base, mode="live")):
        assert ahead.workers_for(alone) == 0
    assert ahead.FuzzAhead.for_run(replace(base, fuzz=False)) is None
    assert ahead.workers_for(replace(base, fuzz_workers=1)) == 1  # GOLIVE_FUZZ_WORKERS
    assert ahead.workers_for(replace(base, fuzz_workers=0)) == 0
    monkeypatch.setattr(ahead.os, "cpu_count", lambda: 1)
    assert ahead.workers_for(base) == 0


def test_a_worker_fuzzes_its_own_faulted_sandbox_as_the_run_would(target: Target, tmp_path: Path) -> None:
    options = RunOptions(root=ROOT, vendors=("otto",), faults=frozenset({f"otto:{FAULT}"}), fuzz_examples=EXAMPLES)
    pool = ahead.FuzzAhead(options.mode, 1)
    try:
        pool.start(options, {"otto": "test_fuzz[otto]"})
        report = pool.report("otto")
        assert pool.report("otto") is None  # asked once; a vendor not started is not fuzzed ahead either
    finally:
        pool.close()
    assert report is not None
    here = fuzz.fuzz_vendor(target, seed=options.seed, examples=EXAMPLES)
    assert _comparable(report) == _comparable(here)
    replay = replace(options, mode="replay", cassette_dir=tmp_path)  # nothing recorded there
    pool = ahead.FuzzAhead("replay", 1)
    try:
        pool.start(replay, {"otto": "test_fuzz[otto]"})
        with pytest.raises(NoConclusion, match="no recording"):
            pool.report("otto")
    finally:
        pool.close()


def test_closing_stops_busy_workers() -> None:
    options = RunOptions(root=ROOT, vendors=("otto",), fuzz_examples=200)
    pool = ahead.FuzzAhead(options.mode, 1)
    processes = list(pool._pool._processes.values())
    pool.start(options, {"otto": "test_fuzz[otto]"})
    pool.close()
    pool.close()  # twice is harmless
    assert processes and not any(p.is_alive() for p in processes)


@pytest.mark.slow
def test_the_fuzz_check_catches_a_fault_fuzzed_ahead(tmp_path: Path) -> None:
    outcome = golive("certify", "--vendor", "otto", "--fuzz", "-k", "test_fuzz", "--fuzz-examples", str(EXAMPLES),
                     "--sandbox-fault", f"otto:{FAULT}", env=AHEAD, tmp_path=tmp_path)
    check = next(c for c in outcome.vendor("otto")["checks"] if c["kind"] == "fuzz")
    assert check["result"] == "FAILED" and "not_a_server_error" in check["message"], outcome.stdout[-800:]
    assert outcome.code == 1


def test_the_worker_count_from_the_environment_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FUZZ_WORKERS_ENV, "2")
    assert options.build(root=ROOT, vendors=("abs",)).fuzz_workers == 2
    monkeypatch.setenv(FUZZ_WORKERS_ENV, "two")
    with pytest.raises(ConfigError, match="GOLIVE_FUZZ_WORKERS=two: not a whole number"):
        options.build(root=ROOT, vendors=("abs",))


@pytest.mark.slow
def test_a_script_without_a_main_guard_is_not_run_again_by_the_workers(tmp_path: Path) -> None:
    script = tmp_path / "certify.py"  # spawn re-imports the parent's __main__: this one would certify again
    script.write_text("import sys\nfrom golive.cli import main\n"
                      f"sys.argv = ['golive', 'certify', '--vendor', 'otto', '--fuzz', '-k', 'test_fuzz', "
                      f"'--fuzz-examples', '{EXAMPLES}', '--report-dir', {str(tmp_path / 'reports')!r}]\nmain()\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, **AHEAD})
    assert done.returncode == 0 and "INTERNALERROR" not in done.stdout + done.stderr, done.stdout[-800:]
    assert done.stdout.count("test_fuzz[otto]") == 1


def test_a_worker_that_dies_is_no_conclusion() -> None:
    options = RunOptions(root=ROOT, vendors=("otto",), fuzz_examples=200)
    pool = ahead.FuzzAhead(options.mode, 1)
    try:
        pool.start(options, {"otto": "test_fuzz[otto]"})
        for process in pool._pool._processes.values():
            process.kill()
        with pytest.raises(NoConclusion, match="the fuzzing worker process stopped"):
            pool.report("otto")
    finally:
        pool.close()
