"""Schemathesis' own engine over a vendor's contract: every phase, one run per operation, then the
stateful sequences (OpenAPI links), the vendor reset before each (interface.md §10)."""
from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from schemathesis.config import CacheConfig, HealthCheck, SchemathesisConfig
from schemathesis.core.errors import NoLinksFound
from schemathesis.engine import events, from_schema

from golive import compat
from golive.fuzz import PHASES
from golive.pacing import PACE_WINDOW, Pace
from golive.redact import redactor
from golive.targets import Target
from golive.types import FuzzPlan
from golive.verdict import NoConclusion, NotOnThisTarget, TargetUnreachable

PHASE_HEADER = "X-Golive-Fuzz-Phase"  # which phase sent a request: replay reports per phase as the recording did
compat.disable_schemathesis_probes()
_guards: dict[int, _Guard] = {}  # id(raw contract) → its run's guard
_guards_lock = threading.Lock()


class UnsafeRequest(Exception):
    """A generated request left the fuzz plan: refused before it is sent."""


@dataclass
class _Guard:
    """What every generated request of one run must respect."""

    pinned: dict[str, dict[str, str]]  # where → parameter → the plan's value
    pace: Pace | None  # live: the vendor's pace and budget
    target: Target
    budget: int = 0  # sandbox: requests before the vendor clock moves past the rate window (Otto)
    window: float = 0.0
    sent: int = 0

    def count(self) -> None:
        """A sandbox that enforces a rate limit never throttles fuzzing: its window passes in time."""
        self.sent += 1
        if self.budget and self.sent >= self.budget:
            self.target.advance(self.window)
            self.sent = 0


