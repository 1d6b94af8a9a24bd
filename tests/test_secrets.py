"""A planted secret reaches no cassette, report, log or terminal line."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive.sandbox import SandboxServer
from golive.vendors.abs.sandbox import AbsSandbox
from golive_run import everything_written, golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess

PLANTED = "planted-jwt-secret-7f3a9c1e55d04b2a"
OTHER = "planted-other-secret-0c9d8e7f6a5b4c3d"


def test_a_planted_secret_and_the_tokens_made_from_it_never_leak(tmp_path: Path) -> None:
    sandbox = AbsSandbox(secrets={"secret": PLANTED, "other_secret": OTHER},
                         faults=frozenset({"partial-as-200"}))  # a failing check: its evidence is reported
    with SandboxServer([sandbox]) as server:
        outcome = golive("certify", "--vendor", "abs", "--fuzz-examples", "10", "--record", "--cassette-dir",
                         str(tmp_path / "cassettes"), "--sandbox-url", server.url, tmp_path=tmp_path)
        (tmp_path / "live").mkdir()
        (tmp_path / "live" / "golive.toml").write_text(
            f'[vendors.abs]\nbase_url = "{server.base_url("abs")}"\ncompany = "tirecompany"\npartner_id = "1001"\n'
            'secret_env = "GOLIVE_TEST_ABS_SECRET"\n')
        live = golive("certify", "--vendor", "abs", "--target", "live", "--config", "golive.toml",
                      "--fuzz-examples", "5", tmp_path=tmp_path / "live", env={"GOLIVE_TEST_ABS_SECRET": PLANTED})
    assert outcome.code == 1 and live.code == 1, (outcome.stdout[-2000:], live.stdout[-2000:])  # both faulted
    assert list((tmp_path / "cassettes" / "abs").rglob("*.json")), "the run recorded cassettes"
    assert outcome.with_result("FAILED")[0]["evidence"], "failing checks carry evidence"
    written = everything_written(tmp_path, outcome.stdout, outcome.stderr, live.stdout, live.stderr)
    for secret in (PLANTED, OTHER):
        assert secret not in written
    assert "eyJ" not in written, "a JWT (bearer token) leaked"
    assert "<redacted>" in written
