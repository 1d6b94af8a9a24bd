"""Live mode for otto against an embedded sandbox on loopback posing as the vendor (its control protocol unused):
READY and never throttled, within the 100-per-15-minutes budget, scenarios and fuzzing together; sandbox-only
checks and OTTO-04 SKIPPED with reasons; writes only with test_tenant = true; the quota check only with
--include-destructive, and last."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from golive import catalogue
from golive.sandbox import SandboxServer
from golive.vendors.otto import NO_TEST_MODE
from golive.vendors.otto.quota import DESTRUCTIVE_LIVE
from golive.vendors.otto.sandbox import OttoSandbox
from golive_run import Outcome, golive

pytestmark = pytest.mark.slow
KEY_ENV = "GOLIVE_TEST_OTTO_KEY"
REASONS = ("sandbox-only", "not https", "webhook_url", "--include-destructive")


@dataclass
class Seen:
    method: str
    path: str
    status: int
    fuzzed: bool


class Recorder:
    """ASGI middleware: every request as the vendor answered it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        fuzzed = any(k.lower() == b"x-schemathesis-testcaseid" for k, _ in scope["headers"])

        async def answering(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.seen.append(Seen(scope["method"], scope["path"], message["status"], fuzzed))
            await send(message)

        await self.app(scope, receive, answering)


def _live(tmp_path: Path, *extra: str, test_tenant: bool = True, examples: int = 3) -> tuple[Outcome, list[Seen]]:
    sandbox = OttoSandbox()
    server = SandboxServer([sandbox])
    recorder = Recorder(server.log.app)
    server.log.app = recorder
    tmp_path.mkdir(exist_ok=True)
    with server:
        (tmp_path / "golive.toml").write_text(
            f'[vendors.otto]\nbase_url = "{server.base_url("otto")}"\napi_key_env = "{KEY_ENV}"\n'
            + ("test_tenant = true\n" if test_tenant else ""))
        outcome = golive("certify", "--vendor", "otto", "--target", "live", "--config", "golive.toml",
                         "--fuzz-examples", str(examples), *extra, tmp_path=tmp_path,
                         env={KEY_ENV: sandbox.credentials()["api_key"]})
    return outcome, recorder.seen


def _ids(checks: list[dict[str, Any]]) -> set[str]:
    return {b["id"] for check in checks for b in check["behaviours"]}


def test_live_is_ready_never_throttled_and_skips_what_it_cannot_check(tmp_path: Path) -> None:
    outcome, seen = _live(tmp_path)
    assert outcome.code == 0, outcome.stdout[-3000:]
    report = outcome.vendor("otto")
    assert report["verdict"] == "READY" and report["counts"]["FAILED"] == 0 and report["counts"]["WARNING"] == 0
    assert not [s.path for s in seen if "/_sandbox/" in s.path], "live mode must not use the control protocol"
    assert [s for s in seen if s.status == 429] == [], "a normal live run is never throttled"
    assert report["pacing"]["rates"] == "100 per 900 s" and report["pacing"]["requests"] == len(seen) <= 100
    assert any(s.fuzzed for s in seen) and not [s for s in seen if s.fuzzed and s.path.endswith("/webhooks/register")]
    behaviours = catalogue.for_vendor("otto")
    skipped = outcome.with_result("SKIPPED", "otto")
    for check in skipped:
        assert any(reason in check["message"] for reason in REASONS), check
    assert {i for i, b in behaviours.items() if b.where in ("sandbox-only", "live-only")} <= _ids(skipped)
    assert "not https" in next(c for c in skipped if _ids([c]) == {"OTTO-04"})["message"]
    passed = _ids(outcome.with_result("PASSED", "otto"))
    assert {i for i, b in behaviours.items() if b.where == "sandbox+live"} <= passed
    resync = next(c for c in report["checks"] if _ids([c]) == {"OTTO-17"})
    assert resync["result"] == "PASSED" and "re-sync" in resync["notes"], "D-OTTO-10: recorded live, never judged"


def test_live_writes_need_a_test_tenant(tmp_path: Path) -> None:
    outcome, seen = _live(tmp_path, test_tenant=False)
    assert outcome.code == 0, outcome.stdout[-3000:]
    writes = [s for s in seen if s.method == "POST" and s.status < 300]
    assert writes == [], "without test_tenant = true nothing is written live"
    blocked = [c for c in outcome.with_result("SKIPPED", "otto") if c["message"] == NO_TEST_MODE]
    destructive = {i for i, b in catalogue.for_vendor("otto").items() if b.where == "destructive"}
    assert destructive <= _ids(blocked) and "fuzzing" in {c["feature"] for c in blocked}


def test_the_quota_check_runs_live_only_when_asked_and_last(tmp_path: Path) -> None:
    without, _ = _live(tmp_path / "without", "--no-fuzz")
    quota = next(c for c in without.vendor("otto")["checks"] if _ids([c]) == {"OTTO-43", "OTTO-44"})
    assert quota["result"] == "SKIPPED" and quota["message"] == DESTRUCTIVE_LIVE
    # the scenarios, the fuzzing (with its stateful sequences) and the quota check share one budget of 100
    outcome, seen = _live(tmp_path / "with", "--include-destructive", examples=1)
    assert outcome.code == 0, outcome.stdout[-3000:]
    last = outcome.vendor("otto")["checks"][-1]
    assert _ids([last]) == {"OTTO-43", "OTTO-44"} and last["result"] == "PASSED", last
    first_429 = next(n for n, s in enumerate(seen) if s.status == 429)
    assert len(seen) - first_429 == 2, "only the quota check, last, is refused: its 429 and the call after it"
