"""What a certification run concludes: the model every report sink renders."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from golive.verdict import Readiness, Result


@dataclass
class Exchange:
    """One HTTP request and its answer, already redacted."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str
    status: int | None
    response_headers: dict[str, str]
    response_body: str
    elapsed_ms: float


@dataclass
class BehaviourRef:
    """A catalogue behaviour a check rests on, with the vendor document's sentence."""

    id: str
    quote: str
    rule: str
    where: str
    level: str


@dataclass
class CheckResult:
    """One scenario (or Examples row, or fuzzed contract) and its verdict."""

    nodeid: str
    vendor: str
    name: str
    feature: str
    kind: str  # "scenario" | "fuzz"
    behaviours: list[BehaviourRef]
    result: Result
    duration: float
    message: str = ""
    evidence: list[Exchange] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # recorded, not judged (e.g. a D-ABS-07 probe)
    steps: list[tuple[str, bool]] = field(default_factory=list)  # Gherkin steps run: (keyword and text, held)
    clauses: list[str] = field(default_factory=list)  # the D- resolution clauses it proves (D-ABS-10.2)
    original_result: Result | None = None  # WAIVED: what the check concluded
    waiver: str | None = None  # WAIVED: the reason the deviation was accepted
    waived_by: str | None = None
    waived_until: str | None = None

    @property
    def ids(self) -> list[str]:
        return [b.id for b in self.behaviours]


@dataclass
class WaiverStatus:
    """A waiver of the run's waivers file, and what became of it on this target."""

    vendor: str
    behaviour: str
    check: str | None
    expect: str
    reason: str
    accepted_by: str
    expires: str | None
    state: str  # "in force" | "stale" | "expired" | "not run"
    checks: int  # how many checks it waived

    @property
    def breaks_readiness(self) -> bool:
        """A stale or expired waiver counts as a FAILED (interface.md §7)."""
        return self.state in ("stale", "expired")


@dataclass
class FuzzFinding:
    operation: str
    check: str
    message: str
    curl: str
    status: int | None = None
    phase: str = "fuzzing"  # the schemathesis phase that found it first


@dataclass
class FuzzReport:
    operations: int = 0
    cases: int = 0
    seed: int = 0
    duration: float = 0.0
    cases_per_operation: dict[str, int] = field(default_factory=dict)
    status_codes: dict[str, list[int]] = field(default_factory=dict)
    failures: list[FuzzFinding] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # the checks that ran
    phases: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # operation → phase → cases, findings


@dataclass
class Coverage:
    behaviours_checked: list[str] = field(default_factory=list)
    behaviours_total: int = 0
    operations_exercised: list[str] = field(default_factory=list)
    operations_total: int = 0
    status_codes: dict[str, list[int]] = field(default_factory=dict)  # seen, per operation
    behaviours_waived: list[str] = field(default_factory=list)  # checked, but a check of theirs was WAIVED
    behaviours_not_checked: dict[str, str] = field(default_factory=dict)  # id -> why (SKIPPED here, not selected)
    status_codes_documented: dict[str, list[str]] = field(default_factory=dict)  # per operation, from the contract


@dataclass
class ClauseCoverage:
    """The vendor's D- resolution clauses: proven by a check that ran, recorded only, not asserted, not checked."""

    total: int = 0
    checked: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)
    not_asserted: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)  # untraced, or its checks did not run here


@dataclass
class VendorReport:
    name: str
    title: str
    document: str
    base_url: str
    verdict: Readiness
    checks: list[CheckResult]
    fuzzing: FuzzReport | None
    coverage: Coverage
    pacing: dict[str, Any] | None = None  # live: the vendor's rates, the requests they let through, the time waited
    waivers: list[WaiverStatus] = field(default_factory=list)
    account: str | None = None  # the company or tenant certified (never a secret)
    clauses: ClauseCoverage | None = None

    def count(self, result: Result) -> int:
        return sum(1 for c in self.checks if c.result is result)


@dataclass
class RunReport:
    stamp: str
    target: str
    seed: int
    version: str
    started: str
    duration: float
    exit_code: int
    vendors: list[VendorReport]
    options: dict[str, Any] = field(default_factory=dict)
    diff: dict[str, Any] | None = None  # golive.diff against the previous run of the same target (§11)
    partial: dict[str, Any] | None = None  # a selected run: what it selected (never a full certification)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their values)."""

        def plain(value: Any) -> Any:
            if isinstance(value, Result | Readiness):
                return value.value
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        data = plain(asdict(self))
        for vendor, report in zip(data["vendors"], self.vendors, strict=True):
            vendor["counts"] = {r.value: report.count(r) for r in Result}
        return data
