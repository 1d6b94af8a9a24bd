"""One certification run: the embedded sandbox, the targets, the results, the report."""
from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from rich.console import Console

from golive import catalogue, clauses, waivers
from golive import diff as run_diff
from golive.catalogue import id_order
from golive.check_record import CheckRecord
from golive.contract import Contract
from golive.fuzz.ahead import FuzzAhead
from golive.receiver import Receiver
from golive.redact import redactor
from golive.report import Reporter, sinks
from golive.report.events import CheckFinished, RunFinished, RunStarted
from golive.report.model import BehaviourRef, CheckResult, ClauseCoverage, Coverage, FuzzReport, RunReport, VendorReport
from golive.sandbox import SandboxServer
from golive.targets import RunOptions, Target, open_target
from golive.types import VendorSandboxLike
from golive.vendors import registry
from golive.verdict import EXIT_BLOCKED, NoConclusion, Readiness, Result, exit_code, readiness

FAULTS_ENV = "GOLIVE_SANDBOX_FAULTS"  # test-only: "abs:fault,abs:other" for the embedded sandbox


def embedded_sandboxes(options: RunOptions, vendors: tuple[str, ...]) -> list[VendorSandboxLike]:
    """The vendors' embedded sandboxes, with the run's deliberate faults (test-only)."""
    faults = set(options.faults) | {f for f in os.environ.get(FAULTS_ENV, "").split(",") if f}
    specs = registry()
    return [specs[name].sandbox(faults=frozenset(f.split(":", 1)[1] for f in faults if f.startswith(f"{name}:")))
            for name in vendors]


