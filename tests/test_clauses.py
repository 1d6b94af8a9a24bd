"""Clause-level traceability: the catalogue's D- resolutions split into clauses, each accounted for."""
from __future__ import annotations

import re

import pytest

from golive import clauses
from golive_run import ROOT

TRACED = ("abs", "otr", "otto", "tms")  # vendors whose every clause is traced


def test_the_resolutions_split_into_their_clauses() -> None:
    found = clauses.clauses()
    assert len({c.resolution for c in found.values()}) == 101
    assert [c.text[:40] for i, c in found.items() if c.resolution == "D-ABS-10"] == [
        "Validate money by value: |round(x·100) −", "A value with more than 2 decimals may be",
        "Negative amounts: not asserted."]
    assert found["D-X-01.1"].text.startswith("One shared check, `Rfc3339Utc`")  # a one-sentence resolution


def test_every_listed_clause_exists_and_gives_a_reason() -> None:
    for clause, (kind, why) in clauses.accounted().items():
        assert clause in clauses.clauses(), clause
        assert kind in ("fuzzed", "recorded", "not asserted") and why.strip(), clause


def _tagged(vendor: str) -> set[str]:
    text = "\n".join(p.read_text("utf-8") for p in (ROOT / "features" / vendor).glob("*.feature"))
    return set(re.findall(r"@(D-[A-Z]+-\d+\.\d+)\b", text))


@pytest.mark.parametrize("vendor", TRACED)
def test_every_clause_of_a_traced_vendor_is_checked_recorded_or_not_asserted(vendor: str) -> None:
    tagged, listed = _tagged(vendor), set(clauses.accounted())
    own = set(clauses.for_vendor(vendor))
    assert sorted(own - tagged - listed) == [], "clauses with no check and no reason"
    assert sorted(tagged & listed) == [], "a clause is both checked and listed as unchecked"
    assert tagged <= set(clauses.clauses()), "unknown clause tags"
