"""An in-process client on an embedded sandbox, for golive's own tests:
``httpx.Client(transport=SyncASGI(build_app([sandbox])), base_url="http://testserver")``."""
from __future__ import annotations

import asyncio
from typing import Any

import httpx


class SyncASGI(httpx.BaseTransport):
    """httpx's ASGITransport is async-only: drive it on one private event loop (10x faster than
    starlette's TestClient, which starts a thread portal per request)."""

    loop = asyncio.new_event_loop()

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def call() -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            return httpx.Response(response.status_code, headers=response.headers, content=await response.aread())

        return self.loop.run_until_complete(call())
