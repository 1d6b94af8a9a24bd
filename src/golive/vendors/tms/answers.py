"""Reading OTMS answers the way the catalogue lets a vendor shape them.

Lists are bare arrays or objects wrapping one, envelopes say ``success: true`` where they carry it,
a mapping result sits at the top level or under result, data or output (D-TMS-02); statuses are
exactly QUEUE, SUCCESS, ERROR and RETRY (D-TMS-04); logs are newest first (D-TMS-17). Expected
values come from the feature files; nothing here evaluates a JSONPath.
"""
from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from golive import checks
from golive.checks import json_equal
from golive.redact import MASK
from golive.verdict import BrokenFact, Deviation

RESULT_KEYS = ("result", "data", "output")  # D-TMS-02, beside the top level
STATUSES = ("QUEUE", "SUCCESS", "ERROR", "RETRY")  # D-TMS-04
ENVELOPE = ("success", "message")
TIMESTAMP_KEYS = ("createdAt", "timestamp", "time", "date", "loggedAt", "created")
_CREDENTIAL = re.compile(r"credential|secret|client_?id", re.I)
_FAILURE = re.compile(r"error|fail|retry|refus|reject|time ?out|(?<![\w-])[45]\d\d(?![\w-])", re.I)


def success_flag(response: httpx.Response) -> None:
    """TMS-45 / D-TMS-02: a 2xx answer is JSON (or nothing, 204); an object carrying ``success`` says true."""
    if response.status_code == 204 and not response.content:
        return
    body = checks.json_body(response, why="D-TMS-02: a 2xx answer has a JSON body, or none with 204")
    if isinstance(body, dict) and "success" in body and body["success"] is not True:
        raise Deviation(f"expected \"success\": true on a {response.status_code} answer, got "
                        f"{checks.excerpt(response)}")


def first_list(body: Any) -> list[Any] | None:
    """D-TMS-02: a bare array, or the first array an object wraps (its own values first, then deeper)."""
    pending = [body]
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            return item
        if isinstance(item, dict):
            pending.extend(sorted(item.values(), key=lambda value: not isinstance(value, list)))
    return None


def listed(response: httpx.Response) -> list[Any]:
    """The list a monitoring answer holds (a Deviation when there is none)."""
    items = first_list(checks.json_body(response))
    if items is None:
        raise Deviation(f"expected a JSON list (a bare array or an object wrapping one, D-TMS-02), got "
                        f"{checks.excerpt(response)}")
    return items


def created(response: httpx.Response) -> dict[str, Any]:
    """The documented create answer's ``integration`` object."""
    integration = checks.json_object(response).get("integration")
    if not isinstance(integration, dict):
        raise Deviation(f"expected an \"integration\" object as in the document's response, got "
                        f"{checks.excerpt(response)}")
    return integration


def credentials(response: httpx.Response) -> dict[str, Any]:
    """What a credentials answer holds beside its envelope (D-TMS-02: the shape is not documented)."""
    body = checks.json_body(response, why="TMS-07: the credentials are in the body")
    return {k: v for k, v in body.items() if k not in ENVELOPE} if isinstance(body, dict) else {"body": body}


def no_credentials(response: httpx.Response) -> None:
    """TMS-09: a refused credentials request issues none (no credential- or secret-named key in its body)."""
    try:
        body = response.json()
    except ValueError:
        return
    named = [key for key in _keys_in(body) if _CREDENTIAL.search(key)]
    if named:
        raise Deviation(f"expected no credentials issued by a refused request, got {named} in "
                        f"{checks.excerpt(response)}")


def _keys_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*map(str, value), *(key for item in value.values() for key in _keys_in(item))]
    return [key for item in value for key in _keys_in(item)] if isinstance(value, list) else []


def leaves(value: Any) -> list[str]:
    """Every non-empty string inside ``value``."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in leaves(item)]
    if isinstance(value, list):
        return [text for item in value for text in leaves(item)]
    return [value] if isinstance(value, str) and value else []


def masked(value: Any) -> bool:
    """True when every string inside ``value`` is the redaction mask (a replayed recording)."""
    strings = leaves(value)
    return bool(strings) and all(text == MASK for text in strings)


def mapping_result(body: Any, keys: list[str]) -> dict[str, Any]:
    """D-TMS-02: the result under result, data or output, or at the top level: the first of these
    that holds a mapping key (a result holding none of them is looked for in that order)."""
    if not isinstance(body, dict):
        raise Deviation(f"expected a JSON object holding the mapping result, got {checks.excerpt(body)}")
    places = [body[k] for k in RESULT_KEYS if isinstance(body.get(k), dict)] + [body]
    return next((place for place in places if any(key in place for key in keys)), places[0])


def accepted(text: str) -> list[Any]:
    """The values a feature writes as ``<json> or <json>``."""
    return [json.loads(part) for part in text.split(" or ")]


def value_is(result: dict[str, Any], key: str, wanted: list[Any]) -> None:
    """The result's ``key`` is one of ``wanted`` (JSON types kept)."""
    if key not in result:
        raise Deviation(f"expected the mapping result to carry {key!r}, got {checks.excerpt(result)}")
    if not any(json_equal(result[key], value) for value in wanted):
        shown = " or ".join(json.dumps(value) for value in wanted)
        raise Deviation(f"expected {key} = {shown}, got {json.dumps(result[key])}")


