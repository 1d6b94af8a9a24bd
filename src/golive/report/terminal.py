"""The terminal: progress while checks finish, the verdict table at the end.

Plain enough for CI logs: one line per finished check, no live display, no cursor
movement. A PASSED check is one short line; anything else gets its status word, its
behaviour ids and the first line of its message. Text goes through ``rich.text.Text``
(never markup), so a ``[ABS-07]`` in a name is printed, not parsed.
"""
from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from golive.redact import redactor
from golive.report.events import CheckFinished, Event, RunFinished, RunStarted
from golive.report.html_report import FILENAME as HTML
from golive.report.model import CheckResult, RunReport, VendorReport
from golive.verdict import Readiness, Result

STYLE = {
    Result.PASSED: "green",
    Result.FAILED: "bold red",
    Result.WARNING: "yellow",
    Result.SKIPPED: "dim",
    Result.ERROR: "bold magenta",
    Result.WAIVED: "cyan",
}
VERDICT_STYLE = {Readiness.READY: "bold green", Readiness.NOT_READY: "bold red", Readiness.BLOCKED: "bold yellow"}
MARKS = {Result.PASSED: "✓", Result.FAILED: "✗", Result.WARNING: "!", Result.SKIPPED: "○", Result.ERROR: "⚠",
         Result.WAIVED: "~"}
ASCII_MARKS = {Result.PASSED: "+", Result.FAILED: "x", Result.WARNING: "!", Result.SKIPPED: "-", Result.ERROR: "E",
               Result.WAIVED: "~"}
ISSUES = (Result.FAILED, Result.ERROR, Result.WARNING)
MESSAGE_WIDTH = 160


ASCII = str.maketrans({"·": "-", "—": "-", "…": "...", "“": '"', "”": '"'})


