"""``readiness.json``: the whole run as plain data (``RunReport.to_dict()``)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from golive.redact import redactor
from golive.report.events import Event, RunFinished

FILENAME = "readiness.json"


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically: a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def masked(value: Any) -> Any:
    """Every string of plain data through the redactor's text mask.

    The evidence is redacted where it is captured; this is the last line of defence
    (interface.md §9) against a known secret, bearer credential or JWT that slipped
    into a message, URL or curl command. Keys and non-strings are left alone.
    """
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v) for v in value]
    return value


class JsonReport:
    """Writes ``folder/readiness.json`` when the run finishes."""

    filename = FILENAME

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            data = masked(event.report.to_dict())
            text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
            write_text(event.folder / self.filename, text + "\n")
