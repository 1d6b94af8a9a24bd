"""``reports/latest``: a pointer at the newest run folder."""
from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.text import Text

from golive.report.events import Event, RunFinished

LATEST = "latest"


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


class LatestLink:
    """Sink: updates ``latest`` once the run folder is written; failing to is only a note."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            try:
                update_latest(event.folder)
            except OSError as exc:  # a convenience pointer: say so, keep the run's outcome
                self.console.print(Text(f"could not update {event.folder.parent / LATEST}: {exc}", style="yellow"))
