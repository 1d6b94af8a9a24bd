"""The planted OTMS token and every generated client credential reach no cassette, report, log or
terminal line, in a recorded sandbox run and in a live run."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golive.sandbox import SandboxServer
from golive.vendors.tms.sandbox import TmsSandbox
from golive.vendors.tms.store import Integration, TmsStore
from golive_run import everything_written, golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess

PLANTED = "planted-tms-token-5d1e9a7c3b2f4e60"


def test_the_token_and_generated_credentials_never_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issued: list[str] = []
    real = TmsStore.issue_credentials

    def issue(store: TmsStore, integration: Integration) -> dict[str, Any]:
        pair = real(store, integration)
        issued.extend(pair.values())
        return pair

    monkeypatch.setattr(TmsStore, "issue_credentials", issue)  # the sandbox runs in this process
    sandbox = TmsSandbox(secrets={"token": PLANTED}, faults=frozenset({"credentials-not-regenerated"}))
    with SandboxServer([sandbox]) as server:
        outcome = golive("certify", "--vendor", "tms", "--fuzz-examples", "5", "--record", "--cassette-dir",
                         str(tmp_path / "cassettes"), "--sandbox-url", server.url, tmp_path=tmp_path)
        (tmp_path / "live").mkdir()
        (tmp_path / "live" / "golive.toml").write_text(
            f'[vendors.tms]\nbase_url = "{server.base_url("tms")}"\ntoken_env = "GOLIVE_TEST_TMS_TOKEN"\n'
            "test_tenant = true\n")
        live = golive("certify", "--vendor", "tms", "--target", "live", "--config", "golive.toml",
                      "--fuzz-examples", "5", tmp_path=tmp_path / "live", env={"GOLIVE_TEST_TMS_TOKEN": PLANTED})
    assert outcome.code == 1 and live.code == 1, (outcome.stdout[-2000:], live.stdout[-2000:])  # both faulted
    assert list((tmp_path / "cassettes" / "tms").rglob("*.json")), "the run recorded cassettes"
    failed = outcome.with_result("FAILED", "tms")
    assert failed and any("credentials" in e["response_body"] for c in failed for e in c["evidence"])
    assert len(issued) > 10, "the run generated credentials"
    written = everything_written(tmp_path, outcome.stdout, outcome.stderr, live.stdout, live.stderr)
    for secret in (PLANTED, *issued):
        assert secret not in written
    assert "<redacted>" in written
