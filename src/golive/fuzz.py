"""Schemathesis fuzzing of a vendor's contract (interface.md §10).

Sandbox and live: schemathesis' own engine (``schemathesis.engine.from_schema(schema).execute()``,
the one behind ``st run``), one run per operation so a sandbox is reset before each. Runs are
seeded and isolated (no hypothesis database or local constants, no schemathesis cache or probes,
one worker): a seed gives one sequence of requests, in any process.

Replay does not generate again: it re-judges the recorded exchanges with the same checks. A
regenerated run only replays with the very schemathesis/hypothesis versions, contract and golive
source that recorded it, and costs generation plus vcrpy matching (measured, ~4 s for 100 cases).

Only checks a conforming vendor cannot fail run, and error bodies are never judged (D-X-03):
non-2xx responses lose their content and headers in the fuzzed copy of the contract.
"""
from __future__ import annotations

import re
import shlex
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
import schemathesis
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.config import CacheConfig, HealthCheck, SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response
from schemathesis.engine import events, from_schema

from golive import cassettes, compat, contract
from golive.pacing import Pace
from golive.redact import redactor
from golive.report.model import FuzzFinding, FuzzReport
from golive.targets import Target
from golive.types import FuzzPlan
from golive.verdict import Level, NoConclusion, NotOnThisTarget, TargetUnreachable

CHECKS = ("not_a_server_error",  # any 5xx is FAILED (behaviours.md, interface.md §7)
          "status_code_conformance",  # a code the contract does not list
          "content_type_conformance", "response_headers_conformance", "response_schema_conformance")  # 2xx only
# Left out, each a false alarm against a conforming vendor: negative_data_rejection and
# positive_data_acceptance (business rules rightly reject valid data, e.g. a claim for an unknown
# registration; ABS may store over-length strings, D-ABS-06); ignored_auth (it cannot strip golive's
# session headers, so its "no auth" request still authenticates: measured); missing_required_header,
# unsupported_method, allow_header_conformance (coverage-phase probes with undocumented methods);
# use_after_free, ensure_resource_availability, object_level_authorization (stateful; no links).
FACT_CHECKS = frozenset({"not_a_server_error", "response_schema_conformance"})
_GATEWAY = frozenset({502, 503, 504})
_CURL_SKIP = frozenset({"user-agent", "accept", "accept-encoding", "connection", "content-length"})
compat.disable_schemathesis_probes()
_guards: dict[int, tuple[dict[str, dict[str, str]], Pace | None]] = {}  # id(fuzzed contract) → plan, live pace
_guards_lock = threading.Lock()


class UnsafeRequest(Exception):
    """A generated request left the fuzz plan: refused before it is sent."""


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Enforce the fuzz plan (live ABS only ever touches ``{company}_test``) and the live pacing."""
    with _guards_lock:
        pinned, pace = _guards.get(id(case.operation.schema.raw_schema), ({}, None))
    for where, values in pinned.items():
        sent = getattr(case, where) or {}
        location = "path" if where == "path_parameters" else where
        for name, value in values.items():  # pinned where the operation takes the parameter (OTR isTest)
            if case.operation.get_parameter(name, location) is not None and str(sent.get(name)) != value:
                raise UnsafeRequest(f"{case.method} {case.path}: {name}={sent.get(name)!r}, the plan says {value!r}")
    if pace is not None:  # live: the vendor's pace and budget, shared with golive's own requests
        pace.wait_turn()


def fuzz_contract(path: Path, moved: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The contract as fuzzed: its operations where the target serves them (``moved``: operationId -> path);
    error responses keep their status code, lose content and headers."""
    document = contract.move(contract.read(path), moved or {})
    for item in (document.get("paths") or {}).values():
        for operation in (op for op in item.values() if isinstance(op, dict) and "responses" in op):
            for code, response in list(operation["responses"].items()):
                if not str(code).startswith("2"):
                    text = response.get("description") if isinstance(response, dict) else None
                    operation["responses"][code] = {"description": text or "not validated (D-X-03)"}
    return document


def finding_level(finding: FuzzFinding) -> Level:
    """FACT: a 5xx, or a documented success response that breaks its schema.

    ASSUMPTION (WARNING) for the rest: code lists and media types are partly our reading (D-
    resolutions; ABS promises "standard HTTP Status codes" and JSON bodies, not exact codes or
    Content-Type headers), so a 422 where the contract says 400 is a deviation to discuss.
    """
    return Level.FACT if finding.check in FACT_CHECKS else Level.ASSUMPTION


