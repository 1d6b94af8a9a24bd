"""Live mode for otr against an embedded sandbox on loopback posing as the vendor (its control protocol
unused): READY, sandbox-only checks SKIPPED with reasons, isTest=true on every call that takes it but
the OTR-24 probe, one wrong password, no token/account/e-mail fuzzing, and the path overrides."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from golive import catalogue
from golive.sandbox import SandboxServer
from golive.vendors.otr.sandbox import OtrSandbox
from golive_run import Outcome, golive

pytestmark = pytest.mark.slow
ENV = {"GOLIVE_TEST_OTR_KEY": "", "GOLIVE_TEST_OTR_USER": "", "GOLIVE_TEST_OTR_PASSWORD": ""}
TAKES_IS_TEST = ("/otr/prospects/authority", "/otr/leads")
MOVED = ("/otr/api/v9/token", "/otr/token")  # [vendors.otr.paths] postToken, served where the sandbox has it


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class Recorder:
    """ASGI middleware: every request as the vendor saw it, and the moved token path served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []

        async def recording() -> Message:
            message = await receive()
            chunks.append(message.get("body", b""))
            return message

        path = MOVED[1] if scope["path"] == MOVED[0] else scope["path"]
        seen = Seen(scope["method"], scope["path"], parse_qs(scope["query_string"].decode()),
                    {k.decode().lower(): v.decode() for k, v in scope["headers"]}, b"")
        self.seen.append(seen)
        await self.app({**scope, "path": path, "raw_path": path.encode()}, recording, send)
        seen.body = b"".join(chunks)


def _live(tmp_path: Path, *extra: str, cab_id: str | None = None) -> tuple[Outcome, list[Seen], dict[str, Any]]:
    sandbox = OtrSandbox()
    server = SandboxServer([sandbox])
    recorder = Recorder(server.log.app)
    server.log.app = recorder
    credentials = sandbox.credentials()
    with server:
        (tmp_path / "golive.toml").write_text(
            "[vendors.otr]\n"
            f'base_url = "{server.base_url("otr")}"\n'
            'subscription_key_env = "GOLIVE_TEST_OTR_KEY"\nusername_env = "GOLIVE_TEST_OTR_USER"\n'
            'password_env = "GOLIVE_TEST_OTR_PASSWORD"\n'
            f'known_dot = "{credentials["known_dot"]}"\nknown_mc = "{credentials["known_mc"]}"\n'
            + (f'cab_id = "{cab_id}"\n' if cab_id else "")
            + f'[vendors.otr.paths]\npostToken = "{MOVED[0].removeprefix("/otr")}"\n')
        env = dict(zip(ENV, (credentials["subscription_key"], credentials["username"], credentials["password"]),
                       strict=True))
        outcome = golive("certify", "--vendor", "otr", "--target", "live", "--config", "golive.toml",
                         "--fuzz-examples", "10", *extra, tmp_path=tmp_path, env=env)
    return outcome, recorder.seen, credentials


def _wrong_passwords(seen: list[Seen], credentials: dict[str, Any]) -> int:
    logins = [parse_qs(s.body.decode()) for s in seen if s.path == MOVED[0] and b"password=" in s.body]
    return sum(1 for form in logins if form.get("username") == [credentials["username"]]
               and form.get("password") != [credentials["password"]])


