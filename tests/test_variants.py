"""No false alarms: a sandbox making other choices that behaviours.md allows stays READY.

Each vendor's ``faults.VARIANTS`` switch its sandbox to another behaviour the catalogue
explicitly allows (the description cites the item). A run with every variant on must end
READY with no FAILED, WARNING, ERROR or SKIPPED (but a live-only check's); variants another one overrides run apart.
That each variant really changes its sandbox is proven per vendor (``tests/vendors/<name>/``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from golive import options
from golive.config import ConfigError
from golive.vendors import registry
from golive_run import golive, live_only

RUNS = [(vendor, which) for vendor, spec in registry().items() if spec.variants
        for which in ("all", "shadowed") if which == "all" or spec.shadowed_variants]


@pytest.mark.parametrize("vendor", [v for v, spec in registry().items() if spec.variants])
def test_variants_cite_the_catalogue_and_stay_apart_from_faults(vendor: str) -> None:
    spec = registry()[vendor]
    assert not set(spec.variants) & set(spec.faults)
    assert set(spec.shadowed_variants) | set(spec.shadowed_variants.values()) <= set(spec.variants)
    prefix = vendor.upper()
    for name, text in spec.variants.items():
        assert text and "\n" not in text, name
        assert re.search(rf"\b(D-({prefix}|X)-\d\d|{prefix}-\d\d)\b", text), f"{name}: cite the item allowing it"


@pytest.mark.slow
@pytest.mark.parametrize(("vendor", "which"), RUNS, ids=[f"{v}-{w}" for v, w in RUNS])
def test_variants_stay_ready_with_no_failure_or_warning(tmp_path: Path, vendor: str, which: str) -> None:
    spec = registry()[vendor]
    names = sorted(spec.variants) if which == "all" else sorted(spec.shadowed_variants)
    flags = [f"--sandbox-fault={vendor}:{name}" for name in names]
    outcome = golive("certify", "--vendor", vendor, "--fuzz-examples", "20", *flags, tmp_path=tmp_path)
    report = outcome.vendor(vendor)
    alarms = [f"{c['result']} {c['nodeid']}: {c.get('message')}" for c in report["checks"]
              if c["result"] in ("FAILED", "WARNING", "ERROR")]
    assert outcome.code == 0, "\n".join(alarms) or outcome.stdout[-3000:] + outcome.stderr[-2000:]
    counts = report["counts"]
    assert report["verdict"] == "READY"
    assert (counts["FAILED"], counts["WARNING"], counts["ERROR"]) == (0, 0, 0), alarms
    assert [c["name"] for c in report["checks"] if c["result"] == "SKIPPED" and not live_only(c)] == []


@pytest.mark.parametrize("vendor", list(registry()))
def test_sandbox_fault_option_takes_faults_and_variants(tmp_path: Path, vendor: str) -> None:
    spec = registry()[vendor]
    chosen = tuple(f"{vendor}:{name}" for name in [*list(spec.faults)[:1], *list(spec.variants)[:1]])
    assert options.build(root=tmp_path, faults=chosen).faults == frozenset(chosen)
    with pytest.raises(ConfigError, match="unknown"):
        options.build(root=tmp_path, faults=(f"{vendor}:no-such-variant",))
