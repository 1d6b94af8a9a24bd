"""The OTR Solutions API as the suite calls it: the subscription key, tokens and the six operations.

Every request goes through ``target.http`` (evidence, 5xx and credential verdicts) with the
subscription key unless a step leaves it out or replaces it. Paths are otr.md's choice and
``[vendors.otr.paths]`` overrides them per operationId (D-OTR-01). Safety (interface.md §9):
live, the lookup and the lead always carry ``isTest=true`` (the one exception is the OTR-24
probe, ``isTest=maybe`` on the lookup), and the configured user gets at most one wrong password
per run. Live pacing and 429s (D-OTR-15, D-X-02) are golive.http's, as for every vendor.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus

import httpx

from golive.redact import redactor
from golive.types import VendorTarget
from golive.verdict import NoConclusion, NotOnThisTarget

OPERATIONS: dict[str, tuple[str, str]] = {
    "postToken": ("POST", "/token"),
    "getTokenClaims": ("GET", "/token/claims"),
    "getAuthorityInformation": ("GET", "/prospects/authority"),
    "postLead": ("POST", "/leads"),
    "postAccount": ("POST", "/accounts"),
    "postProspectVerification": ("POST", "/prospects/verification"),
}
KEY_HEADER = "ocp-apim-subscription-key"
OWN: Any = object()  # the configured subscription key
ENCODINGS = ("form", "json")  # D-OTR-06: form first, then the JSON alternative
PROBE = "maybe"  # OTR-24: the one isTest value sent live that is not "true"
_wrong_password_tried: set[tuple[str, str]] = set()  # (base URL, username): once per run, live (OTR-09)


def paths(settings: dict[str, Any]) -> dict[str, str]:
    """Each operation's path: otr.md's, or the ``[vendors.otr.paths]`` override."""
    overrides = settings.get("paths") or {}
    for operation, path in overrides.items():
        if operation not in OPERATIONS:
            raise NoConclusion(f"[vendors.otr.paths] {operation}: unknown operation (known: {', '.join(OPERATIONS)})")
        if not isinstance(path, str) or not path.startswith("/"):
            raise NoConclusion(f"[vendors.otr.paths] {operation}: must be a path starting with /, got {path!r}")
    return {operation: str(overrides.get(operation, path)) for operation, (_, path) in OPERATIONS.items()}


def bearer(token: str) -> str:
    return f"Bearer {token}"


def secret(*values: Any) -> None:
    """Register secrets with the redactor as they are and as a form body carries them (URL-encoded)."""
    texts = [value for value in values if isinstance(value, str)]
    redactor.add(*texts, *(quote_plus(text) for text in texts))


class OtrClient:
    """The configured user and subscription key on one OTR target."""

    def __init__(self, target: VendorTarget) -> None:
        self.target = target
        credentials = target.credentials
        self.key = str(credentials["subscription_key"])
        self.username = str(credentials["username"])
        self.password = str(credentials["password"])
        self.known_dot = str(credentials["known_dot"])
        self.known_mc = str(credentials["known_mc"]) if credentials.get("known_mc") else None
        secret(self.key, self.username, self.password)
        self.paths = paths(target.settings)
        self.encoding: str | None = None  # the token encoding the vendor accepted (D-OTR-06)

    # -- every call -----------------------------------------------------------------------
    def call(self, operation: str, *, key: Any = OWN, headers: dict[str, str] | None = None, own: bool = False,
             **kwargs: Any) -> httpx.Response:
        """One request to ``operation``; ``key``: OWN, another value, or None (left out).

        ``own``: the request carries only what the user configured, so a 401 means the
        credentials were rejected (interface.md §7)."""
        method = OPERATIONS[operation][0]
        sent = dict(headers or {})
        if key is not None:
            sent[KEY_HEADER] = self.key if key is OWN else key
        return self.target.http.request(method, self.paths[operation], headers=sent,
                                        own_credentials=own and key is OWN, **kwargs)

    def _is_test(self, value: str, operation: str) -> str:
        """``isTest`` as sent: live, only "true" (and the OTR-24 probe on the lookup)."""
        probe = operation == "getAuthorityInformation" and value == PROBE
        if not self.target.controllable and value != "true" and not probe:
            raise NotOnThisTarget(f"live, {operation} is sent only with isTest=true (interface.md §9)")
        return value

    # -- POST Token -----------------------------------------------------------------------
    def token(self, fields: dict[str, str], *, encoding: str | None = None, key: Any = OWN,
              own: bool = False) -> httpx.Response:
        """POST Token with ``fields``, form-encoded or JSON (default: the encoding that worked, else form)."""
        how = encoding or self.encoding or ENCODINGS[0]
        body = {"data": fields} if how == "form" else {"json": fields}
        response = self.call("postToken", key=key, own=own, **body)
        self.keep_secrets(response)
        return response

    def password_fields(self, username: str | None, password: str | None, *, encoding: str | None = None,
                        grant_type: bool = True) -> dict[str, str]:
        """A password grant's fields (None: left out); JSON carries no grant_type (D-OTR-06)."""
        form = (encoding or self.encoding or ENCODINGS[0]) == "form"
        fields = {"grant_type": "password"} if form and grant_type else {}
        fields.update({k: v for k, v in (("username", username), ("password", password)) if v is not None})
        return fields

    def login(self) -> httpx.Response:
        """The configured user's password grant: form first, then JSON (D-OTR-06). The encoding
        that worked is kept; with neither, the form answer is returned."""
        answers = []
        for how in (self.encoding,) if self.encoding else ENCODINGS:
            fields = self.password_fields(self.username, self.password, encoding=how)
            response = self.token(fields, encoding=how, own=True)
            if response.status_code == 200:
                self.encoding = how
                return response
            answers.append(response)
        return answers[0]

    def wrong_password(self, password: str) -> httpx.Response:
        """The configured user with a wrong ``password``: live, once per run (lock-out risk, OTR-09)."""
        if not self.target.controllable:
            tried = (self.target.http.base_url, self.username)
            if tried in _wrong_password_tried:
                raise NotOnThisTarget("a wrong password was already tried for the configured user in this run "
                                      "(lock-out risk, OTR-09)")
            _wrong_password_tried.add(tried)
        return self.token(self.password_fields(self.username, password))

    def refresh(self, refresh_token: str) -> httpx.Response:
        return self.token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    @staticmethod
    def keep_secrets(response: httpx.Response) -> None:
        """Register the tokens of a token response with the redactor (they also sit in bodies)."""
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, dict):
            secret(*(body.get(name) for name in ("access_token", "refresh_token")))

    # -- the other five operations ----------------------------------------------------------
    def claims(self, authorization: str | None, *, key: Any = OWN, lower: bool = False) -> httpx.Response:
        """GET Token Claims; ``lower``: every header name in lower case (D-X-05)."""
        headers = {} if authorization is None else {"authorization" if lower else "Authorization": authorization}
        return self.call("getTokenClaims", key=key, headers=headers)

    def lookup(self, dot: str | None = None, mc: str | None = None, *, is_test: str = "true", key: Any = OWN,
               own: bool = False) -> httpx.Response:
        """GET Authority Information by ``dot`` and/or ``mc`` (None: left out)."""
        params = {"dot": dot, "mc": mc, "isTest": self._is_test(is_test, "getAuthorityInformation")}
        return self.call("getAuthorityInformation", key=key, own=own,
                         params={k: v for k, v in params.items() if v is not None})

    def lead(self, body: dict[str, Any] | bytes, *, is_test: str = "true", key: Any = OWN,
             own: bool = False) -> httpx.Response:
        """POST Lead with a JSON object (or raw bytes) as ``application/json``."""
        content = json.dumps(body).encode("utf-8") if isinstance(body, dict) else body
        return self.call("postLead", key=key, own=own, params={"isTest": self._is_test(is_test, "postLead")},
                         content=content, headers={"Content-Type": "application/json"})

    def account(self, cab_id: str | None, *, key: Any = OWN, own: bool = False) -> httpx.Response:
        """Create the account from ``cab_id`` (query ``cab-id``, D-OTR-10; None: left out)."""
        return self.call("postAccount", key=key, own=own, params={} if cab_id is None else {"cab-id": cab_id})

    def verification(self, cab_id: str | None, *, key: Any = OWN, own: bool = False) -> httpx.Response:
        """Send the verification e-mail for ``cab_id`` (query ``cab-id``, D-OTR-11; None: left out)."""
        return self.call("postProspectVerification", key=key, own=own,
                         params={} if cab_id is None else {"cab-id": cab_id})
