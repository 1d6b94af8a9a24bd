"""``[vendors.otr.paths]``: a bad table is a configuration error; overrides reach fuzzing and coverage."""
from __future__ import annotations

import pytest

from golive.config import ConfigError, resolve
from golive.contract import Contract
from golive.fuzz import fuzz_contract
from golive.vendors import registry
from golive_run import ROOT

CONTRACT = ROOT / "contracts" / "otr.openapi.yaml"
TABLE = {"base_url": "https://otr.example", "subscription_key_env": "K", "username_env": "U", "password_env": "P",
         "known_dot": "1234567"}
ENV = {"K": "key", "U": "user", "P": "pass"}


@pytest.mark.parametrize(("paths", "says"), [
    ({"postTokens": "/t"}, r"\[vendors.otr\] paths: postTokens: unknown operation \(known: postToken, "),
    ({"postToken": "token"}, "postToken: must be a path starting with /"),
    ({"postToken": 7}, "postToken: must be a path starting with /"),
])
def test_a_bad_paths_table_is_one_line_naming_the_key(paths: dict[str, object], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        resolve(registry()["otr"], {**TABLE, "paths": paths}, ENV)
    assert resolve(registry()["otr"], {**TABLE, "paths": {"postToken": "/auth/token"}}, ENV).settings["paths"]


def test_overrides_reach_the_fuzzed_contract_and_coverage() -> None:
    moved = {"postToken": "/auth/v2/token"}
    paths = fuzz_contract(CONTRACT, moved)["paths"]
    assert "/auth/v2/token" in paths and "post" in paths["/auth/v2/token"]
    assert "post" not in paths.get("/token", {})
    assert paths["/auth/v2/token"]["post"]["operationId"] == "postToken"
    contract = Contract.load(CONTRACT, tuple(moved.items()))
    assert contract.match("POST", "/auth/v2/token") == "POST /auth/v2/token"
    assert contract.match("POST", "/token") is None
    assert len(contract.operations) == len(Contract.load(CONTRACT).operations)