def curl_of(method: str, uri: str, headers: dict[str, Any], body: bytes | str | None) -> str:
    """A redacted curl command that resends a request."""
    flat = {k: v[0] if isinstance(v, list) else v for k, v in headers.items()}
    parts = ["curl", "-X", method, shlex.quote(uri)]
    parts += ["-H " + shlex.quote(f"{k}: {v}") for k, v in redactor.headers(flat).items()
              if k.lower() not in _CURL_SKIP and not k.lower().startswith("x-schemathesis")]
    if body:
        text = body.decode("utf-8", "backslashreplace") if isinstance(body, bytes) else body
        parts += ["--data-raw", shlex.quote(redactor.body(text))]
    return redactor.text(" ".join(parts))


def _schema(target: Target, seed: int, examples: int,
            plan: FuzzPlan | None = None) -> tuple[Any, dict[str, dict[str, str]]]:
    plan = plan or target.spec.fuzz_plan(target)
    pinned = {"path_parameters": {k: str(v) for k, v in plan.path_parameters.items()},
              "query": {k: str(v) for k, v in plan.query_parameters.items()}}
    config = SchemathesisConfig(seed=seed, cache=CacheConfig(enabled=False))
    schema: Any = schemathesis.openapi.from_dict(
        fuzz_contract(Path(target.options.root) / target.spec.contract, target.spec.operation_paths(target)),
        config=config)
    schema.config.update(
        base_url=target.http.base_url + plan.base_path, headers=dict(plan.headers), workers=1,
        parameters={f"{'path' if where == 'path_parameters' else 'query'}.{k}": v
                    for where, values in pinned.items() for k, v in values.items()},
        request_timeout=getattr(target.options, "timeout", None), suppress_health_check=[HealthCheck.all])
    schema.config.generation.update(database="none", max_examples=examples)
    schema.config.phases.update(phases=["fuzzing"])
    schema.config.checks.update(included_check_names=[c for c in CHECKS if c not in plan.excluded_checks])
    if plan.excluded_operations:  # e.g. live OTR: no token endpoint, no account creation or e-mail
        schema = schema.exclude(operation_id=list(plan.excluded_operations))
    return schema, pinned


def fuzz_vendor(target: Target, *, seed: int, examples: int, recording: Path | None = None) -> FuzzReport:
    """Fuzz every contract operation of ``target``; in replay, re-judge ``recording`` (its cassette)."""
    started = time.perf_counter()
    if target.mode == "replay":
        report = _rejudge(target, recording, seed)
    else:
        schema, pinned = _schema(target, seed, examples)
        operations = [result.ok() for result in schema.get_all_operations()]
        seen: set[Any] = set()
        report, first = _empty(seed, operations), [not target.http.answered]
        with _guards_lock:
            _guards[id(schema.raw_schema)] = (pinned, target.http.pace)
        try:
            with compat.no_local_constants():
                for operation in operations:
                    if target.controllable:
                        target.reset()  # interface.md §10: a fresh vendor before each fuzzed operation
                    only = schema.include(method=operation.method.upper(), path=operation.path)
                    _fuzz_operation(target, only, operation.label, report, seen, first)
        finally:
            with _guards_lock:
                _guards.pop(id(schema.raw_schema), None)
    report.operations = len(report.cases_per_operation)
    report.cases = sum(report.cases_per_operation.values())
    report.duration = round(time.perf_counter() - started, 3)
    return report


def _empty(seed: int, operations: list[Any]) -> FuzzReport:
    labels = [operation.label for operation in operations]
    return FuzzReport(seed=seed, cases_per_operation=dict.fromkeys(labels, 0), status_codes={x: [] for x in labels})


def _count(report: FuzzReport, label: str, status: int) -> None:
    report.cases_per_operation[label] += 1
    report.status_codes[label] = sorted({*report.status_codes[label], status})


def _fuzz_operation(target: Target, schema: Any, label: str, report: FuzzReport, seen: set[Any],
                    first: list[bool]) -> None:
    """One engine run over one operation, folded into ``report``."""
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            if isinstance(event, events.NonFatalError):
                _raise_for(event, target)
            if isinstance(event, events.FatalError):
                raise NoConclusion(redactor.text(f"fuzzing {label} could not run: {event.exception}"))
            if not isinstance(event, events.ScenarioFinished) or not event.is_test_scenario:
                continue
            for case_id, interaction in event.recorder.interactions.items():
                if (response := interaction.response) is None:
                    continue
                if first[0] and response.status_code in _GATEWAY:
                    raise TargetUnreachable(f"{target.name} answered {response.status_code} to its first request")
                first[0] = False
                _count(report, label, response.status_code)
                sent = interaction.request
                for check in event.recorder.checks.get(case_id, []):
                    if check.failure_info is not None:
                        _add(report, seen, label, check.name, check.failure_info.failure, response.status_code,
                             curl_of(sent.method, sent.uri, sent.headers, sent.body))
    finally:
        stream.stop()  # on an early exit, let the workers wind down before the vendor is touched again
        for _ in stream:
            pass


