"""How the OTR sandbox reads requests and shapes answers: pure functions of the request and
of ``fault`` (the sandbox's predicate for switched-on faults and variants)."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

Flag = Callable[[str], bool]

LEAD_FIELDS = ("email", "phone", "first_name", "last_name", "company")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1


def message(status: int, text: str) -> Response:
    return JSONResponse({"message": text}, status)


def grant_error(error: str, description: str, fault: Flag, status: int = 400) -> Response:
    """An RFC 6749 §5.2 error (or, token-errors-message-only, a bare message)."""
    if fault("token-errors-message-only"):
        return message(status, description)
    return JSONResponse({"error": error, "error_description": description}, status, headers=NO_STORE)


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def token_fields(request: Request, body: bytes, fault: Flag) -> dict[str, str] | None:
    """The token request's parameters (an encoding the sandbox does not read gives none), or None
    when they cannot be read: not form or JSON, not UTF-8, a parameter twice, a non-string value."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    is_form = media_type == "application/x-www-form-urlencoded"
    is_json = media_type == "application/json" or media_type.endswith("+json")
    form_unread = fault("token-json-only") and not fault("token-form-only")
    if not body.strip() or (is_form and form_unread) or (is_json and fault("token-form-only")):
        return {}
    if is_form:
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except ValueError:  # UnicodeDecodeError included
            return None
        fields = dict(pairs)
        return fields if len(fields) == len(pairs) else None
    document = json_object(body) if is_json else None
    if document is None or not all(isinstance(value, str) for value in document.values()):
        return None
    return document


def is_test(request: Request, fault: Flag) -> bool | None:
    """The ``isTest`` query flag (absent: false), or None when it is not a boolean."""
    raw = request.query_params.get("isTest")
    if raw is None:
        return False
    if fault("istest-lenient-booleans"):
        raw = {"1": "true", "0": "false"}.get(raw, raw.lower())
    if raw in ("true", "false"):
        return raw == "true"
    return False if fault("istest-maybe-accepted") else None


def lead_problem(body: dict[str, Any], fault: Flag) -> str | None:
    """Why a lead body is refused, or None."""
    required: tuple[str, ...] = ("email",) if fault("lead-only-email-required") else LEAD_FIELDS
    if fault("lead-missing-email-accepted"):
        required = tuple(name for name in required if name != "email")
    for name in LEAD_FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name} must be a string"
        if name in required and not (value or "").strip():
            return f"{name} is required"
    email = body.get("email")
    if email and not fault("lead-email-unchecked") and not EMAIL.fullmatch(email):
        return "email is not an e-mail address"
    return None


def lead_answer(fault: Flag) -> Response:
    """``Lead has been submitted``: text/plain 200, or as the lead variants (and lead-wrong-text) say."""
    text = "Lead submitted" if fault("lead-wrong-text") else "Lead has been submitted"
    content, media_type = (json.dumps(text), "application/json") if fault("lead-json-string") else (text, "text/plain")
    content += "\r\n" if fault("lead-text-newline") else ""
    return Response(content, 201 if fault("lead-201") else 200, media_type=media_type)


def shown_prospect(prospect: dict[str, str], fault: Flag) -> dict[str, Any]:
    """The prospect object as the lookup answers it."""
    shown: dict[str, Any] = dict(prospect)
    if fault("prospect-nulls"):
        shown.update(dict.fromkeys(("Email", "MotorCarrierNumber", "DbaName", "Street", "MobilePhone")))
    if fault("prospect-sample-objects"):
        shown.update({"Email": {}, "MotorCarrierNumber": {}, "DbaName": {}})
    if fault("dot-number-prefixed"):
        shown["DotNumber"] = f"USDOT {prospect['DotNumber']}"
    if fault("prospect-phone-number"):
        shown["Phone"] = int(prospect["Phone"])
    if fault("prospect-key-missing"):
        del shown["DbaName"]
    return shown


async def cab_id(request: Request) -> str:
    """``cab-id`` from the query, else from a JSON body ``{"cab-id": C}``; "" when neither has one."""
    found = request.query_params.get("cab-id", "").strip()
    if not found:
        value = (json_object(await request.body()) or {}).get("cab-id")
        found = value.strip() if isinstance(value, str) else ""
    return found