def one_line(text: str, limit: int = MESSAGE_WIDTH) -> str:
    """The first non-empty line, masked and cut."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    line = redactor.text(line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


GROUPED = 3  # more checks than this with one message (an unreachable vendor) are one line


def partial_text(selection: dict[str, object]) -> str:
    """What a partial run selected, in a few words."""
    parts = []
    behaviours = selection.get("behaviours") or []
    if isinstance(behaviours, list) and behaviours:
        parts.append(f"{len(behaviours)} behaviour(s)" if len(behaviours) > 3 else ", ".join(map(str, behaviours)))
    if selection.get("keyword"):
        parts.append(f"-k {selection['keyword']}")
    if selection.get("last_failed"):
        parts.append(f"{selection['last_failed']} last-failed check(s)")
    return "; ".join(parts) or "selected checks"


class TerminalReport:
    """Prints progress and the verdict table to a rich console."""

    def __init__(self, console: Console, unicode: bool | None = None, per_check: bool = True) -> None:
        self.console = console
        self.per_check = per_check  # off: a live display (or --quiet) shows progress instead
        self.planned = 0
        self.done = 0
        if unicode is None:  # marks and box lines the console's encoding can carry
            unicode = (console.encoding or "").lower().startswith("utf")
        self.unicode = unicode
        self.marks = MARKS if self.unicode else ASCII_MARKS

    def s(self, text: str) -> str:
        """The text as the console can show it (ASCII stand-ins for dots, dashes, ellipses)."""
        return text if self.unicode else text.translate(ASCII)

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.started(event)
        elif isinstance(event, CheckFinished):
            self.finished(event.check)
        elif isinstance(event, RunFinished):
            self.summary(event.report, event.folder)

    def started(self, event: RunStarted) -> None:
        self.planned, self.done = event.planned, 0
        self.console.print(Text.assemble(
            ("golive certify", "bold"), self.s(" · target "), (event.target, "bold"),
            self.s(" · vendors "), (", ".join(event.vendors) or "none", "bold"),
            self.s(f" · {event.planned} checks")))

    def counter(self) -> str:
        width = len(str(self.planned)) if self.planned else 1
        total = f"/{self.planned}" if self.planned >= self.done else ""
        return f"[{self.done:>{width}}{total}]"

    def finished(self, check: CheckResult) -> None:
        self.done += 1
        if not self.per_check:
            return
        style = STYLE[check.result]
        mark = self.marks[check.result]
        line = Text.assemble((self.counter(), "dim"), " ", (mark, style), " ")
        if check.result is Result.PASSED:
            line.append(self.s(f"{check.vendor} · {check.name}"), style="dim")
        else:
            line.append(f"{check.result.value:<7}", style=style)
            line.append(self.s(f" {check.vendor} · {check.name}"))
            if check.ids:
                line.append(f" ({', '.join(check.ids)})", style="cyan")
            message = one_line(check.message)
            if message:
                line.append("\n" + " " * (len(self.counter()) + 3) + self.s("— "))
                line.append(self.s(message), style=style if check.result is not Result.SKIPPED else "dim")
        self.console.print(line, soft_wrap=True)

    def table(self, report: RunReport) -> Table:
        table = Table(title=self.s(f"golive · {report.target} · seed {report.seed}"), title_justify="left",
                      box=box.SIMPLE_HEAD if self.unicode else box.ASCII, header_style="bold")
        table.add_column("vendor", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        shown = [Result.PASSED, Result.FAILED, Result.WARNING, Result.SKIPPED, Result.ERROR]
        if any(v.count(Result.WAIVED) for v in report.vendors):  # a column only where a waiver took effect
            shown.append(Result.WAIVED)
        for name in [r.value.lower() for r in shown] + ["fuzz cases"]:
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("coverage", no_wrap=True)
        for v in report.vendors:
            table.add_row(
                v.name, Text(v.verdict.value, style=VERDICT_STYLE[v.verdict]),
                *(self.count(v, r) for r in shown),
                self.fuzz(v), self.coverage(v))
        return table

    @staticmethod
    def count(vendor: VendorReport, result: Result) -> Text:
        n = vendor.count(result)
        return Text(str(n), style=STYLE[result] if n and result is not Result.PASSED else "")

    def fuzz(self, vendor: VendorReport) -> Text:
        if vendor.fuzzing is None:
            return Text(self.s("—"), style="dim")
        failures = len(vendor.fuzzing.failures)
        text = Text(str(vendor.fuzzing.cases))
        if failures:
            text.append(f" ({failures} failed)", style="bold red")
        return text

    def coverage(self, vendor: VendorReport) -> str:
        c = vendor.coverage
        return self.s(f"{len(c.behaviours_checked)}/{c.behaviours_total} behaviours · "
                      f"{len(c.operations_exercised)}/{c.operations_total} ops")

    def changes(self, report: RunReport) -> None:
        """What changed since the previous run of this target (interface.md §11)."""
        if report.diff is None:
            return
        found = report.diff
        lines = []
        for v in found["vendors"]:
            if v["verdict_before"] != v["verdict_after"]:
                lines.append(f"{v['vendor']}: {v['verdict_before'] or 'not run'} -> {v['verdict_after'] or 'not run'}")
            if v["regressions"] or v["fixes"]:
                lines.append(f"{v['vendor']}: {len(v['regressions'])} regression(s), {len(v['fixes'])} fix(es)")
        self.console.print(Text.assemble(("Since ", "bold"), (found["old"], "bold"), ": ",
                                         self.s("; ".join(lines) if lines else "no change"),
                                         style="bold red" if found["regressions"] else ""), soft_wrap=True)

    def waivers(self, report: RunReport) -> None:
        """The waivers in force, and the stale or expired ones that made a vendor NOT READY."""
        statuses = [w for v in report.vendors for w in v.waivers if w.state != "not run"]
        if not statuses:
            return
        self.console.print()
        self.console.print(Text("Waivers:", style="bold"))
        for w in statuses:
            style = "bold red" if w.breaks_readiness else "cyan"
            until = f" until {w.expires}" if w.expires else ""
            self.console.print(Text.assemble("  ", (f"{w.state:<9}", style), self.s(
                f" {w.vendor:<5} {w.behaviour} {w.expect} accepted by {w.accepted_by}{until} — {one_line(w.reason, 80)}"
                + (f" ({w.checks} checks)" if w.checks else ""))), soft_wrap=True)

    def summary(self, report: RunReport, folder: object) -> None:
        self.console.print()
        self.console.print(self.table(report))
        overall = {0: Readiness.READY, 1: Readiness.NOT_READY}.get(report.exit_code, Readiness.BLOCKED)
        partial = f" · PARTIAL run ({partial_text(report.partial)}): not a full certification" if report.partial else ""
        self.console.print(Text.assemble("Verdict: ", (overall.value, VERDICT_STYLE[overall]),
                                         self.s(f" (exit {report.exit_code}) · {report.duration:.1f} s"),
                                         (self.s(partial), "bold yellow")))
        self.console.print(Text.assemble("Report: ", (str(folder), "bold"), f"  ({HTML}, readiness.json, "
                                         "junit.xml, allure-results/)"), soft_wrap=True)
        self.changes(report)
        self.waivers(report)
        issues = [(v, c) for v in report.vendors for r in ISSUES for c in v.checks if c.result is r]
        if not issues:
            return
        self.console.print()
        self.console.print(Text("Needs attention:", style="bold"))
        same: dict[tuple[str, str, str], int] = {}
        for vendor, check in issues:
            same[(vendor.name, check.result.value, check.message)] = same.get(
                (vendor.name, check.result.value, check.message), 0) + 1
        for vendor, check in issues:
            key = (vendor.name, check.result.value, check.message)
            count = same.get(key, 0)
            if count == 0:
                continue  # folded into the line that said it first
            line = Text.assemble("  ", (f"{check.result.value:<7}", STYLE[check.result]), f" {vendor.name:<5}")
            if count > GROUPED:
                same[key] = 0
                line.append(self.s(f"{count} checks — {one_line(check.message, 120)}"))
                self.console.print(line, soft_wrap=True)
                continue
            if check.ids:
                line.append(f"{', '.join(check.ids)} ", style="cyan")
            line.append(self.s(check.name))
            message = one_line(check.message, 120)
            if message:
                line.append(self.s(f" — {message}"), style="dim")
            self.console.print(line, soft_wrap=True)
