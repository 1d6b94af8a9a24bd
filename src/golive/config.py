"""golive.toml: the live targets (interface.md §4). Secrets are named by env var, never written."""
from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from golive.types import VendorSpec

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,63}$")


class ConfigError(Exception):
    """A bad configuration or option: shown as one line, exit 2."""


@dataclass(frozen=True)
class LiveSettings:
    """One vendor's live target, resolved from golive.toml and the environment."""

    base_url: str
    credentials: dict[str, str]
    settings: dict[str, Any]


def load(path: Path) -> dict[str, dict[str, Any]]:
    """The ``[vendors.*]`` tables of a golive.toml."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"vendors"}
    if unknown:
        raise ConfigError(f"{path}: unknown key {sorted(unknown)[0]!r} (only [vendors.<name>] tables are read)")
    vendors = data.get("vendors", {})
    if not isinstance(vendors, dict):
        raise ConfigError(f"{path}: 'vendors' must be a table")
    return vendors


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(key: str, value: object) -> str:
    if not isinstance(value, str) or not urlsplit(value).hostname:
        raise ConfigError(f"{key}: not a URL: {value!r}")
    scheme = urlsplit(value).scheme
    if scheme != "https" and not (scheme == "http" and is_loopback(value)):
        raise ConfigError(f"{key}: live targets must use https (got {value!r}; only loopback may use http)")
    return value.rstrip("/")


def resolve(spec: VendorSpec, table: dict[str, Any], env: dict[str, str] | None = None) -> LiveSettings:
    """Validate one vendor's table and read its secrets from the environment."""
    env = dict(os.environ) if env is None else env
    where = f"[vendors.{spec.name}]"
    for key in table:
        if key not in spec.config_keys:
            raise ConfigError(f"{where} {key}: unknown key (known: {', '.join(spec.config_keys)})")
    credentials: dict[str, str] = {}
    settings: dict[str, Any] = {}
    base_url = ""
    for key, rule in spec.config_keys.items():
        if key not in table:
            if rule.required:
                raise ConfigError(f"{where} {key}: missing")
            continue
        value = table[key]
        name = f"{where} {key}"
        if rule.kind == "url":
            value = _check_url(name, value)
            if key == "base_url":
                base_url = value
                continue
        if rule.kind == "env":
            if not isinstance(value, str) or not _ENV_NAME.match(value):
                raise ConfigError(f"{name}: must name an environment variable, not hold a literal secret")
            if not env.get(value):
                raise ConfigError(f"{name}: environment variable {value} is not set")
            value = env[value]
        elif rule.kind == "bool" and not isinstance(value, bool):
            raise ConfigError(f"{name}: must be true or false")
        elif rule.kind == "text" and not isinstance(value, str | int):
            raise ConfigError(f"{name}: must be a string")
        elif rule.kind == "table" and not isinstance(value, dict):
            raise ConfigError(f"{name}: must be a table")
        if rule.check is not None and (wrong := rule.check(value)):
            raise ConfigError(f"{name}: {wrong}")
        if rule.credential:
            credentials[rule.credential] = str(value)
        else:
            settings[key] = value
    return LiveSettings(base_url=base_url, credentials=credentials, settings=settings)
