import re
from dataclasses import replace
from html.parser import HTMLParser
from typing import ClassVar

from golive.redact import redactor
from golive.report.html_report import HtmlReport, broken_behaviours
from golive.report.model import BehaviourRef, WaiverStatus
from golive.verdict import Result


def render(finished) -> str:
    HtmlReport().handle(finished)
    return (finished.folder / "readiness.html").read_text("utf-8")


def section(page: str, vendor: str) -> str:
    start = page.index(f'<section id="vendor-{vendor}">')
    return page[start: page.index("</section>", start)]


def text(html: str) -> str:
    """What a reader sees of a piece of the page: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


DIFF = {"old": "20250101T000000Z-sandbox", "new": "20250102T030405Z-sandbox", "regressions": 5,
        "vendors": [{"vendor": "abs", "verdict_before": "READY", "verdict_after": "NOT READY",
                     "regressions": [{"check": "Partner cannot read another company", "before": "PASSED",
                                      "after": "FAILED"}] + [
                         {"check": f"gone wrong {n}", "before": "PASSED", "after": "WARNING"} for n in range(4)],
                     "fixes": [{"check": "old bug", "before": "FAILED", "after": "PASSED"}],
                     "new": ["a", "b"], "removed": ["c"], "coverage_before": 2, "coverage_after": 3},
                    {"vendor": "otto", "verdict_before": "BLOCKED", "verdict_after": "BLOCKED", "regressions": [],
                     "fixes": [], "new": [], "removed": [], "coverage_before": 1, "coverage_after": 1},
                    {"vendor": "tms", "verdict_before": "READY", "verdict_after": "READY", "regressions": [],
                     "fixes": [], "new": [], "removed": [], "coverage_before": 0, "coverage_after": 0}]}


def test_verdicts_change_and_exit_come_before_the_first_broken_behaviour(finished):
    finished.report.diff = DIFF
    page = render(finished)
    first = page.index('<details class="behaviour ')
    cards = [page.index(f'class="verdict">{verdict}<') for verdict in ("NOT READY", "BLOCKED", "READY")]
    assert cards == sorted(cards) and cards[-1] < page.index('class="changes"') < page.index("Exit verdict") < first
    assert page.index("What this means") < first
    assert re.search(r"<b>1</b> FAILED", page[:first])
    assert "2 broken behaviours (2 checks)" in page[:first]


def test_the_change_since_the_previous_run(finished):
    finished.report.diff = DIFF
    page = render(finished)
    changes = text(page[page.index('class="changes"'): page.index("Exit verdict")])
    assert changes.startswith('class="changes"> Since 20250101T000000Z-sandbox : 5 regressions')
    assert "abs READY → NOT READY · 5 regressions in ABS-07 , — ×4 · 1 fixed · 2 new · 1 removed check(s)" in changes
    assert "behaviours checked 2 → 3" in changes and "No change: otto, tms" in changes
    assert "the 5 regressed checks Partner cannot read another company (PASSED → FAILED )" in changes


def test_first_run(finished):
    page = render(finished)
    assert "<b>First run</b>" in page[: page.index("Exit verdict")]


def test_header_names_the_run(finished):
    page = render(finished)
    for value in ("sandbox", "42", "20250102T030405Z", "0.1.0", "12.75 s"):
        assert value in page[: page.index('class="cards"')]


def test_escapes_bodies(finished):
    page = render(finished)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_escapes_every_field(finished):
    vendor = finished.report.vendors[0]
    vendor.title = '<img src=x onerror="alert(1)">'
    vendor.checks[1].behaviours = [replace(vendor.checks[1].behaviours[0], quote="<b>bold</b> & \"quoted\"")]
    page = render(finished)
    assert "<img" not in page and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "<blockquote>&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;</blockquote>" in page


def test_secrets_are_masked_everywhere(finished):
    secret = "s3cr3t-value-for-html-test"
    redactor.add(secret)
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    report = finished.report
    report.diff = {**DIFF, "regressions": 1, "vendors": [{**DIFF["vendors"][0], "regressions": [
        {"check": f"token {jwt}", "before": "PASSED", "after": "FAILED"}]}]}
    abs_report = report.vendors[0]
    abs_report.base_url = f"http://127.0.0.1:8765/{secret}"
    check = abs_report.checks[1]
    check.message = f"sent Bearer {secret} and {jwt}"
    check.evidence[0].response_body = f'{{"note": "{secret}"}}'
    check.notes = {"probe": secret}
    abs_report.checks[0].notes = {"probe": f"Authorization: Bearer {secret}"}
    page = render(finished)
    assert secret not in page and jwt not in page
    assert page.count("&lt;redacted&gt;") >= 6


def test_a_broken_behaviour_is_listed_once_with_its_checks_counted_apart(finished):
    abs_report = finished.report.vendors[0]
    failed, warned = abs_report.checks[1], abs_report.checks[2]
    shared = failed.behaviours[0]
    extra = BehaviourRef(id="ABS-99", quote="Another sentence.", rule="another rule", where="sandbox+live",
                         level="fact")
    abs_report.checks += [replace(failed, name=f"Same root cause {n}", nodeid=f"n{n}") for n in range(29)]
    abs_report.checks.append(replace(warned, name="Both", nodeid="both", behaviours=[shared, extra]))
    abs_report.checks.append(replace(failed, name="Could not tell", nodeid="err", result=Result.ERROR))
    items = broken_behaviours(abs_report)
    assert [(b.id, len(b.checks), {r.value: n for r, n in b.counts.items()}) for b in items] == [
        ("ABS-07", 32, {"FAILED": 30, "ERROR": 1, "WARNING": 1}),
        ("ABS-30", 1, {"WARNING": 1}),
        ("ABS-99", 1, {"WARNING": 1}),
    ]
    page = section(render(finished), "abs")
    assert page.count('id="broken-abs-ABS-07"') == 1 and "Broken behaviours (3)" in page
    summary = text(page[page.index('id="broken-abs-ABS-07"'): page.index("</summary>", page.index("ABS-07"))])
    assert "ABS-07 30 FAILED 1 ERROR 1 WARNING 32 checks a token of partner A gets 401/403" in summary
    assert page.count("<blockquote>Each partner can only access their own company&#39;s data.</blockquote>") == 1


def test_quotes_rules_and_evidence(finished):
    page = render(finished)
    item = page[page.index('id="broken-abs-ABS-07"'):]
    item = item[: item.index('<details class="behaviour', 1)]
    assert "<blockquote>Each partner can only access their own company&#39;s data.</blockquote>" in item
    assert "a token of partner A gets 401/403" in item
    assert "GET http://127.0.0.1:8765/abs/partners/othercompany/registrations" in item
    assert "HTTP 200" in item
    assert '<details class="check FAILED" open>' in item and '<details class="exchange" open>' in item
    assert "expected 400, got 422" in page


def test_broken_before_skipped_before_passed(finished):
    page = section(render(finished), "abs")
    failed = page.index("Partner cannot read another company")
    warning = page.index("Malformed body is rejected")
    skipped = page.index("needs the vendor clock")
    passed = page.index("Partner reads its own registrations")
    assert failed < warning < skipped < passed
    assert '<details class="group passed">\n<summary><b>Passed (1)</b>' in page
    assert "<b>1</b> × needs the vendor clock (sandbox only)" in page


def test_waivers_and_waived_checks_have_their_own_part(finished):
    abs_report = finished.report.vendors[0]
    abs_report.checks[2] = replace(abs_report.checks[2], result=Result.WAIVED, original_result=Result.WARNING,
                                   waiver="vendor fix in 4.2", waived_by="integration lead",
                                   waived_until="2099-01-01")
    abs_report.waivers = [
        WaiverStatus(vendor="abs", behaviour=b, check=None, expect="FAILED", reason=f"reason {state}",
                     accepted_by="integration lead", expires="2099-01-01", state=state, checks=n)
        for b, state, n in (("ABS-30", "in force", 1), ("ABS-12", "stale", 0), ("ABS-40", "expired", 0),
                            ("ABS-41", "not run", 0))]
    page = render(finished)
    card = text(page[page.index('href="#vendor-abs"'): page.index("</a>")])
    assert "1 broken behaviour (1 check) · 2 stale or expired waivers · 1 waived" in card
    abs_section = section(page, "abs")
    waivers = abs_section[abs_section.index('id="waivers-abs"'): abs_section.index("<h3>Skipped")]
    for state in ("in force", "stale", "expired", "not run"):
        assert f"<b>{state}</b>" in waivers
    assert waivers.count("breaks readiness: counts as a FAILED") == 2
    assert '<details class="check WAIVED">' in waivers and "vendor fix in 4.2" in waivers
    assert "Also breaking readiness:" in abs_section[: abs_section.index('id="waivers-abs"')]
    assert "Broken behaviours (1)" in abs_section


def test_fuzzing_and_coverage(finished):
    coverage = finished.report.vendors[0].coverage
    coverage.behaviours_not_checked = {"ABS-50": "SKIPPED on this target: live-only"}
    coverage.behaviours_waived = ["ABS-30"]
    coverage.status_codes_documented = {"postRegistrations": ["201", "422"], "deleteThing": ["204"]}
    page = render(finished)
    assert "<b>2</b> operations, <b>150</b> generated cases, <b>1</b> failures" in page
    assert "curl -X POST -H &#39;Authorization: &lt;redacted&gt;&#39;" in page
    assert "3 / 83" in page and "2 / 10" in page
    assert "ABS-50</td><td>SKIPPED on this target: live-only" in page
    assert "of which waived: <span class=\"ids\">ABS-30</span>" in page
    assert 'title="not in the contract">500</span>' in page
    assert 'title="not seen in this run">204</span>' in page
    assert "201, 422, 500" in text(page)


def test_fuzzing_per_operation_and_phase(finished):
    fuzzing = finished.report.vendors[0].fuzzing
    fuzzing.checks = ["not_a_server_error", "ignored_auth"]
    fuzzing.phases = {"postRegistrations": {
        "coverage": {"cases": 30, "findings": {"not_a_server_error": 0, "ignored_auth": 0}},
        "stateful": {"cases": 20, "findings": {"not_a_server_error": 1, "ignored_auth": 0}}}}
    page = text(render(finished))
    assert "Checks: not_a_server_error , ignored_auth" in page
    assert "postRegistrations stateful 20 ignored_auth 0 · not_a_server_error 1" in page
    assert "postRegistrations coverage 30 ignored_auth 0 · not_a_server_error 0" in page
    assert "getRegistrations — 100" in page  # no phase figures (a report written before phases)
    assert "(fuzzing phase)" in page


def test_pacing_when_present(finished):
    finished.report.vendors[1].pacing = {"rates": "60/min", "requests": 12, "waited_seconds": 1.5}
    page = section(render(finished), "otto")
    assert "<h3>Pacing</h3>" in page and "<th>waited seconds</th><td>1.5</td>" in page
    assert "<h3>Pacing</h3>" not in section(render(finished), "abs")


def test_self_contained(finished):
    finished.report.diff = DIFF
    page = render(finished)

    class Refs(HTMLParser):
        refs: ClassVar[list[str]] = []

        def handle_starttag(self, tag, attrs):
            self.refs += [v or "" for k, v in attrs if k in ("src", "href", "action", "data", "srcset", "poster")]
            assert tag not in ("script", "link", "img", "iframe", "object", "embed", "base", "form")

    parser = Refs()
    parser.feed(page)
    assert parser.refs and all(ref.startswith("#") for ref in parser.refs)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_tags_balance(finished):
    finished.report.diff = DIFF
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


def test_ids_are_unique(finished):
    page = render(finished)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


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
