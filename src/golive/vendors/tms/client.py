"""The OTMS custom integration API as the suite calls it (transportial-otms.txt, vendors/tms.md).

Every request goes through ``target.http`` (evidence, 5xx and credential verdicts) with the
tenant's bearer token in the documented casing, unless a step presents another authorization.
Live, a write (create, credentials, import, e-mail, upload) runs only against a test tenant
(``test_tenant = true``, interface.md §9): OTMS has no test mode (D-TMS-20).
"""
from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from golive.redact import redactor
from golive.types import VendorTarget
from golive.verdict import NotOnThisTarget

API = "/api/integration"
LISTS = ("objects", "logs", "requestLogs", "tasks")
DEFAULT: Any = object()  # "the tenant's bearer token"
SECRET_KEYS = ("clientId",)  # generated credentials: clientSecret is masked by its name, clientId by this


def write_block(target: VendorTarget) -> str | None:
    """Why this target takes no writes (a live tenant not declared a test tenant), or None."""
    if target.controllable or target.settings.get("test_tenant") is True:
        return None
    return ("tms writes run only against a test tenant: set test_tenant = true in [vendors.tms] "
            "(interface.md §9; OTMS has no test mode, D-TMS-20)")


def bearer(token: str) -> str:
    return f"Bearer {token}"


def basic(client_id: str, client_secret: str) -> str:
    """Generated credentials as the sandbox takes them (vendors/tms.md: Basic on the four lists)."""
    return "Basic " + base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")


class TmsClient:
    """One OTMS tenant on one target."""

    def __init__(self, target: VendorTarget) -> None:
        self.target = target
        self.token = str(target.credentials["token"])
        redactor.add_keys(*SECRET_KEYS)

    def request(self, method: str, path: str, *, authorization: Any = DEFAULT, write: bool = False,
                lower_case: bool = False, **kwargs: Any) -> httpx.Response:
        """One call under ``/api/integration``; ``write``: refused (SKIPPED) where live writes are not allowed.

        ``authorization``: DEFAULT (the tenant's token), None (no header) or the header's value.
        ``lower_case``: header names in lower case (D-X-05)."""
        if write and (reason := write_block(self.target)):
            raise NotOnThisTarget(reason)
        headers = dict(kwargs.pop("headers", None) or {})
        if authorization is not None:
            headers["Authorization"] = bearer(self.token) if authorization is DEFAULT else authorization
        if lower_case:
            headers = {name.lower(): value for name, value in headers.items()}
        return self.target.http.request(method, API + path, headers=headers,
                                        own_credentials=authorization is DEFAULT, **kwargs)

    def post(self, path: str, body: Any, **kw: Any) -> httpx.Response:
        """POST ``body`` as JSON (bytes and str are sent as they are, still labelled JSON)."""
        content = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else json.dumps(body)
        headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
        return self.request("POST", path, content=content, headers=headers, **kw)

    # -- the documented calls ---------------------------------------------------------------
    def create(self, body: Any, **kw: Any) -> httpx.Response:
        return self.post("", body, **kw)

    def generate(self, body: Any, **kw: Any) -> httpx.Response:
        return self.post("/generate/credentials", body, **kw)

    def mapping_test(self, body: Any, kind: str = "dataSource", path: str = "mapping:test",
                     **kw: Any) -> httpx.Response:
        """``kind``: dataSource or fileTemplate; ``path``: the last segment as sent (D-TMS-09)."""
        return self.post(f"/{kind}/{path}", body, **kw)

    def import_data(self, body: Any, **kw: Any) -> httpx.Response:
        return self.post("/import/data", body, **kw)

    def email(self, body: Any, **kw: Any) -> httpx.Response:
        return self.post("/email", body, **kw)

    def upload(self, parts: dict[str, tuple[str, bytes, str]], boundary: str, **kw: Any) -> httpx.Response:
        """multipart/form-data with ``parts`` (name → (file name, content, media type)), as curl -F sends it."""
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        encoded = httpx.Request("POST", self.target.http.base_url, files=parts, headers=headers)  # httpx's encoder
        return self.request("POST", "/file/upload", content=encoded.read(), headers=headers, **kw)

    def page(self, integration_id: str, kind: str, offset: Any, limit: Any, **kw: Any) -> httpx.Response:
        """GET ``/{id}/{kind}/{offset}/{limit}`` (kind: objects, logs, requestLogs or tasks)."""
        return self.request("GET", f"/{integration_id}/{kind}/{offset}/{limit}", **kw)
