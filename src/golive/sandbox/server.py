"""Serve vendor sandboxes over real HTTP on 127.0.0.1, each under ``/{vendor}``."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from golive.types import VendorSandboxLike


def build_app(sandboxes: Iterable[VendorSandboxLike]) -> Starlette:
    """One ASGI app with every sandbox mounted under its vendor prefix."""
    mounts = [Mount(f"/{sb.name}", routes=sb.control_routes() + sb.routes()) for sb in sandboxes]
    return Starlette(routes=mounts)


class RequestLog:
    """ASGI middleware noting (method, path) of every request: what a target was asked."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.seen.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class SandboxServer:
    """A uvicorn server in a background thread, on a free (or given) loopback port."""

    def __init__(self, sandboxes: Iterable[VendorSandboxLike], port: int = 0) -> None:
        self.sandboxes = {sb.name: sb for sb in sandboxes}
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # accepted sockets inherit it: no 40 ms Nagle/delayed-ACK stall between headers and body
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket.bind(("127.0.0.1", port))
        self.port = self._socket.getsockname()[1]
        self.log = RequestLog(build_app(self.sandboxes.values()))
        config = uvicorn.Config(
            self.log, log_level="error", access_log=False,  # not "Invalid HTTP request received" per fuzzed case
            lifespan="off", timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_url(self, vendor: str) -> str:
        return f"{self.url}/{vendor}"

    def start(self) -> SandboxServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded sandbox did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._socket.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
