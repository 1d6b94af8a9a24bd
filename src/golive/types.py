"""The vendor contract: what a vendor package declares, and what it sees of golive.

This module imports no other golive module at runtime (as starlette's ``types.py`` and
httpx's ``_types.py``): vendor packages, the registry, options, config and targets all
depend on it, and it on none of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    import httpx
    from starlette.routing import BaseRoute

    from golive.receiver import Answer, Inbox

__all__ = [
    "ConfigKey", "Fault", "FuzzPlan", "SandboxFactory", "VendorHttpLike", "VendorSandboxLike", "VendorSpec",
    "VendorTarget",
]

EXPECTED_RESULTS = ("FAILED", "WARNING")


@dataclass(frozen=True)
class ConfigKey:
    """One allowed key of ``[vendors.<name>]`` in golive.toml."""

    kind: Literal["url", "text", "env", "bool", "table"]  # "env": names an env var holding a secret
    required: bool = False
    credential: str | None = None  # the credentials key this fills
    check: Callable[[Any], str | None] | None = None  # a value's own rule: what is wrong with it, or None


@dataclass(frozen=True)
class FuzzPlan:
    """How schemathesis may fuzz a vendor on a target."""

    headers: dict[str, str]
    path_parameters: dict[str, str] = field(default_factory=dict)  # pinned: every fuzzed request uses them
    query_parameters: dict[str, str] = field(default_factory=dict)  # pinned likewise (e.g. OTR isTest=true)
    excluded_checks: tuple[str, ...] = ()
    excluded_operations: tuple[str, ...] = ()  # operationIds left out on this target (e.g. live destructive ones)
    base_path: str = ""  # where the contract's paths live under the target's base URL (otto: probed, D-OTTO-01)


@dataclass(frozen=True)
class Fault:
    """A deliberate deviation of a sandbox (test-only) and what must catch it.

    ``caught_by``: behaviour ids; a run against the faulted sandbox, restricted to the
    checks carrying them, must show ``result`` on at least one of those checks.
    """

    summary: str
    caught_by: tuple[str, ...]
    result: str = "FAILED"  # or "WARNING"

    def __post_init__(self) -> None:
        if self.result not in EXPECTED_RESULTS:
            raise ValueError(f"Fault result must be one of {EXPECTED_RESULTS}, not {self.result!r}")


class VendorHttpLike(Protocol):
    """The HTTP door a vendor client talks through (``golive.http.VendorHttp``)."""

    base_url: str

    def request(self, method: str, path: str, *, own_credentials: bool = False, **kwargs: Any) -> httpx.Response:
        """Send one request, capture it as evidence, raise the verdict its answer implies."""
        ...


class VendorTarget(Protocol):
    """What a vendor's client, scenarios and fuzz plan see of the target (``golive.targets.Target``)."""

    credentials: dict[str, Any]
    settings: dict[str, Any]
    data_seed: int

    @property
    def http(self) -> VendorHttpLike: ...

    @property
    def name(self) -> str: ...

    @property
    def mode(self) -> str: ...

    @property
    def controllable(self) -> bool: ...

    @property
    def include_destructive(self) -> bool: ...

    @property
    def max_wait(self) -> float: ...

    def allows_production_writes(self) -> bool: ...

    def receiver_url(self, path: str) -> str: ...

    def script_receiver(self, path: str, answers: Iterable[Answer]) -> None: ...

    def inbox(self) -> Inbox: ...

    def reset(self) -> None: ...

    def now(self) -> datetime: ...

    def advance(self, seconds: float) -> datetime: ...

    def outbox(self) -> list[dict[str, Any]]: ...

    def leads(self) -> list[dict[str, Any]]: ...


class VendorSandboxLike(Protocol):
    """An embedded sandbox as the server mounts it (``golive.sandbox.VendorSandbox``)."""

    name: str

    def credentials(self) -> dict[str, Any]: ...

    def routes(self) -> list[BaseRoute]: ...

    def control_routes(self) -> list[BaseRoute]: ...


class SandboxFactory(Protocol):
    """Builds a vendor's embedded sandbox with the named faults/variants switched on."""

    def __call__(self, *, faults: frozenset[str] = ..., secrets: dict[str, str] | None = ...) -> VendorSandboxLike: ...


@dataclass(frozen=True)
class VendorSpec:
    """Everything golive needs to know about one vendor."""

    name: str
    title: str
    document: str  # the seed document's file name
    config_keys: Mapping[str, ConfigKey]
    secret_credentials: tuple[str, ...]  # credential keys that are secrets
    sandbox: SandboxFactory
    faults: Mapping[str, Fault]  # name -> what it breaks and what must catch it (test-only)
    fuzz_plan: Callable[[VendorTarget], FuzzPlan]
    live_write_block: Callable[[VendorTarget], str | None] = lambda target: None
    # operationId -> path where the target serves an operation elsewhere than the contract says (configured)
    operation_paths: Callable[[VendorTarget], Mapping[str, str]] = lambda target: {}
    # live rates as (requests, per seconds): the catalogue's pace (D-X-02: 1 per second) and documented budgets
    live_rates: tuple[tuple[int, float], ...] = ((1, 1.0),)
    extras: Mapping[str, Any] = field(default_factory=dict)
    variants: Mapping[str, str] = field(default_factory=dict)  # name -> the catalogue item allowing it (test-only)
    shadowed_variants: Mapping[str, str] = field(default_factory=dict)  # variant -> the one overriding it (run apart)

    @property
    def contract(self) -> str:
        return f"contracts/{self.name}.openapi.yaml"
