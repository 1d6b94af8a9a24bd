"""RFC 9535 JSONPath mappings and filters (tms.md: mapping:test, processing, filters).

A mapping is ``{key: JSONPath}``; each path applied to a document gives its key's value:
the single match, an array when several match, null (or, a variant, no key) when none.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jsonpath_rfc9535 as jsonpath

from golive.checks import json_equal

Switch = Callable[[str], bool]
_MISSING = object()


class MappingError(ValueError):
    """A mapping or filter path that is not a valid JSONPath string; ``key`` names it."""

    def __init__(self, key: str, reason: str, label: str = "mapping key") -> None:
        super().__init__(f"{label} {key!r}: {reason}")
        self.key = key


@lru_cache(maxsize=1024)
def _compile(path: str) -> jsonpath.JSONPathQuery:
    return jsonpath.compile(path)


def compile_path(key: str, path: Any, label: str = "mapping key") -> jsonpath.JSONPathQuery:
    """The compiled query of ``path``, or MappingError naming ``key``."""
    if not isinstance(path, str):
        raise MappingError(key, "the value must be a JSONPath string", label)
    try:
        return _compile(path)
    except (jsonpath.JSONPathError, RecursionError) as exc:
        raise MappingError(key, f"invalid JSONPath {path!r}: {exc}", label) from None


class Mapper:
    """Applies mappings and filters the way this sandbox's faults and variants say."""

    def __init__(self, fault: Switch) -> None:
        self.fault = fault

    def check_filters(self, filters: Mapping[str, Any]) -> None:
        """Raise MappingError for the first filter path (a key) that does not compile."""
        for path in filters:
            compile_path(path, path, "filter")

    def value(self, key: str, path: Any, data: Any) -> Any:
        """The value ``path`` selects in ``data``; ``_MISSING`` when nothing matches."""
        query = compile_path(key, path)
        if self.fault("nested-paths-unresolved") and len(query.segments) > 2:
            return _MISSING
        try:
            found = query.find(data).values()
        except (jsonpath.JSONPathError, RecursionError) as exc:
            raise MappingError(key, f"cannot be evaluated: {exc}") from None
        if not found:
            return _MISSING
        if len(found) == 1 or self.fault("several-matches-first"):
            return found[0]
        return found

    def apply(self, mapping: Mapping[str, Any], data: Any) -> dict[str, Any]:
        """``{key: value}`` for every mapping key (MappingError on the first bad path)."""
        result: dict[str, Any] = {}
        for key, path in mapping.items():
            value = self.value(key, path, data)
            if value is _MISSING:
                if self.fault("no-match-key-omitted"):
                    continue
                value = None
            elif self.fault("values-stringified") and not isinstance(value, str):
                value = json.dumps(value)
            result[path if self.fault("mapping-result-wrong-key") else key] = value
        return result

    def matches(self, filters: Mapping[str, Any], data: Any) -> bool:
        """Whether every filter path gives a value equal to the filter's value."""
        if self.fault("filter-ignored"):
            return True
        for path, wanted in filters.items():
            value = self.value(path, path, data)
            if not json_equal(None if value is _MISSING else value, wanted):
                return False
        return True
