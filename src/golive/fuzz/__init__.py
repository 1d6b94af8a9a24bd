"""Schemathesis fuzzing of a vendor's contract (interface.md §10).

Sandbox and live: schemathesis' own engine (the one behind ``st run``) with every phase — examples,
coverage, fuzzing, one run per operation, then the stateful sequences the contract's OpenAPI links
describe — the sandbox reset before each operation and each sequence. Runs are seeded and isolated
(no hypothesis database or local constants, no schemathesis cache or probes, one worker): a seed
gives one sequence of requests, in any process.

Replay does not generate again: it re-judges the recorded exchanges with the same checks. A
regenerated run only replays with the very schemathesis/hypothesis versions, contract and golive
source that recorded it, and costs generation plus vcrpy matching (measured, ~4 s for 100 cases).

Only checks a conforming vendor cannot fail run, and error bodies are never judged (D-X-03):
non-2xx responses lose their content and headers in the fuzzed copy of the contract.
"""
from __future__ import annotations

import shlex
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive import contract
from golive.redact import redactor
from golive.report.model import FuzzFinding, FuzzReport
from golive.targets import Target
from golive.verdict import Level, TargetUnreachable

if TYPE_CHECKING:
    from golive.fuzz._engine import Exchange

__all__ = ["CHECKS", "PHASES", "curl_of", "finding_level", "fuzz_contract", "fuzz_vendor"]

PHASES = ("examples", "coverage", "fuzzing", "stateful")

CHECKS = ("not_a_server_error",  # any 5xx is FAILED (behaviours.md, interface.md §7)
          "status_code_conformance",  # a code the contract does not list
          "content_type_conformance", "response_headers_conformance", "response_schema_conformance",  # 2xx only
          "ignored_auth")  # every vendor requires its credentials on every documented call
