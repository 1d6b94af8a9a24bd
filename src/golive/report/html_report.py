"""``readiness.html``: one self-contained page for the go-live meeting.

Inline CSS, no script, no external reference: it opens offline from a mail or a
share. The verdicts come first; the drill-down (``<details>``) follows, per vendor,
with what needs attention (FAILED, ERROR, WARNING) before what was skipped and what
passed. Every piece of text is escaped (``html.escape``) after the redactor's mask.
"""
from __future__ import annotations

import html
import json

from golive.redact import redactor
from golive.report.events import Event, RunFinished
from golive.report.json_report import write_text
from golive.report.model import CheckResult, Exchange, FuzzReport, RunReport, VendorReport
from golive.verdict import Readiness, Result

FILENAME = "readiness.html"
BODY_LIMIT = 20_000  # characters of one body shown; readiness.json has it all

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;
padding:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{margin-top:2.5rem;border-bottom:2px solid #d0d7de;padding-bottom:.3rem}
h3{margin:1.6rem 0 .6rem}.meta{color:#57606a;margin:0 0 1rem}.meta b{color:#1f2328}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:10px;padding:1rem;border-top:10px solid #8c959f}
.card a{color:inherit;text-decoration:none}.card h2{border:0;margin:0;font-size:1.1rem}
.card .title{color:#57606a;font-size:.85rem;min-height:2.4em}
.verdict{font-size:2rem;font-weight:800;letter-spacing:.02em;margin:.4rem 0}
.ready{border-top-color:#1a7f37}.ready .verdict,.exit.ready b{color:#1a7f37}
.notready{border-top-color:#cf222e}.notready .verdict,.exit.notready b{color:#cf222e}
.blocked{border-top-color:#bf8700}.blocked .verdict,.exit.blocked b{color:#9a6700}
.vtag{font-weight:800}.vtag.ready{color:#1a7f37}.vtag.notready{color:#cf222e}.vtag.blocked{color:#9a6700}
.counts{display:grid;grid-template-columns:repeat(5,1fr);text-align:center;font-size:.7rem;color:#57606a}
.counts b{display:block;font-size:1.2rem;color:#1f2328}
.exit{font-size:1.25rem;padding:.7rem 1rem;border-radius:8px;background:#f6f8fa}
.meaning{color:#57606a;font-style:italic}
.check{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.check.FAILED{border-left-color:#cf222e}.check.ERROR{border-left-color:#8250df}.check.WARNING{border-left-color:#bf8700}
.badge{display:inline-block;border-radius:4px;padding:0 .45em;font-size:.75rem;font-weight:700;color:#fff;
background:#8c959f;vertical-align:middle}
.badge.PASSED{background:#1a7f37}.badge.FAILED{background:#cf222e}.badge.WARNING{background:#bf8700}
.badge.ERROR{background:#8250df}.badge.SKIPPED{background:#6e7781}.badge.WAIVED{background:#0a7ea4}
.check.WAIVED{border-left-color:#0a7ea4}
.ids{font-family:ui-monospace,monospace;font-size:.85rem;color:#0550ae}
blockquote{margin:.5rem 0;padding:.3rem .9rem;border-left:4px solid #d0d7de;background:#f6f8fa;color:#424a53}
.rule{font-size:.9rem}.small{font-size:.85rem;color:#57606a}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.6rem;overflow:auto;
white-space:pre-wrap;word-break:break-word;font-size:.8rem;max-height:30rem}
pre.msg{background:#fff8f8;border-color:#ffcecb}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #d0d7de;text-align:left;padding:.3rem .5rem;vertical-align:top}
details>summary{cursor:pointer;margin:.3rem 0}
.bar{background:#eaeef2;border-radius:4px;height:.6rem;width:16rem;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;background:#0969da;border-radius:4px}
@media print{details{display:block}pre{max-height:none}}
"""

_CLASS = {Readiness.READY: "ready", Readiness.NOT_READY: "notready", Readiness.BLOCKED: "blocked"}
_MEANING = {
    Readiness.NOT_READY: "it breaks behaviour its own document states: do not go live until the failures "
    "below are fixed by the vendor or explicitly accepted.",
    Readiness.BLOCKED: "the target could not be reached or rejected our credentials, so there is no "
    "conclusion yet: fix access (see the errors below) and run again.",
    Readiness.READY: "every behaviour checked holds; warnings, if any, mark ambiguous passages where the "
    "vendor read its document differently from us, worth a word before go-live.",
}
_EXIT = {0: Readiness.READY, 1: Readiness.NOT_READY, 2: Readiness.BLOCKED}
_ISSUES = (Result.FAILED, Result.ERROR, Result.WARNING, Result.WAIVED)


def esc(value: object) -> str:
    """Mask known secrets, then escape for HTML text and attribute values."""
    return html.escape(redactor.text(str(value)), quote=True)


def seconds(value: float) -> str:
    if value < 60:
        return f"{value:.2f} s"
    minutes, secs = divmod(round(value), 60)
    return f"{minutes} min {secs:02d} s"


def pretty(body: str) -> str:
    """JSON bodies indented; anything too long cut with a pointer to the JSON report."""
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict | list):
        body = json.dumps(parsed, indent=2, ensure_ascii=False)
    if len(body) > BODY_LIMIT:
        rest = len(body) - BODY_LIMIT
        body = f"{body[:BODY_LIMIT]}\n… ({rest} more characters in readiness.json)"
    return body


def badge(result: Result) -> str:
    return f'<span class="badge {result.value}">{result.value}</span>'


def ids(check: CheckResult) -> str:
    return f'<span class="ids">{esc(", ".join(check.ids))}</span>' if check.ids else ""


def exchange(n: int, x: Exchange) -> str:
    status = f"HTTP {x.status}" if x.status is not None else "no response"
    headers = "\n".join(f"{k}: {v}" for k, v in x.request_headers.items())
    answer = "\n".join(f"{k}: {v}" for k, v in x.response_headers.items())
    request = f"{x.method} {x.url}\n{headers}" + (f"\n\n{pretty(x.request_body)}" if x.request_body else "")
    response = f"{status}\n{answer}" + (f"\n\n{pretty(x.response_body)}" if x.response_body else "")
    return (f"<details><summary>#{n} <code>{esc(x.method)} {esc(x.url)}</code> → <b>{esc(status)}</b> "
            f'<span class="small">({x.elapsed_ms:.0f} ms)</span></summary>'
            f"<p class=small>Request</p><pre>{esc(request)}</pre>"
            f"<p class=small>Response</p><pre>{esc(response)}</pre></details>")


def notes(check: CheckResult) -> str:
    """What a check recorded without judging it (a probe's answer)."""
    return "".join(f'<p class="small">Recorded, not judged — {esc(k)}: {esc(v)}</p>' for k, v in check.notes.items())


def issue(check: CheckResult) -> str:
    parts = [f'<article class="check {check.result.value}">',
             f"<p>{badge(check.result)} <b>{esc(check.name)}</b> {ids(check)}</p>",
             f'<p class="small">{esc(check.feature)} · {esc(check.kind)} · {seconds(check.duration)}</p>']
    if check.original_result is not None:
        until = f" until {check.waived_until}" if check.waived_until else ""
        parts.append(f"<p><b>Waived</b> {badge(check.original_result)} accepted by <b>{esc(check.waived_by)}</b>"
                     f"{esc(until)}: {esc(check.waiver)}</p>")
    if check.message:
        parts.append(f'<pre class="msg">{esc(check.message)}</pre>')
    parts.append(notes(check))
    for b in check.behaviours:
        parts.append(f'<p><span class="ids">{esc(b.id)}</span> <span class="small">({esc(b.level)}, '
                     f"{esc(b.where)})</span></p><blockquote>{esc(b.quote)}</blockquote>"
                     f'<p class="rule"><b>Rule:</b> {esc(b.rule)}</p>')
    if check.evidence:
        parts.append(f"<details open><summary>Evidence: {len(check.evidence)} exchange(s)</summary>")
        parts.extend(exchange(n, x) for n, x in enumerate(check.evidence, 1))
        parts.append("</details>")
    parts.append("</article>")
    return "".join(parts)


def fuzzing(fuzz: FuzzReport | None) -> str:
    if fuzz is None:
        return "<h3>Fuzzing</h3><p class=small>Not run.</p>"
    rows = "".join(f"<tr><td><code>{esc(op)}</code></td><td>{n}</td></tr>"
                   for op, n in sorted(fuzz.cases_per_operation.items()))
    out = [f"<h3>Fuzzing</h3><p><b>{fuzz.operations}</b> operations, <b>{fuzz.cases}</b> generated cases, "
           f"<b>{len(fuzz.failures)}</b> failures · seed {fuzz.seed} · {seconds(fuzz.duration)}</p>"]
    if rows:
        out.append("<details><summary>Cases per operation</summary><table><tr><th>Operation</th>"
                   f"<th>Cases</th></tr>{rows}</table></details>")
    for f in fuzz.failures:
        status = f" → HTTP {f.status}" if f.status is not None else ""
        out.append(f'<article class="check FAILED"><p>{badge(Result.FAILED)} <code>{esc(f.operation)}</code> '
                   f"<b>{esc(f.check)}</b>{esc(status)}</p><pre class=msg>{esc(f.message)}</pre>"
                   f"<p class=small>Reproduce:</p><pre>{esc(f.curl)}</pre></article>")
    return "".join(out)


def coverage(vendor: VendorReport) -> str:
    c = vendor.coverage
    share = 100 * len(c.behaviours_checked) / c.behaviours_total if c.behaviours_total else 0.0
    codes = "".join(f"<tr><td><code>{esc(op)}</code></td><td>{esc(', '.join(map(str, sorted(s))))}</td></tr>"
                    for op, s in sorted(c.status_codes.items()))
    return (f"<h3>Coverage</h3><p>Documented behaviours checked: <b>{len(c.behaviours_checked)} / "
            f'{c.behaviours_total}</b> <span class="bar"><span style="width:{share:.0f}%"></span></span> '
            f"{share:.0f}%</p><details><summary>Behaviours checked</summary><p class=ids>"
            f"{esc(', '.join(c.behaviours_checked)) or '—'}</p></details>"
            f"<p>Contract operations exercised: <b>{len(c.operations_exercised)} / {c.operations_total}</b></p>"
            + (f"<table><tr><th>Operation</th><th>Status codes seen</th></tr>{codes}</table>" if codes else ""))


def waivers(v: VendorReport) -> str:
    """The vendor's waivers and what became of them (a stale or expired one counts as a FAILED)."""
    if not v.waivers:
        return ""
    rows = "".join(
        f"<tr><td><b>{esc(w.state)}</b></td><td class=ids>{esc(w.behaviour)}</td><td>{esc(w.check or 'any')}</td>"
        f"<td>{esc(w.expect)}</td><td>{esc(w.accepted_by)}</td><td>{esc(w.expires or '—')}</td>"
        f"<td>{esc(w.reason)}</td><td>{w.checks}</td></tr>" for w in v.waivers)
    return (f"<h3>Waivers ({len(v.waivers)})</h3><table><tr><th>State</th><th>Behaviour</th><th>Check</th>"
            f"<th>Accepts</th><th>Accepted by</th><th>Until</th><th>Reason</th><th>Checks waived</th></tr>{rows}"
            "</table>")


def vendor_section(v: VendorReport) -> str:
    issues = [c for r in _ISSUES for c in v.checks if c.result is r]
    skipped = [c for c in v.checks if c.result is Result.SKIPPED]
    passed = [c for c in v.checks if c.result is Result.PASSED]
    out = [f'<section id="vendor-{esc(v.name)}"><h2>{esc(v.name)} — {esc(v.title)}: '
           f'<span class="vtag {_CLASS[v.verdict]}">{esc(v.verdict.value)}</span></h2>',
           f'<p class="small">Document: {esc(v.document)} · base URL: <code>{esc(v.base_url)}</code></p>',
           f"<h3>Needs attention ({len(issues)})</h3>"]
    out.append("".join(issue(c) for c in issues) or "<p>Nothing failed, errored or warned.</p>")
    out.append(waivers(v))
    out.append(f"<h3>Skipped ({len(skipped)})</h3>")
    if skipped:
        rows = "".join(f"<tr><td>{esc(c.name)}</td><td>{ids(c)}</td><td>{esc(c.message) or '—'}</td></tr>"
                       for c in skipped)
        out.append(f"<table><tr><th>Check</th><th>Behaviours</th><th>Reason</th></tr>{rows}</table>")
    rows = "".join(f"<tr><td>{esc(c.name)}{notes(c)}</td><td>{ids(c)}</td><td>{seconds(c.duration)}</td></tr>"
                   for c in passed)
    out.append(f"<details><summary><b>Passed ({len(passed)})</b></summary><table><tr><th>Check</th>"
               f"<th>Behaviours</th><th>Duration</th></tr>{rows}</table></details>")
    out.append(fuzzing(v.fuzzing))
    out.append(coverage(v))
    out.append("</section>")
    return "".join(out)


def card(v: VendorReport) -> str:
    counts = "".join(f"<div><b>{v.count(r)}</b>{r.value}</div>" for r in Result)
    return (f'<div class="card {_CLASS[v.verdict]}"><a href="#vendor-{esc(v.name)}"><h2>{esc(v.name)}</h2>'
            f'<div class="title">{esc(v.title)}</div><div class="verdict">{esc(v.verdict.value)}</div>'
            f'<div class="counts">{counts}</div></a></div>')


def changes(report: RunReport) -> str:
    """Since the previous run of this target in the same report folder (interface.md §11)."""
    if report.diff is None:
        return ""
    items = []
    for v in report.diff["vendors"]:
        if v["verdict_before"] != v["verdict_after"]:
            items.append(f"<li><b>{esc(v['vendor'])}</b>: {esc(v['verdict_before'] or 'not run')} → "
                         f"<b>{esc(v['verdict_after'] or 'not run')}</b></li>")
        items += [f"<li><b>{esc(v['vendor'])}</b> regression: {esc(r['check'])} ({esc(r['before'])} → "
                  f"<b>{esc(r['after'])}</b>)</li>" for r in v["regressions"]]
        if v["fixes"]:
            items.append(f"<li><b>{esc(v['vendor'])}</b>: {len(v['fixes'])} fixed</li>")
        if v["new"] or v["removed"]:
            items.append(f"<li><b>{esc(v['vendor'])}</b>: {len(v['new'])} new, {len(v['removed'])} removed "
                         "check(s)</li>")
    body = "".join(items) or "<li>No change.</li>"
    return (f'<div class="changes"><b>Since {esc(report.diff["old"])}</b> '
            f'({report.diff["regressions"]} regression(s))<ul>{body}</ul></div>')


def render(report: RunReport) -> str:
    overall = _EXIT.get(report.exit_code, Readiness.BLOCKED)
    meaning = "".join(
        f"<li><b>{esc(verdict.value)}</b> ({esc(', '.join(names))}): {esc(_MEANING[verdict])}</li>"
        for verdict in _MEANING
        if (names := [v.name for v in report.vendors if v.verdict is verdict]))
    meta = " · ".join(f"{k} <b>{esc(v)}</b>" for k, v in (
        ("target", report.target), ("seed", report.seed), ("run", report.stamp), ("started", report.started),
        ("golive", report.version), ("duration", seconds(report.duration))))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>golive readiness · {esc(report.target)} · {esc(report.stamp)}</title><style>{_CSS}</style>"
            f'</head><body><header><h1>API go-live readiness</h1><p class="meta">{meta}</p></header>'
            f'<div class="cards">{"".join(card(v) for v in report.vendors)}</div>{changes(report)}'
            f'<p class="exit {_CLASS[overall]}">Exit verdict: <b>{esc(overall.value)}</b> '
            f"(exit status {report.exit_code})</p>"
            f'<div class="meaning"><b>What this means</b><ul>{meaning}</ul></div>'
            f'{"".join(vendor_section(v) for v in report.vendors)}'
            f'<footer class="small"><p>READY: nothing FAILED or ERRORed · NOT READY: something FAILED · '
            f"BLOCKED: something ERRORed (target unreachable or credentials rejected) and nothing FAILED. "
            f"Full data: readiness.json.</p></footer></body></html>\n")


class HtmlReport:
    """Writes ``folder/readiness.html`` when the run finishes."""

    filename = FILENAME

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            write_text(event.folder / self.filename, render(event.report))
