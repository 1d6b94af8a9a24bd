"""The terminal on a TTY: a live progress display per vendor instead of a line per check.

Each vendor gets a bar (done / total), its failures so far and the elapsed time; a FAILED,
WARNING or ERROR check is printed above the display as it happens. The display stops
before the verdict table (``TerminalReport``) prints. In CI, with ``--verbose`` or without
a terminal, ``TerminalReport`` prints a line per check instead.
"""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from golive.report.events import CheckFinished, Event, RunFinished, RunStarted
from golive.report.model import CheckResult
from golive.verdict import Result

__all__ = ["LiveProgress"]

_SHOWN = (Result.FAILED, Result.WARNING, Result.ERROR)


class LiveProgress:
    """Sink: one progress bar per vendor, problems printed as they happen."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress = Progress(TextColumn("{task.fields[vendor]:<5}"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[problems]}"), TimeElapsedColumn(),
                                  console=console, transient=False, auto_refresh=False,
                                  redirect_stdout=False, redirect_stderr=False)  # the console writes to stdout itself
        # refreshed as checks finish, never from a thread of its own: pytest's capture is not thread-safe
        self._tasks: dict[str, TaskID] = {}
        self._problems: dict[str, dict[Result, int]] = {}

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            for vendor in event.vendors:
                total = event.per_vendor.get(vendor, 0)
                self._problems[vendor] = {}
                self._tasks[vendor] = self._progress.add_task(vendor, total=total, vendor=vendor, problems="")
            self._progress.start()
            self._progress.refresh()
        elif isinstance(event, CheckFinished):
            self.finished(event.check)
        elif isinstance(event, RunFinished):
            self._progress.stop()

    def finished(self, check: CheckResult) -> None:
        task = self._tasks.get(check.vendor)
        if task is None:
            return
        counts = self._problems[check.vendor]
        if check.result in _SHOWN:
            counts[check.result] = counts.get(check.result, 0) + 1
            line = Text.assemble((f"{check.result.value:<7}", "bold red" if check.result is Result.FAILED else
                                  "yellow"), f" {check.vendor} · {check.name}")
            if check.ids:
                line.append(f" ({', '.join(check.ids)})", style="cyan")
            message = check.message.strip().splitlines()[0] if check.message.strip() else ""
            if message:
                line.append(f" — {message[:160]}", style="dim")
            self._progress.console.print(line, soft_wrap=True)
        problems = ", ".join(f"{n} {result.value.lower()}" for result, n in counts.items())
        self._progress.update(task, advance=1, problems=problems)
        self._progress.refresh()
