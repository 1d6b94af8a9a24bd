"""The vendor registry: each ``golive.vendors.<name>`` package exports ``VENDOR``.

Adding a vendor means adding its package (spec, client, sandbox, faults), its
features and its contract; nothing here changes.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from golive.sandbox import VendorSandbox
    from golive.targets import Target


@dataclass(frozen=True)
class ConfigKey:
    """One allowed key of ``[vendors.<name>]`` in golive.toml."""

    kind: str  # "url" | "text" | "env" (names an env var holding a secret) | "bool" | "table"
    required: bool = False
    credential: str | None = None  # the credentials key this fills


@dataclass(frozen=True)
class FuzzPlan:
    """How schemathesis may fuzz a vendor on a target."""

    headers: dict[str, str]
    path_parameters: dict[str, str] = field(default_factory=dict)  # pinned: every fuzzed request uses them
    query_parameters: dict[str, str] = field(default_factory=dict)  # pinned likewise (e.g. OTR isTest=true)
    excluded_checks: tuple[str, ...] = ()


@dataclass(frozen=True)
class VendorSpec:
    """Everything golive needs to know about one vendor."""

    name: str
    title: str
    document: str  # the seed document's file name
    config_keys: Mapping[str, ConfigKey]
    secret_credentials: tuple[str, ...]  # credential keys that are secrets
    sandbox: Callable[..., VendorSandbox]  # (faults=frozenset, secrets=dict) -> sandbox
    faults: Mapping[str, str]  # name -> the documented behaviour it breaks (test-only)
    fuzz_plan: Callable[[Target], FuzzPlan]
    live_write_block: Callable[[Target], str | None] = lambda target: None
    live_interval: float = 1.0  # seconds between live requests (D-X-02)
    extras: Mapping[str, Any] = field(default_factory=dict)
    variants: Mapping[str, str] = field(default_factory=dict)  # name -> the catalogue item allowing it (test-only)

    @property
    def contract(self) -> str:
        return f"contracts/{self.name}.openapi.yaml"


@cache
def registry() -> dict[str, VendorSpec]:
    """Every vendor golive can certify, by name."""
    found: dict[str, VendorSpec] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            spec = getattr(importlib.import_module(f"{__name__}.{module.name}"), "VENDOR", None)
            if spec is not None:
                found[spec.name] = spec
    return dict(sorted(found.items()))
