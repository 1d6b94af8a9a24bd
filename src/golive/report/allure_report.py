"""``allure-results/`` in the Allure 2 results format, written with the stdlib only.

One ``<uuid>-result.json`` per check (labels: epic = vendor, feature = the Gherkin feature,
story = each behaviour id; the vendor's sentence in the description; the Gherkin steps run as
real steps), each exchange of its evidence as a text attachment, plus
``environment.properties`` and ``categories.json``.

Statuses: PASSED → passed, FAILED → failed, ERROR → broken, SKIPPED → skipped, WAIVED →
skipped with ``statusDetails.message`` prefixed ``"WAIVED"`` (the original result, who accepted
it and why), and WARNING → broken with ``statusDetails.message`` prefixed ``"WARNING:"``. Allure has no
warning status. *passed* would hide a deviation someone must discuss with the vendor,
and *failed* is Allure's "product defect" that our verdicts reserve for NOT READY.
*broken* is Allure's "look at this, it is not a plain failure". The prefix, and the
"Warnings" category in ``categories.json``, keep warnings apart from the ERRORs
(no conclusion) that share the status.

The ids are reproducible. ``historyId`` and ``testCaseId`` hash the check's nodeid, so
Allure links the same check across runs (history, retries). ``uuid`` hashes the run
stamp, target and nodeid. Rendering one run twice gives the same files, and the
results of several runs can share one directory without overwriting each other.
"""
from __future__ import annotations

import hashlib
import json
import uuid as uuidlib
from datetime import datetime
from pathlib import Path
from typing import Any

from golive.redact import redactor
from golive.report.events import Event, RunFinished
from golive.report.json_report import masked, write_text
from golive.report.model import CheckResult, Exchange, RunReport
from golive.verdict import Level, Result

FOLDER = "allure-results"
STATUS = {
    Result.PASSED: "passed",
    Result.FAILED: "failed",
    Result.ERROR: "broken",
    Result.SKIPPED: "skipped",
    Result.WARNING: "broken",
    Result.WAIVED: "skipped",
}
CATEGORIES = [
    {"name": "Waived (an accepted deviation)", "matchedStatuses": ["skipped"], "messageRegex": "WAIVED[\\s\\S]*"},
    {"name": "Warnings (the vendor read an ambiguous passage differently)",
     "matchedStatuses": ["broken"], "messageRegex": "WARNING:[\\s\\S]*"},
    {"name": "No conclusion (target unreachable or credentials rejected)", "matchedStatuses": ["broken"]},
    {"name": "Documented behaviour broken", "matchedStatuses": ["failed"]},
]
_NAMESPACE = uuidlib.UUID("5b0d6a8e-3c1f-5d7e-9a4b-60a1c0de0001")


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def start_ms(started: str) -> int:
    try:
        return int(datetime.fromisoformat(started).timestamp() * 1000)
    except ValueError:
        return 0


def severity(check: CheckResult) -> str:
    """critical when any behaviour is fact-level, minor when all are assumptions."""
    levels = {str(getattr(b.level, "value", b.level)) for b in check.behaviours}
    if Level.FACT.value in levels:
        return "critical"
    return "minor" if levels else "normal"


def description(check: CheckResult) -> str:
    """The vendor sentence(s) the check rests on, in markdown."""
    parts = []
    for b in check.behaviours:
        quote = "\n".join(f"> {line}" for line in b.quote.splitlines() or [""])
        parts.append(f"**{b.id}** ({b.level}, {b.where})\n\n{quote}\n\n*Rule:* {b.rule}")
    return "\n\n".join(parts)


def trace(check: CheckResult) -> str:
    lines = [f"{b.id}: “{b.quote}”" for b in check.behaviours]
    lines += [f"{x.method} {x.url} -> {x.status if x.status is not None else 'no response'}"
              for x in check.evidence]
    return "\n".join(lines)


