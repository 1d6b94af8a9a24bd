"""Evidence (interface.md §11): run-to-run diffs, and packages that verify, detect tampering and expire."""
from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from golive import diff, package
from golive.sandbox import SandboxServer
from golive.vendors.abs.sandbox import AbsSandbox
from golive_run import golive, golive_pytest

PLANTED = "planted-evidence-secret-93be07c1d2"


def run(name: str, vendor: str = "abs", **results: str) -> dict[str, object]:
    checks = [{"name": check, "result": result} for check, result in results.items()]
    return {"vendors": [{"name": vendor, "verdict": "READY", "checks": checks,
                         "coverage": {"behaviours_checked": ["ABS-01"]}}], "stamp": name}


def test_regressions_fixes_new_and_removed_checks() -> None:
    found = diff.compare(run("a", one="PASSED", two="FAILED", three="PASSED", gone="PASSED"),
                         run("b", one="WARNING", two="PASSED", three="PASSED", added="PASSED"))
    [abs_diff] = found.vendors
    assert abs_diff.regressions == [{"check": "one", "before": "PASSED", "after": "WARNING"}]
    assert abs_diff.fixes == [{"check": "two", "before": "FAILED", "after": "PASSED"}]
    assert (abs_diff.new, abs_diff.removed, found.regressions) == (["added"], ["gone"], 1)
    assert "abs: regression one (PASSED -> WARNING)" in found.lines()
    assert diff.compare(run("a", one="PASSED"), run("b", one="PASSED")).lines() == ["no change"]


def test_unreadable_input(tmp_path: Path) -> None:
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    for where in (tmp_path, tmp_path / "junk.zip", tmp_path / "missing"):
        with pytest.raises(diff.Unreadable):
            diff.read_run(where)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two sandbox runs of the ABS-04 checks into one report folder; the bad-signature fault only in the second."""
    work = tmp_path_factory.mktemp("runs")
    first = golive_pytest("--vendor=abs", "--no-fuzz", "-m", "ABS-04", tmp_path=work)
    old = (first.report_dir / "latest").resolve()
    second = golive_pytest("--vendor=abs", "--no-fuzz", "-m", "ABS-04", "--sandbox-fault=abs:accept-bad-signature",
                           tmp_path=work)
    assert (first.code, second.code) == (0, 1), second.stdout[-2000:]
    return work, old, (second.report_dir / "latest").resolve()


@pytest.mark.slow
def test_the_diff_of_two_real_runs_shows_exactly_the_regression(two_runs: tuple[Path, Path, Path],
                                                                  run_golive) -> None:
    work, old, new = two_runs
    failed = {c["name"] for c in diff.read_run(new)["vendors"][0]["checks"] if c["result"] == "FAILED"}
    outcome = run_golive("diff", str(old), str(new), "--json")
    assert outcome.code == 1, outcome.stderr
    found = json.loads(outcome.stdout)
    [abs_diff] = found["vendors"]
    assert {r["check"] for r in abs_diff["regressions"]} == failed and failed
    assert abs_diff["verdict_before"] == "READY" and abs_diff["verdict_after"] == "NOT READY"
    assert (abs_diff["fixes"], abs_diff["new"], abs_diff["removed"]) == ([], [], [])
    # certify compared itself with the previous run of the same target in the same report folder
    shown = diff.read_run(new)["diff"]
    assert shown["old"] == old.name and shown["regressions"] == len(failed)
    html = (new / "readiness.html").read_text("utf-8")
    assert f"Since {old.name}" in html.split('<section id="vendor-abs">')[0]
    assert run_golive("diff", str(old), str(old)).code == 0
    assert run_golive("diff", str(old), str(work / "nowhere")).code == 2


@pytest.mark.slow
def test_a_package_verifies_and_a_tampered_or_expired_one_fails(two_runs: tuple[Path, Path, Path], tmp_path: Path,
                                                                 run_golive) -> None:
    _, _, new = two_runs
    made = run_golive("package", str(new), "--out", str(tmp_path / "evidence.zip"))
    assert made.code == 0 and made.stdout.strip() == str(tmp_path / "evidence.zip"), made.stderr
    with zipfile.ZipFile(tmp_path / "evidence.zip") as zipped:
        names = set(zipped.namelist())
        manifest = json.loads(zipped.read(package.MANIFEST))
    assert {"readiness.json", "readiness.html", "junit.xml", "manifest.json", "contracts/abs.openapi.yaml"} <= names
    assert any(n.startswith("features/abs/") for n in names) and set(manifest["files"]) == names - {"manifest.json"}
    assert manifest["target"]["mode"] == "sandbox" and manifest["target"]["vendors"]["abs"]["host"] == "127.0.0.1"
    assert run_golive("verify", str(tmp_path / "evidence.zip")).code == 0

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tmp_path / "evidence.zip") as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"NOT READY", b"READY") if name == "readiness.json" else data)
        target.writestr("extra.txt", b"smuggled")
    outcome = run_golive("verify", str(tampered))
    assert outcome.code == 1
    assert "readiness.json: changed" in outcome.stderr and "extra.txt: not in the manifest" in outcome.stderr

    expired = run_golive("package", str(new), "--out", str(tmp_path / "old.zip"), "--expires-days", "0")
    assert expired.code == 0
    outcome = run_golive("verify", str(tmp_path / "old.zip"))
    assert outcome.code == 1 and "expired on" in outcome.stderr
    (tmp_path / "junk.zip").write_bytes(b"junk")
    assert run_golive("verify", str(tmp_path / "junk.zip")).code == 2


def test_verify_knows_the_clock(tmp_path: Path) -> None:
    folder = tmp_path / "20260101T000000Z-sandbox"
    folder.mkdir()
    (folder / "readiness.json").write_text(json.dumps({"target": "sandbox", "vendors": []}))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    built = package.build(folder, tmp_path / "p.zip", 10, now=now)
    assert package.verify(built, now=now + timedelta(days=9)).ok
    assert package.verify(built, now=now + timedelta(days=11)).problems == ["expired on 2026-01-11T00:00:00+00:00"]


@pytest.mark.slow
def test_no_planted_secret_in_any_file_of_a_package(tmp_path: Path) -> None:
    sandbox = AbsSandbox(secrets={"secret": PLANTED, "other_secret": PLANTED[::-1]},
                         faults=frozenset({"partial-as-200"}))
    with SandboxServer([sandbox]) as server:
        outcome = golive("certify", "--vendor", "abs", "--fuzz-examples", "5", "--record", "--cassette-dir",
                         str(tmp_path / "cassettes"), "--sandbox-url", server.url, tmp_path=tmp_path)
    assert outcome.code == 1
    folder = (outcome.report_dir / "latest").resolve()
    built = package.build(folder, tmp_path / "evidence.zip", 90)
    with zipfile.ZipFile(built) as zipped:
        names = zipped.namelist()
        assert any(n.startswith("cassettes/abs/") for n in names), "a recording run packages its cassettes"
        for name in names:
            data = zipped.read(name)
            assert PLANTED.encode() not in data and PLANTED[::-1].encode() not in data, name
            assert b"eyJ" not in data, f"{name}: a JWT leaked"
