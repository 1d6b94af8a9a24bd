"""The embedded Transportial OTMS custom integration API (``shared/spec/vendors/tms.md``).

HTTP and auth live here; bodies in ``inputs.py``, JSONPath in ``mapping.py``, state in
``store.py``, the scheduler in ``queue.py`` and the lists in ``paging.py``. Deliberate
deviations (``faults.py``) switch on with ``self.fault``.
"""
from __future__ import annotations

import base64
import binascii
import math
import secrets as random_secrets
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from golive.sandbox.base import VendorSandbox
from golive.vendors.tms import inputs
from golive.vendors.tms.inputs import Invalid, Refused
from golive.vendors.tms.mapping import Mapper, MappingError
from golive.vendors.tms.paging import PagingError, bounds, ordered, window
from golive.vendors.tms.queue import TICK_SECONDS, Courier, Scheduler, dumps
from golive.vendors.tms.store import Integration, TmsStore

API = "/api/integration"
Handler = Callable[[Request], Awaitable[Response]]
_EDI_EXTENSIONS = (".edi", ".edifact", ".x12")
UNAUTHORIZED = "Unauthorized: a valid bearer token is required"


def _json(content: Any, status: int = 200) -> Response:
    return Response(dumps(content), status_code=status, media_type="application/json")


