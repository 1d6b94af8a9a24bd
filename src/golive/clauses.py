"""Clause-level traceability: each testable clause of the catalogue's D- resolutions, traced to checks.

A D- resolution is a list of clauses (its "Resolution:" bullets, or one sentence). Clause
``D-ABS-10.2`` is the second. A scenario that proves a clause carries its id as a tag
(``@D-ABS-10.2``); a clause the catalogue only records, or does not assert, is listed in
``data/clauses.toml`` with the catalogue's reason. The report shows, per vendor, how many
clauses are checked; a test keeps every clause of a traced vendor accounted for.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["CLAUSE_ID", "Clause", "accounted", "clauses", "for_vendor", "parse"]

CLAUSE_ID = re.compile(r"^D-[A-Z]+-\d+\.\d+$")
_ITEM = re.compile(r"^- \*\*(?P<id>D-[A-Z]+-\d+):\s*(?P<title>.*?)\*\*")


@dataclass(frozen=True)
class Clause:
    """One clause of a D- resolution."""

    id: str  # "D-ABS-10.2"
    resolution: str  # "D-ABS-10"
    title: str  # the resolution's heading
    text: str

    @property
    def prefix(self) -> str:
        """The vendor prefix ("ABS"), or "X" for a cross-vendor resolution."""
        return self.resolution.split("-")[1]


def parse(text: str) -> dict[str, Clause]:
    """Every clause of every D- resolution of the catalogue text."""
    found: dict[str, Clause] = {}
    resolution, title, inline, in_resolution = "", "", "", False
    bullets: list[str] = []

    def flush() -> None:
        parts = bullets or ([inline] if inline else [])
        for n, part in enumerate(parts, start=1):
            found[f"{resolution}.{n}"] = Clause(f"{resolution}.{n}", resolution, title, " ".join(part.split()))

    for line in text.splitlines():
        item = _ITEM.match(line)
        if item:
            if resolution:
                flush()
            resolution, title, bullets, inline, in_resolution = item["id"], item["title"].strip(), [], "", False
            continue
        if not resolution:
            continue
        stripped = line.strip()
        if stripped.startswith("Resolution:"):
            in_resolution, inline = True, stripped.removeprefix("Resolution:").strip()
        elif stripped.startswith(("Why:", "Evidence:", "Issue:")) or line.startswith(("## ", "### ")):
            in_resolution = False
        elif in_resolution and stripped.startswith("* "):
            bullets.append(stripped[2:])
        elif in_resolution and stripped and bullets and line.startswith("    "):
            bullets[-1] += " " + stripped  # a bullet continued on the next line
    if resolution:
        flush()
    return found


@cache
def clauses() -> dict[str, Clause]:
    """The clauses of golive's pinned catalogue."""
    return parse(resources.files("golive.data").joinpath("behaviours.md").read_text("utf-8"))


def for_vendor(vendor: str) -> dict[str, Clause]:
    """A vendor's own clauses (cross-vendor D-X clauses are traced apart)."""
    return {i: c for i, c in clauses().items() if c.prefix == vendor.upper()}


@cache
def accounted() -> dict[str, tuple[str, str]]:
    """Clauses no scenario carries: id -> ("fuzzed" | "recorded" | "not asserted", why).

    "fuzzed": proven by the vendor's fuzz check (any 5xx FAILED), which carries no tags.
    """
    data = tomllib.loads(resources.files("golive.data").joinpath("clauses.toml").read_text("utf-8"))
    return {clause: (kind.replace("_", " "), why) for kind in ("fuzzed", "recorded", "not_asserted")
            for clause, why in data.get(kind, {}).items()}
