"""Reports: the run model, its events, and one sink (handler) per output format.

``readiness.json``, ``readiness.html``, ``junit.xml`` and ``allure-results/`` are
written in the run folder ``reports/<UTC stamp>-<target>/`` (interface.md §8); the
terminal prints progress and the verdict table. One :class:`Reporter` sends every event
to every sink (as schemathesis's CLI executor does); a failing sink is isolated and named.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from golive.redact import redactor
from golive.report.allure_report import AllureReport
from golive.report.events import Event, RunFinished, Sink
from golive.report.html_report import HtmlReport
from golive.report.json_report import JsonReport
from golive.report.junit_report import JunitReport
from golive.report.latest import LatestLink, update_latest
from golive.report.model import RunReport
from golive.report.progress import LiveProgress
from golive.report.terminal import TerminalReport

__all__ = ["AllureReport", "HtmlReport", "JsonReport", "JunitReport", "LatestLink", "LiveProgress", "Reporter",
           "SinkFailure",
           "TerminalReport", "file_sinks", "sinks", "update_latest", "write_reports"]


def file_sinks() -> list[Sink]:
    """The four formats written to the run folder."""
    return [JsonReport(), HtmlReport(), JunitReport(), AllureReport()]


def sinks(console: Console, output: str = "lines") -> list[Sink]:
    """Every sink of a run: the file formats, the ``latest`` pointer, then the terminal (which names the folder).

    ``output``: "lines" (a line per check: CI, --verbose, no TTY), "live" (a progress display on a TTY), or
    "quiet" (the summary only).
    """
    terminal: list[Sink] = [LiveProgress(console)] if output == "live" else []
    terminal.append(TerminalReport(console, per_check=output == "lines"))
    return [*file_sinks(), LatestLink(console), *terminal]


@dataclass(frozen=True)
class SinkFailure:
    """A sink that raised while handling an event."""

    sink: str
    event: str
    error: str

    def __str__(self) -> str:
        return f"{self.sink} failed on {self.event}: {self.error}"


class Reporter:
    """Sends every event to every sink; one sink's error never stops the others."""

    def __init__(self, sinks: Sequence[Sink]) -> None:
        self.sinks = list(sinks)
        self.failures: list[SinkFailure] = []

    def emit(self, event: Event) -> None:
        for sink in self.sinks:
            try:
                sink.handle(event)
            except Exception as exc:
                self.failures.append(SinkFailure(type(sink).__name__, type(event).__name__,
                                                 redactor.text(f"{type(exc).__name__}: {exc}")))

    def show_failures(self, console: Console) -> None:
        for failure in self.failures:
            console.print(Text(f"report error: {failure}", style="bold red"))


def write_reports(report: RunReport, folder: Path, console: Console) -> list[SinkFailure]:
    """Write every report of a finished run, update ``latest``, print the summary; what failed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    reporter = Reporter(sinks(console))
    reporter.emit(RunFinished(report=report, folder=folder))
    reporter.show_failures(console)
    return reporter.failures
