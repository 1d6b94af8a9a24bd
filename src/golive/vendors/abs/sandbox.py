"""The embedded ABS partner warranty API (``shared/spec/vendors/abs.md``).

HTTP and auth live here; the data dictionary in ``records.py``, the tables and business
rules in ``store.py``. Deliberate deviations (``faults.py``) switch on with ``self.fault``.
"""
from __future__ import annotations

import json
import math
import secrets as random_secrets
from decimal import Decimal
from typing import Any

import jwt
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, request_response
from starlette.types import Receive, Scope, Send

from golive.sandbox.base import VendorSandbox
from golive.vendors.abs import records
from golive.vendors.abs.records import BY_REC, RECORD_TYPES, BadJson
from golive.vendors.abs.store import AbsStore

_NO_CLAIM_CHECKS: jwt.types.Options = {  # D-ABS-13: only the signature and the two documented claims
    "verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False, "verify_iss": False,
    "verify_sub": False, "verify_jti": False}


def _encode(content: Any) -> str:
    """Compact JSON; a ``Decimal`` (money, money-fixed-two-decimals variant) is written with two decimals."""
    if isinstance(content, Decimal):
        return f"{content:.2f}"
    if isinstance(content, dict):
        return "{" + ",".join(f"{_encode(str(k))}:{_encode(v)}" for k, v in content.items()) + "}"
    if isinstance(content, list | tuple):
        return "[" + ",".join(_encode(v) for v in content) + "]"
    return json.dumps(content, ensure_ascii=True, allow_nan=False)


def _json(content: Any, status: int = 200) -> Response:
    return Response(_encode(content), status_code=status, media_type="application/json")


def _is_json(content_type: str, strict: bool = False) -> bool:
    """``application/json`` or ``…/…+json``; ``strict`` (a variant): ``application/json`` only."""
    kind, _, sub = content_type.split(";")[0].strip().lower().partition("/")
    return (kind == "application" and sub == "json") or (not strict and bool(kind) and sub.endswith("+json"))


