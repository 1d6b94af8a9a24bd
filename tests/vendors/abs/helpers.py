"""An in-process ABS sandbox and the requests golive's own abs tests make (abs-only helpers)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import jwt

from golive.sandbox.server import build_app
from golive.vendors.abs.sandbox import AbsSandbox
from sandbox_client import SyncASGI

EXAMPLES = Path(__file__).resolve().parents[3] / "src/golive/vendors/abs/examples"
BASE = "/abs/v2/partners/tirecompany"
TEST = BASE + "_test"
DAY = 86400


def example(name: str) -> Any:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


class Abs:
    """One sandbox behind an in-process httpx client, and the requests the tests make."""

    def __init__(self, faults: tuple[str, ...] = ()) -> None:
        self.sandbox = AbsSandbox(faults=frozenset(faults))
        self.http = httpx.Client(transport=SyncASGI(build_app([self.sandbox])), base_url="http://testserver")
        self.creds = self.sandbox.credentials()  # over HTTP in test_credentials_reset_and_clock
        self.today = self.sandbox.clock.now().date().isoformat()

    def now(self) -> str:
        return self.http.get("/abs/_sandbox/clock").json()["now"]

    def advance(self, seconds: float) -> None:
        assert self.http.post("/abs/_sandbox/clock", json={"advance_seconds": seconds}).status_code == 200

    def token(self, secret: str | None = None, alg: str = "HS256", **claims: Any) -> str:
        claims = {"partnerid": 1001, "claimdate": "2026-01-01T00:00:00Z", "iat": 0, **claims}
        payload = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(payload, secret or self.creds["secret"], algorithm=alg)

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"authorization": f"Bearer {token or self.token()}"}

    def post(self, key: str, *recs: dict, path: str = BASE, headers: dict | None = None):
        return self.http.post(path, json={key: list(recs)}, headers=self.auth() if headers is None else headers)

    def get(self, rec: str, shop: str = "005308", inv: str = "INV-1", path: str = BASE,
            headers: dict | None = None, **params: str):
        query = {"rec": rec, "shopid": shop, "invoicenumber": inv, "partnerid": "1001", **params}
        return self.http.get(path, params=query, headers=self.auth() if headers is None else headers)

    def one(self, rec: str, shop: str = "005308", inv: str = "INV-1", **kw: Any) -> Any:
        response = self.get(rec, shop, inv, **kw)
        return response.json() if response.status_code == 200 else response.status_code

    def status(self, **kw: Any) -> Any:
        return self.one("registrationstatus", **kw)

    def reg(self, **over: Any) -> dict:
        return {"ShopID": "005308", "InvoiceNumber": "INV-1", "PlanEnrollDate": self.today, "EmployeeID": "E1",
                "CustomerID": "C1", "TiresCovered": 4, "TPPPrice": 99.5, "TireBrand": "NIT", "TireSize": "2656518",
                "TirePrice": 188.99, "TireCost": 105.98, **over}

    def registered(self, **over: Any) -> dict:
        record = self.reg(**over)
        assert self.post("Registrations", record).status_code == 200
        return record


def claim(**over: Any) -> dict:
    return {"ShopID": "005308", "InvoiceNumber": "INV-1", "ClaimDate": "2026-01-27", "RepairShopID": "R1",
            "RepairInvoiceNumber": "RI-1", "TireClaimCount": 1, "CreditAmount": 64.04, "CostPerUnit": 60.00,
            "TireBrand": "SUM", "TireSize": "2356018", "TireCost": 58.00, **over}


def cancel(**over: Any) -> dict:
    return {"ShopID": "005308", "InvoiceNumber": "INV-1", "CancelShopID": "C9", "CancelInvoiceNumber": "CI-1",
            "TireCancelCount": 1, "CancelDate": "2026-01-27", **over}


def sale(**over: Any) -> dict:
    return {"ShopID": "005308", "InvoiceNumber": "S-1", "SaleDate": "2026-01-27", "TireCount": 4, "TireBrand": "SUM",
            "TireSize": "2356018", "TirePrice": 225.09, "TireCost": 195.09, **over}


def forged(header: dict, payload: dict, key: bytes) -> str:
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=")  # noqa: E731
    signing = enc(header) + b"." + enc(payload)
    sig = base64.urlsafe_b64encode(hmac.new(key, signing, hashlib.sha256).digest()).rstrip(b"=")
    return (signing + b"." + sig).decode()


def expired_token(a: Abs) -> dict:
    return a.auth(a.token(exp=datetime.fromisoformat(a.now()).timestamp() - 5))
