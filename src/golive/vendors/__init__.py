"""The vendor registry: each ``golive.vendors.<name>`` package exports ``VENDOR``.

Adding a vendor means adding its package (spec, client, sandbox, faults), its
features, steps and contract; nothing here changes. What a vendor declares is typed
in :mod:`golive.types`.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from golive.types import VendorSpec

__all__ = ["registry"]


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
