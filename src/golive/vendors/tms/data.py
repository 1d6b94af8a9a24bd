"""Deterministic OTMS test data: the document's examples, orders, the shipped template samples.

Values come from ``target.data_seed`` + the check's ``data_key`` + a per-check counter, so a
recording replays (request bodies are matched) and a live run's fresh seed never repeats one.
Most bodies a scenario sends are written out in its feature file; these are the rest.
"""
from __future__ import annotations

import copy
import hashlib
import json
import uuid
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = resources.files("golive.vendors.tms")
# D-TMS-14: "CSV, XML and EDI are accepted"; tests use files ≤ 100 KB (these are < 1 KB each)
SAMPLES = {"CSV": ("transport-orders.csv", "text/csv"), "XML": ("transport-order.xml", "application/xml"),
           "EDI": ("transport-order.edi", "application/EDIFACT")}


@cache
def _example(name: str) -> str:
    return PACKAGE.joinpath("examples", f"{name}.json").read_text("utf-8")


def example(name: str) -> Any:
    """A documented body as written (examples/): e.g. "request-create-integration"."""
    return copy.deepcopy(json.loads(_example(name)))


def sample(kind: str) -> tuple[str, bytes, str]:
    """(file name, content, media type) of the shipped CSV, XML or EDI template."""
    name, media_type = SAMPLES[kind]
    return name, PACKAGE.joinpath("samples", name).read_bytes(), media_type


def fuzz_integration() -> dict[str, Any]:
    """The disabled integration a live fuzz plan creates on a test tenant (its lists are fuzzed)."""
    return {"name": "golive fuzzing", "type": "configured", "description": "golive contract fuzzing",
            "enabled": False}


class TmsData:
    """Builders for one check."""

    def __init__(self, seed: int | str, key: str) -> None:
        self.seed, self.key = seed, key
        self._count = 0

    def digits(self, n: int) -> str:
        """``n`` deterministic decimal digits, different on every call."""
        self._count += 1
        raw = hashlib.sha256(f"{self.seed}|{self.key}|{self._count}".encode()).hexdigest()
        return str(int(raw, 16))[:n]

    def unknown_id(self) -> str:
        """A UUID no vendor issued (version 4 shape)."""
        return str(uuid.UUID(int=int(self.digits(38)) % (1 << 128), version=4))

    def boundary(self) -> str:
        """A multipart boundary: fixed per check, so a recorded upload body replays."""
        return f"golive-{self.digits(24)}"

    def integration(self, *, enabled: bool = True, **extra: Any) -> dict[str, Any]:
        """A create body (D-TMS-18: ``enabled`` is always sent) plus the sandbox's ``target``, ``mapping``
        or ``filters`` (vendors/tms.md, D-TMS-07)."""
        return {"name": f"golive check {self.digits(6)}", "type": "configured",
                "description": "golive certification check", "enabled": enabled, **extra}

    def orders(self, count: int) -> list[dict[str, Any]]:
        """``count`` orders shaped like the document's import item, each with its own reference."""
        items = []
        for _ in range(count):
            reference = f"ERP-{self.digits(6)}"
            items.append({"name": f"Order from ERP #{reference[4:]}", "reference": reference, "status": "requested",
                          "customer": {"name": "External Customer"}})
        return items
