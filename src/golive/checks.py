"""Severity-aware assertions shared by every vendor's steps.

A plain :class:`Deviation` counts at the scenario's level (FAILED for a stated
behaviour, WARNING for an implied one). :class:`BrokenFact` is always FAILED (a 2xx
where a rejection is documented); :class:`BrokenAssumption` is always WARNING (the
exact code of a rejection is only implied). Messages say what was expected, what came
back and why it matters.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from golive.redact import redactor
from golive.verdict import BrokenAssumption, BrokenFact, Deviation

_EXCERPT = 300
_RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")


def excerpt(response: httpx.Response | Any) -> str:
    """A short, redacted rendering of what came back (for messages)."""
    if isinstance(response, httpx.Response):
        text = response.text if response.content else "<empty body>"
        head = f"{response.status_code} {text}"
    else:
        head = json.dumps(response, ensure_ascii=False, default=str)
    head = " ".join(head.split())
    return redactor.text(head[:_EXCERPT] + ("…" if len(head) > _EXCERPT else ""))


def _codes(expected: int | Iterable[int]) -> tuple[int, ...]:
    return (expected,) if isinstance(expected, int) else tuple(expected)


def _show(codes: tuple[int, ...]) -> str:
    return " or ".join(str(c) for c in codes)


def _why(why: str) -> str:
    """The " — why" tail of a message (empty without a reason)."""
    return f" — {why}" if why else ""


def status(response: httpx.Response, expected: int | Iterable[int], why: str = "") -> httpx.Response:
    """The answer's status is one of ``expected`` (a Deviation at the scenario's level)."""
    codes = _codes(expected)
    if response.status_code not in codes:
        raise Deviation(f"expected {_show(codes)}, got {excerpt(response)}" + _why(why))
    return response


def refused(response: httpx.Response, expected: int | Iterable[int] = 400, allowed: Iterable[int] = (), *,
            stated: bool = True, documented: bool = True, why: str = "") -> httpx.Response:
    """The target rejected the request with ``expected`` (a code or several) or one of ``allowed``.

    A 2xx/3xx/5xx where the rejection is ``documented`` is a broken fact (FAILED);
    otherwise it counts at the scenario's level. Another 4xx breaks the stated code
    (scenario level) or, when the code is only implied (``stated=False``), an
    assumption (WARNING).
    """
    codes = (*_codes(expected), *allowed)
    got = response.status_code
    if got in codes:
        return response
    reason = _why(why)
    if not 400 <= got < 500:
        cls = BrokenFact if documented else Deviation
        raise cls(f"expected a rejection ({_show(codes)}), got {excerpt(response)}: the target accepted what "
                  f"it should refuse{reason}")
    cls = Deviation if stated else BrokenAssumption
    raise cls(f"expected {_show(codes)}, got {excerpt(response)}: rejected, but with another code than the "
              f"{'documented' if stated else 'implied'} one{reason}")


@contextmanager
def assumed(why: str = "") -> Iterator[None]:
    """Inside: every deviation except a BrokenFact counts as a broken assumption (WARNING).

    For the implied part of a mixed-basis behaviour checked inside a stated scenario.
    """
    try:
        yield
    except BrokenFact:
        raise
    except AssertionError as exc:
        raise BrokenAssumption(f"{exc}" + (f" (implied: {why})" if why else " (implied)")) from None


def json_body(response: httpx.Response, why: str = "") -> Any:
    """The parsed JSON body, or a Deviation saying the body is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise Deviation(f"expected a JSON body, got {excerpt(response)}" + _why(why)) from None


def _json_of(response: httpx.Response, shape: type, what: str, why: str) -> Any:
    body = json_body(response, why)
    if not isinstance(body, shape):
        raise Deviation(f"expected {what}, got {excerpt(response)}" + _why(why))
    return body


def json_object(response: httpx.Response, why: str = "") -> dict[str, Any]:
    """The body is one JSON object."""
    return _json_of(response, dict, "one JSON object", why)


