"""The self-check: each contract against its own embedded sandbox, with every schemathesis check and phase.

A failure means the contract and the sandbox disagree, unless the catalogue's leniency explains it: the
allowed exceptions live in one place, ``contracts/leniency.toml``, each matched narrowly (vendor,
operation, check, and the status codes and field it names) and citing the catalogue item or D-
resolution that allows it.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.checks import load_all_checks

from golive import contract
from golive.fuzz import describe
from golive.fuzz._engine import Exchange, build_schema, explore
from golive.options import RunOptions
from golive.sandbox import SandboxServer
from golive.targets import open_target
from golive.types import VendorSpec

LENIENCY = "contracts/leniency.toml"
_KEYS = {"operation", "check", "status", "field", "cites", "why"}
_CITED = re.compile(r"\b(?:D-)?[A-Z]+-\d+(?:\.\d+)?\b")


class LeniencyError(ValueError):
    """A bad entry in the leniency file: one line naming it."""


@dataclass(frozen=True)
class Allowance:
    """One allowed exception: a disagreement the catalogue's leniency explains."""

    vendor: str
    operation: str
    check: str
    cites: str
    why: str
    status: tuple[int, ...] = ()  # only these response codes (all when empty)
    field: str = ""  # a schema failure's instance path prefix, else a piece of the failure's message

    def covers(self, operation: str, check: str, status: int, where: str) -> bool:
        if (operation, check) != (self.operation, self.check) or (self.status and status not in self.status):
            return False
        if not self.field:
            return True
        if where.startswith("/"):  # an instance path: the field or inside it
            return where == self.field or where.startswith(self.field.rstrip("/") + "/")
        return self.field in where


@dataclass(frozen=True)
class Disagreement:
    operation: str
    check: str
    status: int
    message: str
    phase: str
    request: str


@dataclass
class SelfcheckReport:
    vendor: str
    seed: int
    cases: int = 0
    phases: Counter[str] = field(default_factory=Counter)
    disagreements: list[Disagreement] = field(default_factory=list)
    used: Counter[Allowance] = field(default_factory=Counter)


def all_checks() -> list[str]:
    """Every check schemathesis has."""
    load_all_checks()
    return list(REGISTRY.get_all_names())


def load_leniency(path: Path, vendors: dict[str, VendorSpec], root: Path) -> list[Allowance]:
    """The allowed exceptions, validated: a known vendor, operation and check, and citations the catalogue has."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LeniencyError(f"{path}: {exc}") from exc
    checks, text = set(all_checks()), resources.files("golive.data").joinpath("behaviours.md").read_text("utf-8")
    allowances = []
    for vendor, entries in data.items():
        if vendor not in vendors:
            raise LeniencyError(f"{path}: unknown vendor [{vendor}]")
        labels = contract.Contract.load(root / vendors[vendor].contract).operations
        for number, entry in enumerate(entries, 1):
            where = f"{path}: [[{vendor}]] #{number}"
            if unknown := set(entry) - _KEYS:
                raise LeniencyError(f"{where}: unknown key {sorted(unknown)[0]!r}")
            if entry.get("operation") not in labels:
                raise LeniencyError(f"{where}: no operation {entry.get('operation')!r} in {vendors[vendor].contract}")
            if entry.get("check") not in checks:
                raise LeniencyError(f"{where}: schemathesis has no check {entry.get('check')!r}")
            cited = _CITED.findall(str(entry.get("cites", "")))
            if not cited or not str(entry.get("why", "")).strip():
                raise LeniencyError(f"{where}: `cites` (a catalogue item or D- resolution) and `why` are required")
            if missing := [c for c in cited if not re.search(rf"\*\*{re.escape(c)}\b|\b{re.escape(c)}\*\*", text)]:
                raise LeniencyError(f"{where}: the catalogue has no {missing[0]}")
            allowances.append(Allowance(vendor, entry["operation"], entry["check"], entry["cites"], entry["why"],
                                        tuple(entry.get("status", ())), str(entry.get("field", ""))))
    return allowances


def selfcheck(spec: VendorSpec, *, root: Path, seed: int, examples: int, allowances: list[Allowance],
              faults: frozenset[str] = frozenset()) -> SelfcheckReport:
    """Every check and phase of schemathesis, the vendor's test space pinned, against a fresh embedded sandbox."""
    server = SandboxServer([spec.sandbox(faults=faults)]).start()
    target = open_target(spec, RunOptions(root=root, vendors=(spec.name,)), server.url, "selfcheck")
    report, seen = SelfcheckReport(spec.name, seed), set()
    mine = [a for a in allowances if a.vendor == spec.name]
    try:
        plan = spec.fuzz_plan(target)
        document = contract.move(contract.read(root / spec.contract), spec.operation_paths(target))
        schema = build_schema(target, document, plan, seed=seed, examples=examples, checks=all_checks(),
                              other_methods=True)
        for exchange in explore(target, schema, plan):
            report.cases += 1
            report.phases[exchange.phase] += 1
            for check, failure in exchange.failures:
                where = _where(failure)
                if allowed := next((a for a in mine if a.covers(exchange.operation, check, exchange.status, where)),
                                   None):
                    report.used[allowed] += 1
                elif (key := (exchange.operation, check, _message(failure))) not in seen:
                    seen.add(key)
                    report.disagreements.append(_disagreement(exchange, check, key[2]))
    finally:
        target.close()
        server.stop()
    return report


def _where(failure: Any) -> str:
    """What an allowance's ``field`` is matched against: a schema failure's instance path, else its text."""
    if hasattr(failure, "instance_path"):
        return "/" + "/".join(map(str, failure.instance_path))
    return f"{failure.title}: {failure.message}"


def _message(failure: Any) -> str:
    if hasattr(failure, "instance_path"):
        return f"{failure.title}: {describe(failure)}"
    lines = [line.strip() for line in str(failure.message or "").splitlines() if line.strip()]
    return f"{failure.title}: " + " · ".join(lines)


def _disagreement(exchange: Exchange, check: str, message: str) -> Disagreement:
    body = exchange.body.decode("utf-8", "replace") if isinstance(exchange.body, bytes) else exchange.body or ""
    request = f"{exchange.method} {exchange.uri} {body[:300]}".strip()
    return Disagreement(exchange.operation, check, exchange.status, message, exchange.phase, request)
