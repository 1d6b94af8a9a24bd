"""One OTR scenario: what it obtained, sent and read back, through :class:`OtrClient`.

"The token" is the last token response the scenario obtained; "the prospect" the last lookup
answer; "the CAB Id" the one it creates an account for or verifies. Every answer a step should
judge goes into the scenario's :class:`Conversation`; body checks live in
:mod:`golive.vendors.otr.answers`.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive import checks
from golive.conversation import Conversation
from golive.types import VendorTarget
from golive.vendors.otr import answers
from golive.vendors.otr.client import OWN, OtrClient, bearer, secret
from golive.vendors.otr.data import LEAD_FIELDS, OtrData, example
from golive.verdict import Deviation, NotOnThisTarget

DESTRUCTIVE_LIVE = ("live, account creation and verification e-mails need --include-destructive and "
                    "[vendors.otr] cab_id (interface.md §9, D-OTR-13)")


@dataclass
class OtrScenario:
    """The state and the moves of one OTR scenario (one per check)."""

    client: OtrClient
    data: OtrData
    target: VendorTarget
    conversation: Conversation
    note: Callable[[str, Any], None] = lambda name, value: None  # recorded, not judged (record_property)
    tokens: dict[str, Any] = field(default_factory=dict)
    issued: float = 0.0  # time.monotonic() when the token came (a live soak waits from there)
    prospect: dict[str, Any] = field(default_factory=dict)
    cab_ids: list[str] = field(default_factory=list)  # the lookups' CabIds, in order
    cab_id: str | None = None

    def answer(self, response: httpx.Response) -> httpx.Response:
        """Record ``response`` as the scenario's latest answer."""
        return self.conversation.record(response)

    @property
    def last(self) -> httpx.Response:
        return self.conversation.last

    def last_object(self) -> dict[str, Any]:
        return checks.json_object(self.last)

    def record(self, label: str) -> None:
        """Keep the latest exchange as evidence, without a verdict (a 5xx was already FAILED)."""
        response = self.last
        self.note(label, f"{response.request.method} {response.request.url.path} answered "
                         f"{checks.excerpt(response)}")

    # -- tokens -----------------------------------------------------------------------------------
    def request_token(self) -> httpx.Response:
        """The configured user's login as "the answer" (form first, D-OTR-06; the encoding is recorded)."""
        response = self.answer(self.client.login())
        self.note("token encoding", self.client.encoding or "neither form nor JSON was accepted")
        return response

    def token_body(self) -> dict[str, Any]:
        """The token response's body (a 200 JSON object)."""
        return checks.json_object(checks.status(self.last, 200, why="the provided credentials get a token (OTR-04)"))

    def access_token(self) -> str:
        """A fresh access token of the configured user (set-up: anything else ends the check)."""
        response = self.client.login()
        checks.status(response, 200, why="setting up: the provided credentials get a token (OTR-04)")
        self.tokens, self.issued = checks.json_object(response), time.monotonic()
        token = self.tokens.get("access_token")
        if not isinstance(token, str) or not token:
            raise Deviation(f"setting up: expected an access_token in the token response, got {token!r}")
        return token

    def token_in_shape(self, shape: str) -> httpx.Response:
        """D-OTR-06's other shapes, recorded: "a JSON body" or "a form without grant_type"."""
        encoding = "json" if shape == "a JSON body" else "form"
        fields = self.client.password_fields(self.client.username, self.client.password, encoding=encoding,
                                             grant_type=False)
        return self.answer(self.client.token(fields, encoding=encoding))

    def _learn_encoding(self) -> None:
        """Negative token requests use the encoding the vendor reads (D-OTR-06), learnt from a login."""
        if self.client.encoding is None:
            self.client.login()

    def token_without(self, name: str) -> httpx.Response:
        """OTR-08: no username, or no password. Live the user does not exist (no lock-out, OTR-09); the
        sandbox has no lock-out, so there the configured user is asked (the strongest probe)."""
        self._learn_encoding()
        user = self.client.username if self.target.controllable else self.data.unknown_user()
        username, password = (None, self.data.password()) if name == "username" else (user, None)
        return self.answer(self.client.token(self.client.password_fields(username, password)))

    def wrong_login(self, who: str) -> httpx.Response:
        """OTR-09: a wrong password for the configured user (once per run live), or a user that does not exist."""
        self._learn_encoding()
        if who == "the configured user":
            return self.answer(self.client.wrong_password(self.data.password()))
        fields = self.client.password_fields(self.data.unknown_user(), self.data.password())
        return self.answer(self.client.token(fields))

    def use_refresh_token(self) -> httpx.Response:
        """D-OTR-07: the refresh grant, exercised and recorded (the first token's refresh token, each time)."""
        return self.answer(self.client.refresh(str(self.tokens.get("refresh_token") or "")))

    def pass_expiry(self, offset: int) -> None:
        """Bring the vendor clock to ``offset`` seconds from the token's ``expires_in`` (OTR-14, D-OTR-07):
        the sandbox's clock moves; a live run waits in real time only if ``--max-wait`` covers it."""
        lifetime = answers.expires_in(self.tokens)
        seconds = lifetime + offset
        if self.target.controllable:
            self.target.advance(seconds)
            return
        if self.target.max_wait < seconds:
            raise NotOnThisTarget(f"the token lives {lifetime} s: a live run waits {seconds} s only with "
                                  f"--max-wait {seconds} or more (OTR-14 needs the vendor clock)")
        time.sleep(max(0.0, self.issued + seconds - time.monotonic()))

    # -- claims -----------------------------------------------------------------------------------
    def authorization(self, how: str) -> str | None:
        """The Authorization value named by a step (OTR-12, OTR-13)."""
        access, refresh = str(self.tokens.get("access_token", "")), str(self.tokens.get("refresh_token", ""))
        if how == "the token with one character changed":
            middle = len(access) // 2
            access = access[:middle] + ("A" if access[middle:middle + 1] != "A" else "B") + access[middle + 1:]
            secret(access)
        values: dict[str, str | None] = {
            "it": bearer(access), "the token with one character changed": bearer(access),
            "a random token": bearer(self.data.random_token()), "the token without its scheme": access,
            "the token with scheme Basic": f"Basic {access}", "the refresh token as bearer": bearer(refresh),
            "the scheme alone": "Bearer", "no Authorization header": None}
        return values[how]

    def read_claims(self, how: str = "it", *, key: Any = OWN, lower: bool = False) -> httpx.Response:
        return self.answer(self.client.claims(self.authorization(how), key=key, lower=lower))

    def same_claims_twice(self) -> None:
        """OTR-16: two tokens of the configured user carry the same userID and clientID."""
        seen = []
        for _ in range(2):
            response = self.client.claims(bearer(self.access_token()))
            checks.status(response, 200, why="setting up: a fresh token's claims (OTR-10)")
            seen.append(checks.json_object(response))
        for name in ("userID", "clientID"):
            checks.equal(seen[1].get(name), seen[0].get(name), f"the second token's {name}",
                         "claims belong to the user, not to the token")

    # -- the subscription key -------------------------------------------------------------------
    def call(self, operation: str, key: Any) -> httpx.Response:
        """A well-formed call of ``operation`` with ``key`` (None: without one; OTR-01, OTR-02, OTR-15)."""
        client = self.client
        if operation == "postToken":
            self._learn_encoding()
            return self.answer(client.token(client.password_fields(client.username, client.password), key=key))
        calls: dict[str, Callable[[], httpx.Response]] = {
            "getTokenClaims": lambda: client.claims(bearer(self.access_token()), key=key),
            "getAuthorityInformation": lambda: client.lookup(client.known_dot, key=key),
            "postLead": lambda: client.lead(example("request-lead"), key=key),
            "postAccount": lambda: client.account(self.refusable_cab(), key=key),
            "postProspectVerification": lambda: client.verification(self.refusable_cab(), key=key)}
        return self.answer(calls[operation]())

    def refusable_cab(self) -> str:
        """A CAB Id for a call the key must refuse: the known prospect's in the sandbox (a vendor ignoring
        the key writes, and is seen to), a made-up one live (nothing may be written there)."""
        return self.known_cab() if self.target.controllable else self.data.unknown_cab()

    def call_writing_nothing(self, operation: str) -> httpx.Response:
        """``operation`` with the issued key, asking for nothing that writes (OTR-03)."""
        client = self.client
        calls: dict[str, Callable[[], httpx.Response]] = {
            "postToken": client.login,
            "getTokenClaims": lambda: client.claims(bearer(self.access_token())),
            "getAuthorityInformation": lambda: client.lookup(own=True),
            "postLead": lambda: client.lead({}, own=True),
            "postAccount": lambda: client.account(None, own=True),
            "postProspectVerification": lambda: client.verification(None, own=True)}
        return self.answer(calls[operation]())

    # -- authority lookup -----------------------------------------------------------------------
    def known_mc(self) -> str:
        if self.client.known_mc is None:
            raise NotOnThisTarget("needs known_mc in [vendors.otr]: the MC number of the known authority")
        return self.client.known_mc

    def look_up(self, by: str) -> httpx.Response:
        """Look the known authority up by "DOT", "MC" or "DOT and MC"; a 200 prospect becomes the prospect."""
        dot = self.client.known_dot if "DOT" in by else None
        mc = self.known_mc() if "MC" in by else None
        response = self.answer(self.client.lookup(dot, mc, own=True))
        body = answers.json_or_none(response) if response.status_code == 200 else None
        if isinstance(body, dict):
            self.prospect = body
            if isinstance(body.get("CabId"), str):
                self.cab_ids.append(body["CabId"])
        return response

    def known_cab(self) -> str:
        """The known authority's CabId, from a lookup by DOT (set-up)."""
        checks.status(self.look_up("DOT"), 200, why="setting up: the known authority is looked up by DOT (OTR-17)")
        return self.prospect_cab()

    def prospect_cab(self) -> str:
        """OTR-25: the prospect's CabId, non-empty."""
        cab = self.prospect.get("CabId")
        if not isinstance(cab, str) or not cab.strip():
            raise Deviation(f"expected the prospect's CabId as a non-empty string, got {cab!r}")
        return cab

    def queried(self, number: str) -> str:
        return self.client.known_dot if number == "DOT" else self.known_mc()

    # -- accounts and verification ----------------------------------------------------------------
    def writable_cab(self, cab: str | None = None) -> str:
        """The CAB Id an account may be created for and e-mail sent to: in the sandbox the known prospect's
        (or ``cab``), live only the configured ``cab_id``, with --include-destructive."""
        if self.target.controllable:
            self.cab_id = cab or self.known_cab()
            return self.cab_id
        configured = self.target.settings.get("cab_id")
        if not self.target.include_destructive or not configured:
            raise NotOnThisTarget(DESTRUCTIVE_LIVE)
        if cab is not None and cab != configured:
            raise NotOnThisTarget("live, the account is created only for [vendors.otr] cab_id, and the lookup "
                                  "gave another CabId")
        if cab is None:
            self.look_up("DOT")  # the prospect, for its address (OTR-35) when it is the configured one
        self.cab_id = str(configured)
        return self.cab_id

    def create_account(self, cab: str | None) -> httpx.Response:
        """POST the account; live, a 409 for the configured CAB Id means it exists: SKIPPED."""
        response = self.answer(self.client.account(cab, own=True))
        if response.status_code == 409 and not self.target.controllable:
            raise NotOnThisTarget(f"account exists: the configured cab_id already has an account (409): {cab}")
        return response

    def request_verification(self, cab: str | None) -> httpx.Response:
        return self.answer(self.client.verification(cab, own=True))

    def address(self) -> str | None:
        """The prospect's e-mail address: the lookup's Email (D-OTR-04: when a string), else None."""
        email = self.prospect.get("Email")
        same = self.prospect.get("CabId") == self.cab_id
        return email if same and isinstance(email, str) and "@" in email else None

    def mail(self) -> dict[str, Any] | None:
        """The latest verification e-mail for the CAB Id in the sandbox's outbox (None live or when none)."""
        if not self.target.controllable:
            return None
        mails = [m for m in self.target.outbox() if m.get("cabId") == self.cab_id]
        return mails[-1] if mails else None

    def mailed_code(self) -> None:
        """OTR-33: an e-mail with a 6-digit numeric code went to the prospect's address for the CAB Id."""
        mail = self.mail()
        if mail is None:
            raise Deviation(f"expected a verification e-mail for {self.cab_id} in the outbox, got none")
        sent = self.last_object() if 200 <= self.last.status_code < 300 else {}
        address = self.address() or (sent.get("email") if isinstance(sent.get("email"), str) else None)
        to = str(mail.get("to", ""))
        if address is None:
            self.note("address", f"the prospect's address is unknown: the e-mail went to {to}")
        elif to.lower() != address.lower():
            raise Deviation(f"expected the e-mail to go to the prospect's address {address}, got {to!r}")
        if not re.fullmatch(r"\d{6}", str(mail.get("code", ""))):
            raise Deviation(f"expected a 6-digit numeric code in the e-mail, got {mail.get('code')!r}")

    def echoes(self) -> None:
        """OTR-35, D-OTR-11: the answer's cabId is the CAB Id and its email the prospect's address."""
        body = self.last_object()
        checks.equal(body.get("cabId"), self.cab_id, "cabId", "the CAB Id being verified")
        address = self.address()
        if address is None:
            self.note("email", f"not compared: the lookup gave no address for {self.cab_id}")
        elif str(body.get("email", "")).lower() != address.lower():
            raise Deviation(f"expected email = {address!r}, the prospect's address, got {body.get('email')!r}")

    # -- leads (sandbox) --------------------------------------------------------------------------
    def submit_lead(self, is_test: str = "true") -> httpx.Response:
        return self.answer(self.client.lead(example("request-lead"), is_test=is_test, own=True))

    def test_lead(self, source: str) -> None:
        """OTR-23, OTR-27: the vendor recorded a lead from ``source``, flagged isTest (a lead: as sent)."""
        leads = [lead for lead in self.target.leads() if lead.get("source") == source]
        flagged = [lead for lead in leads if lead.get("isTest") in (True, "true")]
        if not flagged:
            raise Deviation(f"expected a lead with source {source!r} flagged isTest=true in the vendor's leads, "
                            f"got {[{k: lead.get(k) for k in ('source', 'isTest')} for lead in leads]}")
        sent = example("request-lead")
        if source == "lead" and not any({k: lead.get(k) for k in LEAD_FIELDS} == sent for lead in flagged):
            raise Deviation(f"expected the test lead stored as sent {sent}, got {flagged}")