def _add(report: FuzzReport, seen: set[Any], label: str, check: str, failure: Any, status: int, curl: str) -> None:
    if check == "status_code_conformance" and status >= 500:
        return  # not_a_server_error already reports it, as FAILED
    if hasattr(failure, "instance_path"):  # a schema violation: where and which keyword, never the values
        detail = "/" + "/".join(map(str, failure.instance_path)) + \
            f" fails `{failure.schema_path[-1] if failure.schema_path else 'schema'}`"
    else:
        detail = next((line.strip() for line in str(failure.message or "").splitlines() if line.strip()), "")
    message = redactor.text(f"{failure.title}: {detail or f'answered {status}'}")[:300]
    if (key := (label, check, message, status)) not in seen:
        seen.add(key)
        report.failures.append(FuzzFinding(operation=label, check=check, message=message, curl=curl, status=status))


def _raise_for(event: Any, target: Target) -> None:
    """An engine error is no conclusion: an unreachable vendor, a refused request, a golive bug."""
    chain, error = [], event.value
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    if unsafe := next((e for e in chain if isinstance(e, UnsafeRequest)), None):
        raise NoConclusion(f"golive refused a fuzzed request outside the fuzz plan: {unsafe}")
    if over := next((e for e in chain if isinstance(e, NotOnThisTarget)), None):
        raise NotOnThisTarget(f"fuzzing stopped at {event.label}: {over}")  # the live budget is spent
    if any(isinstance(e, requests.ConnectionError | requests.Timeout) for e in chain):
        raise TargetUnreachable(f"{target.name} is unreachable at {redactor.text(target.http.base_url)} "
                                f"while fuzzing {event.label}: {event.info.title}")
    raise NoConclusion(redactor.text(f"fuzzing {event.label} failed: {event.info.title}: {event.info.message}")
                       .splitlines()[0])


def _rejudge(target: Target, recording: Path | None, seed: int) -> FuzzReport:
    """The recording run's report: each recorded exchange with a contract operation, checked again."""
    if recording is None or not recording.exists():
        raise NoConclusion(f"no fuzzing recording {recording}; record one with `golive certify --vendor "
                           f"{target.name} --record`")
    pairs = cassettes.load(recording)
    plan = target.spec.fuzz_plan(target)  # once: otto's probes the server, and a recording answers it once
    schema, _ = _schema(target, seed, 1, plan)
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: set[Any] = set()
    report = _empty(target.cassettes.read_meta().get("seed", seed), operations)
    checks = REGISTRY.get_by_names([c for c in CHECKS if c not in plan.excluded_checks])
    routes = [(op, re.compile(re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(op.path)) + "$"),
               re.findall(r"\{([^}]+)\}", op.path)) for op in operations]
    prefix = re.sub(r"^https?://[^/]+", "", target.http.base_url) + plan.base_path
    for request, answer in pairs:
        path = request.path.removeprefix(prefix) if request.path.startswith(prefix + "/") else request.path
        found = [(op, m, names) for op, route, names in routes
                 if op.method.upper() == request.method and (m := route.match(path))]
        if not found or not any(k.lower() == "x-schemathesis-testcaseid" for k in request.headers):
            # the sandbox control protocol (a reset), or the fuzz plan's own request (otto's server probe)
            continue
        operation, match, names = found[0]
        status = answer["status"]["code"]
        _count(report, operation.label, status)
        response = Response(status, {k.lower(): list(v) for k, v in answer["headers"].items()},
                            answer["body"]["string"] or b"", requests.Request(
                                request.method, request.uri, headers=dict(request.headers)).prepare(), 0.0, True)
        case = operation.Case(path_parameters=dict(zip(names, match.groups(), strict=True)))
        curl = curl_of(request.method, request.uri, dict(request.headers), request.body)
        for check in checks:
            try:
                case.validate_response(response, checks=[check])
            except FailureGroup as group:
                for failure in group.exceptions:
                    _add(report, seen, operation.label, check.__name__, failure, status, curl)
    return report
