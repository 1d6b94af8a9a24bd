"""The catalogue of documented behaviours (a verbatim copy of the pinned behaviours.md).

Each behaviour has an id (``ABS-07``), the rule, the quoted sentence(s) of the vendor
document it rests on, where it can run, and how firmly it is asserted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from golive.verdict import Level

_ITEM = re.compile(r"^- \*\*(?P<id>[A-Z]+-\d+)\*\* (?P<body>.*)$")
_TAG = re.compile(r"`\[(sandbox\+live|sandbox-only|destructive|live-only)\]`")
_QUOTE = re.compile(r"^\s*Quote: (?P<quote>.*)$")
_OVERRIDES = re.compile(r"^Severity overrides\..*?:\s*$")

WHERE = ("sandbox+live", "sandbox-only", "destructive", "live-only")


@dataclass(frozen=True)
class Behaviour:
    """One catalogue item."""

    id: str
    rule: str
    quote: str
    where: str
    basis: str
    level: Level
    override: bool = False  # on the catalogue's severity override list: FAILED-level whatever its basis

    @property
    def vendor(self) -> str:
        return self.id.split("-")[0].lower()


def _level(basis: str, overridden: bool) -> Level:
    if overridden:
        return Level.FACT
    head = basis.split("/")[0]
    return Level.FACT if ("stated" in head or "example" in head) else Level.ASSUMPTION


def _quotes(raw: str) -> str:
    return " · ".join(part.strip().strip("`") for part in raw.split("` · `"))


def parse(text: str) -> dict[str, Behaviour]:
    """Parse the catalogue text into behaviours keyed by id."""
    overrides: set[str] = set()
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("Severity overrides."):
            block = " ".join(lines[n : n + 8])
            block = block.split("And any 5xx")[0]
            overrides = set(re.findall(r"\b[A-Z]+-\d+\b", block))
            break
    items: dict[str, Behaviour] = {}
    current: dict[str, str] | None = None

    def flush() -> None:
        if current and "quote" in current:
            body = current["body"]
            tag = _TAG.search(body)
            where = tag.group(1) if tag else "sandbox+live"
            rule = body[: tag.start()].strip() if tag else body
            basis = body[tag.end():].strip(" ·") if tag else ""
            basis = re.sub(r"^\([^)]*\)\s*·\s*", "", basis).strip()
            items[current["id"]] = Behaviour(
                id=current["id"], rule=rule, quote=_quotes(current["quote"]),
                where=where, basis=basis, level=_level(basis, current["id"] in overrides),
                override=current["id"] in overrides,
            )

    for line in lines:
        if line.startswith("## Documented statements"):
            break
        match = _ITEM.match(line)
        if match:
            flush()
            current = {"id": match["id"], "body": match["body"].rstrip()}
            continue
        quote = _QUOTE.match(line)
        if quote and current is not None and "quote" not in current:
            current["quote"] = quote["quote"].strip()
        elif current is not None and "quote" not in current and line.startswith("  ") and line.strip():
            current["body"] += " " + line.strip()  # an item written over several lines (OTR-36)
    flush()
    return items


@cache
def catalogue() -> dict[str, Behaviour]:
    """All behaviours of the pinned catalogue."""
    text = resources.files("golive.data").joinpath("behaviours.md").read_text("utf-8")
    return parse(text)


def id_order(behaviour_id: str) -> tuple[str, int]:
    """Sort key: ABS-2 before ABS-10."""
    prefix, _, number = behaviour_id.partition("-")
    return prefix, int(number)


def for_vendor(vendor: str) -> dict[str, Behaviour]:
    """The behaviours of one vendor, in catalogue order."""
    prefix = vendor.upper() + "-"
    return {k: v for k, v in catalogue().items() if k.startswith(prefix)}
