"""What an OTR answer must look like: pure checks of bodies, raising :mod:`golive.verdict` deviations.

A plain :class:`Deviation` counts at the scenario's level (behaviours.md); where one clause of a
fact-level item is only implied (an exact status code, D-OTR-07's early refusal, D-OTR-16's
tolerated answers), the check raises :class:`BrokenAssumption` itself. Within one check the
fact-level clauses are judged first, so a WARNING never hides a FAILED.
"""
from __future__ import annotations

import json
import re
from typing import Any

import httpx

from golive import checks
from golive.verdict import BrokenAssumption, BrokenFact, Deviation

TOKEN_KEYS = ("access_token", "token_type", "expires_in", "refresh_token")
CLAIM_KEYS = ("userID", "clientID", "roles")
PROSPECT_KEYS = ("CabId", "FirstName", "LastName", "Company", "Street", "City", "PostalCode", "StateCode",
                 "CountryCode", "Phone", "MobilePhone", "Email", "MotorCarrierNumber", "DotNumber", "DbaName")
UNTYPED = ("Email", "MotorCarrierNumber", "DbaName")  # shown as {} in the sample: any value (D-OTR-04)
STRINGS = tuple(k for k in PROSPECT_KEYS if k not in UNTYPED)  # shown as "string": a string or null (OTR-22)
VERIFICATION_KEYS = ("email", "cabId", "verificationId")
LEAD_TEXT = "Lead has been submitted"
DATA = ("access_token", "refresh_token", "userID", "clientID", "CabId", "DotNumber", "verificationId")
UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
SIX_DIGITS = re.compile(r"^\s*\d{6}\s*$")
EMPTY: tuple[Any, ...] = (None, "", {}, [])


