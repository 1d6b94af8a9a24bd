"""The one place that knows a secret: everything that leaves golive passes through here.

Secrets are masked by name (headers such as Authorization, JSON keys such as
``secret`` or ``access_token``) and by value (every secret golive has been given or
has minted, wherever it appears: URLs, bodies, curl commands, messages).
"""
from __future__ import annotations

import json
import re
import threading
from typing import Any

MASK = "<redacted>"
SECRET_HEADERS = frozenset({"authorization", "ocp-apim-subscription-key", "x-api-key", "cookie", "set-cookie",
                            "proxy-authorization"})
# ``token_type`` ("bearer") names a kind, not a secret: masked, OTR-05 could not be checked on replay
_SECRET_KEY = re.compile(r"(secret|password|token(?!_type)|api_?key|subscription_?key|authorization)", re.I)
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.I)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_MIN_SECRET_LENGTH = 6
_MEMO_SIZE, _MEMO_TEXT = 20_000, 2_000  # texts remembered, and the longest one


class Redactor:
    """Masks known secret values and secret-named fields."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._ordered: tuple[str, ...] = ()  # the values, longest first: a secret inside another is masked last
        self._keys: set[str] = set()
        self._lock = threading.Lock()
        self._masked: dict[str, str] = {}  # text → masked, while no secret is added (reports repeat their texts)

    def add(self, *values: object) -> None:
        """Register secret values (short or empty ones are ignored: they would mask noise)."""
        with self._lock:
            for value in values:
                if isinstance(value, str) and len(value) >= _MIN_SECRET_LENGTH:
                    self._values.add(value)
            self._ordered = tuple(sorted(self._values, key=len, reverse=True))
            self._masked = {}

    def add_keys(self, *names: str) -> None:
        """Register JSON key names (exact case) whose values are secrets though their names do not say so
        (e.g. a vendor's generated client id): masked in every body from now on, like secret-named keys."""
        with self._lock:
            self._keys.update(names)

    def text(self, value: str) -> str:
        """Mask every known secret, bearer credential and JWT in free text."""
        cache = self._masked
        if (done := cache.get(value)) is not None:
            return done
        masked = value
        for secret in self._ordered:
            if secret in masked:
                masked = masked.replace(secret, MASK)
        masked = _JWT.sub(MASK, _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", masked))
        if len(cache) < _MEMO_SIZE and len(value) < _MEMO_TEXT:
            cache[value] = masked
        return masked

    def headers(self, headers: Any) -> dict[str, str]:
        """A plain dict of headers with secret ones masked."""
        items = headers.items() if hasattr(headers, "items") else headers
        return {k: (MASK if k.lower() in SECRET_HEADERS else self.text(str(v))) for k, v in items}

    def data(self, value: Any) -> Any:
        """JSON-like data with secret-named keys and secret values masked."""
        if isinstance(value, dict):
            return {k: (MASK if (_SECRET_KEY.search(str(k)) or k in self._keys) and isinstance(v, str | int)
                        else self.data(v))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def _clean(self, raw: str) -> bool:
        """True when masking could change nothing: no secret-named key, known secret, bearer or JWT."""
        return not (_SECRET_KEY.search(raw) or _BEARER.search(raw) or _JWT.search(raw)
                    or any(secret in raw for secret in self._values) or any(f'"{k}"' in raw for k in self._keys))

    def body(self, raw: str) -> str:
        """A request/response body: JSON is masked structurally, anything else as text."""
        if self._clean(raw):
            return raw
        try:
            parsed = json.loads(raw)
        except ValueError:
            return self.text(raw)
        if isinstance(parsed, dict | list):
            return json.dumps(self.data(parsed), ensure_ascii=False)
        return self.text(raw)


redactor = Redactor()
"""The process-wide redactor: targets register credentials here as soon as they load them."""