def result(check: CheckResult, uuid: str, start: int) -> dict[str, Any]:
    message = check.message
    if check.result is Result.WARNING:
        message = f"WARNING: {message}"
    elif check.result is Result.WAIVED and check.original_result is not None:
        message = (f"WAIVED ({check.original_result.value}, accepted by {check.waived_by}: {check.waiver}): "
                   f"{message}")
    labels = [{"name": "parentSuite", "value": "golive"}, {"name": "suite", "value": check.vendor},
              {"name": "subSuite", "value": check.feature}, {"name": "feature", "value": check.feature},
              {"name": "severity", "value": severity(check)}, {"name": "framework", "value": "golive"}]
    labels += [{"name": "epic", "value": check.vendor}]
    labels += [label for i in check.ids for label in ({"name": "story", "value": i}, {"name": "tag", "value": i})]
    return {
        "uuid": uuid,
        "historyId": md5(check.nodeid),
        "testCaseId": md5(check.nodeid),
        "name": f"{check.name} [{', '.join(check.ids)}]" if check.ids else check.name,
        "fullName": check.nodeid,
        "status": STATUS[check.result],
        "statusDetails": {"message": message, "trace": trace(check)},
        "stage": "finished",
        "start": start,
        "stop": start + round(check.duration * 1000),
        "labels": labels,
        "links": [],
        "parameters": [],
        "titlePath": [check.vendor, check.feature],
        "description": description(check),
        "steps": steps(check, start),
        "attachments": [],
    }


def steps(check: CheckResult, start: int) -> list[dict[str, Any]]:
    """The Gherkin steps the check ran; the one that did not hold takes the check's status."""
    return [{"name": name, "status": "passed" if held else STATUS[check.original_result or check.result],
             "stage": "finished", "start": start, "stop": start, "steps": [], "attachments": [], "parameters": []}
            for name, held in check.steps]


def exchange_text(x: Exchange) -> str:
    """One request and its answer, as a person reads them (already redacted)."""
    status = f"HTTP {x.status}" if x.status is not None else "no response"
    request = "\n".join([f"{x.method} {x.url}", *(f"{k}: {v}" for k, v in x.request_headers.items())])
    answer = "\n".join([status, *(f"{k}: {v}" for k, v in x.response_headers.items())])
    return (f"{request}\n\n{x.request_body}\n\n--- {x.elapsed_ms:.0f} ms ---\n\n{answer}\n\n"
            f"{x.response_body}\n")


def properties(pairs: dict[str, object]) -> str:
    """Java ``.properties`` text (the format Allure reads for the environment widget)."""
    def esc(text: str, key: bool = False) -> str:
        text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return text.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ") if key else text
    return "".join(f"{esc(k, key=True)}={esc(str(v))}\n" for k, v in pairs.items())


def render(report: RunReport, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    clock = start_ms(report.started)
    seen: dict[str, int] = {}
    for vendor in report.vendors:
        for check in vendor.checks:
            n = seen[check.nodeid] = seen.get(check.nodeid, -1) + 1
            key = f"{report.stamp}|{report.target}|{check.nodeid}" + (f"|{n}" if n else "")
            uuid = str(uuidlib.uuid5(_NAMESPACE, key))
            data = result(check, uuid, clock)
            clock = data["stop"]
            for n, exchange in enumerate(check.evidence, 1):
                source = f"{uuid}-{n}-attachment.txt"
                write_text(out / source, redactor.text(exchange_text(exchange)))
                data["attachments"].append({"name": f"#{n} {exchange.method} {exchange.url} -> {exchange.status}",
                                            "source": source, "type": "text/plain"})
            write_text(out / f"{uuid}-result.json", json.dumps(masked(data), ensure_ascii=False))
    env: dict[str, object] = {"target": report.target, "seed": report.seed, "version": report.version,
                              "stamp": report.stamp}
    env.update({f"{v.name}.base_url": v.base_url for v in report.vendors})
    env.update({f"{v.name}.verdict": v.verdict.value for v in report.vendors})
    write_text(out / "environment.properties", properties(masked(env)))
    write_text(out / "categories.json", json.dumps(CATEGORIES, indent=2))


class AllureReport:
    """Writes ``folder/allure-results/`` when the run finishes."""

    folder = FOLDER

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            render(event.report, event.folder / self.folder)
