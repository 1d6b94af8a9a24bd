from pathlib import Path

import pytest

from golive.config import ConfigError, load, resolve
from golive.vendors import registry

ABS = {"base_url": "https://data.absintegrations.com", "company": "tirecompany", "partner_id": "1001",
       "secret_env": "ABS_JWT_SECRET"}


def test_resolves_secrets_from_the_environment() -> None:
    live = resolve(registry()["abs"], ABS, env={"ABS_JWT_SECRET": "a-long-secret"})
    assert live.base_url == "https://data.absintegrations.com"
    assert live.credentials == {"company": "tirecompany", "partner_id": "1001", "secret": "a-long-secret"}


@pytest.mark.parametrize(("change", "env", "says"), [
    ({"color": "blue"}, {"ABS_JWT_SECRET": "x" * 10}, "color: unknown key"),
    ({"secret_env": "MISSING_VAR"}, {}, "MISSING_VAR is not set"),
    ({"secret_env": "c2VjcmV0LXZhbHVl=="}, {}, "not hold a literal secret"),
    ({"base_url": "http://data.absintegrations.com"}, {"ABS_JWT_SECRET": "x" * 10}, "must use https"),
    ({"company": None}, {"ABS_JWT_SECRET": "x" * 10}, "company: missing"),
])
def test_bad_configuration_names_the_key(change: dict, env: dict, says: str) -> None:
    table = {k: v for k, v in {**ABS, **change}.items() if v is not None}
    with pytest.raises(ConfigError, match=says):
        resolve(registry()["abs"], table, env=env)


def test_loopback_may_use_http() -> None:
    table = {**ABS, "base_url": "http://127.0.0.1:8080/abs"}
    assert resolve(registry()["abs"], table, env={"ABS_JWT_SECRET": "x" * 10}).base_url.startswith("http://127")


def test_load_rejects_unknown_top_level_keys_and_bad_toml(tmp_path: Path) -> None:
    bad = tmp_path / "golive.toml"
    bad.write_text("[target]\nx = 1\n")
    with pytest.raises(ConfigError, match="unknown key 'target'"):
        load(bad)
    bad.write_text("[vendors.abs\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load(tmp_path / "nope.toml")