class _AnyMethod:
    """An ASGI endpoint that receives every method, so the sandbox itself answers 405."""

    def __init__(self, handler: Any) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class AbsSandbox(VendorSandbox):
    name = "abs"
    partner_id, company = "1001", "tirecompany"
    other_partner_id, other_company = "1002", "othercompany"
    registration_term_days = 1095

    def __init__(self, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> None:
        given = secrets or {}
        # company -> (partner id, secret); the secrets live as long as this instance, resets keep them
        self.partners = {
            self.company: (self.partner_id, given.get("secret") or random_secrets.token_hex(32)),
            self.other_company: (self.other_partner_id, given.get("other_secret") or random_secrets.token_hex(32)),
        }
        self.internal_errors: list[str] = []  # exceptions turned into 400s; always empty unless there is a bug
        super().__init__(faults, secrets)

    @property
    def term_days(self) -> int:
        """The registration term this sandbox applies (and says in its credentials)."""
        return 365 if self.fault("term-one-year") else self.registration_term_days

    def reset(self) -> None:
        super().reset()
        self.store = AbsStore(self.clock, self.term_days, self.fault)

    def credentials(self) -> dict[str, Any]:
        return {
            "partner_id": self.partner_id, "secret": self.partners[self.company][1], "company": self.company,
            "other_partner_id": self.other_partner_id, "other_secret": self.partners[self.other_company][1],
            "other_company": self.other_company, "registration_term_days": self.term_days,
        }

    def routes(self) -> list[BaseRoute]:
        return [Route("/v2/partners/{company}", _AnyMethod(self._endpoint))]

    # --- auth ----------------------------------------------------------------------

    def _authorize(self, request: Request, company: str) -> str | None:
        """The partner id of a valid token for ``company`` (or its ``_test`` twin), else None."""
        owner = self.partners.get(company.removesuffix("_test"))
        if owner is None:
            return None
        scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            claims = self._claims(token, owner[1])
        except Exception:  # malformed, bad signature, wrong algorithm, ...
            return None
        partner = claims.get("partnerid") if isinstance(claims, dict) else None
        if isinstance(partner, bool) or not isinstance(partner, str | int):
            return None
        partner = str(partner)
        allowed = {p for p, _ in self.partners.values()} if self.fault("accept-other-partner-company") else {owner[0]}
        if partner not in allowed:
            return None
        if claims.get("claimdate") in (None, "") and not self.fault("accept-missing-claimdate"):
            return None
        if "exp" in claims and not self.fault("accept-expired-token"):
            exp = claims["exp"]
            if isinstance(exp, bool) or not isinstance(exp, int | float) or not math.isfinite(exp):
                return None
            if exp <= self.clock.now().timestamp():
                return None
        return partner

    def _claims(self, token: str, secret: str) -> Any:
        alg = jwt.get_unverified_header(token).get("alg")
        if (alg == "none" and self.fault("accept-alg-none")) or (alg == "HS256" and self.fault("accept-bad-signature")):
            return jwt.decode(token, options={"verify_signature": False})
        if alg != "HS256":
            raise jwt.InvalidAlgorithmError(f"{alg!r} is not HS256")
        if self.fault("accept-other-partner-company"):  # verify with the secret of the partner the token names
            named = str(jwt.decode(token, options={"verify_signature": False}).get("partnerid"))
            secret = next((s for p, s in self.partners.values() if p == named), secret)
        return jwt.decode(token, secret, algorithms=["HS256"], options=_NO_CLAIM_CHECKS)

    # --- HTTP ----------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except Exception as exc:  # never a 5xx to client input; tests assert this list stays empty
            self.internal_errors.append(f"{request.method} {request.url.path}: {exc!r}")
            return _json([{"field": "request", "message": "the request could not be processed"}], 400)

    async def _handle(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return Response(status_code=405, headers={"Allow": "GET, POST"})
        company = request.path_params["company"]
        partner = self._authorize(request, company)
        owner = self.partners.get(company.removesuffix("_test"))
        if owner is None and self.fault("unknown-company-404"):
            return _json({"message": "Not Found: no such partner company"}, 404)
        if partner is None and request.method == "GET" and owner and self.fault("get-without-auth"):
            partner = owner[0]
        if partner is None and request.method == "POST" and self._company_checked_late(request, company):
            await self._post(request, company)  # written first, refused after
        if partner is None:
            return self._unauthorized("Unauthorized: check your Partner ID and JWT Token")
        if request.method == "GET":
            return self._get(request, company, partner)
        return await self._post(request, company)

    def _company_checked_late(self, request: Request, company: str) -> bool:
        """other-partner-write-applied: a token valid for another partner's company writes on this
        company's path before it is refused."""
        home = company.removesuffix("_test")
        return home in self.partners and self.fault("other-partner-write-applied") and any(
            self._authorize(request, other) for other in self.partners if other != home)

    def _unauthorized(self, message: str) -> Response:
        if self.fault("unauthorized-empty-body"):
            return Response(status_code=401)
        return _json({"message": message}, 401)

    def _error(self, name: str, message: str) -> dict[str, str]:
        if self.fault("error-fields-lowercase"):
            return {"field": name.lower(), "message": message.lower()}
        return {"field": name, "message": message}

    def _errors_out(self, errors: list[dict[str, Any]]) -> list[Any]:
        """A 400 body's elements: ``{index?, field, message}``, or ``{Field, Error}`` (error-body-objects)."""
        if self.fault("error-body-objects"):
            return [{"Field": e["field"], "Error": e["message"]} for e in errors]
        return errors

    def _partial_out(self, results: list[dict[str, Any]]) -> list[Any]:
        """A 206 body's elements: one object per record, or one sentence per record (error-body-objects)."""
        if not self.fault("error-body-objects"):
            return results
        return [f"Record {r['index']} accepted: ShopID {r['ShopID']}, InvoiceNumber {r['InvoiceNumber']}"
                if r["status"] == "accepted" else f"Record {r['index']} rejected: " + "; ".join(
                    f"{e['field']}: {e['message']}" for e in r["errors"]) for r in results]

    def _body_error(self, name: str, message: str, status: int = 400) -> Response:
        return _json(self._errors_out([self._error(name, message)]), status)

    def _envelope(self, document: Any) -> list[tuple[str, Any]] | None:
        """The (record-type key, batch) pairs of a body: exactly one, or (mixed-record-types) one or more."""
        if not isinstance(document, dict) or not document or any(k not in RECORD_TYPES for k in document):
            return None
        if len(document) != 1 and not self.fault("mixed-record-types"):
            return None
        return list(document.items())

    async def _post(self, request: Request, company: str) -> Response:
        content_type = request.headers.get("content-type", "")
        if not _is_json(content_type, self.fault("strict-application-json")) and not self.fault(
                "accept-non-json-content-type"):
            return self._body_error("Content-Type", "the body must be sent as application/json",
                                    415 if self.fault("content-type-415") else 400)
        try:
            document = records.parse_body(await request.body())
        except BadJson:
            return self._body_error("body", "the body is not valid UTF-8 JSON")
        envelope = self._envelope(document)
        if envelope is None:
            return self._body_error(
                "body", "the body must be a JSON object with one key: Registrations, Claims, Sales or Cancellations")
        for key, batch in envelope:
            if not isinstance(batch, list) or not batch:
                return self._body_error(key, f"{key} must be an array of one or more records")
        results: list[dict[str, Any]] = []
        seen: set[tuple[str, ...]] = set()  # registration keys of this batch (batch-duplicate-first-wins)
        for key, batch in envelope:
            rtype = RECORD_TYPES[key]
            for record in batch:
                values, errors = records.validate(rtype, record, self.fault)
                again = key == "Registrations" and self._seen(values, seen)
                if not errors and not again and (rejection := self.store.post(company, rtype, values)):
                    errors = [rejection]
                index = len(results)
                if errors:
                    errors = [self._error(e["field"], e["message"]) for e in errors]
                    results.append({"index": index, "status": "rejected", "errors": errors})
                else:
                    results.append({"index": index, "status": "accepted",
                                    "ShopID": records.key_text(values, "ShopID"),
                                    "InvoiceNumber": records.key_text(values, "InvoiceNumber")})
        accepted = sum(r["status"] == "accepted" for r in results)
        if accepted == len(results) or (accepted and self.fault("partial-as-200")):
            if self.fault("post-200-without-message"):
                return _json({"results": results})
            if self.fault("post-200-plain-text"):
                return Response("Successfully Posted", media_type="text/plain")
            if self.fault("post-200-json-string"):
                return _json("Successfully Posted")
            return _json({"message": "Successfully Posted", "results": results})
        if accepted or self.fault("all-rejected-as-206"):
            return _json(self._partial_out(results), 206)
        return _json(self._errors_out([{"index": r["index"], **e} for r in results for e in r["errors"]]), 400)

    def _seen(self, values: dict[str, Any], seen: set[tuple[str, ...]]) -> bool:
        """batch-duplicate-first-wins: True for a registration whose key came earlier in the same batch."""
        if not self.fault("batch-duplicate-first-wins"):
            return False
        key = (records.key_text(values, "ShopID"), records.key_text(values, "InvoiceNumber"))
        again = key in seen
        seen.add(key)
        return again

    def _get(self, request: Request, company: str, partner: str) -> Response:
        params: dict[str, str] = {}
        for name, value in request.query_params.multi_items():
            params.setdefault(name if self.fault("get-params-case-sensitive") else name.lower(), value)
        if "partnerid" not in params and self.fault("get-requires-partnerid"):
            return _json([{"field": "partnerid", "message": "partnerid is required"}], 400)
        if "partnerid" in params and params["partnerid"].strip() != partner:  # present, even empty (D-ABS-31)
            if self.fault("partnerid-mismatch-204"):
                return Response(status_code=204)
            return self._unauthorized("Unauthorized: partnerid is not the token's partner")
        rec = params.get("rec", "")
        rec = rec if self.fault("rec-values-lowercase-only") else rec.lower()
        missing = [] if rec in (*BY_REC, "registrationstatus") else [
            {"field": "rec", "message": "required: registrations, claims, sales, cancellations or registrationstatus"}]
        for name in ("ShopID", "InvoiceNumber"):
            if not params.get(name.lower()):
                missing.append({"field": name, "message": f"{name} is required"})
        if missing and self.fault("get-400-expected-object"):
            return _json({"message": "Required fields are missing", "expected": ["rec", "shopid", "invoicenumber"],
                          "optional": ["orgid", "partnerid"]}, 400)
        if missing:
            return _json(missing, 400)
        if self.fault("server-error-on-get"):
            return _json({"message": "internal server error"}, 500)
        found = self.store.find(company, rec, params["shopid"], params["invoicenumber"],
                                params.get("orgid") or None, partner)
        if not found:
            return _json({}) if self.fault("get-nomatch-200-empty-object") else Response(status_code=204)
        if len(found) == 1 and not self.fault("get-array-for-single"):
            return _json(found[0])
        return _json(found)