# Left out, each a false alarm against a conforming vendor (the self-check runs them, with the
# catalogue's leniency as listed exceptions: contracts/leniency.toml): negative_data_rejection and
# positive_data_acceptance (business rules rightly reject valid data, e.g. a claim for an unknown
# registration; ABS may store over-length strings, D-ABS-06); missing_required_header, unsupported_method,
# allow_header_conformance (probes with methods the contract does not list: never sent to a vendor);
# use_after_free, ensure_resource_availability, object_level_authorization (no document promises them).
FACT_CHECKS = frozenset({"not_a_server_error", "response_schema_conformance", "ignored_auth"})
_GATEWAY = frozenset({502, 503, 504})
_CURL_SKIP = frozenset({"user-agent", "accept", "accept-encoding", "connection", "content-length"})


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
    """FACT: a 5xx, a documented success response that breaks its schema, a call served without credentials.

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
              if k.lower() not in _CURL_SKIP and not k.lower().startswith(("x-schemathesis", "x-golive"))]
    if body:
        text = body.decode("utf-8", "backslashreplace") if isinstance(body, bytes) else body
        parts += ["--data-raw", shlex.quote(redactor.body(text))]
    return redactor.text(" ".join(parts))


def budgeted(target: Target) -> bool:
    """Live against a vendor with a documented rate limit (Otto): every request spends its budget."""
    return target.http.pace is not None and bool(target.http.pace.rates)


def checks_for(target: Target, excluded: tuple[str, ...] = ()) -> list[str]:
    """golive's checks for this target. Under a live budget no ``ignored_auth``: its probes go around
    schemathesis' hooks, so around the vendor's pace and budget."""
    return [c for c in CHECKS if c not in excluded and not (budgeted(target) and c == "ignored_auth")]


def phases_for(target: Target, phases: tuple[str, ...]) -> tuple[str, ...]:
    """Under a live budget no coverage phase: its size follows the contract, not ``--fuzz-examples``, so it
    cannot be fitted into the budget (the report lists the phases that ran)."""
    return tuple(p for p in phases if not (budgeted(target) and p == "coverage"))


def fuzz_vendor(target: Target, *, seed: int, examples: int, recording: Path | None = None,
                phases: tuple[str, ...] = PHASES, share: tuple[int, int] = (0, 1)) -> FuzzReport:
    """Fuzz every contract operation of ``target`` in ``phases``; in replay, re-judge ``recording``.

    ``share`` (index, count): only every count-th operation from the index-th in the unit phases, so that
    several processes can split one vendor (:mod:`golive.fuzz.ahead` merges their reports).
    """
    from golive.fuzz._engine import build_schema, explore  # schemathesis loads only where fuzzing runs
    from golive.fuzz._rejudge import rejudge

    started = time.perf_counter()
    plan = target.spec.fuzz_plan(target)
    document = fuzz_contract(Path(target.options.root) / target.spec.contract, target.spec.operation_paths(target))
    checks = checks_for(target, plan.excluded_checks)
    schema = build_schema(target, document, plan, seed=seed, examples=examples, checks=checks)
    labels = [result.ok().label for result in schema.get_all_operations()]
    report = FuzzReport(seed=seed, checks=checks, cases_per_operation=dict.fromkeys(labels, 0),
                        status_codes={label: [] for label in labels})
    seen: set[Any] = set()
    if target.mode == "replay":
        report.seed = target.cassettes.read_meta().get("seed", seed)
        exchanges = rejudge(target, recording, schema, plan, checks)
    else:
        exchanges = explore(target, schema, plan, phases_for(target, phases), share)
    first = not target.http.answered
    for exchange in exchanges:
        if first and exchange.status in _GATEWAY:
            raise TargetUnreachable(f"{target.name} answered {exchange.status} to its first request")
        first = False
        fold(report, seen, exchange)
    report.operations = len(report.cases_per_operation)
    report.cases = sum(report.cases_per_operation.values())
    report.duration = round(time.perf_counter() - started, 3)
    return report


def fold(report: FuzzReport, seen: set[Any], exchange: Exchange) -> None:
    """Count one exchange per operation and phase, its distinct findings per phase, and keep each finding once
    per operation, check and message."""
    label = exchange.operation
    report.cases_per_operation[label] = report.cases_per_operation.get(label, 0) + 1
    report.status_codes[label] = sorted({*report.status_codes.get(label, []), exchange.status})
    figures = report.phases.setdefault(label, {}).setdefault(
        exchange.phase, {"cases": 0, "findings": dict.fromkeys(report.checks, 0)})
    figures["cases"] += 1
    for check, failure in exchange.failures:
        if exchange.status == 429:
            continue  # a rate limit answering (schemathesis retried it after its Retry-After): never a finding
        if check == "status_code_conformance" and exchange.status >= 500:
            continue  # not_a_server_error already reports it, as FAILED
        message = redactor.text(f"{failure.title}: {describe(failure) or f'answered {exchange.status}'}")[:300]
        if (distinct := (label, exchange.phase, check, message, exchange.status)) not in seen:
            seen.add(distinct)  # schemathesis reports a repeated failure once per scenario: so does the count
            figures["findings"][check] = figures["findings"].get(check, 0) + 1
        if (key := (label, check, message, exchange.status)) not in seen:
            seen.add(key)
            report.failures.append(FuzzFinding(
                operation=label, check=check, message=message, status=exchange.status, phase=exchange.phase,
                curl=curl_of(exchange.method, exchange.uri, exchange.headers, exchange.body)))


def describe(failure: Any) -> str:
    """Where a failure is, never the values: a schema violation's path and keyword, else its first line."""
    if hasattr(failure, "instance_path"):
        return "/" + "/".join(map(str, failure.instance_path)) + \
            f" fails `{failure.schema_path[-1] if failure.schema_path else 'schema'}`"
    return next((line.strip() for line in str(failure.message or "").splitlines() if line.strip()), "")
