"""A vendor's OpenAPI contract: its operations, and which operation a request path hits."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10× faster


def read(path: Path) -> dict:
    """An OpenAPI document as plain data (a fresh copy each call)."""
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER)


def move(document: dict, paths: Mapping[str, str]) -> dict:
    """The document with each operation named in ``paths`` (operationId -> path) served at its new path
    (a vendor whose paths are configured, e.g. ``[vendors.otr.paths]``). Changes and returns ``document``."""
    items = document.get("paths") or {}
    for template, item in list(items.items()):
        for method in METHODS:
            operation = item.get(method)
            new = paths.get(operation.get("operationId", "")) if isinstance(operation, dict) else None
            if new and new != template:
                target = items.setdefault(new, {key: value for key, value in item.items() if key == "parameters"})
                target[method] = item.pop(method)
        if not any(method in item for method in METHODS):
            del items[template]
    return document


@dataclass(frozen=True)
class Contract:
    path: Path
    operations: tuple[str, ...]  # "POST /v2/partners/{company}"
    _patterns: tuple[tuple[str, str, re.Pattern[str]], ...]
    documented: tuple[tuple[str, tuple[str, ...]], ...] = ()  # operation -> its response codes ("200", "4XX")
    server_paths: tuple[str, ...] = ()  # the servers' paths, under which the contract's paths may be served

    @staticmethod
    @cache
    def load(path: Path, moved: tuple[tuple[str, str], ...] = ()) -> Contract:
        """The contract at ``path``; ``moved``: (operationId, path) pairs served elsewhere (see :func:`move`)."""
        document = move(read(path), dict(moved))
        operations, patterns, documented = [], [], []
        for template, item in (document.get("paths") or {}).items():
            regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            for method in METHODS:
                if method in item:
                    operations.append(f"{method.upper()} {template}")
                    patterns.append((method.upper(), f"{method.upper()} {template}", regex))
                    codes = tuple(sorted(str(code) for code in (item[method].get("responses") or {})))
                    documented.append((f"{method.upper()} {template}", codes))
        servers = {urlsplit(str(s.get("url", ""))).path.rstrip("/") for s in document.get("servers") or []}
        return Contract(path, tuple(operations), tuple(patterns), tuple(documented),
                        server_paths=tuple(sorted(p for p in servers if p)))

    def match(self, method: str, path: str) -> str | None:
        """The operation a request hits, or None (control calls, undocumented paths); OpenAPI paths are
        relative to a server, so a path under one of the servers' paths matches too (otto, D-OTTO-01)."""
        candidates = [path, *(path.removeprefix(p) for p in self.server_paths if path.startswith(p + "/"))]
        for verb, operation, regex in self._patterns:
            if verb == method.upper() and any(regex.match(c) for c in candidates):
                return operation
        return None

