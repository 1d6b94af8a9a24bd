"""A RunReport with every result, for the report sinks' tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from golive.report.events import RunFinished
from golive.report.model import (
    BehaviourRef,
    CheckResult,
    Coverage,
    Exchange,
    FuzzFinding,
    FuzzReport,
    RunReport,
    VendorReport,
)
from golive.verdict import Readiness, Result

ABS_07 = BehaviourRef(
    id="ABS-07", quote="Each partner can only access their own company's data.",
    rule="a token of partner A gets 401/403 on partner B's company", where="sandbox-only", level="fact")
ABS_12 = BehaviourRef(
    id="ABS-12", quote="Dates are formatted as YYYY-MM-DD.",
    rule="dates in answers are ISO dates", where="sandbox+live", level="fact")
ABS_30 = BehaviourRef(
    id="ABS-30", quote="An invalid request returns an error.",
    rule="a malformed body gets 400", where="sandbox+live", level="assumption")
OTTO_04 = BehaviourRef(
    id="OTTO-04", quote="All requests must use HTTPS.",
    rule="plain http is refused", where="live-only", level="fact")
OTTO_01 = BehaviourRef(
    id="OTTO-01", quote="Authenticate with the X-API-Key header.",
    rule="no key: 401", where="sandbox+live", level="fact")

SCRIPT_BODY = '{"error": "<script>alert(1)</script> & more"}'


def exchange(status: int | None = 403, body: str = SCRIPT_BODY) -> Exchange:
    return Exchange(
        method="GET", url="http://127.0.0.1:8765/abs/partners/othercompany/registrations",
        request_headers={"Authorization": "<redacted>", "Accept": "application/json"},
        request_body="", status=status, response_headers={"content-type": "application/json"},
        response_body=body, elapsed_ms=12.5)


def check(vendor: str, name: str, result: Result, refs: list[BehaviourRef], message: str = "",
          evidence: list[Exchange] | None = None, feature: str = "registrations") -> CheckResult:
    return CheckResult(
        nodeid=f"features/{vendor}/{feature}.feature::{name}", vendor=vendor, name=name,
        feature=feature, kind="scenario", behaviours=refs, result=result, duration=0.25,
        message=message, evidence=evidence or [])


def build_report() -> RunReport:
    abs_checks = [
        check("abs", "Partner reads its own registrations", Result.PASSED, [ABS_12]),
        check("abs", "Partner cannot read another company", Result.FAILED, [ABS_07],
              "expected 401 or 403, got 200 with othercompany's data", [exchange(200)]),
        check("abs", "Malformed body is rejected", Result.WARNING, [ABS_30],
              "expected 400, got 422", [exchange(422)]),
        check("abs", "Registration term", Result.SKIPPED, [ABS_12], "needs the vendor clock (sandbox only)"),
    ]
    otto_checks = [
        check("otto", "Key is required", Result.ERROR, [OTTO_01],
              "target unreachable: connection refused", [exchange(None, "")], feature="auth"),
        check("otto", "Only HTTPS", Result.SKIPPED, [OTTO_04], "live-only: the sandbox is plain http",
              feature="auth"),
        check("otto", "Key header accepted", Result.PASSED, [OTTO_01], feature="auth"),
    ]
    tms_checks = [check("tms", "Token accepted", Result.PASSED, [], feature="auth")]
    abs_report = VendorReport(
        name="abs", title="ABS Partner Warranty API", document="abs-warranty.txt",
        base_url="http://127.0.0.1:8765/abs", verdict=Readiness.NOT_READY, checks=abs_checks,
        fuzzing=FuzzReport(
            operations=2, cases=150, seed=42, duration=3.5,
            cases_per_operation={"getRegistrations": 100, "postRegistrations": 50},
            failures=[FuzzFinding(operation="postRegistrations", check="not_a_server_error",
                                  message="500 Internal Server Error", status=500,
                                  curl="curl -X POST -H 'Authorization: <redacted>' "
                                       "http://127.0.0.1:8765/abs/partners/tirecompany_test/registrations")]),
        coverage=Coverage(behaviours_checked=["ABS-07", "ABS-12", "ABS-30"], behaviours_total=83,
                          operations_exercised=["getRegistrations", "postRegistrations"], operations_total=10,
                          status_codes={"getRegistrations": [200, 403], "postRegistrations": [201, 422, 500]}))
    otto_report = VendorReport(
        name="otto", title="Otto AI Integration API", document="otto-ai.txt",
        base_url="http://127.0.0.1:8765/otto", verdict=Readiness.BLOCKED, checks=otto_checks,
        fuzzing=None, coverage=Coverage(behaviours_checked=["OTTO-01"], behaviours_total=49))
    tms_report = VendorReport(
        name="tms", title="Transportial OTMS", document="transportial-otms.txt",
        base_url="http://127.0.0.1:8765/tms", verdict=Readiness.READY, checks=tms_checks,
        fuzzing=FuzzReport(operations=1, cases=20, seed=42), coverage=Coverage(behaviours_total=45))
    return RunReport(
        stamp="20250102T030405Z", target="sandbox", seed=42, version="0.1.0",
        started="2025-01-02T03:04:05+00:00", duration=12.75, exit_code=2,
        vendors=[abs_report, otto_report, tms_report], options={"fuzz": True})


@pytest.fixture
def run_report() -> RunReport:
    return build_report()


@pytest.fixture
def finished(run_report: RunReport, tmp_path: Path) -> RunFinished:
    folder = tmp_path / "20250102T030405Z-sandbox"
    return RunFinished(report=run_report, folder=folder)
