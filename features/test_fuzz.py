"""Schemathesis fuzzing of every contract operation, one check per vendor (interface.md §10).

The plugin parametrizes ``golive_vendor`` over the registered vendors, keeps the selected
ones, wraps the check in the vendor's cassette and resets the sandbox once before it.
"""
from __future__ import annotations

from typing import Any

import pytest

from golive.plugin import current_run
from golive.verdict import BrokenAssumption, BrokenFact, Level

SHOWN = 3


@pytest.mark.destructive  # it POSTs: live, it runs only where the vendor's live writes are allowed (§9)
def test_fuzz(golive_vendor: str, target: Any, request: pytest.FixtureRequest) -> None:
    """Fuzz the vendor's contract with schemathesis (a 5xx or a broken success schema fails)."""
    from golive.fuzz import finding_level, fuzz_vendor

    run = current_run(request.config)
    report = run.fuzzed_ahead(golive_vendor) or fuzz_vendor(
        target, seed=run.options.seed, examples=target.fuzz_examples,
        recording=target.cassettes.path("fuzzing", request.node.name))
    run.record_fuzz(golive_vendor, report)
    facts = [f for f in report.failures if finding_level(f) is Level.FACT]
    listed = facts or report.failures
    if listed:
        lines = [f"{f.operation} → {f.status}, {f.check}: {f.message}" for f in listed[:SHOWN]]
        more = f" (and {len(listed) - SHOWN} more)" if len(listed) > SHOWN else ""
        kind = BrokenFact if facts else BrokenAssumption
        raise kind(f"fuzzing: {len(listed)} finding(s){more}; " + "\n".join(lines))
