"""Deterministic OTR test data: the same seed and check give the same values, in any order.

Values come from ``target.data_seed`` + the check's ``data_key`` + a per-check counter (replay
matches the recording; a live run's seed is fresh). Nothing here is a real identity: the
users, keys, numbers and tokens are made up so that they match nothing the vendor knows.
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _example(name: str) -> str:
    return resources.files("golive.vendors.otr").joinpath("examples", f"{name}.json").read_text("utf-8")


def example(name: str) -> Any:
    """A document example as written (examples/README.md), e.g. "request-lead"."""
    return copy.deepcopy(json.loads(_example(name)))


LEAD_FIELDS = ("email", "phone", "first_name", "last_name", "company")  # snake_case, as the example (OTR-36)
BAD_LEADS: dict[str, Any] = {  # OTR-28, D-OTR-09: the only lead refusals asserted
    "an empty JSON object": {},
    "not JSON": b"Lead: Auth Test <autho@yopmail.com>",
    "missing email": {k: v for k, v in example("request-lead").items() if k != "email"},
}


class OtrData:
    """Made-up values for one check."""

    def __init__(self, seed: int | str, key: str) -> None:
        self.seed = seed
        self.key = key
        self._count = 0

    def hex(self, n: int) -> str:
        """n deterministic hex digits, different on every call."""
        self._count += 1
        out, block = "", 0
        while len(out) < n:
            out += hashlib.sha256(f"{self.seed}|{self.key}|{self._count}|{block}".encode()).hexdigest()
            block += 1
        return out[:n]

    def digits(self, n: int) -> str:
        return str(int(self.hex(40), 16)).zfill(n)[-n:]

    def unknown_user(self) -> str:
        """A username no vendor has: negative logins never touch (or lock) the configured user (OTR-09)."""
        return f"golive-nobody-{self.hex(12)}@example.invalid"

    def password(self) -> str:
        return f"golive-Not-A-Password-{self.hex(10)}"

    def unknown_key(self) -> str:
        """Shaped like an APIM subscription key (32 hex digits), but issued to nobody."""
        return self.hex(32)

    @staticmethod
    def malformed_key() -> str:
        return "not a subscription key!"

    def random_token(self) -> str:
        return "golive" + self.hex(58)

    def unknown_dot(self) -> str:
        """Ten digits starting 99: longer than any USDOT number, so it matches no authority."""
        return "99" + self.digits(8)

    def unknown_cab(self) -> str:
        return f"CAB-GOLIVE-{self.hex(10).upper()}"
