"""Which checks a run certifies: everything, or a selection (``--behaviour``, ``-k``, ``--last-failed``).

A selected run is *partial*: its report says so with the selection, it runs only the vendors
the selection names, and it fuzzes only when asked (``--fuzz``) or when fuzzing is among the
checks ``--last-failed`` reruns.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from golive import catalogue
from golive.config import ConfigError

__all__ = ["Selection", "behaviour_ids", "last_failed"]

_RANGE = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<low>\d+)\.\.(?:(?P=prefix)-)?(?P<high>\d+)$")
RERUN = ("FAILED", "WARNING", "ERROR")


@dataclass(frozen=True)
class Selection:
    """What a partial run selects; empty means the whole certification."""

    behaviours: frozenset[str] = frozenset()
    keyword: str | None = None
    nodeids: tuple[str, ...] = ()  # --last-failed: the checks to rerun

    @property
    def partial(self) -> bool:
        return bool(self.behaviours or self.keyword or self.nodeids)

    def describe(self) -> dict[str, object]:
        """The selection as readiness.json records it."""
        return {"behaviours": sorted(self.behaviours, key=catalogue.id_order), "keyword": self.keyword,
                "last_failed": len(self.nodeids)}


def behaviour_ids(asked: tuple[str, ...]) -> frozenset[str]:
    """``ABS-63``, a vendor prefix ``ABS``, or a range ``ABS-60..ABS-65`` → catalogue ids (ConfigError: one line)."""
    known = catalogue.catalogue()
    found: set[str] = set()
    for raw in asked:
        wanted = raw.strip().upper()
        if wanted in known:
            found.add(wanted)
        elif span := _RANGE.match(wanted):
            low, high = int(span["low"]), int(span["high"])
            ids = {i for i in known if i.startswith(span["prefix"] + "-") and low <= int(i.split("-")[1]) <= high}
            if not ids or low > high:
                raise ConfigError(f"--behaviour {raw}: no catalogue id in that range")
            found |= ids
        elif ids := {i for i in known if i.startswith(wanted + "-")}:
            found |= ids
        else:
            raise ConfigError(f"--behaviour {raw}: not a catalogue id, vendor prefix (ABS) or range (ABS-60..ABS-65)")
    return frozenset(found)


def last_failed(report_dir: Path, mode: str) -> tuple[tuple[str, ...], str | None]:
    """The node ids of the checks that were FAILED, WARNING or ERROR in the latest run of ``mode``, and that run."""
    runs = sorted(p for p in report_dir.glob(f"*-{mode}") if p.is_dir() and (p / "readiness.json").exists())
    if not runs:
        return (), None
    data = json.loads((runs[-1] / "readiness.json").read_text("utf-8"))
    nodeids = [c["nodeid"] for v in data.get("vendors", []) for c in v.get("checks", [])
               if c.get("result") in RERUN]
    return tuple(dict.fromkeys(nodeids)), runs[-1].name