def json_array(response: httpx.Response, why: str = "") -> list[Any]:
    """The body is a JSON array."""
    return _json_of(response, list, "a JSON array", why)


def empty_body(response: httpx.Response, why: str = "") -> None:
    if response.content.strip():
        raise Deviation(f"expected an empty body, got {excerpt(response)}" + _why(why))


def body_contains(response: httpx.Response, text: str, why: str = "") -> None:
    """The body, raw or decoded from a JSON string, contains ``text``."""
    raw = response.text
    try:
        decoded = response.json()
    except ValueError:
        decoded = None
    if text in raw or (isinstance(decoded, str) and text in decoded):
        return
    raise Deviation(f"expected the body to contain {text!r}, got {excerpt(response)}" + _why(why))


def serialized(body: Any) -> str:
    if isinstance(body, httpx.Response):
        return body.text
    return body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)


def _mentions(text: str, name: str, case_sensitive: bool) -> bool:
    flags = 0 if case_sensitive else re.I
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text, flags) is not None


def names_fields(body: Any, fields: Iterable[str], *, exact_case: bool = True, why: str = "") -> None:
    """Every field name appears in the serialized body as a name of its own.

    ``exact_case``: case-sensitively, as D-ABS-17 asks of 400/206 bodies; otherwise in
    any case (D-ABS-32: a GET 400 body mentions each missing parameter).
    """
    text = serialized(body)
    tail = _why(why)
    missing = [f for f in fields if not _mentions(text, f, case_sensitive=False)]
    if missing:
        raise Deviation(f"expected the error body to name {', '.join(missing)}, got {excerpt(text)}: a partner "
                        f"cannot tell which field to fix{tail}")
    if exact_case:
        other_case = [f for f in fields if not _mentions(text, f, case_sensitive=True)]
        if other_case:
            raise Deviation(f"expected the error body to name {', '.join(other_case)} in the data dictionary's "
                            f"case, got {excerpt(text)}: the label a partner sends is not the one named{tail}")


def rfc3339_utc(value: Any, field: str = "date") -> datetime:
    """An RFC 3339 UTC date-time (D-X-01: fractional seconds optional, ``Z`` or ``+00:00``)."""
    if not isinstance(value, str) or not _RFC3339_UTC.match(value):
        raise Deviation(f"expected {field} as RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ), got {value!r}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise Deviation(f"expected {field} as a real RFC 3339 UTC date-time, got {value!r}") from None


def date_or_empty(value: Any, field: str = "date") -> datetime | None:
    """``""`` (not applicable) or an RFC 3339 UTC date-time (D-ABS-08)."""
    return None if value == "" else rfc3339_utc(value, field)


def json_number(value: Any, field: str) -> float:
    """A JSON number (not a string, not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Deviation(f"expected {field} as a JSON number, got {value!r}")
    return value


def json_integer(value: Any, field: str) -> int:
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, float) and value.is_integer())):
        raise Deviation(f"expected {field} as a JSON integer, got {value!r}")
    return int(value)


def same_money(got: Any, sent: Any, field: str) -> None:
    """Money compared by value to the cent (D-ABS-10: 60.00 may come back as 60)."""
    number = json_number(got, field)
    if round(float(number) * 100) != round(float(sent) * 100):
        raise Deviation(f"expected {field} = {sent} (to the cent), got {got!r}")


def has_keys(body: dict[str, Any], keys: Iterable[str], what: str = "the object") -> None:
    missing = [k for k in keys if k not in body]
    if missing:
        raise Deviation(f"expected {what} to carry {', '.join(missing)}, got keys {sorted(body)}")


def _shown(value: Any) -> str:
    """A value as a reader knows it: instants in RFC 3339, everything else as JSON would show it."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return repr(value)


def equal(got: Any, expected: Any, what: str, why: str = "") -> None:
    if got != expected:
        raise Deviation(f"expected {what} = {_shown(expected)}, got {_shown(got)}" + _why(why))


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 20 is 20.0, objects and arrays compared deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