@dataclass
class Exchange:
    """One request schemathesis sent, its answer, and what the checks found."""

    phase: str
    operation: str
    status: int
    method: str
    uri: str
    headers: dict[str, Any]
    body: bytes | str | None
    failures: list[tuple[str, Any]] = field(default_factory=list)  # (check name, schemathesis failure)


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Enforce the fuzz plan (live ABS only ever touches ``{company}_test``) and the live pacing; name the phase."""
    with _guards_lock:
        guard = _guards.get(id(case.operation.schema.raw_schema))
    if guard is None:
        return
    for where, values in guard.pinned.items():
        sent = getattr(case, where) or {}
        location = "path" if where == "path_parameters" else where
        for name, value in values.items():  # pinned where the operation takes the parameter (OTR isTest)
            if case.operation.get_parameter(name, location) is not None and str(sent.get(name)) != value:
                raise UnsafeRequest(f"{case.method} {case.path}: {name}={sent.get(name)!r}, the plan says {value!r}")
    if case.meta is not None:
        case.headers = {**(case.headers or {}), PHASE_HEADER: str(case.meta.phase.name)}
    if guard.pace is not None:  # live: the vendor's pace and budget, shared with golive's own requests
        guard.pace.wait_turn()
    elif guard.target.controllable:
        guard.count()


def credentials(document: Mapping[str, Any], headers: Mapping[str, str]) -> tuple[dict[str, dict[str, str]],
                                                                                   dict[str, str]]:
    """The plan's credential headers as schemathesis auth for the contract's security schemes (so that
    ``ignored_auth`` can leave them out), and the headers that remain."""
    rest = {k.lower(): v for k, v in headers.items()}
    auth: dict[str, dict[str, str]] = {}
    for name, scheme in ((document.get("components") or {}).get("securitySchemes") or {}).items():
        if scheme.get("type") == "http" and str(scheme.get("scheme")).lower() == "bearer" \
                and str(rest.get("authorization", "")).lower().startswith("bearer "):
            auth[name] = {"bearer": rest.pop("authorization").split(" ", 1)[1]}
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header" and scheme["name"].lower() in rest:
            auth[name] = {"api_key": rest.pop(scheme["name"].lower())}
    return auth, rest


def build_schema(target: Target, document: dict[str, Any], plan: FuzzPlan, *, seed: int, examples: int,
                 checks: list[str], other_methods: bool = False) -> Any:
    """A seeded, isolated schemathesis schema (no hypothesis database or schemathesis cache, one worker) for
    ``document`` at ``target``: the plan's headers, credentials and pinned parameters; ``examples`` cases per
    operation in the fuzzing phase, half as many stateful sequences; ``other_methods``: the
    coverage phase also tries methods the contract does not list (the self-check; never golive's fuzzing)."""
    auth, headers = credentials(document, plan.headers)
    schema: Any = schemathesis.openapi.from_dict(document, config=SchemathesisConfig(
        seed=seed, cache=CacheConfig(enabled=False)))
    schema.config.update(
        base_url=target.http.base_url + plan.base_path, headers=headers, workers=1, continue_on_failure=True,
        parameters={**{f"path.{k}": str(v) for k, v in plan.path_parameters.items()},
                    **{f"query.{k}": str(v) for k, v in plan.query_parameters.items()}},
        request_timeout=getattr(target.options, "timeout", None), suppress_health_check=[HealthCheck.all])
    compat.authenticate(schema, auth)
    schema.config.generation.update(database="none", max_examples=examples)
    schema.config.phases.stateful.generation.update(max_examples=max(1, examples // 2))  # sequences of ≤ 6 calls
    if not other_methods:
        schema.config.phases.coverage.unexpected_methods = set()
    schema.config.checks.update(included_check_names=checks)
    if plan.excluded_operations:  # e.g. live OTR: no token endpoint, no account creation or e-mail
        schema = schema.exclude(operation_id=list(plan.excluded_operations))
    return schema


def guard_for(target: Target, plan: FuzzPlan) -> _Guard:
    """The plan's pinned parameters, the live pace, and the sandbox's rate window to move past (Otto's budget)."""
    pinned = {"path_parameters": {k: str(v) for k, v in plan.path_parameters.items()},
              "query": {k: str(v) for k, v in plan.query_parameters.items()}}
    guard = _Guard(pinned, target.http.pace, target)
    budgets = [rate for rate in target.spec.live_rates if rate[1] > PACE_WINDOW]  # a pace the sandbox ignores
    if target.controllable and budgets:  # half the budget: probes and resets are not counted
        limit, guard.window = max(budgets, key=lambda rate: rate[1])
        guard.budget = max(1, limit // 2)
    return guard


def explore(target: Target, schema: Any, plan: FuzzPlan, phases: tuple[str, ...] = PHASES,
            share: tuple[int, int] = (0, 1)) -> Iterator[Exchange]:
    """Every exchange of every phase: the unit phases one operation at a time (``share``: every count-th from
    the index-th), then the stateful sequences."""
    guard = guard_for(target, plan)
    with _guards_lock:
        _guards[id(schema.raw_schema)] = guard
    try:
        with compat.no_local_constants():
            if unit := [p for p in phases if p != "stateful"]:
                schema.config.phases.update(phases=unit)
                index, count = share
                for operation in [result.ok() for result in schema.get_all_operations()][index::count]:
                    if target.controllable:
                        target.reset()  # a fresh vendor before each fuzzed operation
                        guard.sent = 0
                    yield from _run(target, schema.include(method=operation.method.upper(), path=operation.path))
            if "stateful" in phases and compat.has_links(schema):
                schema.config.phases.update(phases=["stateful"])
                if target.controllable:
                    compat.before_each_sequence(schema, target.reset)  # not between a sequence's calls
                yield from _run(target, schema)
    finally:
        with _guards_lock:
            _guards.pop(id(schema.raw_schema), None)


def _run(target: Target, schema: Any) -> Iterator[Exchange]:
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            if isinstance(event, events.NonFatalError):
                _raise_for(event, target)
            if isinstance(event, events.FatalError):
                raise NoConclusion(redactor.text(f"fuzzing could not run: {event.exception}"))
            if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
                yield from _exchanges(event)
    finally:
        stream.stop()  # on an early exit, let the workers wind down before the vendor is touched again
        for _ in stream:
            pass


def _exchanges(event: Any) -> Iterator[Exchange]:
    for case_id, interaction in event.recorder.interactions.items():
        if (response := interaction.response) is None:
            continue
        node = event.recorder.cases.get(case_id)
        case = node.value if node is not None else None
        meta = getattr(case, "meta", None)
        sent = interaction.request
        yield Exchange(
            phase=str(meta.phase.name) if meta is not None else "fuzzing",
            operation=case.operation.label if case is not None else str(event.label),
            status=response.status_code, method=sent.method, uri=sent.uri, headers=sent.headers, body=sent.body,
            failures=[(check.name, check.failure_info.failure) for check in event.recorder.checks.get(case_id, [])
                      if check.failure_info is not None])


def _raise_for(event: Any, target: Target) -> None:
    """An engine error is no conclusion: an unreachable vendor, a refused request, a golive bug."""
    chain, error = [], event.value
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    if any(isinstance(e, NoLinksFound) for e in chain):
        return  # the plan left out every linked operation (live, where their writes are not allowed)
    if unsafe := next((e for e in chain if isinstance(e, UnsafeRequest)), None):
        raise NoConclusion(f"golive refused a fuzzed request outside the fuzz plan: {unsafe}")
    if over := next((e for e in chain if isinstance(e, NotOnThisTarget)), None):
        raise NotOnThisTarget(f"fuzzing stopped at {event.label}: {over}")  # the live budget is spent
    if any(isinstance(e, requests.ConnectionError | requests.Timeout) for e in chain):
        raise TargetUnreachable(f"{target.name} is unreachable at {redactor.text(target.http.base_url)} "
                                f"while fuzzing {event.label}: {event.info.title}")
    raise NoConclusion(redactor.text(f"fuzzing {event.label} failed: {event.info.title}: {event.info.message}")
                       .splitlines()[0])
