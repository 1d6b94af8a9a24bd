"""Whole runs: the unfaulted sandbox is READY, replay agrees, an external sandbox works."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue
from golive.sandbox import SandboxServer
from golive.vendors.abs.sandbox import AbsSandbox

from golive_run import ROOT, golive


@pytest.fixture(scope="module")
def sandbox_run(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    return golive("certify", "--vendor", "abs", "--fuzz-examples", "20", tmp_path=tmp_path_factory.mktemp("sandbox"))


def test_unfaulted_sandbox_is_ready_with_no_failure_or_warning(sandbox_run) -> None:  # noqa: ANN001
    assert sandbox_run.code == 0, sandbox_run.stdout[-3000:] + sandbox_run.stderr[-2000:]
    abs_report = sandbox_run.vendor("abs")
    assert abs_report["verdict"] == "READY"
    assert abs_report["counts"]["FAILED"] == 0 and abs_report["counts"]["WARNING"] == 0
    assert abs_report["counts"]["ERROR"] == 0 and abs_report["counts"]["SKIPPED"] == 0


def test_every_abs_behaviour_is_checked(sandbox_run) -> None:  # noqa: ANN001
    coverage = sandbox_run.vendor("abs")["coverage"]
    assert set(coverage["behaviours_checked"]) == set(catalogue.for_vendor("abs"))
    assert coverage["behaviours_total"] == 83
    assert coverage["operations_exercised"] == ["GET /v2/partners/{company}", "POST /v2/partners/{company}"]


def test_report_folder_has_every_format(sandbox_run) -> None:  # noqa: ANN001
    folder = (sandbox_run.report_dir / "latest").resolve()
    assert folder.name.endswith("-sandbox")
    for name in ("readiness.json", "readiness.html", "junit.xml"):
        assert (folder / name).stat().st_size > 0
    assert list((folder / "allure-results").glob("*-result.json"))
    fuzzing = sandbox_run.vendor("abs")["fuzzing"]
    assert fuzzing["cases"] > 0 and fuzzing["failures"] == []
    assert "Verdict" in sandbox_run.stdout and "READY" in sandbox_run.stdout


def test_replay_of_the_committed_cassettes_gives_the_same_verdicts(sandbox_run, tmp_path: Path) -> None:  # noqa: ANN001
    replay = golive("certify", "--vendor", "abs", "--target", "replay", tmp_path=tmp_path)
    assert replay.code == 0, replay.stdout[-3000:]
    assert replay.results() == sandbox_run.results()
    assert replay.vendor()["verdict"] == "READY"


def test_an_external_sandbox_url_is_certified(tmp_path: Path) -> None:
    with SandboxServer([AbsSandbox()]) as server:
        outcome = golive("certify", "--vendor", "abs", "--no-fuzz", "--sandbox-url", server.url, tmp_path=tmp_path)
    assert outcome.code == 0, outcome.stdout[-3000:]
    assert outcome.vendor()["base_url"] == f"{server.url}/abs"


def test_plain_pytest_runs_the_same_certification(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "--target=sandbox", "--vendor=abs", "--no-fuzz", "-q",
         "-p", "no:cacheprovider", f"--report-dir={tmp_path}", f"--alluredir={tmp_path / 'allure'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "latest" / "readiness.json").exists()
    assert list((tmp_path / "allure").glob("*-result.json"))
