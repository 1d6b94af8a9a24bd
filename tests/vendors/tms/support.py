"""Helpers for the OTMS sandbox tests: an httpx client on the sandbox and a loopback target.

No relative imports, so other test modules may load this file by path (tests/ on sys.path, for
sandbox_client).
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from golive.sandbox.server import build_app
from golive.vendors.tms.sandbox import TmsSandbox
from sandbox_client import SyncASGI

API = "/api/integration"
SAMPLES = Path(__file__).resolve().parents[3] / "src/golive/vendors/tms/samples"  # shipped: the suite uploads them
# the document's examples (transportial-otms.txt, Steps 3 and 4)
DOC_MAPPING = {"erp_order_id": "$.transportOrder.id", "customer_name": "$.transportOrder.customer.name",
               "status": "$.transportOrder.status", "created": "$.transportOrder.createdAt"}
DOC_TEST_DATA = {"transportOrder": {"id": "test-uuid", "customer": {"name": "Acme Corp"}, "status": "requested",
                                    "createdAt": "2026-03-22T10:00:00Z"}}
DOC_ITEM = {"name": "Order from ERP #12345", "status": "requested", "customer": {"name": "External Customer"}}


class Receiver:
    """A loopback target (http.server in a thread) answering a script of actions, then ``default``.

    An action is a status code, ``"close"`` (drop the connection unanswered) or ``"hang"``
    (answer nothing until the receiver stops).
    """

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.script: list[int | str] = []
        self.default: int | str = 200
        self._release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                action = receiver.script.pop(0) if receiver.script else receiver.default
                if action == "hang":
                    receiver._release.wait(10)
                if isinstance(action, int):
                    self.send_response(action)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def answer(self, *script: int | str, then: int | str = 200) -> Receiver:
        """Answer ``script`` in turn, then ``then`` for every later call; forget earlier calls."""
        self.script, self.default, self.calls = list(script), then, []
        return self

    def payloads(self) -> list[Any]:
        return [json.loads(call["body"]) for call in self.calls]

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()


class Tms:
    """A client on one OTMS sandbox: in process (ASGI) by default, or at ``base_url``."""

    def __init__(self, faults: Iterable[str] = (), base_url: str | None = None,
                 sandbox: TmsSandbox | None = None) -> None:
        self.sandbox = sandbox or TmsSandbox(faults=frozenset(faults))
        if base_url is None:
            self.http = httpx.Client(transport=SyncASGI(build_app([self.sandbox])), base_url="http://testserver/tms")
        else:
            self.http = httpx.Client(base_url=base_url, timeout=30)
        self.token = self.http.get("/_sandbox/credentials").json()["token"]

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        if body is not None:
            kw["json"] = body
        return self.http.post(API + path, headers=self.auth() if headers is None else headers, **kw)

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.http.get(API + path, headers=self.auth() if headers is None else headers)

    def create(self, target: str | None = None, **fields: Any) -> str:
        """A new integration's id (enabled, with ``target`` when given)."""
        body = {"name": "ERP Sync - New Orders", "type": "configured", "description": "d", "enabled": True,
                **({"target": {"url": target}} if target else {}), **fields}
        response = self.post("", body)
        assert response.status_code in (200, 201), response.text
        return response.json()["integration"]["id"]

    def imported(self, integration_id: str, *items: dict[str, Any]) -> list[str]:
        response = self.post("/import/data", {"integrationId": integration_id, "data": list(items or [DOC_ITEM])})
        assert response.status_code in (200, 201), response.text
        return response.json()["transportOrderIds"]

    def listed(self, integration_id: str, kind: str, offset: int = 0, limit: int = 100,
               headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
        body = self.get(f"/{integration_id}/{kind}/{offset}/{limit}", headers).json()
        return body if isinstance(body, list) else body[kind]

    def statuses(self, integration_id: str) -> list[str]:
        return [obj["status"] for obj in self.listed(integration_id, "objects")]

    def advance(self, seconds: float) -> str:
        response = self.http.post("/_sandbox/clock", json={"advance_seconds": seconds})
        assert response.status_code == 200, response.text
        return response.json()["now"]

    def mapping_test(self, mapping: Any = None, test_data: Any = None, kind: str = "dataSource") -> httpx.Response:
        return self.post(f"/{kind}/mapping:test", {"mapping": DOC_MAPPING if mapping is None else mapping,
                                                   "testData": DOC_TEST_DATA if test_data is None else test_data})

    def outbox(self) -> list[dict[str, Any]]:
        return self.http.get("/_sandbox/outbox").json()