def json_type(value: Any) -> str:
    """A value's JSON type, as a report shows it."""
    names = {bool: "boolean", int: "number", float: "number", str: "string", dict: "object", list: "array"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def json_or_none(response: httpx.Response) -> Any:
    """The JSON body, or None when there is none."""
    try:
        return response.json()
    except ValueError:
        return None


# -- tokens and claims ----------------------------------------------------------------------------
def token_type(body: dict[str, Any]) -> None:
    """OTR-05, D-OTR-14: "bearer", compared case-insensitively."""
    value = body.get("token_type")
    if not isinstance(value, str) or value.lower() != "bearer":
        raise Deviation(f"expected token_type \"bearer\" (in any case), got {value!r}")


def expires_in(body: dict[str, Any]) -> int:
    """OTR-06, D-OTR-07: a JSON integer number of seconds, 0 < value ≤ 7200."""
    value = body.get("expires_in")
    if isinstance(value, bool) or not isinstance(value, int):
        raise Deviation(f"expected expires_in as a JSON integer number of seconds, got {value!r}")
    if not 0 < value <= 7200:
        raise Deviation(f"expected 0 < expires_in ≤ 7200 (the sample's 7199 is about 2 h), got {value}")
    return value


def opaque_tokens(body: dict[str, Any]) -> None:
    """OTR-07, D-OTR-14: non-empty strings; nothing else about them is asserted."""
    bad = [name for name in ("access_token", "refresh_token") if not isinstance(body.get(name), str)
           or not body[name].strip()]
    if bad:
        raise Deviation(f"expected {' and '.join(bad)} as non-empty strings, got "
                        f"{', '.join(json_type(body.get(n)) for n in bad)}")


def no_token(response: httpx.Response) -> None:
    """A refused token request issues no token (OTR-08, OTR-09)."""
    body = json_or_none(response)
    if isinstance(body, dict) and body.get("access_token"):
        raise BrokenFact(f"expected no access_token in a refused token request's answer, got {response.status_code} "
                         "with one: a token was issued anyway")


def claims_types(body: dict[str, Any]) -> None:
    """OTR-11: userID a UUID string, clientID a JSON integer, roles an array of strings."""
    user = body.get("userID")
    if not isinstance(user, str) or not UUID.match(user):
        raise Deviation(f"expected userID as a UUID string, got {user!r}")
    client = body.get("clientID")
    if isinstance(client, bool) or not isinstance(client, int):
        raise Deviation(f"expected clientID as a JSON integer, got {client!r}")
    roles = body.get("roles")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise Deviation(f"expected roles as an array of strings, got {roles!r}")


def exact_keys(body: dict[str, Any], keys: tuple[str, ...], what: str) -> None:
    """OTR-36, D-OTR-12: each documented key in its documented spelling, case-sensitively."""
    other_case = [k for k in keys if k not in body and k.lower() in {b.lower() for b in body}]
    missing = [k for k in keys if k not in body and k not in other_case]
    if other_case or missing:
        raise Deviation(f"expected {what} keys spelled exactly {', '.join(other_case or missing)}, got keys "
                        f"{sorted(body)}")


# -- the prospect -----------------------------------------------------------------------------------
def prospect(response: httpx.Response) -> dict[str, Any]:
    """OTR-17: a 200 lookup answer is one JSON object with every documented key."""
    body = checks.json_object(response, why="a lookup answers the prospect object")
    checks.has_keys(body, PROSPECT_KEYS, "the prospect")
    return body


def prospect_strings(body: dict[str, Any]) -> None:
    """OTR-22: the fields shown as "string" are JSON strings, null tolerated."""
    bad = {k: json_type(body.get(k)) for k in STRINGS if body.get(k) is not None and not isinstance(body[k], str)}
    if bad:
        raise Deviation("expected the fields shown as \"string\" to be JSON strings or null, got "
                        + ", ".join(f"{k}: {t}" for k, t in bad.items()))


def same_number(got: Any, queried: str, field: str) -> str:
    """OTR-20, D-OTR-04: a string ``field`` corresponds to the queried number (digits compared for an MC,
    "MC-918273" ≈ "918273"; exactly for a DOT). Another type is not judged: its type is returned."""
    if not isinstance(got, str):
        return json_type(got)
    if field == "MotorCarrierNumber" and re.sub(r"\D", "", got) == re.sub(r"\D", "", queried) != "":
        return "string"
    if got.strip() != queried:
        raise Deviation(f"expected {field} = {queried!r}, the number looked up, got {got!r}")
    return "string"


def no_authority(response: httpx.Response, number: str) -> str:
    """D-OTR-16, D-OTR-08: 404 preferred; 204, 400 or a 200 with empty fields tolerated. A 200 is still
    the prospect object (OTR-17, fact-level); anything else is a broken assumption."""
    status = response.status_code
    if status in (404, 204, 400):
        return str(status)
    if status == 200:
        filled = [k for k, v in prospect(response).items() if k in PROSPECT_KEYS and v not in EMPTY]
        if filled:
            raise BrokenAssumption(f"expected no authority for {number}, got a 200 prospect with {', '.join(filled)}")
        return "200 with empty fields"
    raise BrokenAssumption(f"expected 404 for an authority that matches nothing (204, 400 or an empty 200 "
                           f"tolerated), got {checks.excerpt(response)}")


def one_cab(cabs: list[str]) -> None:
    """D-OTR-12: lookups of one authority (by DOT, by MC) give one CabId (implied: a WARNING)."""
    if len(set(cabs)) != 1:
        raise BrokenAssumption(f"expected the lookups by DOT and by MC to give one CabId, got {cabs}")


def email_address(email: Any) -> None:
    """D-OTR-04: Email, when a string, contains "@" (implied: a WARNING)."""
    if isinstance(email, str) and "@" not in email:
        raise BrokenAssumption(f"expected Email, a string, to be an e-mail address (D-OTR-04), got {email!r}")


# -- leads, refusals, successes ----------------------------------------------------------------------
def success(response: httpx.Response, why: str = "") -> httpx.Response:
    """Any 2xx (D-OTR-10, OTR-25, OTR-32)."""
    if not 200 <= response.status_code < 300:
        raise Deviation(f"expected a 2xx, got {checks.excerpt(response)}" + (f" — {why}" if why else ""))
    return response


def key_accepted(response: httpx.Response) -> None:
    """OTR-03: a call carrying the issued key is not refused because of it (no 401 or 403)."""
    if response.status_code in (401, 403):
        raise Deviation(f"expected the issued key to reach the testing environment, got {checks.excerpt(response)}")


def sent_keys(request: httpx.Request, keys: tuple[str, ...]) -> None:
    """OTR-36, P6: the suite sent a JSON body with exactly the documented keys, in their documented case."""
    checks.equal(sorted(json.loads(request.content)), sorted(keys), "the keys sent", "as in the document's example")


def lead_acknowledged(response: httpx.Response) -> None:
    """D-OTR-09: 2xx with the body, raw or JSON-decoded, "Lead has been submitted" (whitespace
    ignored); the code 200 or 201 (implied)."""
    if not 200 <= response.status_code < 300:
        raise Deviation(f"expected the lead accepted (200 or 201), got {checks.excerpt(response)}")
    text, decoded = response.text.strip(), json_or_none(response)
    if text != LEAD_TEXT and not (isinstance(decoded, str) and decoded.strip() == LEAD_TEXT):
        raise Deviation(f"expected the body {LEAD_TEXT!r} (raw or as a JSON string), got {checks.excerpt(response)}")
    if response.status_code not in (200, 201):
        raise BrokenAssumption(f"expected 200 or 201 for an accepted lead (D-OTR-09), got {response.status_code}")


def no_data(response: httpx.Response) -> None:
    """A refused call answers nothing of what the operation would return (OTR-01: "401 and no data")."""
    body = json_or_none(response)
    found = [key for key in DATA if key in body] if isinstance(body, dict) else []
    if LEAD_TEXT in response.text or found:
        found = found or [repr(LEAD_TEXT)]
        raise Deviation(f"expected a refusal without data, got {response.status_code} carrying "
                        f"{', '.join(found)}: the data is served without the key")


# -- verification -----------------------------------------------------------------------------------
def verification(body: dict[str, Any]) -> None:
    """OTR-32: ``email``, ``cabId`` and ``verificationId``, all strings."""
    bad = [key for key in VERIFICATION_KEYS if not isinstance(body.get(key), str)]
    if bad:
        raise Deviation(f"expected {', '.join(bad)} as strings in the verification answer, got keys {sorted(body)}")


def undisclosed(body: Any, code: str | None) -> None:
    """OTR-34, D-OTR-17: no field is a 6-digit number, and the e-mailed ``code`` (when known) is nowhere."""
    values = list(body.values()) if isinstance(body, dict) else [body]
    while values:
        value = values.pop()
        if isinstance(value, dict | list):
            values.extend(value.values() if isinstance(value, dict) else value)
            continue
        text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if SIX_DIGITS.match(text) or (code and re.search(rf"(?<!\d){code}(?!\d)", text)):
            raise Deviation(f"expected the verification answer never to disclose the 6-digit code, got a field "
                            f"{value!r}: the e-mail check is defeated")
