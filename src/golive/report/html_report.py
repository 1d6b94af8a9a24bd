"""``readiness.html``: one self-contained page for the go-live meeting.

Rendered from jinja2 templates (``templates/readiness.html.j2``) in an environment that
escapes by default; every value shown passes the redactor's mask first (the
environment's ``finalize``), so no template can forget either. Inline CSS, no external
reference, no script: it opens offline from a mail or a share, at phone and desktop
widths, and prints.

The first screen holds what to decide: the verdict per vendor, the change since the
previous run of the target (interface.md §11), the exit verdict. Then, per vendor, the
broken behaviours, each catalogue item once with how many checks broke it, drilling down
(``<details>``) to the checks and their evidence; waivers; skipped; passed; fuzzing;
coverage; pacing.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from golive.redact import redactor
from golive.report.events import Event, RunFinished
from golive.report.json_report import write_text
from golive.report.model import BehaviourRef, CheckResult, Exchange, RunReport, VendorReport
from golive.verdict import Readiness, Result

FILENAME = "readiness.html"
TEMPLATE = "readiness.html.j2"
BODY_LIMIT = 20_000  # characters of one body shown; readiness.json has it all
NAMED_REGRESSIONS = 3  # regressions named on the first screen; more fold into a list

CLASS = {Readiness.READY: "ready", Readiness.NOT_READY: "notready", Readiness.BLOCKED: "blocked"}
MEANING = {
    Readiness.NOT_READY: "it breaks behaviour its own document states: do not go live until the broken "
    "behaviours below are fixed by the vendor or explicitly accepted (a waiver).",
    Readiness.BLOCKED: "the target could not be reached or rejected our credentials, so there is no "
    "conclusion yet: fix access (see the errors below) and run again.",
    Readiness.READY: "every behaviour checked holds; warnings, if any, mark ambiguous passages where the "
    "vendor read its document differently from us, worth a word before go-live.",
}
CLASS_OF = {r.value: c for r, c in CLASS.items()}
EXIT = {0: Readiness.READY, 1: Readiness.NOT_READY, 2: Readiness.BLOCKED}
BROKEN = (Result.FAILED, Result.ERROR, Result.WARNING)  # most serious first
NO_ITEM = "—"  # the group of broken checks that name no catalogue item


@dataclass
class BrokenBehaviour:
    """One catalogue item and every check of the run that broke it."""

    id: str
    ref: BehaviourRef | None
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[Result, int]:
        """FAILED / ERROR / WARNING counted apart, only those that occurred."""
        found = {r: sum(1 for c in self.checks if c.result is r) for r in BROKEN}
        return {r: n for r, n in found.items() if n}

    @property
    def worst(self) -> Result:
        return next(iter(self.counts))

    @property
    def headline(self) -> str:
        """The rule's first sentence: what the vendor should do, in one line."""
        if self.ref is None:
            return "checks that name no catalogue item"
        text = " ".join(self.ref.rule.split())
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        return first if len(first) <= 160 else first[:157].rstrip() + "…"


def broken_behaviours(vendor: VendorReport) -> list[BrokenBehaviour]:
    """Each broken catalogue item once: a check with several ids counts for each.

    FAILED before ERROR before WARNING, then the item most checks broke, then catalogue order.
    """
    found: dict[str, BrokenBehaviour] = {}
    for check in vendor.checks:
        if check.result not in BROKEN:
            continue
        refs: dict[str, BehaviourRef | None] = {}
        for behaviour in check.behaviours:
            refs.setdefault(behaviour.id, behaviour)
        for key, ref in (refs or {NO_ITEM: None}).items():
            found.setdefault(key, BrokenBehaviour(key, ref)).checks.append(check)
    for item in found.values():
        item.checks.sort(key=lambda c: BROKEN.index(c.result))
    return sorted(found.values(), key=lambda b: (BROKEN.index(b.worst), -len(b.checks), natural(b.id)))


