"""``golive list`` and ``golive explain``: the catalogue as a person reads it, with the checks that carry it."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from golive import catalogue, clauses
from golive.catalogue import Behaviour
from golive.features import Scenario, scan
from golive.redact import redactor

__all__ = ["explanation", "listing"]

_REF = re.compile(r"\bD-[A-Z]+-\d+\b")


def level_text(behaviour: Behaviour) -> str:
    """The level as the catalogue gives it: a mixed basis and an override say so."""
    if behaviour.override:
        return "FAILED-level (severity override)"
    if "/" in behaviour.basis and "implied" in behaviour.basis:
        return "mixed: the stated part FAILED-level, the implied part WARNING-level"
    return "FAILED-level" if behaviour.level.value == "fact" else "WARNING-level"


def _checks(scenarios: list[Scenario], behaviour_id: str) -> list[Scenario]:
    return [s for s in scenarios if behaviour_id in s.tags]


def listing(features: Path, vendors: list[str]) -> list[dict[str, Any]]:
    """Every catalogue behaviour of the vendors: id, rule, basis, level, tag, and how many checks carry it."""
    scenarios = scan(features, vendors)
    rows = []
    for vendor in vendors:
        for behaviour in catalogue.for_vendor(vendor).values():
            rows.append({"id": behaviour.id, "rule": " ".join(behaviour.rule.split()), "basis": behaviour.basis,
                         "level": level_text(behaviour), "tag": f"[{behaviour.where}]",
                         "checks": sum(s.checks for s in _checks(scenarios, behaviour.id))})
    return rows


def _latest(report_dir: Path, behaviour_id: str) -> list[str]:
    report = report_dir / "latest" / "readiness.json"
    if not report.exists():
        return [f"No run yet in {report_dir}."]
    data = json.loads(report.read_text("utf-8"))
    found = [c for v in data.get("vendors", []) for c in v.get("checks", [])
             if behaviour_id in {b["id"] for b in c.get("behaviours", [])}]
    if not found:
        return [f"Not checked in the latest run ({data.get('stamp')}-{data.get('target')})."]
    lines = [f"In the latest run ({data.get('stamp')}-{data.get('target')}):"]
    for check in found:
        lines.append(f"  {check['result']:<8} {check['name']}" + (f" — {check['message']}" if check.get("message")
                                                                    and check["result"] != "PASSED" else ""))
        if check["result"] in ("FAILED", "WARNING", "ERROR", "WAIVED"):
            lines += [f"           {x['method']} {x['url']} -> {x['status']}" for x in check.get("evidence", [])]
    return lines


def explanation(behaviour_id: str, root: Path, report_dir: Path) -> str:
    """The behaviour's rule, the vendor's sentence, the resolutions it cites, its scenarios, its latest result."""
    behaviour = catalogue.catalogue()[behaviour_id]
    lines = [f"{behaviour.id}  [{behaviour.where}] · {behaviour.basis} · {level_text(behaviour)}", "",
             f"Rule: {' '.join(behaviour.rule.split())}", "", "The vendor's document says:"]
    lines += [f"  “{part.strip()}”" for part in behaviour.quote.split(" · ")]
    for resolution in dict.fromkeys(_REF.findall(f"{behaviour.basis} {behaviour.rule}")):
        own = [c for c in clauses.clauses().values() if c.resolution == resolution]
        if own:
            lines += ["", f"{resolution}: {own[0].title}"] + [f"  {c.id}  {c.text}" for c in own]
    scenarios = _checks(scan(root / "features", [behaviour.vendor]), behaviour.id)
    lines += ["", f"Checked by {sum(s.checks for s in scenarios)} check(s):"]
    lines += [f"  {s.where(root)}  {s.name}" + (f" ({s.checks} rows)" if s.checks > 1 else "") for s in scenarios]
    lines += ["", *_latest(report_dir, behaviour.id)]
    return redactor.text("\n".join(lines))
