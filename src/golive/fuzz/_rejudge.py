"""Replay: the recording run's exchanges, each judged again with the same checks, in the phase that sent it."""
from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response

from golive import cassettes, compat
from golive.fuzz._engine import PHASE_HEADER, Exchange, credentials
from golive.targets import Target
from golive.types import FuzzPlan
from golive.verdict import NoConclusion

_REJECTED = frozenset({401, 403})


@dataclass
class AuthFailure:
    """``ignored_auth``'s finding, for a recorded request sent without the operation's credentials."""

    title: str
    message: str


def rejudge(target: Target, recording: Path | None, schema: Any, plan: FuzzPlan,
            checks: list[str]) -> Iterator[Exchange]:
    """Each recorded exchange with a contract operation, checked again. A request that lacks a credential the
    plan sends is ``ignored_auth``'s probe: the vendor had to refuse it (401, 403 or a redirect)."""
    if recording is None or not recording.exists():
        raise NoConclusion(f"no fuzzing recording {recording}; record one with `golive certify --vendor "
                           f"{target.name} --record`")
    supplied = {k.lower() for k in plan.headers} - set(credentials(schema.raw_schema, plan.headers)[1])
    judges = REGISTRY.get_by_names([c for c in checks if c != "ignored_auth"])
    operations = [result.ok() for result in schema.get_all_operations()]
    routes = [(op, re.compile(re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(op.path)) + "$"),
               re.findall(r"\{([^}]+)\}", op.path)) for op in operations]
    prefix = re.sub(r"^https?://[^/]+", "", target.http.base_url) + plan.base_path
    judged: dict[Any, list[tuple[str, Any]]] = {}
    for request, answer in cassettes.load(recording):
        path = request.path.removeprefix(prefix) if request.path.startswith(prefix + "/") else request.path
        found = [(op, m, names) for op, route, names in routes
                 if op.method.upper() == request.method and (m := route.match(path))]
        sent = {k.lower(): v for k, v in request.headers.items()}
        if not found or "x-schemathesis-testcaseid" not in sent:
            continue  # the sandbox control protocol (a reset), or the fuzz plan's own request (otto's server probe)
        operation, match, names = found[0]
        status = answer["status"]["code"]
        exchange = Exchange(phase=str(sent.get(PHASE_HEADER.lower(), "fuzzing")), operation=operation.label,
                            status=status, method=request.method, uri=request.uri, headers=dict(request.headers),
                            body=request.body)
        needed = compat.credential_headers(operation) & supplied
        if needed and not needed <= set(sent):
            if "ignored_auth" in checks and status not in _REJECTED and not 300 <= status < 400:
                exchange.failures.append(("ignored_auth", _no_auth(status, operation.label)))
            yield exchange
            continue
        headers = {k.lower(): list(v) for k, v in answer["headers"].items()}
        body = answer["body"]["string"] or b""
        key = (operation.label, status, body, tuple(sorted((k, tuple(v)) for k, v in headers.items() if k != "date")))
        if key not in judged:  # the checks read the operation and the answer only: many answers repeat
            response = Response(status, headers, body, requests.Request(
                request.method, request.uri, headers=dict(request.headers)).prepare(), 0.0, True)
            case = operation.Case(path_parameters=dict(zip(names, match.groups(), strict=True)))
            judged[key] = [(check.__name__, failure) for check in judges
                           for failure in _failures(case, response, check)]
        exchange.failures += judged[key]
        yield exchange


def _failures(case: Any, response: Response, check: Any) -> list[Any]:
    try:
        case.validate_response(response, checks=[check])
    except FailureGroup as group:
        return list(group.exceptions)
    return []


def _no_auth(status: int, label: str) -> AuthFailure:
    """schemathesis' own wording for a request without credentials that was not refused."""
    reason = http.client.responses.get(status, "Unknown")
    title = ("API accepts requests without authentication" if 200 <= status < 300
             else "Unexpected response to a request without authentication")
    return AuthFailure(title, f"Expected 401 or 403, got `{status} {reason}` for `{label}`")
