"""One Otto scenario: what it sent and got back, through :class:`OttoClient`.

"The request" is the body the scenario sent last, "the answer" (``conversation.last``) what came
back, "data" the answer's ``data`` object, "the customer" the one synced last. Answers are judged in
:mod:`~golive.vendors.otto.answers`; webhook receivers and their deliveries are in
:class:`~golive.vendors.otto.receivers.Receivers`, the rate limit in :class:`~golive.vendors.otto.quota.Quota`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from golive import checks
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.otto import answers
from golive.vendors.otto.client import OttoClient, bearer, misplaced
from golive.vendors.otto.data import NOT_A_URL, OttoData
from golive.vendors.otto.quota import Quota
from golive.vendors.otto.receivers import DOCUMENTED, Receivers
from golive.vendors.otto.signatures import webhook_secret
from golive.verdict import Deviation, NotOnThisTarget

SYNCS = {"customer": "customers/sync", "Node.js customer": "customers/sync", "vehicle": "vehicles/sync",
         "Python vehicle": "vehicles/sync"}
BAD_REGISTRATIONS: dict[str, dict[str, Any]] = {  # OTTO-35 (None: the key left out)
    "no url": {"url": None}, "a url that is no URL": {"url": "not a url"}, "a relative url": {"url": "/webhooks/otto"},
    "an empty events list": {"events": []}, "no events": {"events": None}, "no secret": {"secret": None}}
_LOOPBACK = re.compile(r"^http://127\.0\.0\.1:\d+")  # cassettes keep loopback URLs without their port


@dataclass
class OttoScenario:
    """The state and the moves of one Otto scenario (one per check)."""

    client: OttoClient
    data: OttoData
    target: VendorTarget
    conversation: Conversation
    data_key: str
    note: Callable[[str, Any], None] = lambda name, value: None  # recorded, not judged (record_property)
    operation: str = ""  # of the request
    sent: Any = None
    customer_id: str | None = None
    first: httpx.Response | None = None  # the first of two syncs (OTTO-17, OTTO-24)
    asked_at: datetime | None = None
    over_http: httpx.Response | None = None  # OTTO-04's answer over plain http (None: refused)
    receivers: Receivers = field(init=False)
    quota: Quota = field(init=False)

    def __post_init__(self) -> None:
        self.receivers = Receivers(self.client, self.target, webhook_secret(self.target, self.data_key), self.note)
        self.quota = Quota(self.client, self.target)

    @property
    def last(self) -> httpx.Response:
        return self.conversation.last

    # -- sending ----------------------------------------------------------------------------------
    def call(self, operation: str, body: Any = None, **kw: Any) -> httpx.Response:
        """Send, and make the answer "the answer"."""
        self.operation, self.sent = operation, body
        return self.conversation.record(self.client.request(operation, body, **kw))

    def documented(self, operation: str) -> Any:
        """A documented body for ``operation`` that writes nothing when refused (unknown customer, no URL we own)."""
        bodies: dict[str, Callable[[], Any]] = {
            "customers/sync": lambda: self.data.body("customer"), "vehicles/sync": lambda: self.data.body("vehicle"),
            "leads/create": lambda: self.data.body("lead", customerId=self.data.unknown_customer()),
            "calls/log": lambda: self.data.body("call", customerId=self.data.unknown_customer()),
            "webhooks/register": lambda: self.registration(),
        }
        return bodies[operation]() if operation in bodies else None

    def registration(self, **over: Any) -> dict[str, Any]:
        """A registration of a URL nobody receives at (RFC 2606), for refusals (None: a key left out)."""
        body = {"url": NOT_A_URL, "events": ["call.started", "call.completed"], "secret": self.receivers.secret, **over}
        return {k: v for k, v in body.items() if v is not None}

    def without_key(self, operation: str, lower_case: bool = False) -> httpx.Response:
        """No Authorization (or, ``lower_case``, ours under the name ``authorization``)."""
        headers = {"authorization": bearer(self.client.key)} if lower_case else None
        return self.call(operation, self.documented(operation), authorization=None, headers=headers)

    def unknown_key(self, operation: str) -> httpx.Response:
        return self.call(operation, self.documented(operation), authorization=bearer(self.data.unknown_key()))

    def misplaced_key(self, operation: str, how: str) -> httpx.Response:
        return self.call(operation, self.documented(operation), authorization=None,
                         headers=misplaced(self.client.key, how))

    def not_json(self, operation: str) -> httpx.Response:
        return self.call(operation, content=b"externalId=CRM_CUSTOMER_1&firstName=John", content_type="text/plain")

    def sync(self, name: str, **over: Any) -> httpx.Response:
        """Sync an example body (``customer``, ``Node.js customer``, ``vehicle``, ``Python vehicle``); a synced
        customer becomes "the customer"."""
        response = self.call(SYNCS[name], self.data.body(name, **over))
        if "customer" in name:
            self.customer_id = answers.id_of(response) or self.customer_id
        return response

    def synced_customer(self) -> str:
        """Set up "the customer" (not "the answer"): anything but 2xx with data.id means the scenario cannot go on."""
        response = self.client.request("customers/sync", self.data.body("customer"))
        checks.status(response, (200, 201), why="setting up the scenario: a customer sync must be accepted")
        ident = answers.id_of(response)
        if ident is None:
            raise Deviation(f"expected the customer sync to answer data.id, got {checks.excerpt(response)}")
        self.customer_id = ident
        return ident

    def sync_again(self, **over: Any) -> httpx.Response:
        """Sync the request's externalId again (OTTO-17, OTTO-24), with ``over`` changed."""
        self.first = self.last
        return self.call(self.operation, {**self.sent, **over})

    def activity(self, operation: str, customer_id: str | None = None, **over: Any) -> httpx.Response:
        """The documented lead or call for ``customer_id`` (default: the synced customer)."""
        name = "lead" if operation == "leads/create" else "call"
        return self.call(operation, self.data.body(name, customerId=customer_id or self.customer_id, **over))

    def register(self, name: str, events: list[str]) -> httpx.Response:
        """Register receiver ``name`` for ``events`` as "the request" (its answer is "the answer")."""
        response = self.call("webhooks/register", self.receivers.body(name, events))
        self.receivers.registered(name, events, response)
        return response

    def register_apart(self) -> None:
        """OTTO-40: one receiver for call.completed, another for every other listed event."""
        self.receivers.setup("completed", ["call.completed"])
        self.receivers.setup("others", [e for e in self.receivers.listed() if e != "call.completed"])

    def trigger(self, lead: bool = True) -> None:
        self.receivers.trigger(self.data, self.synced_customer(), lead=lead)

    def record_deliveries(self) -> None:
        """Trigger a call for a new customer; what reaches our receiver is recorded, never judged."""
        self.trigger(lead=False)
        self.receivers.record("main")

    def prepare_quota(self) -> None:
        """OTTO-43's setup (live only with the opt-in): a receiver of the call events, in a sandbox, and a customer."""
        self.quota.allowed()
        self.receivers.observe("quota", list(DOCUMENTED))
        self.synced_customer()

    def spend_with_call(self) -> None:
        """OTTO-43: requests up to the limit, the 101st logging a call for the synced customer."""
        body = self.data.body("call", customerId=self.customer_id)
        self.quota.spend(lambda: self.call("calls/log", body, judge_429=True))

    def note_time(self) -> None:
        self.asked_at = self.target.now()

    # -- judging what needs the request or the target --------------------------------------------------
    def _sent(self, path: str) -> Any:
        value = self.sent
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def _comparable(self, value: Any) -> Any:
        return _LOOPBACK.sub("http://127.0.0.1", value) if self.target.mode == "replay" and isinstance(value, str) \
            else value

    def echoes(self, pairs: list[tuple[str, str]]) -> None:
        """data.<key> equals the request's <path> for each (path, key)."""
        data = answers.data_of(self.last)
        checks.has_keys(data, [key for _, key in pairs], "data")
        for path, key in pairs:
            checks.equal(self._comparable(data[key]), self._comparable(self._sent(path)), f"data.{key}",
                         why=f"the request's {path}")

    def integer_echo(self, name: str) -> None:
        """OTTO-20, D-OTTO-14: a JSON integer equal to the request's."""
        got = answers.data_of(self.last).get(name)
        if isinstance(got, bool) or not isinstance(got, int):
            raise Deviation(f"expected data.{name} as a JSON integer, got {got!r}")
        checks.equal(got, self._sent(name), f"data.{name}")

    def timestamp(self, name: str, not_before_request: bool = False) -> None:
        """An RFC 3339 UTC time (D-X-01); with ``not_before_request``, not before the noted time (±5 min)."""
        moment = checks.rfc3339_utc(answers.data_of(self.last).get(name), f"data.{name}")
        if not_before_request and self.asked_at is not None and moment < self.asked_at - answers.SKEW:
            raise Deviation(f"expected data.{name} not before the request ({self.asked_at:%Y-%m-%dT%H:%M:%SZ}), "
                            f"allowing 5 minutes of skew, got {moment:%Y-%m-%dT%H:%M:%S.%fZ}")

    def same_id(self) -> None:
        """OTTO-17, OTTO-24 (D-OTTO-10): the second sync answers 2xx with the first's id; live, recorded only."""
        assert self.first is not None, "sync_again() first"
        checks.status(self.first, (200, 201), why="setting up: the first sync must be accepted")
        first, second = answers.id_of(self.first), answers.id_of(self.last)
        if not self.target.controllable:
            self.note("re-sync", f"answered {self.last.status_code}, id {'unchanged' if first == second else 'new'}")
            return
        checks.status(self.last, (200, 201), why="a re-sync is an update (D-OTTO-10)")
        if first != second:
            raise Deviation(f"expected the re-sync to keep data.id {first!r} (an upsert by externalId, D-OTTO-10), "
                            f"got {second!r}: a duplicate")

    def health_time(self) -> None:
        """OTTO-08: within 5 minutes of the clock (the vendor clock in a sandbox)."""
        answers.health_time(self.last, self.target.now())

    def health_endpoints(self) -> None:
        answers.health_endpoints(self.last)
        self.note("server", f"pinned {self.client.prefix} (D-OTTO-01)")

    def plain_http(self) -> None:
        """OTTO-04: GET health over http://, never with the key (None: the connection was refused)."""
        base = self.target.http.base_url
        if not base.startswith("https://"):
            raise NotOnThisTarget("the configured base_url is not https: there is no https endpoint to compare "
                                  "plain http with")
        try:
            self.over_http = httpx.get("http://" + base.removeprefix("https://") + f"{self.client.prefix}/health",
                                       timeout=10.0, follow_redirects=False, trust_env=False)
        except httpx.TransportError:
            self.over_http = None

    def not_served_over_http(self) -> None:
        """OTTO-04: refused, or redirected to https without being processed; what happened is noted."""
        self.note("plain http", answers.plain_http(self.over_http))
