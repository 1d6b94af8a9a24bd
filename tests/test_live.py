"""Live mode against a sandbox on loopback posing as the real vendor (its control protocol unused)."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue
from golive.sandbox import SandboxServer
from golive.vendors.abs.sandbox import AbsSandbox
from golive_run import golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess


def _config(tmp_path: Path, base_url: str) -> None:
    (tmp_path / "golive.toml").write_text(
        "[vendors.abs]\n"
        f'base_url = "{base_url}"\n'
        'company = "tirecompany"\n'
        'partner_id = "1001"\n'
        'secret_env = "GOLIVE_TEST_ABS_SECRET"\n')


def test_live_runs_every_live_check_writes_only_to_test_and_skips_the_sandbox_only(tmp_path: Path) -> None:
    sandbox = AbsSandbox()
    with SandboxServer([sandbox]) as server:
        _config(tmp_path, server.base_url("abs"))
        outcome = golive("certify", "--vendor", "abs", "--target", "live", "--config", "golive.toml",
                         "--fuzz-examples", "10", tmp_path=tmp_path,
                         env={"GOLIVE_TEST_ABS_SECRET": sandbox.credentials()["secret"]})
        seen = list(server.log.seen)
    assert outcome.code == 0, outcome.stdout[-3000:]
    report = outcome.vendor()
    assert report["verdict"] == "READY" and report["counts"]["FAILED"] == 0 and report["counts"]["WARNING"] == 0
    assert not [path for _, path in seen if "/_sandbox/" in path], "live mode must not use the control protocol"
    writes = {path for method, path in seen if method == "POST"}
    assert writes and all(path.endswith("_test") for path in writes), writes
    behaviours = catalogue.for_vendor("abs")
    for check in report["checks"]:
        wheres = {behaviours[b["id"]].where for b in check["behaviours"]}
        if check["result"] == "SKIPPED":
            assert check["message"], check["name"]
            assert "sandbox-only" in check["message"] or "--allow-production" in check["message"], check
        elif wheres and wheres <= {"sandbox+live", "destructive"}:
            assert check["result"] == "PASSED", check
    skipped_ids = {b["id"] for c in outcome.with_result("SKIPPED") for b in c["behaviours"]}
    sandbox_only = {i for i, b in behaviours.items() if b.where == "sandbox-only"}
    assert sandbox_only <= skipped_ids | {b["id"] for c in report["checks"] for b in c["behaviours"]}
    assert {i for i, b in behaviours.items() if b.where == "sandbox+live"} <= {
        b["id"] for c in outcome.with_result("PASSED") for b in c["behaviours"]}
    not_checked = report["coverage"]["behaviours_not_checked"]
    assert not_checked and all(why.startswith("SKIPPED on this target: ") for why in not_checked.values())
    assert set(not_checked) <= sandbox_only | {i for i, b in behaviours.items() if b.where == "destructive"}
    assert report["pacing"] == {"rates": "unpaced", "requests": report["pacing"]["requests"], "waited_seconds": 0.0}


def test_live_credentials_rejected_is_blocked_not_failed(tmp_path: Path) -> None:
    with SandboxServer([AbsSandbox()]) as server:
        _config(tmp_path, server.base_url("abs"))
        outcome = golive("certify", "--vendor", "abs", "--target", "live", "--config", "golive.toml", "--no-fuzz",
                         tmp_path=tmp_path, env={"GOLIVE_TEST_ABS_SECRET": "not-the-partner-secret"})
        sent = len(server.log.seen)
    assert outcome.code == 2, outcome.stdout[-2000:]
    # refused credentials are never sent again (a lock-out risk): only the checks' own negative requests follow
    assert sent < len(outcome.vendor()["checks"]) / 2, sent
    assert outcome.vendor()["verdict"] == "BLOCKED" and outcome.vendor()["counts"]["FAILED"] == 0
    assert any("credentials" in c["message"] for c in outcome.with_result("ERROR"))
