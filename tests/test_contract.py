from pathlib import Path

from golive.contract import Contract

ROOT = Path(__file__).resolve().parents[1]


def test_operations_and_matching() -> None:
    contract = Contract.load(ROOT / "contracts" / "abs.openapi.yaml")
    assert set(contract.operations) == {"GET /v2/partners/{company}", "POST /v2/partners/{company}"}
    assert contract.match("post", "/v2/partners/tirecompany_test") == "POST /v2/partners/{company}"
    assert contract.match("GET", "/_sandbox/clock") is None
    assert contract.match("DELETE", "/v2/partners/x") is None
