"""What every vendor sandbox provides, and the control protocol (interface.md §5) on top."""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from golive.sandbox.clock import VendorClock, rfc3339

MAX_ADVANCE = 100 * 365 * 86400  # a century of vendor time per call


class VendorSandbox(ABC):
    """One vendor's embedded implementation.

    ``faults`` names deliberate deviations (test-only) that the vendor's ``faults.py``
    defines; an unfaulted sandbox implements ``vendors/<name>.md`` exactly.
    """

    name: str

    def __init__(self, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> None:
        self.clock = VendorClock()
        self.faults = faults
        self.secrets = secrets or {}
        self.outbox: list[dict[str, Any]] = []
        self.reset()

    def fault(self, name: str) -> bool:
        """True when the deliberate fault ``name`` is switched on."""
        return name in self.faults

    @abstractmethod
    def credentials(self) -> dict[str, Any]:
        """The JSON of ``GET /_sandbox/credentials``."""

    @abstractmethod
    def routes(self) -> list[BaseRoute]:
        """The vendor API's routes, relative to the vendor's base URL."""

    def reset(self) -> None:
        """Back to new: state, clock, rate windows (subclasses extend, then call super)."""
        self.clock.reset()
        self.outbox = []

    def clock_advanced(self, seconds: float) -> None:  # noqa: B027 - optional hook, no work by default
        """Do the work that fell due (scheduler ticks, ...). Default: nothing."""

    def leads(self) -> list[dict[str, Any]]:
        return []

    def control_routes(self) -> list[BaseRoute]:
        """The sandbox control protocol under ``{base}/_sandbox``."""

        async def credentials(_: Request) -> Response:
            return JSONResponse(self.credentials())

        async def reset(_: Request) -> Response:
            self.reset()
            return Response(status_code=204)

        async def clock(request: Request) -> Response:
            if request.method == "POST":
                try:
                    seconds = json.loads(await request.body())["advance_seconds"]
                    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                        raise ValueError
                    if not 0 <= seconds <= MAX_ADVANCE:  # NaN and infinities fail too
                        raise ValueError
                except (ValueError, KeyError, TypeError):
                    return JSONResponse({"error": f"body must be {{\"advance_seconds\": N}}, 0 <= N <= {MAX_ADVANCE}"},
                                        400)
                self.clock.advance(seconds)
                # due work (a scheduler calling targets with timeouts) runs off the event loop: the
                # server keeps answering every vendor, golive's receiver included, meanwhile
                await run_in_threadpool(self.clock_advanced, seconds)
            return JSONResponse({"now": rfc3339(self.clock.now())})

        async def outbox(_: Request) -> Response:
            return JSONResponse(self.outbox)

        async def leads(_: Request) -> Response:
            return JSONResponse(self.leads())

        return [
            Route("/_sandbox/credentials", credentials, methods=["GET"]),
            Route("/_sandbox/reset", reset, methods=["POST"]),
            Route("/_sandbox/clock", clock, methods=["GET", "POST"]),
            Route("/_sandbox/outbox", outbox, methods=["GET"]),
            Route("/_sandbox/leads", leads, methods=["GET"]),
        ]
