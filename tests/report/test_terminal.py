from io import StringIO

from rich.console import Console

from golive.report.events import CheckFinished, RunStarted
from golive.report.terminal import TerminalReport


def console() -> tuple[Console, StringIO]:
    out = StringIO()
    return Console(file=out, width=120, force_terminal=False), out


def test_progress_lines(run_report):
    con, out = console()
    sink = TerminalReport(con)
    sink.handle(RunStarted(target="sandbox", vendors=["abs", "otto", "tms"], planned=8))
    for vendor in run_report.vendors:
        for check in vendor.checks:
            sink.handle(CheckFinished(check))
    lines = out.getvalue().splitlines()
    assert lines[0] == "golive certify · target sandbox · vendors abs, otto, tms · 8 checks"
    assert "[1/8] ✓ abs · Partner reads its own registrations" in lines[1]
    assert "[2/8] ✗ FAILED  abs · Partner cannot read another company (ABS-07)" in lines[2]
    assert "expected 401 or 403, got 200" in lines[3]
    assert any("[8/8]" in line for line in lines)
    assert "\x1b[" not in out.getvalue()


def test_verdict_table_and_issues(finished):
    con, out = console()
    TerminalReport(con).handle(finished)
    text = out.getvalue()
    rows = {line.split()[0]: line for line in text.splitlines() if line.split()[:1] in (["abs"], ["otto"], ["tms"])}
    assert rows["abs"].split()[:8] == ["abs", "NOT", "READY", "1", "1", "1", "1", "0"]
    assert "150 (1 failed)" in rows["abs"] and "3/83 behaviours" in rows["abs"]
    assert rows["otto"].split()[:7] == ["otto", "BLOCKED", "1", "0", "0", "1", "1"]
    assert rows["tms"].split()[:2] == ["tms", "READY"]
    assert str(finished.folder) in text
    assert "Verdict: BLOCKED (exit 2)" in text
    attention = text[text.index("Needs attention:"):]
    assert "FAILED  abs  ABS-07 Partner cannot read another company" in attention
    assert "WARNING abs  ABS-30 Malformed body is rejected — expected 400, got 422" in attention
    assert "ERROR   otto OTTO-01 Key is required" in attention
    assert "Registration term" not in attention


def test_ascii_console(finished):
    out = StringIO()
    sink = TerminalReport(Console(file=out, width=120, force_terminal=False), unicode=False)
    sink.handle(CheckFinished(finished.report.vendors[0].checks[1]))
    sink.handle(finished)
    text = out.getvalue()
    assert text.startswith("[1] x FAILED  abs")
    assert text.isascii()
