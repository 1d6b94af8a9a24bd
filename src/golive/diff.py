"""Run-to-run diffs (interface.md §11): what changed between two certifications of the same vendors.

Checks are matched by vendor and name. A regression is a check that PASSED in the old run and
is FAILED, WARNING or ERROR in the new one; a fix the other way round. Runs are read from a
run folder or an evidence package (its ``readiness.json``).
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from golive.report.model import RunReport

__all__ = ["RunDiff", "Unreadable", "VendorDiff", "compare", "previous_run", "read_run", "summary"]

BAD = ("FAILED", "WARNING", "ERROR")
REPORT = "readiness.json"


class Unreadable(Exception):
    """Not a run folder or package golive can read."""


@dataclass
class VendorDiff:
    """One vendor's changes."""

    vendor: str
    verdict_before: str | None
    verdict_after: str | None
    regressions: list[dict[str, str]] = field(default_factory=list)  # {"check", "before", "after"}
    fixes: list[dict[str, str]] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    coverage_before: int | None = None  # behaviours checked
    coverage_after: int | None = None


@dataclass
class RunDiff:
    """The changes from ``old`` to ``new``."""

    old: str
    new: str
    vendors: list[VendorDiff]

    @property
    def regressions(self) -> int:
        return sum(len(v.regressions) for v in self.vendors)

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "regressions": self.regressions,
                "vendors": [asdict(v) for v in self.vendors]}

    def lines(self) -> list[str]:
        """The diff as a person reads it, one line per fact."""
        out = []
        for v in self.vendors:
            if v.verdict_before != v.verdict_after:
                out.append(f"{v.vendor}: {v.verdict_before or 'not run'} -> {v.verdict_after or 'not run'}")
            out += [f"{v.vendor}: regression {r['check']} ({r['before']} -> {r['after']})" for r in v.regressions]
            out += [f"{v.vendor}: fixed {r['check']} ({r['before']} -> {r['after']})" for r in v.fixes]
            if v.new or v.removed:
                out.append(f"{v.vendor}: {len(v.new)} new check(s), {len(v.removed)} removed")
            if v.coverage_before != v.coverage_after and None not in (v.coverage_before, v.coverage_after):
                out.append(f"{v.vendor}: behaviours checked {v.coverage_before} -> {v.coverage_after}")
        return out or ["no change"]


def read_run(where: Path) -> dict[str, Any]:
    """``readiness.json`` of a run folder (or ``reports/latest``) or of a package zip."""
    try:
        if where.is_dir():
            return dict(json.loads((where / REPORT).read_text("utf-8")))
        with zipfile.ZipFile(where) as package:
            return dict(json.loads(package.read(REPORT)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise Unreadable(f"{where}: not a golive run folder or package ({type(exc).__name__}: {exc})") from None


def _results(vendor: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["result"] for c in vendor.get("checks", [])}


def compare(old: dict[str, Any], new: dict[str, Any], old_name: str = "old", new_name: str = "new",
            only: set[tuple[str, str]] | None = None) -> RunDiff:
    """What changed, vendor by vendor (every vendor of either run; with ``only``, just those checks)."""
    before = {v["name"]: v for v in old.get("vendors", [])}
    after = {v["name"]: v for v in new.get("vendors", [])}
    if only is not None:  # a partial run: compare the selected checks, nothing else
        before = {k: v for k, v in before.items() if k in after}
    diffs = []
    for name in sorted(set(before) | set(after)):
        was, now = _results(before.get(name, {})), _results(after.get(name, {}))
        if only is not None:
            was = {check: result for check, result in was.items() if (name, check) in only}
        diff = VendorDiff(vendor=name, verdict_before=before.get(name, {}).get("verdict"),
                          verdict_after=after.get(name, {}).get("verdict"),
                          coverage_before=_covered(before.get(name)), coverage_after=_covered(after.get(name)))
        for check in sorted(set(was) & set(now)):
            if was[check] == "PASSED" and now[check] in BAD:
                diff.regressions.append({"check": check, "before": was[check], "after": now[check]})
            elif was[check] in BAD and now[check] == "PASSED":
                diff.fixes.append({"check": check, "before": was[check], "after": now[check]})
        diff.new, diff.removed = sorted(set(now) - set(was)), sorted(set(was) - set(now))
        diffs.append(diff)
    return RunDiff(old=old_name, new=new_name, vendors=diffs)


def summary(report: RunReport) -> dict[str, Any]:
    """What a diff reads of a run, taken from the report in memory (no full serialisation)."""
    return {"vendors": [{"name": v.name, "verdict": v.verdict.value,
                         "checks": [{"name": c.name, "result": c.result.value} for c in v.checks],
                         "coverage": {"behaviours_checked": v.coverage.behaviours_checked}} for v in report.vendors]}


def _covered(vendor: dict[str, Any] | None) -> int | None:
    if vendor is None:
        return None
    return len(vendor.get("coverage", {}).get("behaviours_checked", []))


def previous_run(report_dir: Path, target: str, before: str,
                 containing: set[tuple[str, str]] | None = None) -> Path | None:
    """The newest run folder of the same target in ``report_dir`` older than the stamp ``before``
    (with ``containing``: the newest that ran any of those (vendor, check) pairs)."""
    if not report_dir.is_dir():
        return None
    runs = sorted(p for p in report_dir.iterdir() if p.is_dir() and not p.is_symlink()
                  and p.name.endswith(f"-{target}") and p.name < f"{before}-{target}" and (p / REPORT).exists())
    for run in reversed(runs):
        if containing is None:
            return run
        try:
            ran = {(v["name"], c["name"]) for v in read_run(run)["vendors"] for c in v.get("checks", [])}
        except (Unreadable, KeyError):
            continue
        if ran & containing:
            return run
    return None
