"""Bad options and configuration: one clear line on stderr, exit 2, no traceback."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from golive.redact import MASK

pytestmark = pytest.mark.slow  # runs golive in a subprocess


@pytest.mark.parametrize(("args", "says"), [
    (["--vendor", "nope"], "unknown vendor"),
    (["--target", "bogus"], "'bogus' is not one of"),
    (["--fuzz-examples", "0"], "at least 1"),
    (["--target", "replay", "--record"], "--record goes with"),
    (["--target", "live", "--sandbox-url", "http://127.0.0.1:1"], "--sandbox-url goes with --target sandbox"),
    (["--target", "live", "--config", "missing.toml"], "does not exist"),
    (["--sandbox-fault", "abs:no-such-fault"], "unknown"),
    (["--report-dir", "/proc/golive-cannot-write"], "--report-dir"),
    (["--waivers", "missing-waivers.toml"], "no such file"),
    (["--max-wait", "-1"], "--max-wait must be 0 or more"),
])
def test_bad_options_give_one_line(run_golive, args: list[str], says: str) -> None:
    outcome = run_golive("certify", *args)
    assert outcome.code == 2
    assert outcome.stderr.count("\n") == 1 and says in outcome.stderr, outcome.stderr
    assert "Traceback" not in outcome.stderr


@pytest.mark.parametrize(("toml", "says"), [
    ('[vendors.abs]\nbase_url = "https://x.test"\ncompany = "c"\npartner_id = "1"\nsecret_env = "UNSET_GOLIVE_VAR"\n',
     "UNSET_GOLIVE_VAR is not set"),
    ('[vendors.abs]\nbase_url = "http://x.test"\ncompany = "c"\npartner_id = "1"\nsecret_env = "HOME"\n',
     "must use https"),
    ('[vendors.abs]\nbase_url = "https://x.test"\ncompany = "c"\npartner_id = "1"\nsecret_env = "HOME"\nfoo = 1\n',
     "foo: unknown key"),
    ('[vendors.abs]\nbase_url = "https://x.test"\ncompany = "c"\npartner_id = "1"\nsecret_env = "hunter2-secret"\n',
     "literal secret"),
    ("[vendors.abs\n", "not valid TOML"),
])
def test_bad_config_names_the_key(run_golive, tmp_path: Path, toml: str, says: str) -> None:
    (tmp_path / "golive.toml").write_text(toml)
    outcome = run_golive("certify", "--target", "live", "--config", "golive.toml")
    assert outcome.code == 2 and says in outcome.stderr and outcome.stderr.count("\n") == 1, outcome.stderr


def test_sandbox_command_prints_urls_not_secrets() -> None:
    process = subprocess.Popen([sys.executable, "-m", "golive", "sandbox"], stdout=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(4)]  # type: ignore[union-attr]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()  # type: ignore[union-attr]
    text = "".join(lines)
    base = re.search(r"(http://127\.0\.0\.1:\d+/abs)", text)
    assert base, text
    shown = json.loads(re.search(r"credentials (\{.*\})", text).group(1))  # type: ignore[union-attr]
    assert shown["partner_id"] == "1001" and shown["secret"] == MASK
