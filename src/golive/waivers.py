"""Waivers: deviations a go-live meeting accepted, with who accepted them, why, and until when (§11).

A check whose result is the waiver's ``expect``ed one, carrying its behaviour (and named
as its ``check``, if given), is WAIVED: it keeps its original result and message, and no
longer counts. A waiver that could match a check that ran, but none had the expected
result, is *stale* (the vendor fixed it); one past ``expires`` is *expired*; either makes
its vendor NOT READY. A waiver none of whose checks ran is neither.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from golive import catalogue
from golive.config import ConfigError
from golive.report.model import CheckResult, WaiverStatus
from golive.verdict import Result

__all__ = ["Waiver", "apply", "load"]

_KEYS = {"vendor", "behaviour", "check", "expect", "reason", "accepted_by", "expires"}
_EXPECTABLE = {"FAILED": Result.FAILED, "WARNING": Result.WARNING}


@dataclass(frozen=True)
class Waiver:
    """One ``[[waiver]]`` entry of waivers.toml."""

    vendor: str
    behaviour: str
    expect: Result
    reason: str
    accepted_by: str
    check: str | None = None
    expires: date | None = None

    def could_match(self, check: CheckResult) -> bool:
        return (check.vendor == self.vendor and self.behaviour in check.ids
                and (self.check is None or check.name == self.check))

    def describe(self) -> str:
        what = f"{self.vendor} {self.behaviour}" + (f" ({self.check})" if self.check else "")
        return f"{what}: {self.expect.value} accepted by {self.accepted_by}"


def load(path: Path, vendors: set[str]) -> list[Waiver]:
    """Read and validate a waivers file (ConfigError: one line naming the entry)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--waivers {path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if set(data) - {"waiver"} or not isinstance(data.get("waiver", []), list):
        raise ConfigError(f"{path}: only [[waiver]] entries are allowed")
    return [_entry(path, n, entry, vendors) for n, entry in enumerate(data.get("waiver", []), start=1)]


def _entry(path: Path, n: int, entry: object, vendors: set[str]) -> Waiver:
    where = f"{path}: waiver {n}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: not a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("vendor", "behaviour", "expect", "reason", "accepted_by"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(f"{where}: {key} is required and must be a non-empty string")
    if entry["vendor"] not in vendors:
        raise ConfigError(f"{where}: unknown vendor {entry['vendor']!r}")
    behaviour = catalogue.catalogue().get(entry["behaviour"])
    if behaviour is None or not entry["behaviour"].startswith(entry["vendor"].upper() + "-"):
        raise ConfigError(f"{where}: unknown behaviour {entry['behaviour']!r} for {entry['vendor']}")
    if entry["expect"] not in _EXPECTABLE:
        raise ConfigError(f"{where}: expect must be FAILED or WARNING, not {entry['expect']!r}")
    if "check" in entry and (not isinstance(entry["check"], str) or not entry["check"].strip()):
        raise ConfigError(f"{where}: check must be a non-empty string (a check's name as the report shows it)")
    expires = entry.get("expires")
    if expires is not None and (not isinstance(expires, date) or hasattr(expires, "hour")):
        raise ConfigError(f"{where}: expires must be a TOML date such as 2027-03-01")
    return Waiver(vendor=entry["vendor"], behaviour=entry["behaviour"], expect=_EXPECTABLE[entry["expect"]],
                  reason=entry["reason"].strip(), accepted_by=entry["accepted_by"].strip(),
                  check=entry.get("check"), expires=expires)


def apply(waivers: list[Waiver], vendor: str, checks: list[CheckResult], today: date) -> tuple[
        list[CheckResult], list[WaiverStatus]]:
    """The vendor's checks with accepted deviations WAIVED, and what became of each of its waivers."""
    statuses: list[WaiverStatus] = []
    waived = list(checks)
    for waiver in (w for w in waivers if w.vendor == vendor):
        ran = [i for i, c in enumerate(waived) if waiver.could_match(c) and c.result is not Result.SKIPPED]
        matched = [i for i in ran if (waived[i].original_result or waived[i].result) is waiver.expect]
        expired = waiver.expires is not None and waiver.expires < today
        if not ran:
            state = "not run"
        elif expired:
            state = "expired"
        elif not matched:
            state = "stale"
        else:
            state = "in force"
        if state == "in force":
            for i in matched:
                waived[i] = replace(waived[i], result=Result.WAIVED, original_result=waived[i].result,
                                    waiver=waiver.reason, waived_by=waiver.accepted_by,
                                    waived_until=waiver.expires.isoformat() if waiver.expires else None)
        statuses.append(WaiverStatus(
            vendor=waiver.vendor, behaviour=waiver.behaviour, check=waiver.check, expect=waiver.expect.value,
            reason=waiver.reason, accepted_by=waiver.accepted_by,
            expires=waiver.expires.isoformat() if waiver.expires else None, state=state, checks=len(matched)))
    return waived, statuses
