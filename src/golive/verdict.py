"""Verdicts: what one check concludes, and what a vendor's checks add up to.

A step signals a deviation by raising. How firmly it counts depends on the basis of
the behaviour it rests on (``behaviours.md``): a broken *fact* is FAILED, a broken
*assumption* is WARNING. A target that cannot be reached gives no conclusion: ERROR.
"""
from __future__ import annotations

from enum import Enum


class Result(str, Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    WARNING = "WARNING"
    SKIPPED = "SKIPPED"
    ERROR = "ERROR"
    WAIVED = "WAIVED"  # a FAILED or WARNING a waiver accepts (interface.md §11): counts as neither


class Level(str, Enum):
    """How firmly a behaviour is asserted."""

    FACT = "fact"  # stated / example / severity override: a mismatch is FAILED
    ASSUMPTION = "assumption"  # implied or @assumption: a mismatch is WARNING


class Readiness(str, Enum):
    READY = "READY"
    NOT_READY = "NOT READY"
    BLOCKED = "BLOCKED"


class Deviation(AssertionError):
    """The target broke a documented behaviour. ``level`` None: the scenario's level."""

    level: Level | None = None


class BrokenFact(Deviation):
    """Always FAILED, whatever the scenario's level (e.g. a 2xx where a rejection is stated)."""

    level = Level.FACT


class BrokenAssumption(Deviation):
    """Always WARNING (e.g. 422 where the catalogue implies 400)."""

    level = Level.ASSUMPTION


class NoConclusion(Exception):
    """The target could not be reached or authenticated: ERROR, vendor BLOCKED."""


class TargetUnreachable(NoConclusion):
    pass


class CredentialsRejected(NoConclusion):
    pass


class ServerFault(BrokenFact):
    """A 5xx answer: always FAILED (unless it is a gateway error on the first request)."""


class NotOnThisTarget(Exception):
    """The check cannot run on this target (a SKIP with the reason)."""


def result_for(exc: BaseException | None, scenario_level: Level) -> Result:
    """Map what a check raised to its result."""
    if exc is None:
        return Result.PASSED
    if isinstance(exc, NoConclusion):
        return Result.ERROR
    if isinstance(exc, AssertionError):
        level = getattr(exc, "level", None) or scenario_level
        return Result.FAILED if level is Level.FACT else Result.WARNING
    return Result.ERROR


def readiness(results: list[Result]) -> Readiness:
    """READY when nothing FAILED or ERRORed; NOT READY on any FAILED; else BLOCKED."""
    if Result.FAILED in results:
        return Readiness.NOT_READY
    if Result.ERROR in results:
        return Readiness.BLOCKED
    return Readiness.READY


EXIT_BLOCKED = 2  # also a usage or configuration error (interface.md §3)


def exit_code(verdicts: list[Readiness]) -> int:
    """0 all READY; 2 any BLOCKED; else 1 any NOT READY (interface.md §3)."""
    if Readiness.BLOCKED in verdicts:
        return EXIT_BLOCKED
    if Readiness.NOT_READY in verdicts:
        return 1
    return 0
