"""The named authorization values of ABS-03 to ABS-08 and ABS-10 (mostly bad ones).

Tokens are minted by :class:`AbsClient` (which registers them with the redactor); a value
is only built when asked for, so each variant consumes the scenario's data as before.
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from golive.types import VendorTarget
from golive.vendors.abs.client import DEFAULT, AbsClient, bearer
from golive.vendors.abs.data import AbsData


def variants(client: AbsClient, data: AbsData, target: VendorTarget) -> dict[str, Callable[[], Any]]:
    """Each variant's name → a maker of its Authorization value (None: no header; DEFAULT: ours)."""
    pid = client.partner_id
    unassigned = str(int(pid) + 7_000_000) if pid.isdigit() else f"{pid}-unassigned"
    return {
        "no authorization header": lambda: None,
        "the suite's own token": lambda: DEFAULT,
        "a JWT signed with another secret": lambda: bearer(client.token(secret=data.digits(64))),
        "a JWT whose exp has passed": lambda: bearer(client.token(exp=int(target.now().timestamp()) - 3600)),
        "an unsigned JWT with alg none": lambda: bearer(client.token(algorithm="none")),
        "a JWT signed HS512": lambda: bearer(client.token(algorithm="HS512")),
        "an RS256 JWT signed with the secret as HMAC key": lambda: bearer(client.token(header_alg="RS256")),
        "a JWT without partnerid": lambda: bearer(client.token(drop=("partnerid",))),
        "a JWT with a partnerid ABS never assigned": lambda: bearer(client.token(partnerid=unassigned)),
        "a JWT without claimdate": lambda: bearer(client.token(drop=("claimdate",))),
        "the Basic scheme": lambda: "Basic " + base64.b64encode(f"{pid}:{client.secret}".encode()).decode(),
        "the raw secret": lambda: client.secret,
        "a random string": lambda: data.text(40, prefix="r"),
        "Bearer and a random string": lambda: bearer(data.text(40, prefix="r")),
        "a truncated JWT": lambda: bearer(client.token()[:-12]),
        "a JWT without the Bearer prefix": lambda: client.token(),
    }


def authorization(client: AbsClient, data: AbsData, target: VendorTarget, how: str) -> Any:
    """The Authorization value named ``how``; a KeyError listing the known names otherwise."""
    values = variants(client, data, target)
    if how not in values:
        raise KeyError(f"unknown authorization variant {how!r}; known: {', '.join(values)}")
    return values[how]()
