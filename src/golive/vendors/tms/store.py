"""The OTMS tenant's state: integrations, credentials, transport orders, files and the
records the four monitoring lists show (tms.md "Operations" and "Processing")."""
from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from golive.sandbox.clock import VendorClock
from golive.vendors.tms.mapping import Switch

QUEUE, SUCCESS, ERROR, RETRY = "QUEUE", "SUCCESS", "ERROR", "RETRY"


@dataclass
class Integration:
    """One integration and its four monitoring lists, each in the order written."""

    id: str
    name: str
    type: str
    description: str | None
    enabled: bool
    created_at: str
    target: str | None = None
    mapping: dict[str, Any] | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    objects: list[dict[str, Any]] = field(default_factory=list)
    logs: list[dict[str, Any]] = field(default_factory=list)
    request_logs: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def lists(self) -> dict[str, list[dict[str, Any]]]:
        """The monitoring lists by their path segment."""
        return {"objects": self.objects, "logs": self.logs, "requestLogs": self.request_logs, "tasks": self.tasks}


class TmsStore:
    """Everything a reset clears. Ids and timestamps follow the sandbox's variants."""

    def __init__(self, clock: VendorClock, fault: Switch) -> None:
        self.clock = clock
        self.fault = fault
        self.integrations: dict[str, Integration] = {}
        self.credentials: dict[str, tuple[str, str]] = {}  # clientId -> (clientSecret, integration id)
        self.orders: dict[str, dict[str, Any]] = {}
        self.queue: list[tuple[Integration, dict[str, Any]]] = []  # every object, in creation order
        self.files: list[dict[str, Any]] = []

    # --- ids and timestamps -----------------------------------------------------------

    def new_id(self) -> str:
        """A new UUID: version 4, or time-ordered version 7 (variant)."""
        if not self.fault("uuid-v7-ids"):
            return str(uuid.uuid4())
        millis = int(self.clock.now().timestamp() * 1000) & ((1 << 48) - 1)
        rand = int.from_bytes(os.urandom(10), "big")
        value = millis << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | rand & ((1 << 62) - 1)
        return str(uuid.UUID(int=value))

    def stamp(self, moment: datetime | None = None) -> str:
        """RFC 3339 UTC of ``moment`` (default: the vendor clock's now), ``Z``, whole seconds by default."""
        moment = (moment or self.clock.now()).astimezone(UTC)
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        if self.fault("timestamps-fractional"):
            text += f".{moment.microsecond // 1000:03d}"
        return text + ("+00:00" if self.fault("timestamps-plus-zero") else "Z")

    # --- writes -------------------------------------------------------------------------

    def add_integration(self, fields: dict[str, Any]) -> Integration:
        """A new integration from validated create ``fields`` (name, type, description, enabled, ...)."""
        integration = Integration(id=self.new_id(), created_at=self.stamp(), **fields)
        self.integrations[integration.id] = integration
        return integration

    def issue_credentials(self, integration: Integration) -> dict[str, str]:
        """A new clientId/clientSecret pair for ``integration`` (earlier pairs kept unless revoked)."""
        if self.fault("credentials-not-regenerated"):
            for client_id, (secret, owner) in self.credentials.items():
                if owner == integration.id:
                    return {"clientId": client_id, "clientSecret": secret}
        if self.fault("credentials-revoke-old"):
            self.credentials = {k: v for k, v in self.credentials.items() if v[1] != integration.id}
        client_id, secret = self.new_id(), secrets.token_urlsafe(32)
        self.credentials[client_id] = (secret, integration.id)
        return {"clientId": client_id, "clientSecret": secret}

    def client(self, client_id: str, client_secret: str) -> str | None:
        """The integration id a credential pair belongs to, or None."""
        known = self.credentials.get(client_id)
        if known is None or not secrets.compare_digest(known[0].encode(), client_secret.encode()):
            return None
        return known[1]

    def add_order(self, order: dict[str, Any]) -> dict[str, Any]:
        self.orders[order["id"]] = order
        return order

    def add_object(self, integration: Integration, order_id: str, at: str) -> dict[str, Any]:
        obj: dict[str, Any] = {"id": self.new_id(), "status": QUEUE, "entityType": "transportOrder",
                               "entityId": order_id, "attempts": 0, "createdAt": at, "updatedAt": at}
        integration.objects.append(obj)
        self.queue.append((integration, obj))
        self.log(integration, obj["id"], "INFO", f"transport order {order_id} queued", at)
        return obj

    def log(self, integration: Integration, object_id: str | None, level: str, message: str, at: str) -> None:
        integration.logs.append({"id": self.new_id(), "objectId": object_id, "level": level, "message": message,
                                 "createdAt": at})

    def request_log(self, integration: Integration, object_id: str, url: str, status: int | None,
                    duration_ms: int, at: str) -> None:
        if self.fault("no-request-logs"):
            return
        integration.request_logs.append({"id": self.new_id(), "objectId": object_id, "method": "POST", "url": url,
                                         "statusCode": status, "durationMs": duration_ms, "createdAt": at})

    def task(self, integration: Integration, counts: dict[str, int], at: str) -> None:
        integration.tasks.append({"id": self.new_id(), "type": "scheduler", "status": "DONE",
                                  "processed": sum(counts.values()), **counts, "createdAt": at})
