"""Helpers for golive's own end-to-end tests: run the real CLI, read the report it wrote."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLIVE = [sys.executable, "-m", "golive"]
AHEAD = {"GOLIVE_FUZZ_WORKERS": ""}  # golive's default: fuzzing ahead in worker processes (tests/conftest.py)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def report(self) -> dict[str, Any]:
        return json.loads((self.report_dir / "latest" / "readiness.json").read_text("utf-8"))

    def vendor(self, name: str = "abs") -> dict[str, Any]:
        return next(v for v in self.report["vendors"] if v["name"] == name)

    def results(self, name: str = "abs") -> dict[str, str]:
        return {c["nodeid"]: c["result"] for c in self.vendor(name)["checks"]}

    def with_result(self, result: str, name: str = "abs") -> list[dict[str, Any]]:
        return [c for c in self.vendor(name)["checks"] if c["result"] == result]


def live_only(check: dict[str, Any]) -> bool:
    """A reported check that only a live vendor can show (OTTO-04): SKIPPED on a sandbox, by design."""
    return bool(check["behaviours"]) and all(b["where"] == "live-only" for b in check["behaviours"])


def everything_written(tmp_path: Path, *texts: str) -> str:
    """Every file under tmp_path (reports, cassettes, logs) and ``texts`` (say a run's stdout and stderr) as
    one text, to search for a secret that must never be written."""
    files = [p.read_text("utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    return "\n".join([*files, *texts])


def golive(*args: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
    """Run ``golive`` as a user would; the report goes under tmp_path."""
    report_dir = tmp_path / "reports"
    full_env = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    where = ["--report-dir", str(report_dir)] if args[0] == "certify" else []  # the other commands take no such option
    done = subprocess.run([*GOLIVE, args[0], *where, *args[1:]], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=tmp_path)
    return Outcome(done.returncode, done.stdout, done.stderr, report_dir)


def golive_pytest(*args: str, tmp_path: Path, timeout: float = 120) -> Outcome:
    """Run the certification through plain pytest (interface.md §3's other door), e.g. to select checks by tag
    with ``-m``; the plugins a certification never uses stay off, as under ``golive certify``."""
    from golive.cli import UNUSED_PLUGINS

    report_dir = tmp_path / "reports"
    vendors = [arg.split("=", 1)[1] for arg in args if arg.startswith("--vendor=")]
    places = [str(ROOT / "features" / vendor) for vendor in vendors] or [str(ROOT / "features")]
    command = [sys.executable, "-m", "pytest", *places, str(ROOT / "features" / "test_fuzz.py"),
               f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), "-q", "-p", "no:cacheprovider", *UNUSED_PLUGINS,
               f"--report-dir={report_dir}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=tmp_path,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    return Outcome(done.returncode, done.stdout, done.stderr, report_dir)