class Run:
    """State of one run, fed by the pytest plugin."""

    def __init__(self, options: RunOptions, console: Console | None = None) -> None:
        self.options = options
        self.console = console or Console(stderr=False, highlight=False)
        self.reporter = Reporter(sinks(self.console, self._output()))
        now = datetime.now(UTC)
        self.started_at = now
        self.stamp = now.strftime("%Y%m%dT%H%M%SZ")
        self.clock_start = time.perf_counter()
        self.planned = 0
        self.results: list[CheckResult] = []
        self.fuzz: dict[str, FuzzReport] = {}
        self._targets: dict[str, Target | NoConclusion] = {}
        self._server: SandboxServer | None = None
        self._receiver: Receiver | None = None
        self._ahead: FuzzAhead | None = None

    def _output(self) -> str:
        """How the terminal shows progress: --verbose/--quiet, else live on a TTY outside CI, else lines."""
        if self.options.output != "auto":
            return self.options.output
        return "live" if self.console.is_terminal and not os.environ.get("CI") else "lines"

    # -- targets -------------------------------------------------------------------------
    def _sandbox_url(self) -> str | None:
        if self.options.mode != "sandbox":
            return None
        if self.options.sandbox_url:
            return self.options.sandbox_url
        if self._server is None:
            self._server = SandboxServer(embedded_sandboxes(self.options, self.options.vendors)).start()
        return self._server.url

    def target(self, vendor: str) -> Target:
        """The vendor's target, opened on first use; a failure to open is re-raised for every check."""
        if vendor not in self._targets:
            try:
                opened = open_target(registry()[vendor], self.options, self._sandbox_url(), self.stamp)
            except NoConclusion as exc:
                self._targets[vendor] = exc
            else:
                opened.start_receiver = self.receiver
                self._targets[vendor] = opened
        found = self._targets[vendor]
        if isinstance(found, NoConclusion):
            raise type(found)(str(found))  # a fresh one: re-raising one object grows its traceback per check
        return found

    def receiver(self) -> Receiver:
        """golive's loopback receiver for this run (otto webhooks, tms targets), started on first use."""
        if self._receiver is None:
            self._receiver = Receiver().start()
        return self._receiver

    def clear_receiver(self) -> None:
        """A new check: nothing received, nothing scripted."""
        if self._receiver is not None:
            self._receiver.clear()

    def skip_reason(self, target: Target, where: str, soak: bool = False) -> str | None:
        """Why a check with this catalogue tag cannot run on this target, or None.

        ``soak``: a sandbox-only check a live run may still make by waiting a vendor window out in real
        time (OTR-14: "live only through a soak"); it runs live when ``--max-wait`` is set, and skips
        itself, with the reason, when the window is longer.
        """
        mode = self.options.mode
        if where == "live-only" and mode != "live":
            return "live-only: the sandbox cannot show this; run against the real vendor"
        if mode != "live":
            return None
        if where == "sandbox-only" and not (soak and self.options.max_wait > 0):
            why = "sandbox-only: needs control the real vendor does not give (vendor clock, faults, a second identity)"
            return why + ("; live, only as a soak: --max-wait covering the window" if soak else "")
        if where == "destructive":
            return target.spec.live_write_block(target)
        return None

    def redact(self, text: str) -> str:
        return redactor.text(text)

    # -- results -------------------------------------------------------------------------
    def started(self, planned: int, per_vendor: dict[str, int]) -> None:
        self.planned = planned
        self.reporter.emit(RunStarted(target=self.options.mode, vendors=list(self.options.vendors), planned=planned,
                                      per_vendor=per_vendor))

    def check_result(self, nodeid: str, record: CheckRecord) -> CheckResult:
        """The report's view of a finished check (redacted)."""
        assert record.vendor is not None and record.result is not None
        refs = [BehaviourRef(id=b.id, quote=b.quote, rule=b.rule, where=b.where, level=b.level.value)
                for b in (catalogue.catalogue().get(i) for i in record.ids) if b is not None]
        message = redactor.text(record.message)
        if record.step and record.result in (Result.FAILED, Result.WARNING):
            message = f"{record.step}: {message}"
        return CheckResult(
            nodeid=nodeid, vendor=record.vendor, name=record.name, feature=record.feature, kind=record.kind,
            behaviours=refs, result=record.result, duration=round(record.duration, 4), message=message,
            evidence=[] if record.result is Result.PASSED else record.evidence.exchanges(),
            notes={str(k): redactor.text(str(v)) for k, v in record.notes},
            steps=[(redactor.text(name), held) for name, held in record.steps],
            clauses=record.clauses,
        )

    def finished(self, check: CheckResult) -> None:
        self.results.append(check)
        self.reporter.emit(CheckFinished(check))

    def fuzz_ahead(self, checks: dict[str, str], started: FuzzAhead | None = None) -> None:
        """Fuzz these vendors (vendor → its fuzz check's name) in worker processes where the run allows: in
        ``started`` ones (``golive certify`` starts them before pytest loads), else in new ones."""
        self._ahead = started or (FuzzAhead.for_run(self.options) if checks else None)
        if self._ahead is not None:
            self._ahead.start(self.options, checks)

    def fuzzed_ahead(self, vendor: str) -> FuzzReport | None:
        """The vendor's fuzzing, done ahead (waiting for it), or None: the check fuzzes itself."""
        return self._ahead.report(vendor) if self._ahead is not None else None

    def record_fuzz(self, vendor: str, report: FuzzReport) -> None:
        self.fuzz[vendor] = report

    # -- the report ----------------------------------------------------------------------
    def _coverage(self, vendor: str, checks: list[CheckResult]) -> Coverage:
        ids = sorted({i for c in checks if c.result is not Result.SKIPPED for i in c.ids}, key=id_order)
        coverage = Coverage(behaviours_checked=ids, behaviours_total=len(catalogue.for_vendor(vendor)),
                            behaviours_waived=sorted({i for c in checks if c.result is Result.WAIVED for i in c.ids},
                                                     key=id_order))
        skipped = {i: c.message for c in checks if c.result is Result.SKIPPED for i in c.ids}
        for behaviour in catalogue.for_vendor(vendor):
            if behaviour not in ids:
                coverage.behaviours_not_checked[behaviour] = (
                    f"SKIPPED on this target: {skipped[behaviour]}" if behaviour in skipped else "not selected")
        target = self._targets.get(vendor)
        contract_path = self.options.root / registry()[vendor].contract
        if contract_path.exists():
            moved = registry()[vendor].operation_paths(target) if isinstance(target, Target) else {}
            contract = Contract.load(contract_path, tuple(sorted(moved.items())))
            coverage.operations_total = len(contract.operations)
            coverage.status_codes_documented = {op: list(codes) for op, codes in contract.documented}
            seen = target.http.traffic.seen if isinstance(target, Target) else []
            prefix = target.http.base_url.split("://", 1)[-1].partition("/")[2] if isinstance(target, Target) else ""
            codes: dict[str, set[int]] = {}
            for method, path, status in seen:
                operation = contract.match(method, path.removeprefix("/" + prefix) if prefix else path)
                if operation:
                    codes.setdefault(operation, set()).add(status)
            for operation, statuses in self.fuzz.get(vendor, FuzzReport()).status_codes.items():
                codes.setdefault(operation, set()).update(statuses)
            coverage.operations_exercised = sorted(codes)
            coverage.status_codes = {op: sorted(s) for op, s in sorted(codes.items())}
        return coverage

    def finish(self, ended: datetime, clock: float, version: str) -> int:
        """Build the report, write every format, stop the sandbox; the exit status."""
        vendors: list[VendorReport] = []
        for name in self.options.vendors:
            spec = registry()[name]
            checks, waived = waivers.apply(self.options.waivers, name, [c for c in self.results if c.vendor == name],
                                           ended.date())
            target = self._targets.get(name)
            verdict = readiness([c.result for c in checks]) if checks else Readiness.BLOCKED
            if any(w.breaks_readiness for w in waived):
                verdict = Readiness.NOT_READY
            vendors.append(VendorReport(
                name=name, title=spec.title, document=spec.document,
                base_url=redactor.text(target.http.base_url) if isinstance(target, Target) else "",
                verdict=verdict, checks=checks, fuzzing=self.fuzz.get(name), coverage=self._coverage(name, checks),
                pacing=_pacing(target), waivers=waived, account=_account(target), clauses=_clauses(name, checks)))
        code = exit_code([v.verdict for v in vendors])
        report = RunReport(
            stamp=self.stamp, target=self.options.mode, seed=self.options.seed, version=version,
            started=self.started_at.isoformat(timespec="seconds"), duration=round(clock - self.clock_start, 2),
            exit_code=code, vendors=vendors,
            options={"fuzz": self.options.fuzz, "fuzz_examples": self.options.fuzz_examples,
                     "record": self.options.record, "allow_production": self.options.allow_production,
                     "include_destructive": self.options.include_destructive,
                     "root": str(self.options.root), "cassette_dir": str(self.options.cassette_dir)},
        )
        if self.options.selection.partial:
            report.partial = self.options.selection.describe()
        new = run_diff.summary(report)
        only = {(v["name"], c["name"]) for v in new["vendors"] for c in v["checks"]} if report.partial else None
        previous = run_diff.previous_run(self.options.report_dir, self.options.mode, self.stamp, containing=only)
        if previous is not None:
            try:
                report.diff = run_diff.compare(run_diff.read_run(previous), new, previous.name,
                                               f"{self.stamp}-{self.options.mode}", only=only).to_dict()
            except run_diff.Unreadable:
                report.diff = None  # an unreadable old run only loses the comparison
        folder = self.options.report_dir / f"{self.stamp}-{self.options.mode}"
        folder.mkdir(parents=True, exist_ok=True)
        self.reporter.emit(RunFinished(report=report, folder=folder))
        if self.reporter.failures:
            self.reporter.show_failures(self.console)
            code = max(code, EXIT_BLOCKED)  # a report that could not be written is no certification
        self.stop_workers()
        for target in self._targets.values():
            if isinstance(target, Target):
                target.close()
        if self._server is not None:
            self._server.stop()
        if self._receiver is not None:
            self._receiver.stop()
        return code


    def stop_workers(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None


def _pacing(target: Target | NoConclusion | None) -> dict[str, object] | None:
    pace = target.http.pace if isinstance(target, Target) else None
    if pace is None:
        return None
    return {"rates": pace.describe(), "requests": pace.used, "waited_seconds": round(pace.waited, 1)}


def _account(target: Target | NoConclusion | None) -> str | None:
    """The company or tenant a target writes to, as the report may name it."""
    if not isinstance(target, Target):
        return None
    if target.credentials.get("company"):
        return str(target.credentials["company"])
    return "test tenant" if target.settings.get("test_tenant") else None


def _clauses(vendor: str, checks: list[CheckResult]) -> ClauseCoverage:
    """Which of the vendor's D- clauses a check that ran proves, and which the catalogue only records."""
    ran = {clause for c in checks if c.result is not Result.SKIPPED for clause in c.clauses}
    fuzzed = any(c.kind == "fuzz" and c.result is not Result.SKIPPED for c in checks)
    coverage = ClauseCoverage(total=len(clauses.for_vendor(vendor)))
    for clause in clauses.for_vendor(vendor):
        kind = clauses.accounted().get(clause, ("", ""))[0]
        if clause in ran or (kind == "fuzzed" and fuzzed):
            coverage.checked.append(clause)
        elif kind == "recorded":
            coverage.recorded.append(clause)
        elif kind == "not asserted":
            coverage.not_asserted.append(clause)
        else:
            coverage.not_checked.append(clause)
    return coverage
