"""Reports: the run model, its events, and one sink (handler) per output format.

``readiness.json``, ``readiness.html``, ``junit.xml`` and ``allure-results/`` are
written in the run folder ``reports/<UTC stamp>-<target>/`` (interface.md §8); the
terminal prints progress and the verdict table.
"""
from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.text import Text

from golive.report.allure_report import AllureReport
from golive.report.events import Event, RunFinished, Sink
from golive.report.html_report import HtmlReport
from golive.report.json_report import JsonReport
from golive.report.junit_report import JunitReport
from golive.report.model import RunReport
from golive.report.terminal import TerminalReport

__all__ = ["AllureReport", "HtmlReport", "JsonReport", "JunitReport", "TerminalReport",
           "file_sinks", "sinks", "update_latest", "write_reports"]

LATEST = "latest"


def file_sinks() -> list[Sink]:
    """The four formats written to the run folder."""
    return [JsonReport(), HtmlReport(), JunitReport(), AllureReport()]


def sinks(console: Console) -> list[Sink]:
    """All five sinks: the file formats, then the terminal (which names the folder last)."""
    return [*file_sinks(), TerminalReport(console)]


def update_latest(folder: Path) -> Path:
    """Point ``folder.parent/latest`` at the run folder.

    A relative symlink (the reports directory can move). Where symlinks cannot be made,
    a text file naming the run folder. Both are swapped in atomically, and an existing
    ``latest`` that is a real directory is left alone.
    """
    latest = folder.parent / LATEST
    tmp = folder.parent / f".{LATEST}.{os.getpid()}.tmp"
    if latest.is_dir() and not latest.is_symlink():
        raise IsADirectoryError(f"{latest} is a directory; not replacing it")
    tmp.unlink(missing_ok=True)
    try:
        os.symlink(folder.name, tmp, target_is_directory=True)
    except (OSError, NotImplementedError):
        tmp.write_text(folder.name + "\n", encoding="utf-8")
    os.replace(tmp, latest)
    return latest


def write_reports(report: RunReport, folder: Path, console: Console) -> None:
    """Write every report of a finished run, update ``latest``, print the summary.

    A format that fails does not stop the others; the first failure is raised at the end.
    Failing to update ``latest`` is only reported on the console.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    event: Event = RunFinished(report=report, folder=folder)
    failures: list[Exception] = []
    for sink in file_sinks():
        try:
            sink.handle(event)
        except Exception as exc:  # noqa: BLE001 - one broken format must not lose the rest
            failures.append(exc)
    try:
        update_latest(folder)
    except OSError as exc:  # a convenience pointer: say so, keep the run's outcome
        console.print(Text(f"could not update {folder.parent / LATEST}: {exc}", style="yellow"))
    TerminalReport(console).handle(event)
    if failures:
        raise failures[0]
