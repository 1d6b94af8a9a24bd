import json
import os
from io import StringIO

from rich.console import Console

from golive.report import sinks, update_latest, write_reports
from golive.report.terminal import TerminalReport


def test_five_sinks():
    kinds = [type(s).__name__ for s in sinks(Console(file=StringIO()))]
    assert kinds == ["JsonReport", "HtmlReport", "JunitReport", "AllureReport", "TerminalReport"]
    assert isinstance(sinks(Console(file=StringIO()))[-1], TerminalReport)


def test_write_reports_writes_everything_and_latest(run_report, tmp_path):
    out = StringIO()
    folder = tmp_path / "reports" / "20250102T030405Z-sandbox"
    write_reports(run_report, folder, Console(file=out, width=120, force_terminal=False))
    assert {p.name for p in folder.iterdir()} == {"readiness.json", "readiness.html", "junit.xml", "allure-results"}
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    latest = folder.parent / "latest"
    assert latest.is_symlink() and os.readlink(latest) == folder.name
    assert json.loads((latest / "readiness.json").read_text())["stamp"] == "20250102T030405Z"
    assert "NOT READY" in out.getvalue() and str(folder) in out.getvalue()

    second = folder.parent / "20250103T000000Z-sandbox"
    write_reports(run_report, second, Console(file=StringIO()))
    assert os.readlink(latest) == second.name


def test_latest_falls_back_to_a_text_file(tmp_path, monkeypatch):
    folder = tmp_path / "20250102T030405Z-replay"
    folder.mkdir()

    def no_symlinks(*args, **kwargs):
        raise OSError("symlinks not permitted")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    latest = update_latest(folder)
    assert latest.read_text() == "20250102T030405Z-replay\n" and not latest.is_symlink()
