"""Request bodies of the Otto API and otto.md's validation rules (types, required fields, values)."""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

# The documented request bodies: field -> the JSON type of the example (a dict: a nested object;
# list: an array of strings; float: any number). Undocumented fields are ignored.
Schema = dict[str, Any]
CUSTOMER: Schema = {
    "externalId": str, "firstName": str, "lastName": str, "email": str, "phone": str,
    "address": {"street": str, "city": str, "state": str, "zip": str},
    "metadata": {"source": str, "customerId": str, "lastUpdated": str},
}
VEHICLE: Schema = {
    "externalId": str, "vin": str, "make": str, "model": str, "year": int, "price": float, "status": str,
    "metadata": {"source": str, "stockNumber": str, "color": str, "mileage": int},
}
LEAD: Schema = {
    "customerId": str, "source": str, "vehicleInterest": str, "notes": str, "priority": str,
    "metadata": {"campaignId": str, "referralSource": str},
}
CALL: Schema = {
    "customerId": str, "duration": int, "transcript": str, "sentiment": str, "outcome": str,
    "metadata": {"appointmentTime": str, "callRecordingUrl": str},
}
WEBHOOK: Schema = {"url": str, "events": list, "secret": str}

_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", list: "an array of strings"}
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")


class NotJson(Exception):
    """The body is not JSON text (invalid UTF-8 or JSON, NaN/Infinity, lone surrogates)."""


class Rejected(Exception):
    """A request refused: ``unknown`` for a customerId no sync returned, else a validation failure."""

    def __init__(self, message: str, unknown: bool = False) -> None:
        super().__init__(message)
        self.message, self.unknown = message, unknown


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse(raw: bytes) -> Any:
    """The JSON document of a request body; raises NotJson."""
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")  # lone surrogates, 1e999
    except (ValueError, RecursionError) as exc:
        raise NotJson("the body must be JSON (Content-Type: application/json)") from exc
    return document


def field(body: Any, *path: str) -> Any:
    """``body[path[0]][path[1]]…``, or None where a step is absent or not an object."""
    for name in path:
        body = body.get(name) if isinstance(body, dict) else None
    return body


def text(value: Any) -> str:
    """A webhook payload string: the value, or "" when it is absent (payload strings are never null)."""
    return value if isinstance(value, str) else ""


def _is(value: Any, kind: type) -> bool:
    if kind is int:  # JSON has one number type: 245.0 is the integer 245 (as JSON Schema's "integer" reads it)
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and math.isfinite(value) and value.is_integer())
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if kind is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, kind)


def check_types(body: dict[str, Any], schema: Schema, where: str = "") -> None:
    """Every documented field present has the example's JSON type (null is none of them)."""
    for name, kind in schema.items():
        if name not in body:
            continue
        value, label = body[name], where + name
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise Rejected(f"{label} must be an object")
            check_types(value, kind, label + ".")
        elif not _is(value, kind):
            raise Rejected(f"{label} must be {_TYPE_NAMES[kind]}")


def json_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Rejected("the body must be a JSON object")
    return body


def check_sync(body: dict[str, Any], schema: Schema, *, types: bool, external_id_optional: bool) -> None:
    """A customer or vehicle sync: types (unless ``types`` is off), ``externalId``, ``vin``, ``price``."""
    if types:
        check_types(body, schema)
    external_id = body.get("externalId")
    if not (external_id is None and external_id_optional) and not (isinstance(external_id, str) and external_id):
        raise Rejected("externalId is required: a non-empty string")
    if schema is not VEHICLE:
        return
    vin, price = body.get("vin"), body.get("price")
    if isinstance(vin, str) and not _VIN.fullmatch(vin):
        raise Rejected("vin must be 17 characters of A-Z and 0-9 without I, O or Q")
    if isinstance(price, int | float) and price < 0:
        raise Rejected("price must be >= 0")


def check_activity(body: dict[str, Any], schema: Schema) -> None:
    """A lead or a call: types, a ``customerId``, a ``duration`` >= 0."""
    check_types(body, schema)
    if "customerId" not in body:
        raise Rejected("customerId is required: the id a customers/sync returned")
    if schema is CALL and body.get("duration", 0) < 0:
        raise Rejected("duration must be >= 0")


def absolute_url(value: str) -> bool:
    """An absolute http(s) URL with a host, no whitespace or control characters."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_webhook(body: dict[str, Any], known: Callable[[str], bool], *, secret_optional: bool) -> None:
    """A registration: an absolute URL, a non-empty list of known events, a non-empty secret."""
    check_types(body, WEBHOOK)
    if not absolute_url(body.get("url") or ""):
        raise Rejected("url is required: an absolute http(s) URL")
    events: Collection[str] = body.get("events") or ()
    if not events:
        raise Rejected("events is required: a non-empty array of event names (GET webhooks/events)")
    unknown = sorted({e for e in events if not known(e)})
    if unknown:
        raise Rejected(f"unknown events: {', '.join(unknown)} (GET webhooks/events lists them)")
    if not body.get("secret") and not ("secret" not in body and secret_optional):
        raise Rejected("secret is required: a non-empty string")
