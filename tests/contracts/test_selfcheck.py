"""The self-check, CI-sized: every contract agrees with its sandbox under every schemathesis check and phase,
with the listed exceptions only; a sandbox fault the contract forbids, or a removed exception, is caught."""
from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from golive.selfcheck import LENIENCY, Allowance, LeniencyError, SelfcheckReport, load_leniency, selfcheck
from golive.vendors import registry

ROOT = Path(__file__).resolve().parents[2]
SEED, EXAMPLES = 1, 10
pytestmark = pytest.mark.slow


@cache
def allowances() -> tuple[Allowance, ...]:
    return tuple(load_leniency(ROOT / LENIENCY, registry(), ROOT))


@cache
def checked(vendor: str, without: Allowance | None = None, faults: frozenset[str] = frozenset()) -> SelfcheckReport:
    allowed = [a for a in allowances() if a != without]
    return selfcheck(registry()[vendor], root=ROOT, seed=SEED, examples=EXAMPLES, allowances=allowed, faults=faults)


@pytest.mark.parametrize("vendor", sorted(registry()))
def test_the_contract_and_the_sandbox_agree(vendor: str) -> None:
    report = checked(vendor)
    assert [f"{d.operation} {d.check} → {d.status}: {d.message}" for d in report.disagreements] == []
    assert {"coverage", "fuzzing", "stateful"} <= set(report.phases), report.phases


@pytest.mark.parametrize("vendor", sorted(registry()))
def test_removing_an_exception_brings_its_disagreement_back(vendor: str) -> None:
    """Where this budget exercises the vendor's most used exception, the self-check without it fails there (the
    deep `make selfcheck` exercises every exception and names any it never used)."""
    report = checked(vendor)
    mine = [a for a in allowances() if a.vendor == vendor and report.used[a]]
    if not mine:
        pytest.skip(f"no {vendor} exception is exercised at this budget")
    busiest = max(mine, key=lambda a: report.used[a])
    without = checked(vendor, without=busiest)
    assert {(d.operation, d.check) for d in without.disagreements} == {(busiest.operation, busiest.check)}


def test_a_response_shape_the_contract_forbids_is_a_disagreement() -> None:
    report = checked("abs", faults=frozenset({"get-partnerid-as-string"}))
    found = {(d.operation, d.check) for d in report.disagreements}
    assert ("GET /v2/partners/{company}", "response_schema_conformance") in found
    assert any("PartnerID" in d.message for d in report.disagreements)


@pytest.mark.parametrize(("entry", "error"), [
    ('[nobody]\n', "unknown vendor"),
    ('[[abs]]\noperation = "GET /nowhere"\ncheck = "ignored_auth"\ncites = "ABS-10"\nwhy = "w"\n', "no operation"),
    ('[[abs]]\noperation = "GET /v2/partners/{company}"\ncheck = "guessing"\ncites = "ABS-10"\nwhy = "w"\n',
     "no check"),
    ('[[abs]]\noperation = "GET /v2/partners/{company}"\ncheck = "ignored_auth"\nwhy = "w"\n', "`cites`"),
    ('[[abs]]\noperation = "GET /v2/partners/{company}"\ncheck = "ignored_auth"\ncites = "ABS-999"\nwhy = "w"\n',
     "no ABS-999"),
    ('[[abs]]\noperation = "GET /v2/partners/{company}"\ncheck = "ignored_auth"\ncites = "ABS-10"\nwhy = "w"\n'
     'color = "red"\n', "unknown key"),
])
def test_a_bad_leniency_entry_is_refused_with_one_line(tmp_path: Path, entry: str, error: str) -> None:
    path = tmp_path / "leniency.toml"
    path.write_text(entry, "utf-8")
    with pytest.raises(LeniencyError, match=error) as caught:
        load_leniency(path, registry(), ROOT)
    assert "\n" not in str(caught.value)


def test_an_exception_matches_narrowly() -> None:
    allowance = Allowance("abs", "POST /v2/partners/{company}", "positive_data_acceptance", "ABS-36", "w",
                          status=(400,), field="/Sales")
    assert allowance.covers("POST /v2/partners/{company}", "positive_data_acceptance", 400, "/Sales/0/OrgID")
    assert not allowance.covers("POST /v2/partners/{company}", "positive_data_acceptance", 500, "/Sales")
    assert not allowance.covers("POST /v2/partners/{company}", "negative_data_rejection", 400, "/Sales")
    assert not allowance.covers("GET /v2/partners/{company}", "positive_data_acceptance", 400, "/Sales")
    assert not allowance.covers("POST /v2/partners/{company}", "positive_data_acceptance", 400, "/Claims/0")
    assert replace(allowance, status=()).covers("POST /v2/partners/{company}", "positive_data_acceptance", 500,
                                                "/Sales")
