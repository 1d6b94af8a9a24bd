"""Waivers (interface.md §11): accepted deviations, and the stale, expired and not-run ones."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from golive import waivers
from golive.config import ConfigError
from golive.report.model import BehaviourRef, CheckResult
from golive.verdict import Result
from golive_run import golive_pytest

VENDORS = {"abs", "otr", "otto", "tms"}
GOOD = """
[[waiver]]
vendor = "abs"
behaviour = "ABS-04"
expect = "FAILED"
reason = "vendor fix scheduled for release 4.2 (ticket 1234)"
accepted_by = "integration lead"
expires = 2027-03-01
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.toml"
    path.write_text(text, "utf-8")
    return path


def check(name: str, result: Result, *ids: str, vendor: str = "abs") -> CheckResult:
    refs = [BehaviourRef(id=i, quote="q", rule="r", where="sandbox+live", level="fact") for i in ids]
    return CheckResult(nodeid=name, vendor=vendor, name=name, feature="f", kind="scenario", behaviours=refs,
                       result=result, duration=0.0, message="expected 401, got 200")


def test_a_good_file_loads(tmp_path: Path) -> None:
    [waiver] = waivers.load(write(tmp_path, GOOD), VENDORS)
    assert (waiver.vendor, waiver.behaviour, waiver.expect, waiver.expires) == (
        "abs", "ABS-04", Result.FAILED, date(2027, 3, 1))


@pytest.mark.parametrize(("change", "says"), [
    (("accepted_by = \"integration lead\"", ""), "waiver 1: accepted_by is required"),
    (("reason = \"vendor fix scheduled for release 4.2 (ticket 1234)\"", "reason = \"  \""), "waiver 1: reason is"),
    (("vendor = \"abs\"", "vendor = \"acme\""), "waiver 1: unknown vendor 'acme'"),
    (("ABS-04", "ABS-99"), "waiver 1: unknown behaviour 'ABS-99'"),
    (("ABS-04", "OTR-01"), "waiver 1: unknown behaviour 'OTR-01' for abs"),
    (("expect = \"FAILED\"", "expect = \"ERROR\""), "expect must be FAILED or WARNING"),
    (("expires = 2027-03-01", "expires = \"soon\""), "expires must be a TOML date"),
    (("expires = 2027-03-01", "expires = 2027-03-01T10:00:00"), "expires must be a TOML date"),
    (("expires = 2027-03-01", "colour = \"red\""), "waiver 1: unknown key 'colour'"),
    (("[[waiver]]", "[[waivers]]"), "only [[waiver]] entries"),
    (("[[waiver]]", "[[waiver"), "not valid TOML"),
])
def test_a_bad_file_is_one_line_naming_the_entry(tmp_path: Path, change: tuple[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")) as info:
        waivers.load(write(tmp_path, GOOD.replace(*change)), VENDORS)
    assert "\n" not in str(info.value)


def test_the_four_states(tmp_path: Path) -> None:
    [waiver] = waivers.load(write(tmp_path, GOOD), VENDORS)
    today = date(2026, 11, 26)
    failed = [check("bad signature", Result.FAILED, "ABS-04"), check("other", Result.FAILED, "ABS-05")]
    waived, [status] = waivers.apply([waiver], "abs", failed, today)
    assert status.state == "in force" and status.checks == 1 and not status.breaks_readiness
    assert waived[0].result is Result.WAIVED and waived[0].original_result is Result.FAILED
    assert waived[0].waived_by == "integration lead" and waived[0].message == "expected 401, got 200"
    assert waived[1].result is Result.FAILED  # another behaviour: untouched
    _, [stale] = waivers.apply([waiver], "abs", [check("bad signature", Result.PASSED, "ABS-04")], today)
    assert stale.state == "stale" and stale.breaks_readiness
    _, [expired] = waivers.apply([waiver], "abs", failed, date(2027, 3, 2))
    assert expired.state == "expired" and expired.breaks_readiness
    for not_run in ([], [check("bad signature", Result.SKIPPED, "ABS-04")]):
        _, [status] = waivers.apply([waiver], "abs", not_run, today)
        assert status.state == "not run" and not status.breaks_readiness


def test_a_named_check_waives_only_that_check(tmp_path: Path) -> None:
    [waiver] = waivers.load(write(tmp_path, GOOD.replace("expires", 'check = "bad signature"\nexpires')), VENDORS)
    waived, _ = waivers.apply([waiver], "abs", [check("bad signature", Result.FAILED, "ABS-04"),
                                                check("bad signature [GET]", Result.FAILED, "ABS-04")], date.today())
    assert [c.result for c in waived] == [Result.WAIVED, Result.FAILED]


# -- whole runs: the bad-signature fault breaks ABS-04 -----------------------------------------------------------
FAULT = "--sandbox-fault=abs:accept-bad-signature"


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "expires", "code", "verdict", "state"), [
    (True, "2099-01-01", 0, "READY", "in force"),
    (False, "2099-01-01", 1, "NOT READY", "stale"),
    (True, "2020-01-01", 1, "NOT READY", "expired"),
])
def test_a_run_with_a_waiver(tmp_path: Path, fault: bool, expires: str, code: int, verdict: str, state: str) -> None:
    path = write(tmp_path, GOOD.replace("2027-03-01", expires))
    outcome = golive_pytest("--vendor=abs", "--no-fuzz", f"--waivers={path}", *([FAULT] if fault else []),
                            "-m", "ABS-04", tmp_path=tmp_path)
    report = outcome.vendor("abs")
    assert (outcome.code, report["verdict"]) == (code, verdict), outcome.stdout[-2000:] + outcome.stderr[-1000:]
    [status] = report["waivers"]
    assert status["state"] == state and status["accepted_by"] == "integration lead"
    if state == "in force":
        waived = outcome.with_result("WAIVED", "abs")
        assert waived and {c["original_result"] for c in waived} == {"FAILED"}
        assert all(c["waiver"].startswith("vendor fix scheduled") and c["message"] for c in waived)
        assert outcome.with_result("FAILED", "abs") == []
    html = (outcome.report_dir / "latest" / "readiness.html").read_text("utf-8")
    assert f"<b>{state}</b>" in html and "integration lead" in html


@pytest.mark.slow
def test_a_waiver_whose_checks_did_not_run_is_neither(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    outcome = golive_pytest("--vendor=abs", "--no-fuzz", f"--waivers={path}", "-m", "ABS-03", tmp_path=tmp_path)
    report = outcome.vendor("abs")
    assert (outcome.code, report["verdict"]) == (0, "READY")
    assert [w["state"] for w in report["waivers"]] == ["not run"]