def test_live_is_ready_safe_and_skips_what_it_cannot_check(tmp_path: Path) -> None:
    outcome, seen, credentials = _live(tmp_path)
    assert outcome.code == 0, outcome.stdout[-3000:]
    report = outcome.vendor("otr")
    assert report["verdict"] == "READY" and report["counts"]["FAILED"] == 0 and report["counts"]["WARNING"] == 0
    assert not [s.path for s in seen if "/_sandbox/" in s.path], "live mode must not use the control protocol"
    # isTest=true on every call that takes it, scenarios and fuzzing alike, but the one OTR-24 probe
    flags = [s.query.get("isTest") for s in seen if s.path in TAKES_IS_TEST]
    assert flags and flags.count(["maybe"]) == 1 and all(f in (["true"], ["maybe"]) for f in flags), flags
    probe = next(s for s in seen if s.query.get("isTest") == ["maybe"])
    assert probe.path == "/otr/prospects/authority"
    assert _wrong_passwords(seen, credentials) == 1, "a wrong password is tried once per run for the configured user"
    fuzzed = {s.path for s in seen if "x-schemathesis-testcaseid" in s.headers}
    assert fuzzed and not fuzzed & {MOVED[0], MOVED[1], "/otr/accounts", "/otr/prospects/verification"}, fuzzed
    assert not [s for s in seen if s.path == MOVED[1]], "the [vendors.otr.paths] override reaches the client"
    assert not [s for s in seen if s.path in ("/otr/accounts", "/otr/prospects/verification") and "cab-id" in s.query
                and s.query["cab-id"][0].startswith("CAB-1")], "no account or e-mail for a real CAB id live"
    behaviours = catalogue.for_vendor("otr")
    for check in report["checks"]:
        wheres = {behaviours[b["id"]].where for b in check["behaviours"]}
        if check["result"] == "SKIPPED":
            assert "sandbox-only" in check["message"] or "--include-destructive" in check["message"], check
        elif wheres <= {"sandbox+live"}:
            assert check["result"] == "PASSED", check
    skipped = {b["id"] for c in outcome.with_result("SKIPPED", "otr") for b in c["behaviours"]}
    assert {i for i, b in behaviours.items() if b.where == "sandbox-only"} <= skipped
    assert {i for i, b in behaviours.items() if b.where == "sandbox+live"} <= {
        b["id"] for c in outcome.with_result("PASSED", "otr") for b in c["behaviours"]}


def test_live_destructive_checks_need_the_opt_in_and_skip_an_existing_account(tmp_path: Path) -> None:
    cab = "CAB-104729"  # the sandbox's seeded prospect (otr.md), standing in for the configured test CAB id
    outcome, seen, _ = _live(tmp_path, "--include-destructive", "--no-fuzz", cab_id=cab)
    assert outcome.code == 0, outcome.stdout[-3000:]
    results = {c["name"]: c for c in outcome.vendor("otr")["checks"]}
    accounts = [results[name] for name in ("An account is created from a prospect's CAB Id",
                                           "The CabId of a lookup is accepted as cab-id by account creation",
                                           "Creating an account that exists is recorded, whatever the answer")]
    exists = [c for c in accounts if c["result"] == "SKIPPED" and "account exists" in c["message"]]
    assert exists and all(c["result"] == "PASSED" for c in accounts if c not in exists), accounts  # the first: 201
    for name in ("The answer is email, cabId and verificationId, all strings, spelled as documented",
                 "The answer never discloses the 6-digit code",
                 "The answer echoes the CAB Id and the prospect's e-mail address"):
        assert results[name]["result"] == "PASSED", results[name]
    written = {s.query["cab-id"][0] for s in seen if s.path in ("/otr/accounts", "/otr/prospects/verification")
               and s.query.get("cab-id", [""])[0].startswith("CAB-1")}
    assert written == {cab}


def test_the_expiry_checks_run_live_only_as_a_soak_that_max_wait_covers(tmp_path: Path) -> None:
    expiry = "An access token is refused with 401 one second after expires_in"
    (tmp_path / "plain").mkdir()
    (tmp_path / "short").mkdir()
    without, _, _ = _live(tmp_path / "plain", "--no-fuzz", "-k", "expires_in")
    [plain] = [c for c in without.vendor("otr")["checks"] if c["name"] == expiry]
    assert plain["result"] == "SKIPPED" and "live, only as a soak: --max-wait" in plain["message"]
    short, _, _ = _live(tmp_path / "short", "--no-fuzz", "-k", "expires_in", "--max-wait", "60")
    [waited] = [c for c in short.vendor("otr")["checks"] if c["name"] == expiry]
    assert waited["result"] == "SKIPPED" and "the token lives 7199 s" in waited["message"]  # ran, then said why
