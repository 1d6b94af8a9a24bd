"""OTR secrets — subscription key, username, password, and every access and refresh token the sandbox
issued — reach no cassette, report, log or terminal line, in sandbox (recording) and live runs."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from golive.sandbox import SandboxServer
from golive.vendors.otr.sandbox import OtrSandbox
from golive.vendors.otr.store import OtrStore
from golive_run import everything_written, golive

pytestmark = pytest.mark.slow
PLANTED = {"subscription_key": "planted-subscription-key-5e1d7c93a2b4",
           "username": "planted.user+4c2a@golive-partner.com", "password": "planted Pass/word+91f3=b7e0"}


def test_planted_credentials_and_issued_tokens_never_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issued: list[str] = []
    real_issue = OtrStore.issue

    def issue(store: OtrStore, *args: Any) -> tuple[str, str]:
        pair = real_issue(store, *args)
        issued.extend(pair)
        return pair

    monkeypatch.setattr(OtrStore, "issue", issue)
    sandbox = OtrSandbox(secrets=PLANTED, faults=frozenset({"token-type-missing"}))  # failing checks carry evidence
    with SandboxServer([sandbox]) as server:
        recorded = golive("certify", "--vendor", "otr", "--fuzz-examples", "5", "--record", "--cassette-dir",
                          str(tmp_path / "cassettes"), "--sandbox-url", server.url, tmp_path=tmp_path)
        (tmp_path / "live").mkdir()
        (tmp_path / "live" / "golive.toml").write_text(
            f'[vendors.otr]\nbase_url = "{server.base_url("otr")}"\nsubscription_key_env = "K"\nusername_env = "U"\n'
            f'password_env = "P"\nknown_dot = "{sandbox.credentials()["known_dot"]}"\n')
        live = golive("certify", "--vendor", "otr", "--target", "live", "--config", "golive.toml",
                      "--fuzz-examples", "5", tmp_path=tmp_path / "live",
                      env={"K": PLANTED["subscription_key"], "U": PLANTED["username"], "P": PLANTED["password"]})
    assert recorded.code == 1 and live.code == 1, (recorded.stdout[-2000:], live.stdout[-2000:])  # both faulted
    assert list((tmp_path / "cassettes" / "otr").rglob("*.json")), "the run recorded cassettes"
    failed = recorded.with_result("FAILED", "otr")
    assert failed and all(check["evidence"] for check in failed), "failing checks carry evidence"
    assert len(issued) > 20
    outputs = (recorded.stdout, recorded.stderr, live.stdout, live.stderr)
    written = everything_written(tmp_path, *outputs)
    for secret in [PLANTED["subscription_key"], PLANTED["password"], *issued]:
        assert secret not in written and quote_plus(secret) not in written
    username = PLANTED["username"]
    assert username not in written  # also in the sandbox's credentials cassette: masked by name as it is recorded
    assert quote_plus(username) not in written  # as a form body carries it
    assert "<redacted>" in written
