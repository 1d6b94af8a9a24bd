"""What Otto answers, judged: envelopes, ids, health, the event catalogue (functions of one answer).

A plain :class:`Deviation` counts at the scenario's level; D-OTTO-13's id prefixes are warnings only.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import httpx

from golive import checks
from golive.verdict import BrokenAssumption, Deviation

SKEW = timedelta(minutes=5)  # OTTO-08, OTTO-14: clock skew allowed
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
ENDPOINTS = {"customers": "customers/sync", "vehicles": "vehicles/sync", "leads": "leads/create",
             "calls": "calls/log", "webhooks": "webhooks/register"}
DOCUMENTED_PREFIX = "/api/v1/integrations"  # the health map's literal strings (OTTO-09), whatever the server


def data_of(response: httpx.Response) -> dict[str, Any]:
    data = checks.json_object(response).get("data")
    if not isinstance(data, dict):
        raise Deviation(f"expected a data object, got {checks.excerpt(response)}")
    return data


def id_of(response: httpx.Response) -> str | None:
    """A 2xx answer's non-empty data.id, else None."""
    try:
        data = response.json().get("data") if response.status_code < 300 else None
    except (ValueError, AttributeError):
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) and ident else None


def succeeded(response: httpx.Response, message: str) -> None:
    """D-OTTO-07: 200 or 201; the body: success true, the documented message, a data object (OTTO-47)."""
    checks.status(response, (200, 201), why="D-OTTO-07: a successful POST answers 200 or 201")
    body = checks.json_object(response)
    checks.equal(body.get("success"), True, "success")
    checks.equal(body.get("message"), message, "message")
    data_of(response)


def success_flag(response: httpx.Response) -> None:
    """OTTO-47, D-OTTO-08: a JSON body with a boolean success, false on a refusal."""
    flag = checks.json_object(response).get("success")
    if not isinstance(flag, bool):
        raise Deviation(f"expected a boolean success, got {checks.excerpt(response)}")
    if response.status_code >= 400 and flag:
        raise Deviation(f"expected success false on a refusal, got {checks.excerpt(response)}")


def ident(response: httpx.Response) -> str:
    """D-OTTO-13: ids are non-empty strings."""
    value = data_of(response).get("id")
    if not isinstance(value, str) or not value:
        raise Deviation(f"expected data.id as a non-empty string, got {value!r}")
    return value


def id_prefix(response: httpx.Response, prefix: str) -> None:
    """D-OTTO-13: the example's prefix, a warning only."""
    value = ident(response)
    if not value.startswith(prefix):
        raise BrokenAssumption(f"expected data.id to start with {prefix!r} as the document's example, got "
                               f"{value!r} (D-OTTO-13: prefixes are checked as warnings only)")


def no_secret(response: httpx.Response, secret: str) -> None:
    """OTTO-34: no key ``secret``, and no value equal to the secret, anywhere in the answer."""

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "secret" or inner == secret:
                    raise Deviation(f"expected the registration answer not to echo the secret, got it at {where}{key}")
                walk(inner, f"{where}{key}.")
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                walk(inner, f"{where}{n}.")

    walk(checks.json_object(response), "")


# -- health ---------------------------------------------------------------------------------------
def health(response: httpx.Response) -> dict[str, Any]:
    """OTTO-05: status, version, timestamp and endpoints."""
    body = checks.json_object(response)
    checks.has_keys(body, ["status", "version", "timestamp", "endpoints"], "the health answer")
    return body


def health_values(response: httpx.Response) -> None:
    """OTTO-06, OTTO-07: "healthy", and a MAJOR.MINOR.PATCH version."""
    body = health(response)
    checks.equal(body["status"], "healthy", "status")
    if not isinstance(body["version"], str) or not SEMVER.match(body["version"]):
        raise Deviation(f"expected version as MAJOR.MINOR.PATCH, got {body['version']!r}")


def health_time(response: httpx.Response, now: datetime) -> None:
    """OTTO-08: RFC 3339 UTC, within 5 minutes of ``now``."""
    moment = checks.rfc3339_utc(health(response).get("timestamp"), "timestamp")
    if abs(moment - now) > SKEW:
        raise Deviation(f"expected timestamp within 5 minutes of {now:%Y-%m-%dT%H:%M:%SZ}, got {moment}")


def health_endpoints(response: httpx.Response) -> None:
    """OTTO-09: the example's strings, compared as strings (D-OTTO-01)."""
    endpoints = health(response).get("endpoints")
    checks.equal(endpoints, {k: f"{DOCUMENTED_PREFIX}/{v}" for k, v in ENDPOINTS.items()}, "endpoints")


# -- the event catalogue ----------------------------------------------------------------------------
def catalogue(response: httpx.Response) -> list[dict[str, Any]]:
    """OTTO-36: success true, and events of {event, description, payload}."""
    body = checks.json_object(response)
    checks.equal(body.get("success"), True, "success")
    events = body.get("events")
    if not isinstance(events, list) or not all(
            isinstance(e, dict) and isinstance(e.get("event"), str) and isinstance(e.get("description"), str)
            and isinstance(e.get("payload"), dict) for e in events):
        raise Deviation(f"expected events as a list of {{event, description, payload}}, got {events!r}")
    return events


def catalogue_lists(response: httpx.Response, event: str, keys: list[str]) -> None:
    """OTTO-37: ``event`` is listed with at least the payload ``keys`` (D-OTTO-03)."""
    entry = next((e for e in catalogue(response) if e["event"] == event), None)
    if entry is None:
        raise Deviation(f"expected {event} in the event catalogue, got {checks.excerpt(response)}")
    checks.has_keys(entry["payload"], keys, f"the {event} payload")


# -- transport --------------------------------------------------------------------------------------
def plain_http(response: httpx.Response | None) -> str:
    """OTTO-04: plain http refused (None), or redirected to https with no data; what happened."""
    if response is None:
        return "the connection was refused"
    location = response.headers.get("location", "")
    if not (300 <= response.status_code < 400 and location.startswith("https://")):
        raise Deviation(f"expected plain http to be refused or redirected to https, got {checks.excerpt(response)}")
    if "healthy" in response.text:
        raise Deviation(f"expected the redirect to carry no data, got {checks.excerpt(response)}")
    return f"redirected ({response.status_code}) to {location}"
