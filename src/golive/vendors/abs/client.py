"""The ABS partner API as the suite calls it: tokens (D-ABS-13), POST and GET on the partner URL.

Every request goes through ``target.http`` (evidence, 5xx and credential verdicts).
Writes go to ``{company}_test`` unless a step names another company; a write to a
production company needs ``--allow-production`` on a live target (interface.md §9).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import warnings
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt

from golive.redact import redactor
from golive.types import VendorTarget
from golive.verdict import NotOnThisTarget

DEFAULT: Any = object()  # "the suite's own value" (token, partnerid)
KINDS = {"registration": "Registrations", "claim": "Claims", "sale": "Sales", "cancellation": "Cancellations"}
RECS = {"registration": "registrations", "claim": "claims", "sale": "sales", "cancellation": "cancellations"}
_PARAMS = {
    "canonical": {"org_id": "OrgID", "shop_id": "ShopID", "invoice_number": "InvoiceNumber"},
    "lower": {"org_id": "orgid", "shop_id": "shopid", "invoice_number": "invoicenumber"},
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def bearer(token: str) -> str:
    return f"Bearer {token}"


class AbsClient:
    """One partner identity on one ABS target."""

    def __init__(self, target: VendorTarget) -> None:
        self.target = target
        credentials = target.credentials
        self.partner_id = str(credentials["partner_id"])
        self.company = str(credentials["company"])
        self.secret = str(credentials["secret"])
        self._token: str | None = None

    @property
    def test_company(self) -> str:
        return f"{self.company}_test"

    @property
    def own_companies(self) -> tuple[str, str]:
        return self.company, self.test_company

    # -- tokens (D-ABS-13) ----------------------------------------------------------------
    def claims(self, partner_id: str | None = None) -> dict[str, Any]:
        """partnerid (a JSON number when all digits), claimdate (UTC RFC 3339), iat; no exp."""
        pid = self.partner_id if partner_id is None else str(partner_id)
        now = datetime.now(UTC)
        return {"partnerid": int(pid) if pid.isdigit() else pid, "claimdate": _rfc3339(now),
                "iat": int(now.timestamp())}

    def token(self, *, secret: str | None = None, algorithm: str = "HS256", drop: tuple[str, ...] = (),
              header_alg: str | None = None, **overrides: Any) -> str:
        """A JWT. ``algorithm`` "none" gives an unsigned token; ``header_alg`` (e.g. "RS256") signs
        HS256 with the secret but announces another algorithm (key confusion)."""
        pid = overrides.get("partnerid")
        if isinstance(pid, str) and pid.isdigit():
            overrides["partnerid"] = int(pid)
        payload = {**self.claims(), **overrides}
        for name in drop:
            payload.pop(name, None)
        key = (self.secret if secret is None else secret).encode("utf-8")
        if algorithm == "none" or header_alg:
            head = _b64(json.dumps({"alg": header_alg or "none", "typ": "JWT"}, separators=(",", ":")).encode())
            body = _b64(json.dumps(payload, separators=(",", ":")).encode())
            signature = "" if algorithm == "none" else _b64(
                hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
            minted = f"{head}.{body}.{signature}"
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the vendor chose the secret's length
                minted = jwt.encode(payload, key, algorithm=algorithm)
        redactor.add(minted)
        return minted

    def default_token(self) -> str:
        if self._token is None:
            self._token = self.token()
        return self._token

    # -- requests -------------------------------------------------------------------------
    def path(self, company: str | None = None) -> str:
        return f"/v2/partners/{self.test_company if company is None else company}"

    def _auth(self, authorization: Any) -> tuple[dict[str, str], bool]:
        if authorization is DEFAULT:
            return {"authorization": bearer(self.default_token())}, True
        return ({} if authorization is None else {"authorization": authorization}), False

    def post(self, body: Any, *, company: str | None = None, authorization: Any = DEFAULT,
             content_type: str | None = "application/json", headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a body (dict/list → JSON; str/bytes sent as is) to the partner URL."""
        company = self.test_company if company is None else company
        if not company.endswith("_test") and not self.target.allows_production_writes():
            raise NotOnThisTarget(f"writing to the production company {company!r} needs --allow-production")
        auth, real = self._auth(authorization)
        sent = {**auth, **({"content-type": content_type} if content_type else {}), **(headers or {})}
        content = json.dumps(body).encode("utf-8") if isinstance(body, dict | list) else body
        content = content.encode("utf-8") if isinstance(content, str) else content
        return self.target.http.request("POST", self.path(company), content=content or b"", headers=sent,
                                        own_credentials=real and company in self.own_companies)

    def send(self, kind: str, records: list[dict[str, Any]] | dict[str, Any], **kw: Any) -> httpx.Response:
        """POST records of one kind (registration|claim|sale|cancellation) under its body key."""
        records = [records] if isinstance(records, dict) else records
        return self.post({KINDS.get(kind, kind): records}, **kw)

    def get(self, rec: str | None, shop_id: str | None, invoice_number: str | None, *, org_id: str | None = None,
            partnerid: Any = DEFAULT, company: str | None = None, spelling: str = "canonical",
            authorization: Any = DEFAULT, params: dict[str, Any] | None = None,
            lower_headers: bool = False) -> httpx.Response:
        """GET ?rec=…&partnerid=…&ShopID=…&InvoiceNumber=… (``None`` leaves a parameter out).

        Headers as documented for GET (``Authorization``, ``content-type``), or all in lower
        case (D-X-05)."""
        names = _PARAMS[spelling]
        query: dict[str, Any] = {"rec": RECS.get(rec, rec) if rec is not None else None,
                                 "partnerid": self.partner_id if partnerid is DEFAULT else partnerid,
                                 names["org_id"]: org_id, names["shop_id"]: shop_id,
                                 names["invoice_number"]: invoice_number, **(params or {})}
        query = {k: v for k, v in query.items() if v is not None}
        company = self.test_company if company is None else company
        auth, real = self._auth(authorization)
        name = "authorization" if lower_headers else "Authorization"
        sent = {"content-type": "application/json", **({name: auth["authorization"]} if auth else {})}
        own = real and company in self.own_companies and partnerid is DEFAULT
        return self.target.http.request("GET", self.path(company), params=query, headers=sent, own_credentials=own)

    def status(self, shop_id: str | None, invoice_number: str | None, **kw: Any) -> httpx.Response:
        """GET ?rec=registrationstatus (called just like GET Registration)."""
        return self.get("registrationstatus", shop_id, invoice_number, **kw)

    def read(self, kind: str, record: dict[str, Any], **kw: Any) -> httpx.Response:
        """Read a posted record back by its ShopID and InvoiceNumber (a claim's: its registration's)."""
        return self.get(kind, record.get("ShopID"), record.get("InvoiceNumber"), **kw)
