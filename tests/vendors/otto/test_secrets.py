"""Both planted Otto API keys and every webhook secret golive registers (derived in a sandbox, random live) reach
no cassette, report, log or terminal line — even when the vendor echoes the secret back (a failing check's
evidence is reported)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.responses import Response

from golive.sandbox import SandboxServer
from golive.vendors.otto.sandbox import OttoSandbox
from golive_run import golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess

PLANTED = "planted-otto-key-3c9a7e1f05b24d68"
OTHER = "planted-otto-second-key-8e2d4c6a1f3b"


class Collecting(OttoSandbox):
    """The sandbox, keeping every webhook secret golive mints (fuzzing sends others, its own)."""

    secrets_seen: list[str]

    async def _webhooks_register(self, document: Any) -> Response:
        if isinstance(document, dict) and str(document.get("secret")).startswith("whsec_"):
            self.secrets_seen.append(document["secret"])
        return await super()._webhooks_register(document)


def test_planted_keys_and_webhook_secrets_never_leak(tmp_path: Path) -> None:
    sandbox = Collecting(secrets={"api_key": PLANTED, "second_api_key": OTHER}, faults=frozenset({"secret-echoed"}))
    sandbox.secrets_seen = []
    with SandboxServer([sandbox]) as server:
        recorded = golive("certify", "--vendor", "otto", "--fuzz-examples", "5", "--record", "--cassette-dir",
                          str(tmp_path / "cassettes"), "--sandbox-url", server.url, tmp_path=tmp_path)
        derived = len(sandbox.secrets_seen)
        sandbox.reset()  # the recorded run's quota check left the key limited
        (tmp_path / "live").mkdir()
        (tmp_path / "live" / "golive.toml").write_text(
            f'[vendors.otto]\nbase_url = "{server.base_url("otto")}"\napi_key_env = "GOLIVE_TEST_OTTO_KEY"\n'
            'webhook_url = "http://127.0.0.1:9/hooks/otto"\ntest_tenant = true\n')
        live = golive("certify", "--vendor", "otto", "--target", "live", "--config", "golive.toml", "--no-fuzz",
                      tmp_path=tmp_path / "live", env={"GOLIVE_TEST_OTTO_KEY": PLANTED})
    assert recorded.code == 1 and live.code == 1, (recorded.stdout[-2000:], live.stdout[-2000:])  # secret echoed
    assert derived and len(sandbox.secrets_seen) > derived, "both runs registered webhooks with a secret"
    assert list((tmp_path / "cassettes" / "otto").rglob("*.deliveries.json")), "deliveries were recorded"
    echoed = [c for c in recorded.with_result("FAILED", "otto") + live.with_result("FAILED", "otto")
              if any(b["id"] == "OTTO-34" for b in c["behaviours"])]
    assert len(echoed) == 2 and all(c["evidence"] for c in echoed), "the echoing answer is reported as evidence"
    registered = live.with_result("FAILED", "otto")[0]["notes"]
    assert any(name.startswith("webhook registration ") for name in registered), "listed for clean-up (D-OTTO-16)"
    written = "\n".join([*(p.read_text("utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file()),
                         recorded.stdout, recorded.stderr, live.stdout, live.stderr])
    for secret in (PLANTED, OTHER, *sandbox.secrets_seen):
        assert secret not in written
    assert "<redacted>" in written
