"""The four monitoring lists: ``{offset}/{limit}`` paths and list order (tms.md).

``{offset}`` is a 0-based start index and ``{limit}`` a page size of 1-100, both plain
decimal integers; objects come oldest first (queue order), logs, requestLogs and tasks
newest first.
"""
from __future__ import annotations

import re
from typing import Any

from golive.vendors.tms.mapping import Switch

LIMIT_MAX = 100
_DIGITS = re.compile(r"[0-9]+")
_HUGE = 10**18  # stands for any longer number: past every end, over every limit


class PagingError(ValueError):
    """An offset or limit the lists refuse (400)."""


def _integer(name: str, text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise PagingError(f"{name} must be a non-negative integer, got {text!r}")
    return int(text) if len(text.lstrip("0")) <= 18 else _HUGE


def bounds(offset: str, limit: str, fault: Switch) -> tuple[int, int]:
    """The (offset, limit) of a list path, or PagingError."""
    first, size = _integer("offset", offset), _integer("limit", limit)
    low = 0 if fault("limit-zero-empty") else 1
    high = 50 if fault("limit-over-50-refused") else None if fault("limits-over-100-served") else LIMIT_MAX
    if size < low or (high is not None and size > high):
        raise PagingError(f"limit must be between {low} and {high or 'any'}, got {size}")
    return first, size


def ordered(kind: str, items: list[dict[str, Any]], fault: Switch) -> list[dict[str, Any]]:
    """``items`` (in the order written) in the order list ``kind`` shows them."""
    if kind == "objects":
        return items[::-1] if fault("objects-newest-first") else list(items)
    if kind == "logs":
        if fault("logs-oldest-first"):
            return list(items)
        if fault("log-ties-oldest-first"):  # a stable sort keeps equal timestamps in written order
            return sorted(items, key=lambda item: item["createdAt"], reverse=True)
        return items[::-1]
    return list(items) if fault("request-logs-and-tasks-oldest-first") else items[::-1]


def window(items: list[dict[str, Any]], first: int, size: int, fault: Switch) -> list[dict[str, Any]]:
    """The page of ``items`` starting at index ``first``, at most ``size`` long."""
    if fault("paging-ignores-offset"):
        first = 0
    elif fault("paging-page-size"):
        first *= size
    return items[first:first + size + (1 if fault("page-one-extra-item") else 0)]
