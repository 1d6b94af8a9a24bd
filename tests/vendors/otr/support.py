"""Targets on an embedded OTR sandbox for the otr client and scenario tests (otr-only helpers)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from golive.conversation import Conversation
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.otr.client import OtrClient
from golive.vendors.otr.data import OtrData
from golive.vendors.otr.scenario import OtrScenario


def make_target(server: SandboxServer, tmp_path: Path, *, mode: str = "sandbox", settings: dict[str, Any] | None = None,
                include_destructive: bool = False, max_wait: float = 0.0,
                transport: httpx.BaseTransport | None = None) -> Target:
    """A Target on the embedded sandbox; mode "live" has no control protocol (like a real vendor)."""
    options = RunOptions(mode=mode, vendors=("otr",), root=tmp_path, include_destructive=include_destructive,
                         max_wait=max_wait)
    http = VendorHttp("otr", server.base_url("otr"), transport=transport)
    made = Target(registry()["otr"], options, http, None)  # type: ignore[arg-type]
    made.credentials = httpx.get(f"{server.base_url('otr')}/_sandbox/credentials").json()
    made.settings = settings or {}
    redactor.add(*(made.credentials[k] for k in registry()["otr"].secret_credentials))
    return made


def scenario(target: Target, key: str = "tests/vendors/otr") -> OtrScenario:
    return OtrScenario(OtrClient(target), OtrData(1, key), target, Conversation())
