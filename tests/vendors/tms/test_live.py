"""Live mode against an embedded OTMS sandbox on loopback posing as the real vendor (its control
protocol unused): writes only with test_tenant = true, the sandbox-only checks SKIPPED with reasons."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue
from golive.sandbox import SandboxServer
from golive.vendors.tms.sandbox import TmsSandbox
from golive_run import Outcome, golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess

TOKEN_ENV = "GOLIVE_TEST_TMS_TOKEN"


def _live(tmp_path: Path, sandbox: TmsSandbox, test_tenant: bool, *args: str) -> tuple[Outcome, list[tuple[str, str]]]:
    with SandboxServer([sandbox]) as server:
        (tmp_path / "golive.toml").write_text(
            f'[vendors.tms]\nbase_url = "{server.base_url("tms")}"\ntoken_env = "{TOKEN_ENV}"\n'
            f"test_tenant = {str(test_tenant).lower()}\n")
        outcome = golive("certify", "--vendor", "tms", "--target", "live", "--config", "golive.toml", *args,
                         tmp_path=tmp_path, env={TOKEN_ENV: sandbox.credentials()["token"]})
        return outcome, list(server.log.seen)


def test_a_test_tenant_runs_every_live_check_and_skips_the_sandbox_only_ones(tmp_path: Path) -> None:
    sandbox = TmsSandbox()
    outcome, seen = _live(tmp_path, sandbox, True, "--fuzz-examples", "5")
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    report = outcome.vendor("tms")
    assert report["verdict"] == "READY" and report["counts"]["FAILED"] == report["counts"]["WARNING"] == 0
    assert not [path for _, path in seen if "/_sandbox/" in path], "live mode must not use the control protocol"
    behaviours = catalogue.for_vendor("tms")
    for check in report["checks"]:
        wheres = {behaviours[b["id"]].where for b in check["behaviours"]}
        if check["result"] == "SKIPPED":
            assert "sandbox-only" in check["message"], check
        else:
            assert check["result"] == "PASSED" and "sandbox-only" not in wheres, check
    skipped = {b["id"] for c in outcome.with_result("SKIPPED", "tms") for b in c["behaviours"]}
    passed = {b["id"] for c in outcome.with_result("PASSED", "tms") for b in c["behaviours"]}
    assert {i for i, b in behaviours.items() if b.where == "sandbox-only"} <= skipped
    assert {i for i, b in behaviours.items() if b.where in ("sandbox+live", "destructive")} <= passed
    assert report["fuzzing"]["cases"] > 0 and report["fuzzing"]["failures"] == []
    assert sandbox.store.integrations and sandbox.store.files, "a test tenant takes the suite's writes"


def test_without_a_test_tenant_nothing_is_written_and_writes_are_skipped_with_the_reason(tmp_path: Path) -> None:
    sandbox = TmsSandbox()
    outcome, _ = _live(tmp_path, sandbox, False, "--no-fuzz")
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    report = outcome.vendor("tms")
    assert report["verdict"] == "READY" and report["counts"]["FAILED"] == report["counts"]["WARNING"] == 0
    reasons = {c["message"] for c in outcome.with_result("SKIPPED", "tms")}
    assert any("test_tenant = true" in reason for reason in reasons), reasons
    assert {b["id"] for c in outcome.with_result("PASSED", "tms") for b in c["behaviours"]} >= {
        "TMS-01", "TMS-02", "TMS-06", "TMS-11", "TMS-15", "TMS-29", "TMS-40", "TMS-42"}
    assert (sandbox.store.integrations, sandbox.store.orders, sandbox.store.files) == ({}, {}, []), "no write"
