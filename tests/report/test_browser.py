"""readiness.html in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

The page of a real certification (an abs sandbox run clean, then again with two faults and a waivers file,
so it carries broken behaviours, waivers and a diff) and the page of the report fixture (three vendors,
three verdicts) are opened at desktop and phone widths: every vendor's verdict is on the first screen, a
broken behaviour opens to its quote and evidence, the page asks the network for nothing but itself, and
nothing is wider than a phone. Screenshots land in each test's tmp_path.

Never a browser download: without /usr/bin/chromium or playwright the tests skip with how to enable them.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from golive.report.events import RunFinished
from golive.report.html_report import HtmlReport
from golive.report.model import RunReport
from golive_run import golive

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ENABLE = ("install Debian's chromium (`apt-get install chromium`; `make test` does it as root) "
          "and playwright (`pip install -e '.[dev]'`)")
# The machine has no network: these keep Chromium from trying to reach one.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
WAIVERS = """
[[waiver]]
vendor = "abs"
behaviour = "ABS-04"
expect = "FAILED"
reason = "vendor fix scheduled for release 4.2 (ticket 1234)"
accepted_by = "integration lead"
expires = 2099-01-01

[[waiver]]
vendor = "abs"
behaviour = "ABS-01"
expect = "FAILED"
reason = "an old acceptance nobody renewed"
accepted_by = "integration lead"
expires = 2020-01-01
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser test skipped: no {CHROMIUM}; to enable it, {ENABLE}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(f"browser test skipped: playwright is not installed; to enable it, {ENABLE}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real runs into one report folder: clean, then with two faults and the waivers (a diff, 4 regressions)."""
    work = tmp_path_factory.mktemp("certify")
    first = golive("certify", "--vendor", "abs", "--no-fuzz", tmp_path=work)
    assert first.code == 0, first.stdout[-2000:] + first.stderr[-2000:]
    (work / "waivers.toml").write_text(WAIVERS, "utf-8")
    second = golive("certify", "--vendor", "abs", "--no-fuzz", "--waivers", str(work / "waivers.toml"),
                    "--sandbox-fault", "abs:accept-bad-signature", "--sandbox-fault", "abs:partial-as-200",
                    tmp_path=work)
    assert second.code == 1, second.stdout[-2000:] + second.stderr[-2000:]
    folder = (second.report_dir / "latest").resolve()
    assert json.loads((folder / "readiness.json").read_text("utf-8"))["diff"]["regressions"] > 0
    return folder / "readiness.html"


@pytest.fixture
def fixture_page(run_report: RunReport, tmp_path: Path) -> Path:
    """The report fixture's three vendors (NOT READY, BLOCKED, READY), with a diff against a previous run."""
    report = run_report
    report.diff = {"old": "20250101T000000Z-sandbox", "new": "20250102T030405Z-sandbox", "regressions": 1,
                   "vendors": [{"vendor": "abs", "verdict_before": "READY", "verdict_after": "NOT READY",
                                "regressions": [{"check": "Partner cannot read another company",
                                                 "before": "PASSED", "after": "FAILED"}],
                                "fixes": [], "new": [], "removed": [], "coverage_before": 3,
                                "coverage_after": 3},
                               {"vendor": "otto", "verdict_before": "BLOCKED", "verdict_after": "BLOCKED",
                                "regressions": [], "fixes": [], "new": [], "removed": [],
                                "coverage_before": 1, "coverage_after": 1}]}
    folder = tmp_path / "20250102T030405Z-sandbox"
    HtmlReport().handle(RunFinished(report=report, folder=folder))
    return folder / "readiness.html"


class Visit:
    """A page opened from its file, with every request it made."""

    def __init__(self, browser: Any, path: Path, size: dict[str, int]) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(viewport=size, offline=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(self.url, wait_until="load")
        self.size = size

    def in_first_screen(self, selector: str) -> list[str]:
        """The texts of the elements that are wholly visible without scrolling; fails on any that is not."""
        texts = []
        for element in self.page.locator(selector).all():
            box = element.bounding_box()
            assert box is not None and element.is_visible(), selector
            assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
            assert box["x"] + box["width"] <= self.size["width"], (selector, box, self.size)
            assert box["y"] + box["height"] <= self.size["height"], (selector, element.inner_text(), box, self.size)
            texts.append(element.inner_text().strip())
        return texts

    def overflow(self) -> tuple[int, int]:
        return self.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, size: dict[str, int]) -> Visit:
        opened.append(Visit(browser, path, size))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


@SIZES
def test_every_verdict_is_on_the_first_screen(visit, fixture_page: Path, tmp_path: Path, size) -> None:
    page = visit(fixture_page, size)
    page.page.screenshot(path=str(tmp_path / f"fixture-{size['width']}.png"))
    assert page.in_first_screen(".card .verdict") == ["NOT READY", "BLOCKED", "READY"]
    assert page.in_first_screen(".card .name") == ["abs", "otto", "tms"]
    [changes] = page.in_first_screen(".changes")
    assert "Since 20250101T000000Z-sandbox" in changes and "Partner cannot read another company" in changes
    assert page.in_first_screen(".exit") == ["Exit verdict: BLOCKED (exit status 2)"]


@SIZES
def test_six_vendors_still_fit_the_first_screen(visit, run_report: RunReport, tmp_path: Path, size) -> None:
    run_report.vendors += [replace(v, name=f"{v.name}2", title=f"{v.title} (2)") for v in run_report.vendors]
    HtmlReport().handle(RunFinished(report=run_report, folder=tmp_path))
    page = visit(tmp_path / "readiness.html", size)
    page.page.screenshot(path=str(tmp_path / f"six-{size['width']}.png"))
    assert page.in_first_screen(".card .verdict") == ["NOT READY", "BLOCKED", "READY"] * 2


@SIZES
def test_a_real_run_reads_on_the_first_screen(visit, real_run: Path, tmp_path: Path, size) -> None:
    page = visit(real_run, size)
    page.page.screenshot(path=str(tmp_path / f"real-{size['width']}.png"))
    page.page.screenshot(path=str(tmp_path / f"real-{size['width']}-full.png"), full_page=True)
    assert page.in_first_screen(".card .verdict") == ["NOT READY"]
    [why] = page.in_first_screen(".card .why")
    assert "broken behaviour" in why and "stale or expired waiver" in why, why
    [changes] = page.in_first_screen(".changes")
    assert "READY → NOT READY" in changes and "ABS-18" in changes, changes
    assert page.in_first_screen(".exit") == ["Exit verdict: NOT READY (exit status 1)"]
    assert page.requests == [page.url]


def test_a_broken_behaviour_opens_to_its_quote_and_evidence(visit, real_run: Path, tmp_path: Path) -> None:
    page = visit(real_run, DESKTOP)
    data = json.loads((real_run.parent / "readiness.json").read_text("utf-8"))
    broken = [c for c in data["vendors"][0]["checks"] if c["result"] == "FAILED"]
    behaviour = page.page.locator("details.behaviour").first
    ids = behaviour.locator("summary .ids").inner_text()
    quote = next(b["quote"] for c in broken for b in c["behaviours"] if b["id"] == ids)
    assert behaviour.get_attribute("open") is None
    assert not behaviour.locator("blockquote").is_visible()
    behaviour.locator("summary").first.click()
    assert behaviour.get_attribute("open") is not None
    assert behaviour.locator("blockquote").is_visible()
    assert " ".join(behaviour.locator("blockquote").inner_text().split()) == " ".join(quote.split())
    evidence = behaviour.locator("details.check").first.locator("details.exchange[open] pre")
    assert evidence.count() == 2 and evidence.first.is_visible() and evidence.last.is_visible()
    request, response = evidence.first.inner_text(), evidence.last.inner_text()
    assert request.split()[0] in ("GET", "POST") and response.startswith("HTTP ")
    # one catalogue item, listed once, with every check that broke it
    assert behaviour.locator("details.check").count() == sum(ids in [b["id"] for b in c["behaviours"]]
                                                             for c in broken) > 1
    behaviour.scroll_into_view_if_needed()
    page.page.screenshot(path=str(tmp_path / "behaviour-open.png"))
    assert page.requests == [page.url]


@pytest.mark.parametrize("source", ["fixture", "real"])
def test_the_page_asks_the_network_for_nothing_and_fits_a_phone(visit, fixture_page: Path, real_run: Path,
                                                                tmp_path: Path, source: str) -> None:
    path = fixture_page if source == "fixture" else real_run
    page = visit(path, PHONE)
    scroll_width, inner_width = page.overflow()
    assert scroll_width <= inner_width + 1
    # everything opened, every link followed within the page: still nothing fetched, still no sideways scroll
    page.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.page.locator(".card a").first.click()
    scroll_width, inner_width = page.overflow()
    assert scroll_width <= inner_width + 1, (scroll_width, inner_width)
    page.page.locator("details.behaviour").first.scroll_into_view_if_needed()
    page.page.screenshot(path=str(tmp_path / f"{source}-phone-open.png"))
    assert [r for r in page.requests if r.split("#")[0] != page.url] == []
    assert page.requests and page.requests[0] == page.url


def test_the_fixture_quote_is_escaped_text_in_the_browser(visit, run_report: RunReport, fixture_page: Path) -> None:
    page = visit(fixture_page, DESKTOP)
    assert page.page.evaluate("document.scripts.length") == 0
    [ref] = run_report.vendors[0].checks[1].behaviours
    item = page.page.locator(f"#broken-abs-{ref.id}")
    item.locator("summary").first.click()
    assert item.locator("blockquote").inner_text() == ref.quote
    assert "<script>alert(1)</script>" in item.locator("details.exchange pre").last.inner_text()


def test_printed_the_broken_behaviours_are_open(visit, fixture_page: Path, tmp_path: Path) -> None:
    page = visit(fixture_page, DESKTOP)
    item = page.page.locator("details.behaviour").first
    assert not item.locator("blockquote").is_visible()
    page.page.emulate_media(media="print")
    assert item.locator("blockquote").is_visible() and item.get_attribute("open") is None
    assert not page.page.locator("details.passed table").first.is_visible()  # what passed stays folded
    page.page.pdf(path=str(tmp_path / "printed.pdf"))
    assert page.requests == [page.url]
