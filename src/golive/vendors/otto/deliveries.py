"""Webhook deliveries as golive's receiver got them, read the way D-OTTO-04 allows.

A delivery is a JSON POST naming its event in ``event`` or ``type``, with the payload keys at the
top level or under ``data`` or ``payload``. Deliveries arrive "in real-time": the sandbox's bound
is 10 s (OTTO-40), so a check waits at most that long for what it expects.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from golive.receiver import Delivery
from golive.types import VendorTarget

BOUND = 10.0  # seconds: "real-time", as the sandbox bounds it
_POLL = 0.02


@dataclass(frozen=True)
class Message:
    """One delivery: its exact bytes and headers, and what its JSON body says."""

    delivery: Delivery
    body: Any  # the parsed JSON, or None when the body is not JSON

    @classmethod
    def of(cls, delivery: Delivery) -> Message:
        try:
            return cls(delivery, json.loads(delivery.body))
        except ValueError:
            return cls(delivery, None)

    @property
    def event(self) -> str | None:
        """The event the body names (``event`` or ``type``)."""
        if not isinstance(self.body, dict):
            return None
        name = self.body.get("event", self.body.get("type"))
        return name if isinstance(name, str) else None

    def payload(self, keys: Iterable[str]) -> dict[str, Any]:
        """The payload: under ``data`` or ``payload`` when that object has any of ``keys``, else the body."""
        if not isinstance(self.body, dict):
            return {}
        wanted = set(keys)
        for frame in ("data", "payload"):
            inner = self.body.get(frame)
            if isinstance(inner, dict) and wanted & set(inner):
                return inner
        return self.body


def arrivals(target: VendorTarget, path: str | None,
             done: Callable[[list[Message]], bool]) -> tuple[list[Message], float]:
    """What arrived at ``path`` (None: anywhere) once ``done`` holds or :data:`BOUND` seconds passed, and when."""
    started = time.monotonic()
    while True:
        messages = [Message.of(d) for d in target.inbox().deliveries(path)]
        waited = time.monotonic() - started
        if done(messages) or waited >= BOUND or target.mode == "replay":
            return messages, waited
        time.sleep(_POLL)


def events(messages: list[Message]) -> list[str | None]:
    return [m.event for m in messages]
