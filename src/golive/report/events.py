"""Typed run events; each report format is one handler (a sink) of these events."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from golive.report.model import CheckResult, RunReport


@dataclass(frozen=True)
class RunStarted:
    target: str
    vendors: list[str]
    planned: int  # checks collected
    per_vendor: dict[str, int] = field(default_factory=dict)  # checks collected, by vendor


@dataclass(frozen=True)
class CheckFinished:
    check: CheckResult


@dataclass(frozen=True)
class RunFinished:
    report: RunReport
    folder: Path  # reports/<stamp>-<target>/


Event = RunStarted | CheckFinished | RunFinished


class Sink(Protocol):
    """One output format."""

    def handle(self, event: Event) -> None: ...
