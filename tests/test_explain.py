"""``golive list`` and ``golive explain`` agree with the catalogue and the feature files."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from golive import catalogue
from golive.cli import main
from golive.features import scan
from golive_run import ROOT, golive_pytest


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_the_scanner_counts_the_checks_a_run_collects() -> None:
    scenarios = scan(ROOT / "features", ["abs"])
    assert sum(s.checks for s in scenarios) == 392  # what `golive certify --vendor abs --no-fuzz` runs
    first = scenarios[0]
    assert first.where(ROOT).startswith("features/abs/") and "abs" in first.tags


def test_list_shows_every_behaviour_with_its_basis_level_tag_and_checks() -> None:
    code, out = invoke("list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == list(catalogue.catalogue())
    by_id = {r["id"]: r for r in rows}
    assert by_id["ABS-03"]["level"] == "FAILED-level" and by_id["ABS-03"]["tag"] == "[sandbox+live]"
    assert by_id["ABS-05"]["level"] == "FAILED-level (severity override)"
    assert by_id["ABS-15"]["level"] == "WARNING-level"
    assert by_id["OTR-19"]["level"].startswith("mixed")
    assert by_id["ABS-13"]["tag"] == f"[{catalogue.catalogue()['ABS-13'].where}]"
    counted = {i: sum(s.checks for s in scan(ROOT / "features", ["abs"]) if i in s.tags) for i in by_id if
               i.startswith("ABS-")}
    assert {i: by_id[i]["checks"] for i in counted} == counted and all(counted.values())
    code, out = invoke("list", "--vendor", "abs")
    assert code == 0 and out.count("\nABS-") + out.startswith("ABS-") == 83


def test_explain_names_the_rule_sentence_resolutions_scenarios_and_latest_result(tmp_path: Path) -> None:
    outcome = golive_pytest("--vendor=abs", "--no-fuzz", "-m", "ABS-04", "--sandbox-fault=abs:accept-bad-signature",
                            tmp_path=tmp_path)
    assert outcome.code == 1
    code, out = invoke("explain", "abs-04", "--report-dir", str(outcome.report_dir))
    behaviour = catalogue.catalogue()["ABS-04"]
    assert code == 0
    assert behaviour.rule in out and behaviour.quote.split(" · ")[0] in out
    assert "features/abs/authentication.feature:" in out
    assert "FAILED" in out and "-> 200" in out  # the failing check with its evidence
    code, out = invoke("explain", "ABS-10", "--report-dir", str(tmp_path / "none"))
    assert "D-ABS-32.1  401 applies to GET (ABS-10)." in out and "No run yet" in out
    assert invoke("explain", "ABS-999")[0] == 2
