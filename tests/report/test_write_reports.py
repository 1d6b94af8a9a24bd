import json
import os
from io import StringIO

from rich.console import Console

from golive.report import Reporter, sinks, update_latest, write_reports
from golive.report.events import CheckFinished, RunFinished, RunStarted
from golive.report.terminal import TerminalReport


def test_every_sink_of_a_run():
    kinds = [type(s).__name__ for s in sinks(Console(file=StringIO()))]
    assert kinds == ["JsonReport", "HtmlReport", "JunitReport", "AllureReport", "LatestLink", "TerminalReport"]
    assert isinstance(sinks(Console(file=StringIO()))[-1], TerminalReport)


class _Seen:
    def __init__(self, broken: bool = False) -> None:
        self.events, self.broken = [], broken

    def handle(self, event):
        self.events.append(type(event).__name__)
        if self.broken:
            raise ValueError("disk full at /secret-free/path")


def test_every_event_reaches_every_sink_and_a_broken_one_is_isolated(run_report, tmp_path):
    first, broken, last = _Seen(), _Seen(broken=True), _Seen()
    reporter = Reporter([first, broken, last])
    events = [RunStarted(target="sandbox", vendors=["abs"], planned=1),
              CheckFinished(run_report.vendors[0].checks[0]), RunFinished(report=run_report, folder=tmp_path)]
    for event in events:
        reporter.emit(event)
    assert first.events == last.events == broken.events == ["RunStarted", "CheckFinished", "RunFinished"]
    assert [str(f) for f in reporter.failures] == [
        f"_Seen failed on {name}: ValueError: disk full at /secret-free/path" for name in first.events]
    out = StringIO()
    reporter.show_failures(Console(file=out, width=200))
    assert out.getvalue().count("report error: _Seen failed on") == 3


def test_a_failing_format_does_not_lose_the_others(run_report, tmp_path, monkeypatch):
    from golive.report import html_report

    def broken(*args, **kwargs):
        raise OSError("no space left")

    monkeypatch.setattr(html_report, "render", broken)
    folder = tmp_path / "reports" / "20250102T030405Z-sandbox"
    out = StringIO()
    failures = write_reports(run_report, folder, Console(file=out, width=200))
    assert [f.sink for f in failures] == ["HtmlReport"]
    assert {p.name for p in folder.iterdir()} == {"readiness.json", "junit.xml", "allure-results"}
    assert "report error: HtmlReport failed on RunFinished: OSError: no space left" in out.getvalue()


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
