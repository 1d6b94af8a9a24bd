"""The terminal under a pseudo-terminal: a live display per vendor, failures as they happen, NO_COLOR honoured."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs golive in a subprocess

ARGS = ["certify", "--behaviour", "ABS-04", "--behaviour", "ABS-60..ABS-62", "--sandbox-fault",
        "abs:accept-bad-signature"]
STYLE = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")  # NO_COLOR keeps bold and dim


def on_a_tty(tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run golive with stdout and stderr on a pseudo-terminal, as a person at a terminal would."""
    primary, secondary = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    process = subprocess.Popen([sys.executable, "-m", "golive", *ARGS, "--report-dir", str(tmp_path), *extra],
                               stdin=secondary, stdout=secondary, stderr=secondary, cwd=tmp_path,
                               env={**clean, "COLUMNS": "140", "TERM": "xterm-256color", **(env or {})})
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_a_tty_shows_a_progress_display_and_failures_as_they_happen(tmp_path: Path) -> None:
    code, out = on_a_tty(tmp_path)
    plain = STYLE.sub("", out)
    assert code == 1
    assert re.search(r"abs\s+━+\s+\d+/\d+ 2 failed", plain), plain[-2000:]  # the bar, done / total, failures
    assert "[1/" not in plain  # no line per check
    assert plain.count("FAILED  abs · A JWT signed with another secret") == 2  # printed as they happened
    assert "Verdict: NOT READY" in plain and "PARTIAL run" in plain
    assert COLOUR.search(out), "a terminal gets colour"


def test_no_color_and_verbose_are_honoured(tmp_path: Path) -> None:
    code, out = on_a_tty(tmp_path, "--verbose", env={"NO_COLOR": "1"})
    assert code == 1 and not COLOUR.search(out)
    assert re.search(r"\[ *1/\d+\]", out)  # --verbose: today's line per check


def test_quiet_shows_only_the_summary(tmp_path: Path) -> None:
    code, out = on_a_tty(tmp_path, "--quiet")
    plain = STYLE.sub("", out)
    assert code == 1 and "━" not in plain and "[1/" not in plain and "Verdict: NOT READY" in plain
