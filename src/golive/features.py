"""The scenarios of the feature files, read as text: where each is, what it is tagged, how many checks it makes.

``golive list`` and ``golive explain`` answer from here without collecting a pytest session.
A Scenario makes one check; a Scenario Outline one per row of its Examples tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Scenario", "scan"]

_HEAD = re.compile(r"^\s*(Scenario Outline|Scenario Template|Scenario|Example):\s*(?P<name>.*)$")
_EXAMPLES = re.compile(r"^\s*(Examples|Scenarios):")


@dataclass(frozen=True)
class Scenario:
    """One scenario of a feature file."""

    vendor: str
    path: Path
    line: int
    name: str
    tags: frozenset[str]  # its own and its feature's, without the @
    checks: int

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root).as_posix()}:{self.line}"


def _tags(line: str) -> set[str]:
    return {t[1:] for t in line.split() if t.startswith("@")}


def _read(vendor: str, path: Path) -> list[Scenario]:
    lines = path.read_text("utf-8").splitlines()
    feature_tags: set[str] = set()
    pending: set[str] = set()
    found: list[tuple[int, str, set[str]]] = []
    rows: dict[int, int] = {}
    in_examples, header_seen = False, False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("@"):
            pending |= _tags(stripped)
        elif stripped.startswith("Feature:"):
            feature_tags, pending = pending, set()
        elif head := _HEAD.match(line):
            found.append((number, head["name"].strip(), feature_tags | pending))
            pending, in_examples = set(), False
        elif _EXAMPLES.match(line):
            in_examples, header_seen = True, False
        elif in_examples and stripped.startswith("|"):
            if header_seen:
                rows[len(found) - 1] = rows.get(len(found) - 1, 0) + 1
            header_seen = True
        elif in_examples and stripped and not stripped.startswith("#"):
            in_examples = False
    return [Scenario(vendor, path, number, name, frozenset(tags), rows.get(n, 1))
            for n, (number, name, tags) in enumerate(found)]


def scan(features: Path, vendors: list[str]) -> list[Scenario]:
    """Every scenario of the named vendors' feature files, in file and line order."""
    return [scenario for vendor in vendors for path in sorted((features / vendor).glob("*.feature"))
            for scenario in _read(vendor, path)]
