"""The vendor clock: real time plus the offsets added through the control protocol."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta


class VendorClock:
    """A sandbox's notion of now. Nothing in a sandbox reads the wall clock directly."""

    def __init__(self) -> None:
        self.advanced = 0.0  # seconds added since the last reset

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.advanced)

    def advance(self, seconds: float) -> None:
        self.advanced += seconds

    def reset(self) -> None:
        self.advanced = 0.0


def rfc3339(moment: datetime) -> str:
    """UTC RFC 3339 with a ``Z`` and whole seconds: ``2026-11-23T18:00:00Z``."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
