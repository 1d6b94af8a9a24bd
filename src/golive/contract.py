"""A vendor's OpenAPI contract: its operations, and which operation a request path hits."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10× faster


def read(path: Path) -> dict:
    """An OpenAPI document as plain data (a fresh copy each call)."""
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER)


@dataclass(frozen=True)
class Contract:
    path: Path
    operations: tuple[str, ...]  # "POST /v2/partners/{company}"
    _patterns: tuple[tuple[str, str, re.Pattern[str]], ...]
    documented: tuple[tuple[str, tuple[str, ...]], ...] = ()  # operation -> its response codes ("200", "4XX")

    @staticmethod
    @cache
    def load(path: Path) -> Contract:
        document = read(path)
        operations, patterns, documented = [], [], []
        for template, item in (document.get("paths") or {}).items():
            regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            for method in METHODS:
                if method in item:
                    operations.append(f"{method.upper()} {template}")
                    patterns.append((method.upper(), f"{method.upper()} {template}", regex))
                    codes = tuple(sorted(str(code) for code in (item[method].get("responses") or {})))
                    documented.append((f"{method.upper()} {template}", codes))
        return Contract(path, tuple(operations), tuple(patterns), tuple(documented))

    def match(self, method: str, path: str) -> str | None:
        """The operation a request hits, or None (control calls, undocumented paths)."""
        for verb, operation, regex in self._patterns:
            if verb == method.upper() and regex.match(path):
                return operation
        return None
