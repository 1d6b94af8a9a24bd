"""Webhook signatures as D-OTTO-02 accepts them, and the secret they are keyed with.

"Webhook payloads are signed with HMAC-SHA256". The verifier takes any header whose name
contains "signature" (case-insensitive), strips an optional ``sha256=`` prefix, reads hex or
base64 (standard or URL-safe, padded or not) and compares in constant time with
HMAC-SHA256(secret, the exact raw body).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

from golive.redact import redactor
from golive.types import VendorTarget

_HEX = re.compile(r"[0-9A-Fa-f]{64}")
_PREFIX = re.compile(r"^sha256=", re.I)


def webhook_secret(target: VendorTarget, data_key: str) -> str:
    """The secret a check registers: derived from the run's seed and the check on a sandbox (replay
    recomputes it), random live. Masked everywhere golive writes; never stored."""
    if target.controllable:
        secret = "whsec_" + hashlib.sha256(f"{target.data_seed}|{data_key}|webhook".encode()).hexdigest()[:32]
    else:
        secret = "whsec_" + secrets.token_hex(24)
    redactor.add(secret)
    return secret


def digest(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()


def decoded(value: str) -> bytes | None:
    """The 32 bytes a signature value carries (hex or base64, optional ``sha256=``), or None."""
    text = _PREFIX.sub("", value.strip())
    if _HEX.fullmatch(text):
        return bytes.fromhex(text)
    try:
        raw = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def signature_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Every header whose name contains "signature"."""
    return {name: value for name, value in headers.items() if "signature" in name.lower()}


def verifies(secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    """True when a signature header carries HMAC-SHA256(secret, body)."""
    expected = digest(secret, body)
    return any((got := decoded(value)) is not None and hmac.compare_digest(got, expected)
               for value in signature_headers(headers).values())
