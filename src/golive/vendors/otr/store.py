"""The OTR sandbox's state: the seeded prospect, leads, accounts, tokens and verifications.

Ids that appear in answers (userID, clientID, verificationId, codes) come from counters
and a fixed namespace, so a recorded run replays; only the tokens are random (secrets).
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

NAMESPACE = uuid.UUID("6f1c2a8e-0b7d-4c55-9a3e-5d2f0e4b8c71")
KNOWN_DOT, KNOWN_MC = "2718281", "918273"
USER_CLIENT_ID = 150317
FIRST_ACCOUNT_CLIENT_ID = 200001
PROSPECT_KEYS = ("CabId", "FirstName", "LastName", "Company", "Street", "City", "PostalCode", "StateCode",
                 "CountryCode", "Phone", "MobilePhone", "Email", "MotorCarrierNumber", "DotNumber", "DbaName")


def stable_uuid(kind: str, name: object) -> str:
    """A UUID that is the same in every run for the same (kind, name)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


def seeded_prospect() -> dict[str, str]:
    """The one authority the sandbox knows (otr.md, "Seeded prospect")."""
    return {
        "CabId": "CAB-104729", "FirstName": "Dana", "LastName": "Whitfield", "Company": "Red Rock Freight LLC",
        "Street": "4100 W Industrial Blvd", "City": "Phoenix", "PostalCode": "85009", "StateCode": "AZ",
        "CountryCode": "US", "Phone": "6025550142", "MobilePhone": "6025550199",
        "Email": "dispatch@redrockfreight.com", "MotorCarrierNumber": KNOWN_MC, "DotNumber": KNOWN_DOT,
        "DbaName": "Red Rock Freight",
    }


@dataclass(frozen=True)
class AccessToken:
    issued: datetime
    lifetime: float  # seconds it is honoured (math.inf: never expires)
    claims: dict[str, Any]


@dataclass(frozen=True)
class Verification:
    code: str
    verification_id: str


class OtrStore:
    """Everything a reset throws away."""

    def __init__(self) -> None:
        self.prospects = [seeded_prospect()]
        self.leads: list[dict[str, Any]] = []
        self.accounts: dict[str, int] = {}  # CAB id -> clientID
        self.access: dict[str, AccessToken] = {}
        self.refresh: dict[str, dict[str, Any]] = {}  # refresh token -> the claims of its user
        self.verifications: dict[str, Verification] = {}  # CAB id -> the latest one sent
        self.tokens_issued = 0
        self.verifications_sent = 0
        self.client_ids_given = 0

    # --- prospects and accounts ------------------------------------------------------

    def find(self, dot: str, mc: str, prefer_mc: bool) -> dict[str, str] | None:
        """The prospect with this DOT or MC number; with both, by DOT (or by MC: ``prefer_mc``)."""
        key, value = ("MotorCarrierNumber", mc) if mc and (prefer_mc or not dot) else ("DotNumber", dot)
        return next((p for p in self.prospects if p[key] == value), None)

    def by_cab(self, cab_id: str) -> dict[str, str] | None:
        return next((p for p in self.prospects if p["CabId"] == cab_id), None)

    def next_client_id(self) -> int:
        self.client_ids_given += 1
        return FIRST_ACCOUNT_CLIENT_ID + self.client_ids_given - 1

    def open_account(self, cab_id: str) -> int:
        self.accounts[cab_id] = self.next_client_id()
        return self.accounts[cab_id]

    # --- tokens ----------------------------------------------------------------------

    def issue(self, now: datetime, lifetime: float, claims: dict[str, Any]) -> tuple[str, str]:
        """A new (access token, refresh token) pair for the user with ``claims``."""
        self.tokens_issued += 1
        access, refresh = secrets.token_urlsafe(96), secrets.token_hex(16)
        self.access[access] = AccessToken(now, lifetime, claims)
        self.refresh[refresh] = claims
        return access, refresh

    def claims(self, access: str, now: datetime) -> dict[str, Any] | None:
        """The claims of a known access token still inside its lifetime, else None."""
        token = self.access.get(access)
        if token is None or (now - token.issued).total_seconds() >= token.lifetime:
            return None
        return token.claims

    # --- verification ----------------------------------------------------------------

    def verify(self, cab_id: str, resend_same: bool) -> Verification:
        """A new 6-digit code and verification id (or, ``resend_same``, the last ones again)."""
        if resend_same and cab_id in self.verifications:
            return self.verifications[cab_id]
        self.verifications_sent += 1
        digest = hashlib.sha256(f"{cab_id}:{self.verifications_sent}".encode()).hexdigest()
        sent = Verification(f"{int(digest, 16) % 10**6:06d}", stable_uuid("verification", self.verifications_sent))
        self.verifications[cab_id] = sent
        return sent
