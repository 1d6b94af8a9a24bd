"""What golive knows about one collected check: its identity, how firmly it asserts, where it runs.

A :class:`CheckRecord` is made once per collected check (``describe``) and filled in as the
check runs; the run turns it into a report's :class:`~golive.report.model.CheckResult`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

from golive import catalogue
from golive.catalogue import id_order
from golive.clauses import CLAUSE_ID
from golive.http import Evidence
from golive.vendors import registry
from golive.verdict import Level, Result

__all__ = ["BEHAVIOUR_ID", "WHERE_TAGS", "CheckRecord", "describe", "level_of", "requirement"]

BEHAVIOUR_ID = re.compile(r"^[A-Z]+-\d+$")
WHERE_TAGS = ("live-only", "sandbox-only", "destructive")  # strictest first


@dataclass
class CheckRecord:
    """One check: who it is, and — once it ran — what came of it."""

    vendor: str | None
    ids: list[str]
    tags: set[str]
    source: str  # the feature file's stem, or "fuzzing": where its cassette lives, stable across checkouts
    feature: str  # replaced by the Gherkin Feature title when the scenario runs
    name: str
    kind: Literal["scenario", "fuzz"]
    result: Result | None = None
    message: str = ""
    step: str | None = None  # the Gherkin step whose assertion failed
    duration: float = 0.0
    evidence: Evidence = field(default_factory=Evidence)
    notes: list[tuple[str, object]] = field(default_factory=list)  # record_property(): recorded, not judged
    steps: list[tuple[str, bool]] = field(default_factory=list)  # the Gherkin steps run, and whether each held

    @property
    def clauses(self) -> list[str]:
        """The D- resolution clauses this check proves (its ``@D-ABS-10.2`` tags)."""
        return sorted(t for t in self.tags if CLAUSE_ID.match(t))

    @property
    def data_key(self) -> str:
        """What names the check stably (not its module's path): the seed of its generated data."""
        return f"{self.vendor}/{self.source}/{self.name}"

    def conclude(self, result: Result, message: str) -> None:
        """Keep the first conclusion: a teardown error never hides the call's verdict."""
        if self.result is None:
            self.result, self.message = result, message


def vendor_of(item: pytest.Item) -> str | None:
    names = {m.name for m in item.iter_markers()}
    for vendor in registry():
        if vendor in names:
            return vendor
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("golive_vendor") if callspec else None


def describe(item: pytest.Item) -> CheckRecord:
    """Vendor, behaviour ids, tags, feature file and scenario name of a collected check."""
    markers = [m.name for m in item.iter_markers()]
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
    feature_path, _, scenario = doc.partition(": ")  # pytest-bdd: "<feature file>: <scenario name>"
    suffix = item.name[item.name.index("["):] if "[" in item.name else ""
    callspec = getattr(item, "callspec", None)
    if scenario and not (callspec and "golive_vendor" in callspec.params):
        stem = Path(feature_path.strip()).stem
        return CheckRecord(vendor=vendor_of(item), ids=_ids(markers), tags=set(markers), source=stem, feature=stem,
                           name=f"{scenario.strip()} {suffix}".strip(), kind="scenario")
    return CheckRecord(vendor=vendor_of(item), ids=_ids(markers), tags=set(markers), source="fuzzing",
                       feature="fuzzing", name=item.name, kind="fuzz")


def _ids(markers: list[str]) -> list[str]:
    return sorted(dict.fromkeys(m for m in markers if BEHAVIOUR_ID.match(m)), key=id_order)


def level_of(record: CheckRecord) -> Level:
    """FACT if any id is fact-level (an override beats @assumption), else ASSUMPTION."""
    behaviours = [catalogue.catalogue()[i] for i in record.ids if i in catalogue.catalogue()]
    overrides = {b.id for b in behaviours if b.level is Level.FACT and "implied" in b.basis.split("/")[0]}
    if "assumption" in record.tags:
        return Level.FACT if overrides else Level.ASSUMPTION
    return Level.FACT if any(b.level is Level.FACT for b in behaviours) else Level.ASSUMPTION


def requirement(record: CheckRecord) -> str:
    """Where a check can run: the strictest of its explicit tags and its ids' catalogue tags."""
    wheres = {catalogue.catalogue()[i].where for i in record.ids if i in catalogue.catalogue()}
    wheres |= {t for t in WHERE_TAGS if t in record.tags}
    for where in WHERE_TAGS:
        if where in wheres:
            return where
    return "sandbox+live"
