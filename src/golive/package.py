"""Evidence packages (interface.md §11): one zip a go-live meeting can keep, and its verification.

``build`` zips a run's reports, the cassettes it used or recorded (already redacted), the
contracts and feature files it ran, and ``manifest.json``: golive's version, the target
(mode; each vendor's base-URL host; company or tenant; never a secret), start and end,
``expires``, and the SHA-256 of every other file. ``verify`` checks each file against the
manifest, that none is missing or extra, and that the package has not expired.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from golive import __version__
from golive.diff import Unreadable, read_run

__all__ = ["MANIFEST", "Verification", "build", "verify"]

MANIFEST = "manifest.json"
REPORTS = ("readiness.json", "readiness.html", "junit.xml")


@dataclass
class Verification:
    """What ``golive verify`` found."""

    problems: list[str] = field(default_factory=list)  # each names a file, or says expired

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(run_dir: Path, report: dict[str, Any]) -> dict[str, Path]:
    """Archive name -> file: the reports, the cassettes used or recorded, the contracts and features run."""
    files = {name: run_dir / name for name in REPORTS if (run_dir / name).exists()}
    options = report.get("options", {})
    root = Path(options.get("root", "."))
    cassettes = Path(options.get("cassette_dir", root / "cassettes"))
    used_cassettes = report.get("target") == "replay" or options.get("record")
    for vendor in (v["name"] for v in report.get("vendors", [])):
        contract = root / "contracts" / f"{vendor}.openapi.yaml"
        if contract.exists():
            files[f"contracts/{contract.name}"] = contract
        for feature in sorted((root / "features" / vendor).glob("*.feature")):
            files[f"features/{vendor}/{feature.name}"] = feature
        if used_cassettes:
            for cassette in sorted((cassettes / vendor).rglob("*.json")):
                files[f"cassettes/{vendor}/{cassette.relative_to(cassettes / vendor).as_posix()}"] = cassette
    return files


def _target(report: dict[str, Any]) -> dict[str, Any]:
    """What the run certified, without a secret: mode, and per vendor the base URL's host and account."""
    vendors = {}
    for v in report.get("vendors", []):
        host = urlsplit(v.get("base_url") or "").hostname
        vendors[v["name"]] = {"host": host, **({"account": v["account"]} if v.get("account") else {})}
    return {"mode": report.get("target"), "vendors": vendors}


def build(run_dir: Path, out: Path, expires_days: int, now: datetime | None = None) -> Path:
    """Write the package of ``run_dir`` to ``out`` (Unreadable if it is no run folder)."""
    report = read_run(run_dir)
    now = now or datetime.now(UTC)
    files = _files(run_dir, report)
    contents = {name: path.read_bytes() for name, path in files.items()}
    started = report.get("started")
    ended = (datetime.fromisoformat(started) + timedelta(seconds=float(report.get("duration", 0)))).isoformat(
        timespec="seconds") if started else None
    manifest = {
        "golive": __version__, "run": report.get("stamp"), "target": _target(report), "started": started,
        "ended": ended, "packaged": now.isoformat(timespec="seconds"),
        "expires": (now + timedelta(days=expires_days)).isoformat(timespec="seconds"),
        "files": {name: _sha256(data) for name, data in sorted(contents.items())},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in sorted(contents.items()):
            package.writestr(name, data)
        package.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return out


def verify(package_path: Path, now: datetime | None = None) -> Verification:
    """Every file matches the manifest, none is missing or extra, not expired (Unreadable: no package)."""
    try:
        with zipfile.ZipFile(package_path) as package:
            manifest = json.loads(package.read(MANIFEST))
            listed: dict[str, str] = manifest["files"]
            found = {name: _sha256(package.read(name)) for name in package.namelist() if name != MANIFEST}
            expires = datetime.fromisoformat(manifest["expires"])
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise Unreadable(f"{package_path}: not a golive evidence package ({type(exc).__name__}: {exc})") from None
    result = Verification()
    result.problems += [f"{name}: changed (SHA-256 differs from the manifest)"
                        for name in sorted(set(listed) & set(found)) if listed[name] != found[name]]
    result.problems += [f"{name}: missing" for name in sorted(set(listed) - set(found))]
    result.problems += [f"{name}: not in the manifest" for name in sorted(set(found) - set(listed))]
    if expires <= (now or datetime.now(UTC)):
        result.problems.append(f"expired on {manifest['expires']}")
    return result