class TmsSandbox(VendorSandbox):
    """One OTMS tenant: a bearer token, integrations, orders and the scheduler."""

    name = "tms"

    def __init__(self, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> None:
        self.token = (secrets or {}).get("token") or random_secrets.token_urlsafe(32)  # survives resets
        self.internal_errors: list[str] = []  # exceptions turned into 400s; always empty unless there is a bug
        super().__init__(faults, secrets)

    def reset(self) -> None:
        super().reset()
        self.store = TmsStore(self.clock, self.fault)
        self.mapper = Mapper(self.fault)
        self.scheduler = Scheduler(self.store, self.mapper, self.fault)
        self.ticks = 0  # scheduler runs since the last reset

    def credentials(self) -> dict[str, Any]:
        return {"token": self.token}

    # --- the scheduler ------------------------------------------------------------------

    def clock_advanced(self, seconds: float) -> None:
        """Run one scheduler tick per 10 s boundary the summed advances have crossed (interface.md §5)."""
        total = self.clock.advanced
        if not math.isfinite(total):
            return
        due = math.floor(total / TICK_SECONDS + 1e-9)
        courier = Courier(self.outbox)
        try:
            while self.ticks < due:
                if not self.scheduler.pending():  # nothing waits: the remaining ticks would do nothing
                    self.ticks = due
                    break
                self.ticks += 1
                at = self.clock.now() - timedelta(seconds=total - self.ticks * TICK_SECONDS)
                self.scheduler.tick(self.ticks, self.store.stamp(at), courier)
        except Exception as exc:  # never a 5xx from the control call; tests assert this list stays empty
            self.internal_errors.append(f"tick {self.ticks}: {exc!r}")
        finally:
            courier.close()

    # --- routes and auth ----------------------------------------------------------------

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [
            self._route(API, self._create),
            self._route(f"{API}/generate/credentials", self._generate_credentials),
            self._route(f"{API}/dataSource/mapping:test", self._mapping_test),
            self._route(f"{API}/fileTemplate/mapping:test", self._mapping_test),
            self._route(f"{API}/import/data", self._import),
            self._route(f"{API}/email", self._email),
            self._route(f"{API}/file/upload", self._upload),
        ]
        for kind in ("objects", "logs", "requestLogs", "tasks"):
            routes.append(self._route(f"{API}/{{id}}/{kind}/{{offset}}/{{limit}}", self._lister(kind), "GET"))
        return routes

    def _route(self, path: str, handler: Handler, method: str = "POST") -> Route:
        """``handler`` behind the tenant's token (the lists check their own auth) and the error mapping."""

        async def endpoint(request: Request) -> Response:
            try:
                if self.fault("encoded-colon-404") and b"%3a" in request.scope.get("raw_path", b"").lower():
                    raise Refused("Not Found", 404)
                if method == "POST" and not self._tenant(request):
                    raise Refused(UNAUTHORIZED, 401)
                return await handler(request)
            except Refused as exc:
                status = 422 if isinstance(exc, Invalid) and self.fault("validation-422") else exc.status
                return _json({"success": False, "message": str(exc)}, status)
            except Exception as exc:  # never a 5xx to client input; tests assert this list stays empty
                self.internal_errors.append(f"{request.method} {request.url.path}: {exc!r}")
                return _json({"success": False, "message": "the request could not be processed"}, 400)

        return Route(path, endpoint, methods=[method])

    def _authorization(self, request: Request) -> tuple[str, str]:
        scheme, _, value = request.headers.get("authorization", "").strip().partition(" ")
        return scheme.lower(), value.strip()

    def _tenant(self, request: Request) -> bool:
        """Whether the request carries the tenant's bearer token (TMS-01, TMS-02)."""
        if "authorization" not in request.headers and self.fault("missing-token-accepted"):
            return True
        scheme, token = self._authorization(request)
        if scheme != "bearer" or not token:
            return False
        return self.fault("invalid-token-accepted") or random_secrets.compare_digest(
            token.encode(), self.token.encode())

    def _client(self, request: Request) -> str | None:
        """The integration id whose generated credentials the request presents as Basic, or None."""
        scheme, value = self._authorization(request)
        if scheme != "basic":
            return None
        try:
            client_id, colon, secret = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, ValueError):
            return None
        return self.store.client(client_id, secret) if colon else None

    def _ok(self, created: bool = True, **content: Any) -> Response:
        """A success envelope; 201 for a creation with the created-201 variant."""
        return _json({"success": True, "message": "OK", **content}, 201 if created and self.fault("created-201")
                     else 200)

    def _integration(self, integration_id: str) -> Integration:
        """The integration a body names; else 404 (400 with body-unknown-id-400)."""
        found = self.store.integrations.get(integration_id)
        if found is None:
            raise Refused(f"integration {integration_id} not found", 400 if self.fault("body-unknown-id-400") else 404)
        return found

    # --- handlers -----------------------------------------------------------------------

    async def _create(self, request: Request) -> Response:
        fields = inputs.create_fields(inputs.parse_object(await request.body()), self.mapper)
        integration = self.store.add_integration(fields)
        shown: dict[str, Any] = {"id": integration.id, "name": integration.name, "type": integration.type,
                                 "enabled": integration.enabled or self.fault("create-echoes-enabled-true"),
                                 "createdAt": integration.created_at}
        if self.fault("create-echoes-description") and integration.description is not None:
            shown["description"] = integration.description
        return self._ok(integration=shown)

    async def _generate_credentials(self, request: Request) -> Response:
        integration = self._integration(inputs.integration_id(inputs.parse_object(await request.body())))
        return self._ok(credentials=self.store.issue_credentials(integration))

    async def _mapping_test(self, request: Request) -> Response:
        mapping, test_data = inputs.mapping_fields(inputs.parse_object(await request.body()))
        try:
            result = self.mapper.apply(mapping, test_data)
        except MappingError as exc:
            raise Invalid(str(exc)) from None
        if self.fault("mapping-test-side-effects"):
            for integration in self.store.integrations.values():
                self.store.log(integration, None, "INFO", "mapping tested", self.store.stamp())
        return self._ok(created=False, **{"data" if self.fault("mapping-result-under-data") else "result": result})

    async def _import(self, request: Request) -> Response:
        body = inputs.parse_object(await request.body())
        self._integration(inputs.integration_id(body))
        items = inputs.import_items(body)
        now = self.store.stamp()  # one import, one moment
        ids = [self._order(item, now)["id"] for item in items]
        return self._ok(imported=len(ids), transportOrderIds=ids)

    def _order(self, fields: dict[str, Any], now: str) -> dict[str, Any]:
        """A new transport order with ``fields`` (its own id, createdAt and default status), queued."""
        order = {"id": self.store.new_id(), "createdAt": now, "status": "requested",
                 **{k: v for k, v in fields.items() if k not in ("id", "createdAt")}}
        self.store.add_order(order)
        self.scheduler.order_created(order)
        return order

    async def _email(self, request: Request) -> Response:
        mail = inputs.email_fields(inputs.parse_object(await request.body()), self.fault)
        order = self._order({"name": mail["subject"], "source": "email", **mail}, self.store.stamp())
        return self._ok(transportOrder=order)

    async def _upload(self, request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        if self.fault("upload-non-multipart-415") and not content_type.lower().startswith("multipart/"):
            raise Refused("the upload must be multipart/form-data", 415)
        part = inputs.file_part(content_type, await request.body())
        if part is None or not part[1]:
            raise Refused("a non-empty multipart/form-data part named file is required")
        name, content = part
        if self.fault("upload-rejects-edi") and (name.lower().endswith(_EDI_EXTENSIONS)
                                                 or content.lstrip()[:3] in (b"UNA", b"UNB", b"ISA")):
            raise Refused("unsupported file type")
        stored = {"id": self.store.new_id(), "name": name, "size": len(content)}
        self.store.files.append(stored)
        return self._ok(file=stored)

    def _lister(self, kind: str) -> Handler:
        async def listing(request: Request) -> Response:
            return self._list(request, kind)

        return listing

    def _list(self, request: Request, kind: str) -> Response:
        integration_id = request.path_params["id"]
        if not self._tenant(request):
            owner = self._client(request)
            if owner is None or (owner != integration_id and self.fault("other-integration-401")):
                raise Refused(UNAUTHORIZED, 401)
            if owner != integration_id and not self.fault("credentials-reach-other-integration"):
                raise Refused("Forbidden: these credentials belong to another integration", 403)
        if self.fault("bad-path-id-400") and not _is_uuid(integration_id):
            raise Refused(f"{integration_id!r} is not an integration UUID")
        integration = self.store.integrations.get(integration_id)
        if integration is None and not self.fault("unknown-integration-empty-list"):
            raise Refused(f"integration {integration_id} not found", 404)
        try:
            first, size = bounds(request.path_params["offset"], request.path_params["limit"], self.fault)
        except PagingError as exc:
            raise Refused(str(exc), 500 if self.fault("bad-paging-500") else 400) from None
        items = ordered(kind, integration.lists()[kind] if integration else [], self.fault)
        page = [self._shown(kind, item) for item in window(items, first, size, self.fault)]
        if self.fault("lists-bare-array"):
            return _json(page)
        return _json({"success": not self.fault("lists-success-false"), "message": "OK", kind: page,
                      "totalSize": len(items)})

    def _shown(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        if kind == "objects" and self.fault("lowercase-status"):
            return {**item, "status": item["status"].lower()}
        return item


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False
