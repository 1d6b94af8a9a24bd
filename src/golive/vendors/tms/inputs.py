"""Reading and validating request bodies (tms.md, the 400 list).

Each function returns the accepted values or raises ``Refused`` (or ``Invalid``, a field
that fails validation) with a message naming what is wrong.
"""
from __future__ import annotations

import json
import math
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx

from golive.vendors.tms.mapping import Mapper, MappingError, Switch

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")  # local@domain.tld: the shape, not RFC 5322


class Refused(ValueError):
    """A request the sandbox refuses with ``status``; the message says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Invalid(Refused):
    """A field that fails validation: 400, or 422 where D-TMS-15 lets a variant answer it."""


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_object(raw: bytes) -> dict[str, Any]:
    """The JSON object ``raw`` holds (UTF-8, finite numbers), or Invalid."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_float=_finite, parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("the body must be a JSON object") from None
    if not isinstance(value, dict):
        raise Refused("the body must be a JSON object")
    return value


def integration_id(body: dict[str, Any]) -> str:
    """The body's ``integrationId`` string, or Refused (400: TMS-09 allows 400 or 404 only)."""
    value = body.get("integrationId")
    if not isinstance(value, str) or not value:
        raise Refused("integrationId is required and must be a string")
    return value


def _text(body: dict[str, Any], name: str, required: bool = True, refusal: type[Refused] = Invalid) -> str | None:
    value = body.get(name)
    if value is None and name not in body and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise refusal(f"{name} is required and must be a non-empty string" if required else
                      f"{name} must be a string")
    return value


def _http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        url = httpx.URL(value)
        return url.scheme in ("http", "https") and bool(url.host) and (url.port is None or 0 < url.port < 65536)
    except (httpx.InvalidURL, ValueError, UnicodeError):
        return False


def create_fields(body: dict[str, Any], mapper: Mapper) -> dict[str, Any]:
    """name, type, description, enabled, target (url), mapping, filters of a create body."""
    fields = {"name": _text(body, "name"), "type": _text(body, "type"),
              "description": _text(body, "description", required=False), "enabled": body.get("enabled", True)}
    if not isinstance(fields["enabled"], bool):
        raise Invalid("enabled must be a boolean")
    target = body.get("target")
    if "target" in body and not (isinstance(target, dict) and _http_url(target.get("url"))):
        raise Invalid("target must be an object with an absolute http(s) url")
    fields["target"] = target["url"] if isinstance(target, dict) else None
    for name in ("mapping", "filters"):
        if name in body and not isinstance(body[name], dict):
            raise Invalid(f"{name} must be an object of JSONPath strings")
    fields["mapping"], fields["filters"] = body.get("mapping"), body.get("filters", {})
    try:
        mapper.check_filters(fields["filters"])
    except MappingError as exc:
        raise Invalid(str(exc)) from None
    return fields


def mapping_fields(body: dict[str, Any]) -> tuple[dict[str, str], Any]:
    """(mapping, testData) of a mapping:test body."""
    mapping = body.get("mapping")
    if not isinstance(mapping, dict):
        raise Invalid("mapping is required and must be an object of JSONPath strings")
    for key, path in mapping.items():
        if not isinstance(path, str):
            raise Invalid(f"mapping key {key!r}: the value must be a JSONPath string")
    if "testData" not in body:
        raise Invalid("testData is required")
    return mapping, body["testData"]


def import_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``data`` items of an import body: a non-empty array of objects."""
    data = body.get("data")
    if not isinstance(data, list) or not data:
        raise Invalid("data must be a non-empty array of objects")
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise Invalid(f"data[{index}] must be an object")
    return data


def email_fields(body: dict[str, Any], fault: Switch) -> dict[str, str]:
    """from, subject and body of an e-mail (body "" when absent, unless required by a variant).

    Always 400 (Refused, not Invalid): TMS-40 and D-TMS-13 name 400 alone.
    """
    sender = _text(body, "from", refusal=Refused)
    if not fault("email-from-not-validated") and not _EMAIL.fullmatch(sender or ""):
        raise Refused("from must be an e-mail address")
    subject = _text(body, "subject", refusal=Refused)
    text = _text(body, "body", required=fault("email-body-required"), refusal=Refused)
    return {"from": sender or "", "subject": subject or "", "body": text or ""}


def file_part(content_type: str, raw: bytes) -> tuple[str, bytes] | None:
    """(file name, content) of the ``file`` part of a multipart/form-data body, or None.

    Parsed with the standard library's MIME parser (RFC 7578 form data is MIME multipart).
    """
    if "\r" in content_type or "\n" in content_type:
        return None
    try:
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    except UnicodeEncodeError:
        return None
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if message.get_content_type() != "multipart/form-data" or not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            content = part.get_payload(decode=True)
            return part.get_filename() or "file", content if isinstance(content, bytes) else b""
    return None
