"""The embedded OTR Solutions API (``shared/spec/vendors/otr.md``).

The subscription key, tokens and the six operations live here; request reading and answer
shapes in ``wire.py``, the state in ``store.py``. Deliberate deviations (``faults.py``)
switch on with ``self.fault``.
"""
from __future__ import annotations

import hmac
import math
import secrets as random_secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, request_response
from starlette.types import Receive, Scope, Send

from golive.sandbox.base import VendorSandbox
from golive.vendors.otr import wire
from golive.vendors.otr.store import KNOWN_DOT, KNOWN_MC, PROSPECT_KEYS, USER_CLIENT_ID, OtrStore, stable_uuid
from golive.vendors.otr.wire import LEAD_FIELDS, NO_STORE, message

Handler = Callable[[Request], Awaitable[Response]]

KEY_HEADER = "ocp-apim-subscription-key"
TOKEN_LIFETIME = 7199
DENIED = "Authorization has been denied for this request."
MISSING_KEY = ("Access denied due to missing subscription key. Make sure to include subscription key when making "
               "requests to an API.")
INVALID_KEY = ("Access denied due to invalid subscription key. Make sure to provide a valid key for an active "
               "subscription.")


class _AnyMethod:
    """An ASGI endpoint that receives every method: the sandbox checks the key first, then answers 405 itself."""

    def __init__(self, handler: Handler) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class OtrSandbox(VendorSandbox):
    name = "otr"
    default_username = "integration@golive-partner.com"

    def __init__(self, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> None:
        given = secrets or {}
        # live as long as this instance: resets keep them
        self.subscription_key = given.get("subscription_key") or random_secrets.token_hex(16)
        self.username = given.get("username") or self.default_username
        self.password = given.get("password") or random_secrets.token_urlsafe(18)
        self.internal_errors: list[str] = []  # exceptions turned into 400s; always empty unless there is a bug
        super().__init__(faults, secrets)

    def reset(self) -> None:
        super().reset()
        self.store = OtrStore()

    def credentials(self) -> dict[str, Any]:
        return {"subscription_key": self.subscription_key, "username": self.username, "password": self.password,
                "known_dot": KNOWN_DOT, "known_mc": KNOWN_MC}

    def leads(self) -> list[dict[str, Any]]:
        return [dict(lead) for lead in self.store.leads]

    def routes(self) -> list[BaseRoute]:
        operations = [("/token", "POST", self._token), ("/token/claims", "GET", self._claims),
                      ("/prospects/authority", "GET", self._authority), ("/leads", "POST", self._lead),
                      ("/accounts", "POST", self._account), ("/prospects/verification", "POST", self._verification)]
        return [Route(path, _AnyMethod(self._guarded(path, method, handler))) for path, method, handler in operations]

    # --- every call ------------------------------------------------------------------

    def _guarded(self, path: str, method: str, handler: Handler) -> Handler:
        """``handler`` behind the subscription key and the method check; never a 5xx from an exception."""

        async def endpoint(request: Request) -> Response:
            try:
                refusal = self._key_refusal(request, path)
                if refusal:
                    return refusal
                if request.method != method:
                    return Response(status_code=405, headers={"Allow": method})
                return await handler(request)
            except Exception as exc:  # tests assert this list stays empty
                self.internal_errors.append(f"{request.method} {request.url.path}: {exc!r}")
                return message(400, "the request could not be processed")

        return endpoint

    def _key_refusal(self, request: Request, path: str) -> Response | None:
        """APIM's 401 for a missing or unknown subscription key, else None."""
        key = request.headers.get(KEY_HEADER, "")
        if not key:
            unchecked = (path == "/token" and self.fault("token-without-subscription-key")) or (
                path == "/token/claims" and self.fault("claims-without-subscription-key"))
            return None if unchecked else JSONResponse({"statusCode": 401, "message": MISSING_KEY}, 401)
        if hmac.compare_digest(key.encode(), self.subscription_key.encode()) or self.fault(
                "unknown-subscription-key-accepted"):
            return None
        return JSONResponse({"statusCode": 401, "message": INVALID_KEY}, 401)

    def _bearer_claims(self, request: Request) -> dict[str, Any] | None:
        """The claims of the request's valid, unexpired bearer token, else None."""
        scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.store.claims(token.strip(), self.clock.now())

    # --- token -----------------------------------------------------------------------

    async def _token(self, request: Request) -> Response:
        fields = wire.token_fields(request, await request.body(), self.fault)
        if fields is None:
            return wire.grant_error("invalid_request", "the body must be form-encoded (or JSON), each parameter "
                                                       "once", self.fault)
        grant = fields.get("grant_type") or "password"
        if grant == "password":
            return self._password_grant(fields)
        if grant == "refresh_token" and not self.fault("refresh-grant-unsupported"):
            return self._refresh_grant(fields)
        return wire.grant_error("unsupported_grant_type", f"grant_type {grant!r} is not supported", self.fault)

    def _password_grant(self, fields: dict[str, str]) -> Response:
        username, password = fields.get("username", ""), fields.get("password", "")
        if not username or (not password and not self.fault("missing-password-accepted")):
            return wire.grant_error("invalid_request", "username and password are required", self.fault)
        password_ok = not password or self.fault("wrong-password-accepted") or hmac.compare_digest(
            password.encode(), self.password.encode())  # no password gets here only with missing-password-accepted
        if username != self.username or not password_ok:
            return wire.grant_error("invalid_grant", "The user name or password is incorrect.", self.fault,
                                    401 if self.fault("wrong-password-401") else 400)
        return self._issue(self._user_claims())

    def _refresh_grant(self, fields: dict[str, str]) -> Response:
        refresh = fields.get("refresh_token", "")
        if not refresh:
            return wire.grant_error("invalid_request", "refresh_token is required", self.fault)
        tokens = self.store.refresh
        claims = tokens.get(refresh) if self.fault("refresh-token-reusable") else tokens.pop(refresh, None)
        if claims is None:
            return wire.grant_error("invalid_grant", "the refresh token is unknown or used", self.fault)
        return self._issue(claims)

    def _user_claims(self) -> dict[str, Any]:
        roles = ["Client Admin", "Onboarding"] if self.fault("claims-several-roles") else ["Client Admin"]
        if self.fault("claims-per-token"):
            n = self.store.tokens_issued + 1
            return {"userID": stable_uuid("token-user", n), "clientID": USER_CLIENT_ID + n, "roles": roles}
        return {"userID": stable_uuid("user", self.username), "clientID": USER_CLIENT_ID, "roles": roles}

    def _issue(self, claims: dict[str, Any]) -> Response:
        lifetime = 86400 if self.fault("expires-in-over-two-hours") else (
            3600 if self.fault("token-lifetime-3600") else TOKEN_LIFETIME)
        honoured = math.inf if self.fault("token-never-expires") else lifetime + (
            300 if self.fault("token-expires-late") else -60 if self.fault("token-expires-early") else 0)
        access, refresh = self.store.issue(self.clock.now(), honoured, claims)
        expires_in: int | str = 0 if self.fault("expires-in-zero") else (
            str(lifetime) if self.fault("expires-in-string") else lifetime)
        body: dict[str, Any] = {"access_token": access, "token_type": "bearer", "expires_in": expires_in,
                                "refresh_token": refresh}
        if self.fault("token-type-capitalised"):
            body["token_type"] = "Bearer"
        if self.fault("token-type-missing"):
            del body["token_type"]
        if self.fault("refresh-token-missing"):
            del body["refresh_token"]
        return JSONResponse(body, headers=NO_STORE)

    async def _claims(self, request: Request) -> Response:
        claims = self._bearer_claims(request)
        if claims is None:
            return JSONResponse({"message": DENIED}, 401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if self.fault("claims-server-error"):
            return message(500, "An error has occurred.")
        body = dict(claims)
        if self.fault("claims-roles-missing"):
            del body["roles"]
        if self.fault("claims-clientid-string"):
            body["clientID"] = str(body["clientID"])
        if self.fault("claims-key-case"):
            body = {"userId": body.pop("userID"), "clientId": body.pop("clientID"), **body}
        return JSONResponse(body)

    # --- authority lookup and leads --------------------------------------------------

    async def _authority(self, request: Request) -> Response:
        is_test = wire.is_test(request, self.fault)
        if is_test is None:
            return message(400, "isTest must be true or false")
        if self.fault("lookup-needs-bearer") and self._bearer_claims(request) is None:
            return message(401, DENIED)
        dot, mc = (request.query_params.get(name, "").strip() for name in ("dot", "mc"))
        if not dot and not mc:
            if self.fault("authority-neither-200"):
                return JSONResponse(dict.fromkeys(PROSPECT_KEYS))
            return message(400, "Either DOT OR MC are required")
        if not dot and self.fault("mc-lookup-unsupported"):
            return message(400, "dot is required")
        prospect = self.store.find(dot, mc, prefer_mc=self.fault("both-dot-and-mc-by-mc"))
        if prospect is None:
            return self._no_authority(dot or mc)
        if not self.fault("lookup-records-no-lead"):
            self.store.leads.append({
                "email": prospect["Email"], "first_name": prospect["FirstName"], "last_name": prospect["LastName"],
                "company": prospect["Company"], "phone": prospect["Phone"], "isTest": is_test,
                "source": "authority-lookup"})
        return JSONResponse(wire.shown_prospect(prospect, self.fault))

    def _no_authority(self, number: str) -> Response:
        if self.fault("authority-unknown-200-empty-object"):
            return JSONResponse({})
        if self.fault("authority-unknown-204"):
            return Response(status_code=204)
        if self.fault("authority-unknown-200-empty-fields"):
            return JSONResponse(dict.fromkeys(PROSPECT_KEYS))
        return message(404, f"No authority found for {number}")

    async def _lead(self, request: Request) -> Response:
        is_test = wire.is_test(request, self.fault)
        if is_test is None:
            return message(400, "isTest must be true or false")
        body = wire.json_object(await request.body())
        if body is None:
            return message(400, "the body must be a JSON object")
        problem = wire.lead_problem(body, self.fault)
        if problem:
            return message(400, problem)
        if not self.fault("lead-not-recorded"):
            self.store.leads.append({**{name: body.get(name) for name in LEAD_FIELDS}, "isTest": is_test,
                                     "source": "lead"})
        return wire.lead_answer(self.fault)

    # --- accounts and verification ---------------------------------------------------

    def _unknown_cab(self, cab_id: str) -> Response:
        return message(400 if self.fault("unknown-cab-id-400") else 404, f"No prospect with CAB id {cab_id}")

    async def _account(self, request: Request) -> Response:
        cab_id = await wire.cab_id(request)
        if not cab_id:
            return message(400, "cab-id is required")
        if self.store.by_cab(cab_id) is None:
            if self.fault("account-unknown-cab-201"):
                return JSONResponse({"cabId": cab_id, "clientID": self.store.next_client_id()}, 201)
            return self._unknown_cab(cab_id)
        if cab_id in self.store.accounts:
            if self.fault("account-duplicate-idempotent"):
                return JSONResponse({"cabId": cab_id, "clientID": self.store.accounts[cab_id]})
            return message(400 if self.fault("account-duplicate-400") else 409,
                           f"An account already exists for CAB id {cab_id}")
        client_id = self.store.open_account(cab_id)
        return JSONResponse({"cabId": cab_id, "clientID": client_id}, 200 if self.fault("account-created-200") else 201)

    async def _verification(self, request: Request) -> Response:
        cab_id = await wire.cab_id(request)
        if not cab_id:
            return message(400, "cab-id is required")
        prospect = self.store.by_cab(cab_id)
        if prospect is None:
            return self._unknown_cab(cab_id)
        sent = self.store.verify(cab_id, resend_same=self.fault("verification-resend-same-code"))
        code = sent.code[:5] if self.fault("verification-code-five-digits") else sent.code
        if not self.fault("verification-no-email"):
            self.outbox.append({"to": prospect["Email"], "cabId": cab_id, "code": code})
        verification_id = sent.verification_id
        if self.fault("verification-id-opaque"):
            verification_id = verification_id.replace("-", "")
        return JSONResponse({
            "email": prospect["Email"],
            "cabId": cab_id.removeprefix("CAB-") if self.fault("verification-cabid-wrong") else cab_id,
            "verificationId": code if self.fault("verification-id-is-code") else verification_id})
