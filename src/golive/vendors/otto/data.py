"""Deterministic Otto request bodies: the document's examples with fresh keys.

Keys come from ``target.data_seed`` and the check's ``data_key`` (replay matches the recording;
a live run's seed is fresh, so live records never collide). Bodies carry no wall-clock time.
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

EXAMPLES = {  # the request examples of otto-ai.txt (examples/README.md), by the name the steps use
    "customer": "request-customers-sync", "Node.js customer": "request-customers-sync-nodejs",
    "vehicle": "request-vehicles-sync", "Python vehicle": "request-vehicles-sync-python",
    "lead": "request-leads-create", "call": "request-calls-log", "registration": "request-webhooks-register",
}
NOT_A_URL = "https://golive.example.invalid/webhooks/otto"  # RFC 2606: a registration we may not own goes nowhere


@cache
def _example(stem: str) -> str:
    return resources.files("golive.vendors.otto").joinpath("examples", f"{stem}.json").read_text("utf-8")


def example(name: str) -> dict[str, Any]:
    """A request example as the document writes it (a fresh copy)."""
    return copy.deepcopy(json.loads(_example(EXAMPLES[name])))


class OttoData:
    """Request bodies for one check."""

    def __init__(self, seed: int | str, key: str) -> None:
        self.seed, self.key = seed, key
        self._count = 0

    def digits(self, n: int = 10) -> str:
        """``n`` deterministic digits, different on every call."""
        self._count += 1
        return str(int(hashlib.sha256(f"{self.seed}|{self.key}|{self._count}".encode()).hexdigest(), 16))[:n]

    def body(self, name: str, **over: Any) -> dict[str, Any]:
        """An example body with a fresh ``externalId`` (syncs) and top-level keys replaced (None: left out)."""
        body = example(name)
        if "externalId" in body:
            body["externalId"] = f"{body['externalId'].rsplit('_', 1)[0]}_{self.digits()}"
        body.update(over)
        return {k: v for k, v in body.items() if v is not None}

    def unknown_customer(self) -> str:
        """A customerId no sync returned."""
        return f"otto_unknown_{self.digits(13)}"

    def unknown_key(self) -> str:
        return f"otto_key_{hashlib.sha256(f'{self.seed}|{self.key}|key'.encode()).hexdigest()[:40]}"
