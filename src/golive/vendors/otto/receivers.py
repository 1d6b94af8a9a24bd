"""Our webhook receivers in one Otto scenario: registering them, triggering events, judging deliveries.

In a sandbox each receiver is a path of golive's loopback receiver (``hooks/otto/<name>``); live
it is the configured ``webhook_url`` (a URL the suite owns, D-OTTO-16/20), without which a live
registration is SKIPPED. Live registrations cannot be deleted: each is noted for clean-up, and
what arrives is recorded, never judged (delivery checks are sandbox-only). Triggers are the
sandbox's (vendors/otto.md): a call → call.started, call.completed, and appointment.scheduled when
its outcome is "appointment_scheduled"; a lead → lead.created. D-OTTO-03: the last two are expected
only when ``GET /webhooks/events`` lists them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive import checks
from golive.types import VendorTarget
from golive.vendors.otto.client import OttoClient
from golive.vendors.otto.data import OttoData
from golive.vendors.otto.deliveries import BOUND, Message, arrivals, events
from golive.vendors.otto.signatures import signature_headers, verifies
from golive.verdict import Deviation, NotOnThisTarget

DOCUMENTED = ("call.started", "call.completed")  # OTTO-37: always in the catalogue
PAYLOADS = {  # OTTO-41, OTTO-42, as the document's catalogue types them (D-OTTO-04.1)
    "call.started": {"callId": "string", "customerId": "string", "phoneNumber": "string", "timestamp": "ISO8601"},
    "call.completed": {"callId": "string", "customerId": "string", "duration": "number", "transcript": "string",
                       "sentiment": "string", "outcome": "string"},
}
UNLISTED = "golive.unlisted"


@dataclass
class Receivers:
    """Registrations made by one scenario, by receiver name, and the events its triggers raise."""

    client: OttoClient
    target: VendorTarget
    secret: str
    note: Callable[[str, Any], None]
    catalogue: dict[str, dict[str, Any]] | None = None  # GET webhooks/events: event -> its payload's type names
    subscribed: dict[str, list[str]] = field(default_factory=dict)  # receiver name -> its events
    raised: list[str] = field(default_factory=list)  # events the triggers raise, in order

    def path(self, name: str) -> str:
        return f"hooks/otto/{name}"

    def url(self, name: str) -> str:
        """Where a receiver takes deliveries: golive's receiver, or live the configured webhook_url."""
        if self.target.controllable:
            return self.target.receiver_url(self.path(name))
        configured = self.target.settings.get("webhook_url")
        if not configured:
            raise NotOnThisTarget("no [vendors.otto] webhook_url: a live registration needs a URL golive owns "
                                  "(D-OTTO-16), and every webhook delivery check needs one")
        return str(configured)

    def listed(self) -> list[str]:
        """The event names ``GET /webhooks/events`` lists (read once; D-OTTO-03.1: the source of truth)."""
        if self.catalogue is None:
            response = self.client.request("webhooks/events")
            checks.status(response, 200, why="setting up: GET webhooks/events lists the events (D-OTTO-03)")
            listed = checks.json_object(response).get("events")
            entries = [e for e in (listed if isinstance(listed, list) else [])
                       if isinstance(e, dict) and isinstance(e.get("event"), str)]
            self.catalogue = {e["event"]: e["payload"] if isinstance(e.get("payload"), dict) else {} for e in entries}
        return list(self.catalogue)

    def unlisted(self) -> str:
        name = UNLISTED
        while name in self.listed():
            name += "x"
        return name

    def body(self, name: str, events: list[str]) -> dict[str, Any]:
        return {"url": self.url(name), "events": events, "secret": self.secret}

    def registered(self, name: str, events: list[str], response: httpx.Response) -> None:
        """Keep a 2xx registration; live, note it for clean-up (no delete call, D-OTTO-16)."""
        if not 200 <= response.status_code < 300:
            return
        self.subscribed[name] = events
        if not self.target.controllable:
            data = response.json().get("data") if response.content else None
            ident = data.get("id") if isinstance(data, dict) else None
            self.note(f"webhook registration {ident}", f"{self.url(name)}: no delete call, remove it by hand "
                                                       "(D-OTTO-16)")

    def setup(self, name: str, events: list[str]) -> None:
        """Register receiver ``name`` for ``events``; anything but 2xx means the scenario cannot go on."""
        response = self.client.request("webhooks/register", self.body(name, events))
        checks.status(response, (200, 201), why=f"setting up: registering a receiver for {events}")
        self.registered(name, events, response)

    def observe(self, name: str, events: list[str]) -> None:
        """In a sandbox, a receiver for those of ``events`` the catalogue lists, to see what is (not) processed."""
        wanted = [e for e in events if e in DOCUMENTED or e in self.listed()] if self.target.controllable else []
        if wanted:
            self.setup(name, wanted)

    def trigger(self, data: OttoData, customer_id: str, lead: bool = True) -> None:
        """Log a call that schedules an appointment for the customer (and create a lead): the events they raise."""
        for operation, body in (("calls/log", data.body("call", customerId=customer_id)),
                                ("leads/create", data.body("lead", customerId=customer_id)))[:2 if lead else 1]:
            checks.status(self.client.request(operation, body), (200, 201), why=f"setting up: {operation}")
        raised = ["call.started", "call.completed", "appointment.scheduled"] + (["lead.created"] if lead else [])
        self.raised = [e for e in raised if e in DOCUMENTED or e in self.listed()]

    # -- what arrived -----------------------------------------------------------------------------
    def expected(self, name: str) -> list[str]:
        return [e for e in self.raised if e in self.subscribed.get(name, [])]

    def arrived(self, name: str) -> list[Message]:
        """What receiver ``name`` got once its expected events are in, within the 10-second bound (OTTO-40)."""
        wanted = self.expected(name)
        messages, waited = arrivals(self.target, self.path(name), lambda got: set(wanted) <= set(events(got)))
        missing = [e for e in wanted if e not in events(messages)]
        if missing:
            raise Deviation(f"expected {', '.join(missing)} at the receiver subscribed to them within {BOUND:g} s, "
                            f"got {events(messages) or 'nothing'} after {waited:.1f} s")
        return messages

    def only_subscribed(self) -> None:
        """OTTO-40: each receiver gets its subscribed events, promptly, and no other."""
        for name, subscribed in self.subscribed.items():
            extra = [e for e in events(self.arrived(name)) if e not in subscribed]
            if extra:
                raise Deviation(f"expected only {subscribed} at a receiver subscribed to them, got also {extra}: "
                                "deliveries go only to subscribed webhooks")

    def signed(self, name: str, other: str) -> None:
        """OTTO-39 (D-OTTO-02): each delivery's signature is HMAC-SHA256(secret, its exact bytes), and fails for a
        modified body or another secret."""
        for message in self.arrived(name):
            delivery = message.delivery
            found = signature_headers(delivery.headers)
            if not verifies(self.secret, delivery.body, delivery.headers):
                raise Deviation(f"expected the {message.event} delivery signed with HMAC-SHA256 of its exact body, "
                                f"keyed with the registered secret, got {found or 'no signature header'}")
            if verifies(self.secret, delivery.body + b" ", delivery.headers) or \
                    verifies(other, delivery.body, delivery.headers):
                raise Deviation(f"expected the {message.event} signature to fail for a modified body or another "
                                "secret, but it verified")

    def payload(self, name: str, event: str) -> None:
        """OTTO-41, OTTO-42: the delivery names its event and carries the documented payload keys, typed."""
        found = [m for m in self.arrived(name) if m.event == event]
        if not found:
            raise Deviation(f"expected a {event} delivery naming its event in \"event\" or \"type\", got "
                            f"{[m.body for m in self.arrived(name)]}")
        typed(found[0], PAYLOADS[event])

    def typed_as_listed(self) -> None:
        """D-OTTO-03.4: every delivery of a listed event carries the payload keys the catalogue lists, typed."""
        listed = self.catalogue or {}
        for name in self.subscribed:
            for message in self.arrived(name):
                if message.event in listed:
                    typed(message, listed[message.event])

    def record(self, name: str) -> None:
        """What arrived is recorded, never judged (live, at the configured webhook_url)."""
        path = self.path(name) if self.target.controllable else None
        messages, _ = arrivals(self.target, path, lambda got: len(got) >= len(self.expected(name)))
        for n, message in enumerate(messages, 1):
            signature = "verifies" if verifies(self.secret, message.delivery.body, message.delivery.headers) else \
                "does not verify"
            self.note(f"delivery {n}", f"{message.event or 'unnamed'} ({len(message.delivery.body)} bytes), "
                                       f"signature {signature}")
        if not messages:
            self.note("deliveries", f"none within {BOUND:g} s")

    def none_of(self, name: str, wanted: list[str], what: str) -> None:
        """Nothing of ``wanted`` reached receiver ``name`` (set up by :meth:`observe`; else noted as unobservable)."""
        if name not in self.subscribed:
            self.note(what, "not observable: no receiver is registered for it on this target")
            return
        got = [e for e in events(arrivals(self.target, self.path(name), lambda _: True)[0]) if e in wanted]
        if got:
            raise Deviation(f"expected {what}, got the deliveries {got}")


def typed(message: Message, kinds: dict[str, Any]) -> None:
    """D-OTTO-04: the payload (top level, ``data`` or ``payload``) has ``kinds``' keys; "string", "number" and
    "ISO8601" (RFC 3339) are types, any other type name only asks for the key."""
    event = message.event
    payload = message.payload(kinds)
    checks.has_keys(payload, kinds, f"the {event} payload")
    for key, kind in kinds.items():
        where, value = f"{key} in the {event} payload", payload[key]
        if kind == "string" and not isinstance(value, str):
            raise Deviation(f"expected {where} as a string, got {value!r}")
        if kind == "number":
            checks.json_number(value, where)
        if kind == "ISO8601":
            checks.rfc3339_utc(value, where)
