import pytest

from golive.verdict import (
    BrokenAssumption,
    BrokenFact,
    CredentialsRejected,
    Level,
    Readiness,
    Result,
    ServerFault,
    TargetUnreachable,
    exit_code,
    readiness,
    result_for,
)


@pytest.mark.parametrize(("exc", "level", "expected"), [
    (None, Level.FACT, Result.PASSED),
    (AssertionError("x"), Level.FACT, Result.FAILED),
    (AssertionError("x"), Level.ASSUMPTION, Result.WARNING),
    (BrokenFact("x"), Level.ASSUMPTION, Result.FAILED),
    (BrokenAssumption("x"), Level.FACT, Result.WARNING),
    (ServerFault("500"), Level.ASSUMPTION, Result.FAILED),
    (TargetUnreachable("down"), Level.FACT, Result.ERROR),
    (CredentialsRejected("401"), Level.FACT, Result.ERROR),
])
def test_result_for(exc: BaseException | None, level: Level, expected: Result) -> None:
    assert result_for(exc, level) is expected


@pytest.mark.parametrize(("results", "expected"), [
    ([Result.PASSED, Result.SKIPPED, Result.WARNING], Readiness.READY),
    ([Result.PASSED, Result.FAILED, Result.ERROR], Readiness.NOT_READY),
    ([Result.PASSED, Result.ERROR], Readiness.BLOCKED),
])
def test_readiness(results: list[Result], expected: Readiness) -> None:
    assert readiness(results) is expected


def test_exit_codes() -> None:
    assert exit_code([Readiness.READY, Readiness.READY]) == 0
    assert exit_code([Readiness.READY, Readiness.NOT_READY]) == 1
    assert exit_code([Readiness.NOT_READY, Readiness.BLOCKED]) == 2
