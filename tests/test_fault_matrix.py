"""The suite catches deviations: a sandbox with one deliberate fault makes the right check fail.

For every registered vendor and every fault its ``faults.py`` declares, a run restricted to
the checks carrying the fault's behaviour ids (``-m``: only the features it touches) must
show the declared result on at least one of them: FAILED makes the vendor NOT READY, a
WARNING leaves it READY.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from golive import catalogue
from golive.vendors import registry
from golive_run import golive_pytest

CASES = [(vendor, name) for vendor, spec in registry().items() for name in spec.faults]


@pytest.mark.parametrize(("vendor", "fault"), CASES, ids=[f"{v}:{f}" for v, f in CASES])
def test_each_fault_names_catalogue_behaviours_of_its_vendor(vendor: str, fault: str) -> None:
    declared = registry()[vendor].faults[fault]
    assert declared.summary and "\n" not in declared.summary
    assert declared.caught_by and set(declared.caught_by) <= set(catalogue.for_vendor(vendor)), declared
    assert declared.result in ("FAILED", "WARNING")


@pytest.mark.slow
@pytest.mark.parametrize(("vendor", "fault"), CASES, ids=[f"{v}:{f}" for v, f in CASES])
def test_a_faulted_sandbox_is_caught(tmp_path: Path, vendor: str, fault: str) -> None:
    declared = registry()[vendor].faults[fault]
    outcome = golive_pytest(f"--vendor={vendor}", "--no-fuzz", f"--sandbox-fault={vendor}:{fault}",
                            "-m", " or ".join(declared.caught_by), tmp_path=tmp_path)
    assert outcome.report_dir.joinpath("latest", "readiness.json").exists(), outcome.stdout[-2000:] + outcome.stderr
    shown = outcome.with_result(declared.result, vendor)
    caught = {b["id"] for check in shown for b in check["behaviours"]}
    assert set(declared.caught_by) & caught, (
        f"{vendor}:{fault}: expected a {declared.result} check on {list(declared.caught_by)}; "
        f"{declared.result} ids: {sorted(caught)}")
    report = outcome.vendor(vendor)
    if declared.result == "FAILED":
        assert (outcome.code, report["verdict"]) == (1, "NOT READY")
    else:  # a broken assumption warns; it does not block go-live on its own
        assert report["counts"]["FAILED"] == 0 and report["verdict"] == "READY", report["counts"]
