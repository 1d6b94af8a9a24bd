"""One OTMS scenario: the integrations it made, what it sent, what came back, through :class:`TmsClient`.

"It" is the integration the scenario made last (roles "the first" and "the second" for two).
Every answer a step should judge goes into the scenario's :class:`Conversation`; what the
catalogue only records goes to ``note`` (``record_property``). Processing moves the sandbox's
vendor clock one tick (10 s) at a time and never sleeps; golive's receiver plays the target.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive import checks
from golive.conversation import Conversation
from golive.receiver import Answer, Delivery
from golive.redact import MASK, redactor
from golive.types import VendorTarget
from golive.vendors.tms import answers, calls
from golive.vendors.tms.client import DEFAULT, TmsClient, basic
from golive.vendors.tms.data import TmsData, example, sample
from golive.verdict import Deviation, NotOnThisTarget

RECEIVER = "erp/tms"  # the receiver path the scenarios' integrations target
TICK = 10  # seconds of vendor clock per scheduler tick (interface.md §5)
FOLLOW_TICKS = 12  # an outage spans at most 3 ticks (TMS-36); a vendor's back-off may stretch the retries
LATENCY_TOLERANCE = 60  # D-TMS-06: seconds, live
SUCCESS_CODES = (200, 201, 204)  # D-TMS-15: 204 where no body is expected (import, e-mail, upload)
DOC_ORDER: dict[str, Any] = example("request-import-data")["data"][0]


@dataclass
class TmsScenario:
    """The state and the moves of one OTMS scenario (one per check)."""

    client: TmsClient
    data: TmsData
    target: VendorTarget
    conversation: Conversation
    note: Callable[[str, Any], None] = lambda name, value: None  # recorded, not judged (record_property)
    integrations: dict[str, str] = field(default_factory=dict)  # role -> id
    sent: dict[str, Any] = field(default_factory=dict)  # the last create body
    credentials: list[dict[str, Any]] = field(default_factory=list)  # generated, in order
    test_data: Any = None
    mapping: dict[str, Any] = field(default_factory=dict)  # the last mapping tested or configured
    mapped: dict[str, httpx.Response] = field(default_factory=dict)  # mapping test answers by kind
    imported: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[Any] = field(default_factory=list)  # the object's status after each tick followed
    watched: list[Any] = field(default_factory=list)  # every object read along the way
    before: dict[str, list[Any]] = field(default_factory=dict)  # lists read before a move
    pages: answers.Pages = field(default_factory=dict)

    def answer(self, response: httpx.Response) -> httpx.Response:
        return self.conversation.record(response)

    @property
    def last(self) -> httpx.Response:
        return self.conversation.last

    # -- integrations and credentials --------------------------------------------------------
    def the_id(self, role: str = "it") -> str:
        return self.integrations[role]

    def create(self, body: Any, role: str = "it", *, setup: bool = False) -> httpx.Response:
        """Send a valid create ``body``; a 2xx answer's integration id becomes ``role``'s."""
        response = self.answer(self.client.create(body, write=True))
        if setup:
            checks.status(response, (200, 201), why="setting up: a valid integration must be created")
        if response.status_code in (200, 201):
            self.sent, self.integrations[role] = body, str(answers.created(response).get("id"))
        return response

    def integration(self, role: str = "it", *, receiver: bool = False, **extra: Any) -> str:
        """A new integration (targeting golive's receiver if asked, with the sandbox's mapping or filters)."""
        if receiver:
            extra["target"] = {"url": self.target.receiver_url(RECEIVER)}
        self.mapping = extra.get("mapping", self.mapping)
        self.create(self.data.integration(**extra), role, setup=True)
        return self.the_id(role)

    def generate(self, role: str = "it", *, setup: bool = False) -> httpx.Response:
        """Generate credentials for ``role``; they are secrets from the moment they arrive."""
        response = self.answer(self.client.generate({"integrationId": self.the_id(role)}, write=True))
        if setup:
            checks.status(response, (200, 201), why="setting up: credentials must be generated")
        if response.status_code in (200, 201):
            found = answers.credentials(response)
            redactor.add(*(text for text in answers.leaves(found) if text not in (MASK, self.the_id(role))))
            self.credentials.append(found)
        return response

    def basic(self, which: int = -1) -> str:
        """Generated credentials as the sandbox takes them (vendors/tms.md: Basic clientId:clientSecret)."""
        found = self.credentials[which].get("credentials", self.credentials[which])
        if not (isinstance(found, dict) and {"clientId", "clientSecret"} <= found.keys()):
            raise Deviation(f"expected credentials {{clientId, clientSecret}} (vendors/tms.md), got keys "
                            f"{sorted(found) if isinstance(found, dict) else found!r}")
        return basic(str(found["clientId"]), str(found["clientSecret"]))

    def carries_credentials(self) -> None:
        """TMS-07: the answer holds credentials beside its envelope."""
        if not (self.credentials and answers.leaves(self.credentials[-1])):
            raise Deviation(f"expected credentials in the body, got {checks.excerpt(self.last)}")

    def credentials_differ(self) -> None:
        """TMS-08. A replayed recording masks both pairs: they were compared when it was recorded."""
        earlier, latest = self.credentials[-2], self.credentials[-1]
        if latest != earlier:
            return
        if self.target.mode == "replay" and answers.masked(latest):
            self.note("credentials", "compared when recorded; the recording masks generated credentials")
            return
        raise Deviation("expected regenerated credentials to differ from the earlier ones, got the same again")

    def refused_call(self, call: str, authorization: Any) -> httpx.Response:
        """One documented call (:data:`calls.CALLS`) with ``authorization`` (None: no header)."""
        return self.answer(calls.CALLS[call](self.client, self.data, authorization))

    def authorization(self, how: str) -> str:
        return calls.authorization(self.client, self.data, how)

    # -- mapping tests -----------------------------------------------------------------------
    def mapping_test(self, mapping: Any, test_data: Any = None, kind: str = "dataSource", **kw: Any) -> httpx.Response:
        self.mapping = mapping if isinstance(mapping, dict) else {}
        body = {"mapping": mapping, "testData": self.test_data if test_data is None else test_data}
        self.mapped[kind] = self.answer(self.client.mapping_test(body, kind, **kw))
        return self.mapped[kind]

    def document_mapping_test(self, kind: str = "dataSource", **kw: Any) -> httpx.Response:
        """The document's Step 3 body (the file template one is the same, D-TMS-10)."""
        body = example("request-mapping-test" if kind == "dataSource" else "request-filetemplate-mapping-test")
        return self.mapping_test(body["mapping"], body["testData"], kind, **kw)

    def result(self, response: httpx.Response | None = None) -> dict[str, Any]:
        response = response or self.last
        checks.status(response, (200, 201), why="a mapping test of valid paths is answered 2xx")
        return answers.mapping_result(checks.json_body(response), list(self.mapping))

    def same_results(self) -> None:
        """TMS-44: the file template test gives what the data-source test gives for the same body."""
        answers.same(self.result(self.mapped["fileTemplate"]), self.result(self.mapped["dataSource"]),
                     "the file template result to equal the data-source result")

    def delivered_as_tested(self) -> None:
        """TMS-34: what the receiver got is what mapping:test gives for the same order."""
        tested = self.mapping_test(self.mapping, {"transportOrder": self.imported[-1]})
        answers.same(self.one_delivery(), self.result(tested), "the receiver's body to equal the mapping test's")

    # -- imports, e-mail, uploads -----------------------------------------------------------
    def import_orders(self, items: list[dict[str, Any]], role: str = "it", *, setup: bool = False) -> httpx.Response:
        body = {"integrationId": self.the_id(role), "data": items}
        response = self.answer(self.client.import_data(body, write=True))
        if setup:
            checks.status(response, SUCCESS_CODES, why="setting up: a valid import must be accepted")
        self.imported += items
        return response

    def body(self, text: str) -> Any:
        """A body written in a feature: JSON with ``{integration}`` and ``{unknown}`` filled in, else raw text."""
        filled = text.strip().replace("{unknown}", self.data.unknown_id())
        if "{integration}" in filled:
            filled = filled.replace("{integration}", self.the_id())
        try:
            return json.loads(filled)
        except ValueError:
            return filled

    def upload(self, kind: str | None = None, *, part: str = "file", write: bool = True) -> httpx.Response:
        """A real multipart upload of a shipped sample (``kind`` None: a JSON file, not a template)."""
        name, content, media_type = sample(kind) if kind else ("orders.json", b'{"orders": []}\n', "application/json")
        return self.answer(self.client.upload({part: (name, content, media_type)}, self.data.boundary(), write=write))

    def email_started(self) -> None:
        """D-TMS-13: what the e-mail workflow made, recorded (sandbox: one tick later)."""
        self.note("answer", checks.excerpt(self.last))
        if self.target.controllable:
            self.advance(TICK)
            self.note("receiver", f"{len(self.deliveries())} call(s) one tick later")
        self.note("objects", checks.excerpt(self.items("objects")))

    # -- lists ---------------------------------------------------------------------------------
    def listing(self, kind: str, role: str = "it", offset: Any = 0, limit: Any = 100,
                authorization: Any = DEFAULT) -> httpx.Response:
        return self.client.page(self.the_id(role), kind, offset, limit, authorization=authorization)

    def items(self, kind: str, role: str = "it") -> list[Any]:
        """The first 100 entries of one of ``role``'s lists (2xx required)."""
        response = checks.status(self.listing(kind, role), (200, 201), why=f"reading the {kind} list")
        return answers.listed(response)

    def read_pages(self, kind: str, windows: list[tuple[int, int]]) -> None:
        for offset, limit in windows:
            response = checks.status(self.answer(self.listing(kind, "it", offset, limit)), (200, 201),
                                     why=f"D-TMS-03: page {offset}/{limit} is within the tested limits 1 to 100")
            self.pages[offset, limit] = answers.listed(response)

    def remember_lists(self, kinds: tuple[str, ...] = ("objects", "logs", "requestLogs")) -> None:
        self.before = {kind: self.items(kind) for kind in kinds}

    def lists_unchanged(self) -> None:
        """TMS-14: the remembered lists read the same again."""
        for kind, earlier in self.before.items():
            answers.same(self.items(kind), earlier, f"the {kind} list unchanged by a mapping test:")

    def no_call_since(self) -> None:
        """TMS-14: the receiver got no call beyond those the integration's request logs showed before."""
        got, logged = len(self.deliveries()), len(self.before["requestLogs"])
        if got > logged:
            raise Deviation(f"expected no external call from a mapping test, got {got} call(s) at the receiver "
                            f"for {logged} request log(s) before it")

    # -- processing ---------------------------------------------------------------------------
    def script(self, failure: str, times: int) -> None:
        """The receiver fails ``times`` calls (answers NNN, drops the connection, hangs for N seconds), then 200."""
        word, *rest = failure.split()
        answer = Answer(int(rest[0])) if word == "answers" else Answer.hang(float(rest[1])) if word == "hangs" \
            else Answer.drop()
        self.target.script_receiver(RECEIVER, [answer] * times)

    def advance(self, seconds: float) -> None:
        if not self.target.controllable:
            raise NotOnThisTarget("moving the scheduler needs the sandbox's vendor clock (interface.md §5)")
        self.target.advance(seconds)

    def status(self) -> Any:
        """The status of the integration's one IntegrationObject (its one order)."""
        objects = self.items("objects")
        if len(objects) != 1 or not isinstance(objects[0], dict):
            raise Deviation(f"expected one IntegrationObject for the one order imported, got {checks.excerpt(objects)}")
        return objects[0].get("status")

    def follow(self) -> None:
        """Advance one tick at a time until the object is SUCCESS or ERROR (at most FOLLOW_TICKS)."""
        for _ in range(FOLLOW_TICKS):
            self.advance(TICK)
            self.statuses.append(self.status())
            if self.statuses[-1] in ("SUCCESS", "ERROR"):
                return

    def deliveries(self) -> list[Delivery]:
        return self.target.inbox().deliveries(RECEIVER)

    def one_delivery(self) -> Any:
        """The body of the receiver's only call."""
        got = self.deliveries()
        if len(got) != 1:
            raise Deviation(f"expected the receiver to get one call, got {len(got)}")
        try:
            return got[0].json()
        except ValueError:
            raise Deviation(f"expected a JSON body at the receiver, got {got[0].body[:200]!r}") from None

    def calls_logged(self) -> None:
        """TMS-35/TMS-36: one request log per call the receiver got."""
        got, logged = len(self.deliveries()), len(self.items("requestLogs"))
        if got != logged:
            raise Deviation(f"expected one request log per call the receiver got ({got}), got {logged}")

    def retried(self) -> None:
        """D-TMS-05: RETRY after each failed call, until SUCCESS."""
        seen = self.statuses[:-1] if self.statuses[-1:] == ["SUCCESS"] else self.statuses
        if any(status != "RETRY" for status in seen):
            raise Deviation(f"expected RETRY after each failed call (D-TMS-05), got statuses {self.statuses}")

    def record_attempts(self) -> None:
        """D-TMS-05: reported, never asserted."""
        self.note("attempts", f"{len(self.deliveries())} call(s) at the receiver; statuses after each tick: "
                              f"{self.statuses}; objects now: {checks.excerpt(self.items('objects'))}")

    def history(self, *, watch: bool = False) -> None:
        """Three orders the receiver refuses once (503) and takes on the next tick, so every list holds
        entries of several ticks. Live: a fresh integration (imports would move the lists while paged)."""
        self.integration(receiver=True)
        if not self.target.controllable:
            self.note("lists", "live: a fresh integration's lists (no vendor clock to move)")
            self.watched += self.items("objects")
            return
        self.script("answers 503", 3)
        self.import_orders(self.data.orders(3), setup=True)
        for tick in range(3):  # read after the import and after each of two ticks
            if tick:
                self.advance(TICK)
            if watch:
                self.watched += self.items("objects")

    def delivered_once(self) -> None:
        """An integration that has delivered the document's order (sandbox); live, a fresh one."""
        self.integration(receiver=True)
        if not self.target.controllable:
            self.note("history", "live: a fresh integration (no vendor clock to move)")
            return
        self.import_orders([DOC_ORDER], setup=True)
        self.advance(TICK)

    def latency(self) -> None:
        """D-TMS-06: how long the imported object stays in QUEUE, recorded (live: up to 60 s, within --max-wait)."""
        if self.target.controllable:
            for tick in range(1, 7):
                self.advance(TICK)
                if self.status() != "QUEUE":
                    self.note("latency", f"left QUEUE after {tick} tick(s) ({tick * TICK} s of vendor time)")
                    return
            self.note("latency", f"still QUEUE after 6 ticks ({6 * TICK} s of vendor time)")
            return
        budget, started = min(self.target.max_wait, LATENCY_TOLERANCE), time.monotonic()
        objects = self.items("objects")
        while any(isinstance(o, dict) and o.get("status") == "QUEUE" for o in objects) and \
                time.monotonic() - started < budget:
            time.sleep(1)  # live only: a real vendor's scheduler runs in real time
            objects = self.items("objects")
        self.note("latency", f"live, after {time.monotonic() - started:.0f} s (--max-wait, at most "
                             f"{LATENCY_TOLERANCE} s): {checks.excerpt(objects)}")
