"""The Otto sandbox's records: customers and vehicles (upserted by externalId), leads, calls, webhooks."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from golive.sandbox.clock import VendorClock

Record = dict[str, Any]


class OttoStore:
    """Everything one reset of the sandbox has seen; ids are ``<prefix><epoch ms>``, unique across kinds."""

    def __init__(self, clock: VendorClock, fault: Callable[[str], bool]) -> None:
        self.clock, self.fault = clock, fault
        self.customers: dict[str, Record] = {}
        self.vehicles: dict[str, Record] = {}
        self.leads: dict[str, Record] = {}
        self.calls: dict[str, Record] = {}
        self.webhooks: list[Record] = []
        self._by_external: dict[str, dict[str, str]] = {"otto_": {}, "otto_vehicle_": {}}
        self._last_ms = 0

    def new_id(self, prefix: str) -> str:
        """A fresh id: the prefix and the vendor clock's epoch milliseconds (or, a variant, a UUID)."""
        if self.fault("uuid-ids"):
            suffix = uuid.uuid4().hex
        else:
            self._last_ms = max(int(self.clock.now().timestamp() * 1000), self._last_ms + 1)
            suffix = str(self._last_ms)
        return suffix if self.fault("id-prefixes-missing") else prefix + suffix

    def sync(self, prefix: str, record: Record) -> str:
        """Store a customer (``otto_``) or vehicle (``otto_vehicle_``): the same externalId keeps its id."""
        table = self.customers if prefix == "otto_" else self.vehicles
        index = self._by_external[prefix]
        external_id = record.get("externalId")
        ident = None if external_id is None or self.fault("sync-duplicates") else index.get(external_id)
        ident = ident or self.new_id(prefix)
        if external_id is not None:
            index[external_id] = ident
        table[ident] = record
        return ident