def same(got: Any, wanted: Any, what: str) -> None:
    if not json_equal(got, wanted):
        raise Deviation(f"expected {what} {json.dumps(wanted)}, got {json.dumps(got)}")


def no_match_alike(result: dict[str, Any], names: list[str]) -> None:
    """TMS-16 / D-TMS-11: paths that match nothing give null, or leave their key out, all the same way."""
    if all(name in result and result[name] is None for name in names) or not any(name in result for name in names):
        return
    shown = {name: result.get(name, "<left out>") for name in names}
    raise Deviation(f"expected every key whose path matches nothing to be null, or every one left out "
                    f"(D-TMS-11: consistently), got {shown}")


def documented_statuses(objects: list[Any]) -> None:
    """TMS-22 / D-TMS-04: every status is exactly QUEUE, SUCCESS, ERROR or RETRY."""
    other = [obj.get("status") if isinstance(obj, dict) else obj for obj in objects
             if not isinstance(obj, dict) or obj.get("status") not in STATUSES]
    if other:
        raise Deviation(f"expected statuses QUEUE, SUCCESS, ERROR or RETRY (D-TMS-04: exactly), got {other[0]!r}")


Pages = dict[tuple[int, int], list[Any]]


def _keys(items: list[Any]) -> list[str]:
    return [json.dumps(item, sort_keys=True) for item in items]


def within_limits(pages: Pages) -> None:
    """TMS-26: a page holds at most ``limit`` items."""
    for (offset, limit), items in pages.items():
        if len(items) > limit:
            raise Deviation(f"expected at most {limit} items on page {offset}/{limit}, got {len(items)}")


def adjacent(pages: Pages) -> None:
    """TMS-26: /0/2 and /2/2 do not overlap, and together they are /0/4."""
    first, second, both = _keys(pages[0, 2]), _keys(pages[2, 2]), _keys(pages[0, 4])
    if set(first) & set(second):
        raise Deviation("expected pages 0/2 and 2/2 not to overlap (offset/limit, D-TMS-03), got shared items")
    if first + second != both:
        raise Deviation(f"expected pages 0/2 and 2/2 together to be page 0/4, got {len(first)} + {len(second)} "
                        f"items against {len(both)}, or another order")


def offset_window(pages: Pages) -> None:
    """D-TMS-03: /1/2 starts at index 1 of /0/3 (under page/size it would start at index 2)."""
    if _keys(pages[1, 2]) != _keys(pages[0, 3][1:3]):
        raise Deviation("expected page 1/2 to start at index 1 (offset/limit), got another window: the path reads "
                        "as page/size or ignores the offset (D-TMS-03)")


def stamp(entry: Any) -> datetime | None:
    """An entry's timestamp (the first RFC 3339 value among the usual keys), or None."""
    if not isinstance(entry, dict):
        return None
    for key in TIMESTAMP_KEYS:
        value = entry.get(key)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
            except ValueError:
                continue
    return None


def _longest_rise(stamps: list[datetime]) -> int:
    """The longest run of entries, in list order, whose timestamps strictly increase."""
    best: list[int] = []
    for i, moment in enumerate(stamps):
        best.append(1 + max((best[j] for j in range(i) if stamps[j] < moment), default=0))
    return max(best, default=0)


def newest_first(entries: list[Any]) -> None:
    """TMS-30 / D-TMS-17: timestamps do not increase down the list (a WARNING); more than 2
    strictly increasing entries read oldest first (FAILED)."""
    stamps = [moment for moment in (stamp(entry) for entry in entries) if moment is not None]
    rises = [(a, b) for a, b in itertools.pairwise(stamps) if b > a]
    if not rises:
        return
    shown = f"{rises[0][0]:%Y-%m-%dT%H:%M:%SZ} then {rises[0][1]:%Y-%m-%dT%H:%M:%SZ}"
    if _longest_rise(stamps) > 2:
        raise BrokenFact(f"expected the logs newest first, got {_longest_rise(stamps)} entries in increasing "
                         f"time (oldest first; D-TMS-17), e.g. {shown}")
    raise Deviation(f"expected log timestamps not to increase down the list (\"Get recent logs\"), got {shown}")


def describes_failure(entries: list[Any]) -> bool:
    """Whether a log entry speaks of a failure (an error level, an error word or an HTTP error status)."""
    return any(_FAILURE.search(json.dumps(entry)) for entry in entries)
