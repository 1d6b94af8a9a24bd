import re
from html.parser import HTMLParser
from typing import ClassVar

from golive.report.html_report import HtmlReport


def render(finished) -> str:
    HtmlReport().handle(finished)
    return (finished.folder / "readiness.html").read_text("utf-8")


def test_verdicts_come_before_the_first_check(finished):
    page = render(finished)
    first_check = page.index('class="check ')
    for verdict in ("NOT READY", "BLOCKED", "READY"):
        assert page.index(f'class="verdict">{verdict}<') < first_check
    assert page.index("Exit verdict") < first_check
    assert page.index("What this means") < first_check
    assert re.search(r"<b>1</b>FAILED", page[:first_check])


def test_header_names_the_run(finished):
    page = render(finished)
    for text in ("sandbox", "42", "20250102T030405Z", "0.1.0", "12.75 s"):
        assert text in page[: page.index('class="cards"')]


def test_escapes_bodies(finished):
    page = render(finished)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_quotes_rules_and_evidence(finished):
    page = render(finished)
    assert "<blockquote>Each partner can only access their own company&#x27;s data.</blockquote>" in page
    assert "a token of partner A gets 401/403" in page
    assert "GET http://127.0.0.1:8765/abs/partners/othercompany/registrations" in page
    assert "HTTP 200" in page
    assert "expected 400, got 422" in page


def test_failures_and_warnings_before_skipped_before_passed(finished):
    page = render(finished)
    section = page[page.index('id="vendor-abs"'): page.index('id="vendor-otto"')]
    failed = section.index("Partner cannot read another company")
    warning = section.index("Malformed body is rejected")
    skipped = section.index("needs the vendor clock")
    passed = section.index("Partner reads its own registrations")
    assert failed < warning < skipped < passed
    assert "<details><summary><b>Passed (1)</b>" in section


def test_fuzzing_and_coverage(finished):
    page = render(finished)
    assert "<b>2</b> operations, <b>150</b> generated cases, <b>1</b> failures" in page
    assert "curl -X POST -H &#x27;Authorization: &lt;redacted&gt;&#x27;" in page
    assert "3 / 83" in page
    assert "2 / 10" in page
    assert "201, 422, 500" in page


def test_self_contained(finished):
    page = render(finished)

    class Refs(HTMLParser):
        refs: ClassVar[list[str]] = []

        def handle_starttag(self, tag, attrs):
            self.refs += [v or "" for k, v in attrs if k in ("src", "href", "action", "data")]
            assert tag not in ("script", "link", "img", "iframe")

    parser = Refs()
    parser.feed(page)
    assert parser.refs and all(ref.startswith("#") for ref in parser.refs)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_tags_balance(finished):
    page = render(finished)
    void = {"meta", "br", "hr", "img", "link", "input"}

    class Balance(HTMLParser):
        stack: ClassVar[list[str]] = []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag, self.getpos()

    parser = Balance()
    parser.feed(page)
    assert parser.stack == []


def test_what_this_means_names_the_vendors(finished):
    page = render(finished)
    assert "<b>NOT READY</b> (abs): it breaks behaviour its own document states" in page
    assert "<b>BLOCKED</b> (otto)" in page
    assert "<b>READY</b> (tms)" in page


def test_long_bodies_are_cut(finished):
    finished.report.vendors[0].checks[1].evidence[0].response_body = "x" * 50_000
    page = render(finished)
    assert "x" * 20_000 in page and "x" * 20_001 not in page
    assert "30000 more characters in readiness.json" in page
