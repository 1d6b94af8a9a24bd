"""OtrScenario against the embedded OTR sandbox: the vendor clock, safe test data, live gating."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors.otr import scenario as scenario_module
from golive.vendors.otr.client import OWN
from golive.vendors.otr.sandbox import OtrSandbox
from golive.vendors.otr.scenario import OtrScenario
from golive.verdict import Deviation, NotOnThisTarget
from vendors.otr.support import make_target, scenario


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([OtrSandbox()]) as running:
        yield running


@pytest.fixture
def make(server: SandboxServer, tmp_path: Path) -> Iterator[Callable[..., OtrScenario]]:
    """Scenarios on targets made in a test (sandbox ones reset first), closed after it."""
    made: list[Target] = []

    def build(**kwargs: Any) -> OtrScenario:
        made.append(make_target(server, tmp_path, **kwargs))
        if made[-1].controllable:
            made[-1].reset()
        return scenario(made[-1])

    yield build
    for target in made:
        target.close()


def form(scenario: OtrScenario) -> dict[str, list[str]]:
    return parse_qs(scenario.last.request.content.decode())


# -- the vendor clock (OTR-14, D-OTR-07) -------------------------------------------------------------
@pytest.mark.parametrize(("offset", "status"), [(1, 401), (-5, 200)])
def test_the_sandbox_clock_moves_to_either_side_of_expires_in(make: Callable[..., OtrScenario], offset: int,
                                                              status: int) -> None:
    s = make()
    s.access_token()
    before = s.target.now()
    s.pass_expiry(offset)
    moved = (s.target.now() - before).total_seconds()
    assert 7199 + offset <= moved < 7199 + offset + 5
    assert s.read_claims().status_code == status


def test_live_expiry_is_skipped_unless_max_wait_covers_it(make: Callable[..., OtrScenario],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(scenario_module.time, "sleep", slept.append)
    short = make(mode="live", max_wait=60)
    short.access_token()
    with pytest.raises(NotOnThisTarget, match="--max-wait 7200"):
        short.pass_expiry(1)
    soak = make(mode="live", max_wait=7200)
    soak.access_token()
    soak.pass_expiry(1)
    assert len(slept) == 1 and 7199 < slept[0] <= 7200  # a real wait, only live and only when allowed


# -- tokens: who a negative login names (OTR-08, OTR-09) ---------------------------------------------
def test_a_missing_password_names_the_configured_user_only_in_the_sandbox(make: Callable[..., OtrScenario]) -> None:
    sandbox = make()
    assert sandbox.token_without("password").status_code == 400
    assert form(sandbox) == {"grant_type": ["password"], "username": [sandbox.client.username]}
    live = make(mode="live")
    live.token_without("password")
    assert form(live)["username"][0].endswith("@example.invalid")
    live.token_without("username")
    assert "username" not in form(live)


def test_a_wrong_login_for_a_user_that_does_not_exist(make: Callable[..., OtrScenario]) -> None:
    s = make()
    assert s.wrong_login("a user that does not exist").status_code == 400
    assert form(s)["username"][0].startswith("golive-nobody-") and s.client.encoding == "form"


def test_a_tampered_token_differs_in_one_character_and_is_redacted(make: Callable[..., OtrScenario]) -> None:
    s = make()
    token = s.access_token()
    tampered = str(s.authorization("the token with one character changed")).removeprefix("Bearer ")
    assert len(tampered) == len(token) and sum(a != b for a, b in zip(tampered, token, strict=True)) == 1
    assert s.authorization("no Authorization header") is None
    assert s.read_claims("the token with one character changed").status_code == 401


# -- the subscription key (OTR-01 to OTR-03) ----------------------------------------------------------
def test_a_key_refusal_would_write_in_the_sandbox_and_never_live(make: Callable[..., OtrScenario]) -> None:
    sandbox = make()
    assert sandbox.call("postAccount", None).status_code == 401
    assert sandbox.last.request.url.params["cab-id"].startswith("CAB-")  # the known prospect's: a write if taken
    live = make(mode="live")
    assert live.call("postAccount", None).status_code == 401
    assert live.last.request.url.params["cab-id"].startswith("CAB-GOLIVE-")  # made up: nothing to write
    assert sandbox.call("getTokenClaims", OWN).status_code == 200


# -- accounts and verification: live gating (interface.md §9) -----------------------------------------
def test_live_account_and_email_need_the_opt_in_and_the_configured_cab_id(make: Callable[..., OtrScenario]) -> None:
    with pytest.raises(NotOnThisTarget, match="--include-destructive"):
        make(mode="live", settings={"cab_id": "CAB-104729"}).writable_cab()
    with pytest.raises(NotOnThisTarget, match="--include-destructive"):
        make(mode="live", include_destructive=True).writable_cab()
    live = make(mode="live", include_destructive=True, settings={"cab_id": "CAB-104729"})
    assert live.writable_cab() == "CAB-104729" and live.prospect["CabId"] == "CAB-104729"
    with pytest.raises(NotOnThisTarget, match="another CabId"):
        live.writable_cab("CAB-1")


def test_a_live_409_means_the_account_exists(make: Callable[..., OtrScenario]) -> None:
    live = make(mode="live", include_destructive=True, settings={"cab_id": "CAB-104729"})
    cab = live.writable_cab()
    if live.create_account(cab).status_code != 409:  # the shared sandbox may have it from another test
        with pytest.raises(NotOnThisTarget, match="account exists"):
            live.create_account(cab)
    sandbox = make()
    sandbox.create_account(sandbox.writable_cab())
    assert sandbox.create_account(sandbox.cab_id).status_code == 409  # recorded, not skipped (D-OTR-10)


def test_the_story_reads_the_code_from_the_outbox(make: Callable[..., OtrScenario]) -> None:
    s = make()
    s.look_up("DOT")
    s.look_up("MC")
    s.request_verification(s.writable_cab(s.prospect_cab()))
    s.mailed_code()
    assert s.cab_ids == [s.cab_id, s.cab_id] and s.mail() is not None
    s.cab_id = "CAB-0"
    with pytest.raises(Deviation, match="got none"):
        s.mailed_code()


def test_leads_are_found_in_the_sandbox(make: Callable[..., OtrScenario]) -> None:
    s = make()
    with pytest.raises(Deviation, match="source 'lead'"):
        s.test_lead("lead")
    s.submit_lead()
    s.look_up("DOT")
    s.test_lead("lead")
    s.test_lead("authority-lookup")
