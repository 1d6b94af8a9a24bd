"""Targets on an embedded Otto sandbox for the client and scenario tests, with golive's receiver."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from golive.cassettes import Cassettes
from golive.conversation import Conversation
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.pacing import Pace
from golive.receiver import Receiver
from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.otto.client import OttoClient
from golive.vendors.otto.data import OttoData
from golive.vendors.otto.sandbox import OttoSandbox
from golive.vendors.otto.scenario import OttoScenario


class Targets:
    """Targets made in one test, all closed after it (a fixture's factory)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.made: list[Target] = []

    def __call__(self, server: SandboxServer, **kwargs: Any) -> Target:
        self.made.append(make_target(server, self.tmp_path, **kwargs))
        return self.made[-1]

    def close(self) -> None:
        for target in self.made:
            target.close()


def make_target(server: SandboxServer, tmp_path: Path, *, mode: str = "sandbox",
                settings: dict[str, Any] | None = None, include_destructive: bool = False,
                receiver: Receiver | None = None, pace: Pace | None = None) -> Target:
    """A Target on the embedded sandbox; mode "live" has no control protocol (like the real vendor)."""
    options = RunOptions(mode=mode, vendors=("otto",), root=tmp_path, include_destructive=include_destructive)
    http = VendorHttp("otto", server.base_url("otto"), pace=pace)
    made = Target(registry()["otto"], options, http, Cassettes(tmp_path / "cassettes", "off"))
    made.credentials = httpx.get(f"{server.base_url('otto')}/_sandbox/credentials").json()
    made.settings = settings or {}
    if receiver is not None:
        made.start_receiver = lambda: receiver
    redactor.add(*made.credentials.values())
    return made


@contextmanager
def sandbox(*faults: str) -> Iterator[SandboxServer]:
    with SandboxServer([OttoSandbox(faults=frozenset(faults))]) as server:
        yield server


def scenario(target: Target, key: str = "tests/vendors/otto") -> OttoScenario:
    return OttoScenario(OttoClient(target), OttoData(1, key), target, Conversation(), key)
