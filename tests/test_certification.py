"""Whole runs, for every registered vendor: the unfaulted sandbox is READY, replay agrees,
an external sandbox works, plain pytest is the same certification."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from golive import catalogue
from golive.contract import Contract
from golive.sandbox import SandboxServer
from golive.vendors import registry
from golive_run import AHEAD, ROOT, Outcome, golive, live_only

pytestmark = pytest.mark.slow
VENDORS = list(registry())


@pytest.fixture(scope="module", params=VENDORS)
def sandbox_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Outcome]:
    vendor = request.param
    return vendor, golive("certify", "--vendor", vendor, "--fuzz-examples", "20", env=AHEAD,
                          tmp_path=tmp_path_factory.mktemp(f"sandbox-{vendor}"))


def test_unfaulted_sandbox_is_ready_with_no_failure_or_warning(sandbox_run: tuple[str, Outcome]) -> None:
    vendor, outcome = sandbox_run
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    report = outcome.vendor(vendor)
    assert report["verdict"] == "READY"
    assert report["counts"]["FAILED"] == 0 and report["counts"]["WARNING"] == 0
    assert report["counts"]["ERROR"] == 0
    assert [c["name"] for c in report["checks"] if c["result"] == "SKIPPED" and not live_only(c)] == []


def test_every_behaviour_and_operation_is_checked(sandbox_run: tuple[str, Outcome]) -> None:
    vendor, outcome = sandbox_run
    coverage = outcome.vendor(vendor)["coverage"]
    assert set(coverage["behaviours_checked"]) == {i for i, b in catalogue.for_vendor(vendor).items()
                                                   if b.where != "live-only"}  # OTTO-04: SKIPPED off live
    assert coverage["behaviours_total"] == len(catalogue.for_vendor(vendor))
    operations = Contract.load(ROOT / registry()[vendor].contract).operations
    assert sorted(coverage["operations_exercised"]) == sorted(operations)


def test_report_folder_has_every_format(sandbox_run: tuple[str, Outcome]) -> None:
    vendor, outcome = sandbox_run
    folder = (outcome.report_dir / "latest").resolve()
    assert folder.name.endswith("-sandbox")
    for name in ("readiness.json", "readiness.html", "junit.xml"):
        assert (folder / name).stat().st_size > 0
    assert list((folder / "allure-results").glob("*-result.json"))
    fuzzing = outcome.vendor(vendor)["fuzzing"]
    assert fuzzing["cases"] > 0 and fuzzing["failures"] == []
    assert "Verdict" in outcome.stdout and "READY" in outcome.stdout


def test_replay_of_the_committed_cassettes_gives_the_same_verdicts(sandbox_run: tuple[str, Outcome],
                                                                   tmp_path: Path) -> None:
    vendor, outcome = sandbox_run
    replay = golive("certify", "--vendor", vendor, "--target", "replay", env=AHEAD, tmp_path=tmp_path)
    assert replay.code == 0, replay.stdout[-3000:]
    assert replay.results(vendor) == outcome.results(vendor)
    assert replay.vendor(vendor)["verdict"] == "READY"


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_external_sandbox_url_is_certified(tmp_path: Path, vendor: str) -> None:
    with SandboxServer([registry()[vendor].sandbox()]) as server:
        outcome = golive("certify", "--vendor", vendor, "--no-fuzz", "--sandbox-url", server.url, tmp_path=tmp_path)
    assert outcome.code == 0, outcome.stdout[-3000:]
    assert outcome.vendor(vendor)["base_url"] == f"{server.url}/{vendor}"


def test_plain_pytest_runs_the_same_certification(tmp_path: Path) -> None:
    """The other door (interface.md §3), for every registered vendor in one run."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "--target=sandbox", "--no-fuzz", "-q",
         "-p", "no:cacheprovider", f"--report-dir={tmp_path}", f"--alluredir={tmp_path / 'allure'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    report = json.loads((tmp_path / "latest" / "readiness.json").read_text("utf-8"))
    assert [v["name"] for v in report["vendors"]] == VENDORS
    assert all(v["verdict"] == "READY" for v in report["vendors"])
    assert list((tmp_path / "allure").glob("*-result.json"))
