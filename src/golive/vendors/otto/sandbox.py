"""The embedded Otto AI integration API (``shared/spec/vendors/otto.md``).

HTTP, auth and the rate limit live here; bodies and their rules in ``validation.py``,
records in ``store.py``, webhook deliveries in ``webhooks.py``, the window in
``ratelimit.py``. Deliberate deviations (``faults.py``) switch on with ``self.fault``.
"""
from __future__ import annotations

import json
import secrets as random_secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, request_response
from starlette.types import Receive, Scope, Send

from golive.sandbox.base import VendorSandbox
from golive.sandbox.clock import rfc3339
from golive.vendors.otto import validation as v
from golive.vendors.otto.ratelimit import RateLimiter
from golive.vendors.otto.store import OttoStore
from golive.vendors.otto.validation import NotJson, Rejected, field, text
from golive.vendors.otto.webhooks import Deliveries

DOCUMENTED_PREFIX = "/api/v1/integrations"
ENDPOINTS = {"customers": "customers/sync", "vehicles": "vehicles/sync", "leads": "leads/create",
             "calls": "calls/log", "webhooks": "webhooks/register"}
_EST = timezone(timedelta(hours=-5))


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(content, ensure_ascii=True), status, headers, media_type="application/json")


class _AnyMethod:
    """An ASGI endpoint that receives every method and path, so the sandbox itself answers 404 and 405."""

    def __init__(self, handler: Callable[[Request], Awaitable[Response]]) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class OttoSandbox(VendorSandbox):
    """Otto's seven endpoints under ``{base}/api/v1/integrations/``, bearer API keys, 100 requests/15 min."""

    name = "otto"

    def __init__(self, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> None:
        given = secrets or {}
        # the keys live as long as this instance; resets keep them
        self.api_keys = (given.get("api_key") or "otto_key_" + random_secrets.token_hex(20),
                         given.get("second_api_key") or "otto_key_" + random_secrets.token_hex(20))
        self.internal_errors: list[str] = []  # exceptions turned into 400s; always empty unless there is a bug
        super().__init__(faults, secrets)

    def reset(self) -> None:
        super().reset()
        self.store = OttoStore(self.clock, self.fault)
        self.limiter = RateLimiter(self.fault)
        self.deliveries = Deliveries(self.fault, self.outbox)

    def credentials(self) -> dict[str, Any]:
        return {"api_key": self.api_keys[0], "second_api_key": self.api_keys[1]}

    def routes(self) -> list[BaseRoute]:
        return [Route("/{path:path}", _AnyMethod(self._endpoint))]

    @property
    def prefix(self) -> str:
        """Where the endpoints are served (a variant: the document's base URL ``/v1/integrations``)."""
        return "/v1/integrations" if self.fault("base-v1-integrations") else DOCUMENTED_PREFIX

    # --- HTTP ----------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except Exception as exc:  # never a 5xx to client input; tests assert this list stays empty
            self.internal_errors.append(f"{request.method} {request.url.path}: {exc!r}")
            return self._error(400, "the request could not be processed")

    async def _handle(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        operation = path.removeprefix(self.prefix + "/") if path.startswith(self.prefix + "/") else None
        key = self._api_key(request)
        if key is None and not (operation == "health" and self.fault("health-without-key")):
            return self._error(401, "Unauthorized: send a valid API key as Authorization: Bearer <key>",
                               {"WWW-Authenticate": "Bearer"})
        if key is not None and (retry_after := self.limiter.admit(key, self.clock.now())) is not None:
            if self.fault("rate-limit-403"):
                return self._error(403, "Forbidden: rate limit exceeded")
            headers = {} if self.fault("no-retry-after") else {"Retry-After": str(retry_after)}
            return self._error(429, "Too many requests: the limit is 100 requests per 15 minutes per API key",
                               headers)
        if operation == "health" or operation == "webhooks/events":
            if request.method != "GET":
                return self._error(405, "Method not allowed", {"Allow": "GET"})
            return self._health() if operation == "health" else _json(
                {"success": True, "events": self.deliveries.catalogue()})
        post = {"customers/sync": self._customers_sync, "vehicles/sync": self._vehicles_sync,
                "leads/create": self._leads_create, "calls/log": self._calls_log,
                "webhooks/register": self._webhooks_register}.get(operation or "")
        if post is None:
            return self._error(404, f"Not found: {path}")
        if request.method != "POST":
            return self._error(405, "Method not allowed", {"Allow": "POST"})
        try:
            return await post(v.parse(await request.body()))
        except NotJson as exc:
            return self._error(415 if self.fault("non-json-415") else 400, str(exc))
        except Rejected as exc:
            if exc.unknown:
                return self._error(422 if self.fault("unknown-customer-422") else 404, exc.message)
            return self._error(422 if self.fault("validation-422") else 400, exc.message)

    def _api_key(self, request: Request) -> str | None:
        """The API key of ``Authorization: Bearer <key>``, or None (missing, unknown, another scheme)."""
        scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token:
            return token if token in self.api_keys or self.fault("unknown-key-accepted") else None
        if self.fault("other-schemes-accepted"):
            return next((c for c in (token, scheme, request.headers.get("x-api-key", "")) if c in self.api_keys),
                        None)
        return None

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        body = {"error": message} if self.fault("error-envelope-without-success") else {
            "success": False, "message": message}
        return _json(body, status, headers)

    def _ok(self, message: str, data: dict[str, Any]) -> Response:
        return _json({"success": True, "message": message, "data": data}, 201 if self.fault("created-201") else 200)

    def _stamp(self) -> str:
        """Now on the vendor clock: RFC 3339 UTC with milliseconds and ``Z``, as the document's examples."""
        now = self.clock.now()
        if self.fault("timestamps-local-offset"):
            return now.astimezone(_EST).isoformat(timespec="milliseconds")
        if self.fault("whole-second-timestamps"):
            return rfc3339(now)
        return now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _given(self, value: Any) -> Any:
        """A documented response key: the value sent, or null when not sent (a variant: "" for strings)."""
        return value if value is not None else "" if self.fault("absent-as-empty-string") else None

    # --- operations ----------------------------------------------------------------------

    def _health(self) -> Response:
        root = "" if self.fault("health-endpoints-relative") else DOCUMENTED_PREFIX
        return _json({"status": "healthy", "version": "1.0.0", "timestamp": self._stamp(),
                      "endpoints": {name: f"{root}/{path}" for name, path in ENDPOINTS.items()}})

    async def _customers_sync(self, document: Any) -> Response:
        body = v.json_object(document)
        v.check_sync(body, v.CUSTOMER, types=not self.fault("types-not-checked"),
                     external_id_optional=self.fault("missing-external-id-accepted"))
        ident = self.store.sync("otto_", body)
        return self._ok("Customer synced successfully", {
            "id": ident, "externalId": body.get("externalId"), "firstName": self._given(body.get("firstName")),
            "lastName": self._given(body.get("lastName")), "syncedAt": self._stamp(),
            "source": self._given(field(body, "metadata", "source"))})

    async def _vehicles_sync(self, document: Any) -> Response:
        body = v.json_object(document)
        v.check_sync(body, v.VEHICLE, types=not self.fault("types-not-checked"),
                     external_id_optional=self.fault("missing-external-id-accepted"))
        ident = self.store.sync("otto_vehicle_", body)
        year = body.get("year")
        return self._ok("Vehicle synced successfully", {
            "id": ident, "externalId": body.get("externalId"), "vin": self._given(body.get("vin")),
            "make": self._given(body.get("make")), "model": self._given(body.get("model")),
            "year": str(year) if year is not None and self.fault("year-read-back-as-string") else year,
            "syncedAt": self._stamp()})

    def _customer(self, body: dict[str, Any]) -> dict[str, Any]:
        """The synced customer a lead or call names; Rejected (unknown) when no sync returned that id."""
        customer = self.store.customers.get(body["customerId"])
        if customer is None and not self.fault("unknown-customer-accepted"):
            raise Rejected(f"customerId {body['customerId']!r} is not a synced customer's id", unknown=True)
        return customer or {}

    async def _leads_create(self, document: Any) -> Response:
        body = v.json_object(document)
        v.check_activity(body, v.LEAD)
        self._customer(body)
        ident, created = self.store.new_id("otto_lead_"), self._stamp()
        status = "open" if self.fault("lead-status-open") else "new"
        self.store.leads[ident] = {**body, "status": status, "createdAt": created}
        await self.deliveries.emit(self.store.webhooks, [("lead.created", {
            "leadId": ident, "customerId": body["customerId"], "status": status, "priority": text(body.get("priority")),
            "source": text(body.get("source")), "vehicleInterest": text(body.get("vehicleInterest")),
            "createdAt": created})], created)
        return self._ok("Lead created successfully", {
            "id": ident, "customerId": body["customerId"], "status": status,
            "priority": self._given(body.get("priority")), "createdAt": created})

    async def _calls_log(self, document: Any) -> Response:
        if self.fault("server-error-on-calls"):
            return _json({"success": False, "message": "Internal server error"}, 500)
        body = v.json_object(document)
        v.check_activity(body, v.CALL)
        customer = self._customer(body)
        ident, stamp, duration = self.store.new_id("otto_call_"), self._stamp(), body.get("duration", 0)
        self.store.calls[ident] = {**body, "duration": duration, "timestamp": stamp}
        who = {"callId": ident, "customerId": body["customerId"]}
        started = {**who, "phoneNumber": text(customer.get("phone")), "timestamp": stamp}
        if self.fault("call-started-without-phone"):
            del started["phoneNumber"]
        events = [("call.started", started), ("call.completed", {
            **who, "duration": str(duration) if self.fault("duration-as-string-in-delivery") else duration,
            "transcript": text(body.get("transcript")), "sentiment": text(body.get("sentiment")),
            "outcome": text(body.get("outcome"))})]
        if body.get("outcome") == "appointment_scheduled":
            events.append(("appointment.scheduled",
                           {**who, "appointmentTime": text(field(body, "metadata", "appointmentTime"))}))
        await self.deliveries.emit(self.store.webhooks, events, stamp)
        return self._ok("Call logged successfully", {
            "id": ident, "customerId": body["customerId"], "duration": duration,
            "sentiment": self._given(body.get("sentiment")), "timestamp": stamp})

    async def _webhooks_register(self, document: Any) -> Response:
        body = v.json_object(document)
        v.check_webhook(body, self.deliveries.known, secret_optional=self.fault("webhook-secret-optional"))
        hook = {"id": self.store.new_id("webhook_"), "url": body["url"], "events": body["events"],
                "active": True, "createdAt": self._stamp()}
        self.store.webhooks.append({**hook, "secret": body.get("secret", "")})
        if self.fault("secret-echoed"):
            hook["secret"] = body.get("secret", "")
        return self._ok("Webhook registered successfully", hook)
