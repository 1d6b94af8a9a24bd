"""Selecting checks: each form picks exactly what it names, and a partial run never reads as a full one."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue, selection
from golive.config import ConfigError
from golive.features import scan
from golive_run import ROOT, golive


def test_ids_prefixes_and_ranges() -> None:
    assert selection.behaviour_ids(("abs-04",)) == {"ABS-04"}
    assert selection.behaviour_ids(("ABS-60..ABS-62", "ABS-60..61")) == {"ABS-60", "ABS-61", "ABS-62"}
    assert selection.behaviour_ids(("OTR",)) == set(catalogue.for_vendor("otr"))
    for bad in ("XYZ-1", "ABS-90..ABS-99", "ABS-9..ABS-2", "A"):
        with pytest.raises(ConfigError, match="--behaviour"):
            selection.behaviour_ids((bad,))


def _carrying(*ids: str) -> int:
    return sum(s.checks for s in scan(ROOT / "features", ["abs"]) if set(ids) & s.tags)


pytestmark = pytest.mark.slow


def test_a_behaviour_selects_exactly_its_checks_and_is_partial(tmp_path: Path) -> None:
    outcome = golive("certify", "--behaviour", "ABS-04", "--behaviour", "abs-60..abs-61", tmp_path=tmp_path)
    report = outcome.report
    checks = outcome.vendor("abs")["checks"]
    assert outcome.code == 0 and [v["name"] for v in report["vendors"]] == ["abs"]
    assert len(checks) == _carrying("ABS-04", "ABS-60", "ABS-61")
    assert all({"ABS-04", "ABS-60", "ABS-61"} & {b["id"] for b in c["behaviours"]} for c in checks)
    assert report["vendors"][0]["fuzzing"] is None  # no fuzzing in a selection unless asked
    assert report["partial"] == {"behaviours": ["ABS-04", "ABS-60", "ABS-61"], "keyword": None, "last_failed": 0}
    assert "PARTIAL run" in outcome.stdout and report["vendors"][0]["verdict"] == "READY"
    html = (outcome.report_dir / "latest" / "readiness.html").read_text("utf-8")
    assert "PARTIAL run" in html.split('id="vendor-abs"')[0]  # on the first screen


def test_k_passes_through_and_no_match_is_one_line(tmp_path: Path) -> None:
    outcome = golive("certify", "--vendor", "abs", "-k", "signed and POST", tmp_path=tmp_path)
    names = [c["name"] for c in outcome.vendor("abs")["checks"]]
    assert names and all("POST" in n for n in names) and outcome.report["partial"]["keyword"] == "signed and POST"
    (tmp_path / "none").mkdir()
    nothing = golive("certify", "-k", "no-such-check-anywhere", tmp_path=tmp_path / "none")
    assert nothing.code == 2 and nothing.stderr.strip() == "golive: error: the selection matches no check"


def test_last_failed_reruns_exactly_the_failed_warning_and_error_checks(tmp_path: Path) -> None:
    faulted = ("--sandbox-fault", "abs:accept-bad-signature", "--sandbox-fault", "abs:offset-not-normalised")
    first = golive("certify", "--vendor", "abs", "--no-fuzz", *faulted, tmp_path=tmp_path)
    bad = {c["nodeid"] for c in first.vendor("abs")["checks"] if c["result"] in ("FAILED", "WARNING", "ERROR")}
    assert first.code == 1 and bad
    rerun = golive("certify", "--last-failed", *faulted, tmp_path=tmp_path)
    assert {c["nodeid"] for c in rerun.vendor("abs")["checks"]} == bad
    assert rerun.report["partial"]["last_failed"] == len(bad)
    fixed = golive("certify", "--last-failed", tmp_path=tmp_path)
    assert fixed.code == 0 and fixed.report["diff"]["vendors"][0]["fixes"]
    nothing = golive("certify", "--last-failed", tmp_path=tmp_path)
    assert nothing.code == 0 and "nothing to rerun" in nothing.stdout