def natural(text: str) -> tuple[Any, ...]:
    """``ABS-9`` before ``ABS-10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def grouped(checks: list[CheckResult]) -> list[tuple[str, list[CheckResult]]]:
    """Checks sharing a message (a SKIPPED reason), the most frequent first."""
    groups: dict[str, list[CheckResult]] = defaultdict(list)
    for check in checks:
        groups[check.message or "no reason given"].append(check)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def seconds(value: float) -> str:
    if value < 60:
        return f"{value:.2f} s"
    minutes, secs = divmod(round(value), 60)
    return f"{minutes} min {secs:02d} s"


def pretty(body: str) -> str:
    """JSON bodies indented; anything too long cut with a pointer to the JSON report."""
    body = redactor.text(body)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict | list):
        body = json.dumps(parsed, indent=2, ensure_ascii=False)
    if len(body) > BODY_LIMIT:
        rest = len(body) - BODY_LIMIT
        body = f"{body[:BODY_LIMIT]}\n… ({rest} more characters in readiness.json)"
    return body


def status(x: Exchange) -> str:
    return f"HTTP {x.status}" if x.status is not None else "no response"


def request_text(x: Exchange) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in x.request_headers.items())
    return f"{x.method} {x.url}\n{headers}" + (f"\n\n{pretty(x.request_body)}" if x.request_body else "")


def response_text(x: Exchange) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in x.response_headers.items())
    return f"{status(x)}\n{headers}" + (f"\n\n{pretty(x.response_body)}" if x.response_body else "")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def shown(value: object) -> object:
    """Every value a template prints: secrets masked (then jinja2 escapes it)."""
    if value is None:
        return ""
    if isinstance(value, Markup):  # a macro's output: its own values were masked and escaped inside it
        return value
    return redactor.text(str(value))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("golive.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=shown, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals.update(Result=Result, Readiness=Readiness, CLASS=CLASS, MEANING=MEANING, BROKEN=BROKEN,
                       NAMED_REGRESSIONS=NAMED_REGRESSIONS, broken_behaviours=broken_behaviours, grouped=grouped,
                       why=why)
    env.filters.update(seconds=seconds, status=status, request_text=request_text, response_text=response_text,
                       plural=plural)
    return env


def changes(report: RunReport) -> list[dict[str, Any]] | None:
    """The diff against the previous run, per vendor, with each regression's catalogue items (§11)."""
    if report.diff is None:
        return None
    ids = {(v.name, c.name): c.ids for v in report.vendors for c in v.checks}
    out = []
    for v in report.diff["vendors"]:
        items: dict[str, int] = defaultdict(int)
        for r in v["regressions"]:
            for i in ids.get((v["vendor"], r["check"])) or [NO_ITEM]:
                items[i] += 1
        changed = v["verdict_before"] != v["verdict_after"]
        coverage_changed = (v["coverage_before"] != v["coverage_after"]
                            and None not in (v["coverage_before"], v["coverage_after"]))
        out.append({**v, "changed": changed, "coverage_changed": coverage_changed,
                    "after_class": CLASS_OF.get(v["verdict_after"], ""),
                    "regressed_items": sorted(items.items(), key=lambda kv: natural(kv[0])),
                    "quiet": not (changed or coverage_changed or any(v[k] for k in ("regressions", "fixes", "new",
                                                                                   "removed")))})
    return out


def why(vendor: VendorReport) -> str:
    """The card's one line under the verdict: what it rests on."""
    parts = []
    broken = broken_behaviours(vendor)
    if broken:
        checks = sum(vendor.count(r) for r in BROKEN)
        parts.append(f"{plural(len(broken), 'broken behaviour')} ({plural(checks, 'check')})")
    breaking = [w for w in vendor.waivers if w.breaks_readiness]
    if breaking:
        parts.append(plural(len(breaking), "stale or expired waiver", "stale or expired waivers"))
    if vendor.count(Result.WAIVED):
        parts.append(f"{vendor.count(Result.WAIVED)} waived")
    if not parts:
        parts.append("no broken behaviour" if vendor.checks else "no check ran")
    return " · ".join(parts)


def render(report: RunReport) -> str:
    overall = EXIT.get(report.exit_code, Readiness.BLOCKED)
    meta = [("target", report.target), ("seed", report.seed), ("run", report.stamp), ("started", report.started),
            ("golive", report.version), ("duration", seconds(report.duration))]
    meanings = [(verdict, [v.name for v in report.vendors if v.verdict is verdict]) for verdict in MEANING]
    return environment().get_template(TEMPLATE).render(
        report=report, overall=overall, meta=meta, changes=changes(report),
        meanings=[(verdict, names) for verdict, names in meanings if names])


class HtmlReport:
    """Writes ``folder/readiness.html`` when the run finishes."""

    filename = FILENAME

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            write_text(event.folder / self.filename, render(event.report))
