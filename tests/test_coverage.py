"""Coverage beside the score: what was checked, what was not and why, what the contract documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue
from golive_run import golive_pytest

pytestmark = pytest.mark.slow  # runs golive in a subprocess


def test_a_selection_says_what_was_not_selected_and_keeps_the_verdict(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waiver]]\nvendor = "abs"\nbehaviour = "ABS-04"\nexpect = "FAILED"\nreason = "known"\n'
                       'accepted_by = "lead"\n', "utf-8")
    outcome = golive_pytest("--vendor=abs", "--no-fuzz", "-m", "ABS-04 or ABS-03", f"--waivers={waivers}",
                            "--sandbox-fault=abs:accept-bad-signature", tmp_path=tmp_path)
    report = outcome.vendor("abs")
    coverage = report["coverage"]
    assert report["verdict"] == "READY" and outcome.code == 0  # the waived FAILED counts as neither
    assert set(coverage["behaviours_checked"]) >= {"ABS-03", "ABS-04"}
    assert coverage["behaviours_waived"] == ["ABS-04"]
    not_checked = coverage["behaviours_not_checked"]
    assert set(not_checked) == set(catalogue.for_vendor("abs")) - set(coverage["behaviours_checked"])
    assert set(not_checked.values()) == {"not selected"}
    assert coverage["status_codes_documented"]["GET /v2/partners/{company}"] == ["200", "204", "400", "401", "404",
                                                                                "429"]
    assert 401 in coverage["status_codes"]["GET /v2/partners/{company}"]
