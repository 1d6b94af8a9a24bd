"""``junit.xml`` for CI: one ``<testsuite>`` per vendor, one ``<testcase>`` per check.

FAILED → ``<failure>``, ERROR → ``<error>``, SKIPPED → ``<skipped>``. A WARNING passes
(CI should not go red on an ambiguity of the vendor's document) but says so in
``<system-out>`` and in the ``golive.result`` property every testcase carries.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from golive.redact import redactor
from golive.report.events import Event, RunFinished
from golive.report.json_report import write_text
from golive.report.model import CheckResult, RunReport, VendorReport
from golive.verdict import Result

FILENAME = "junit.xml"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_NAME = re.compile(r"[^\w-]+")


def clean(value: object) -> str:
    """Secrets masked, characters XML 1.0 cannot carry dropped."""
    return _NOT_XML.sub("", redactor.text(str(value)))


def classname(check: CheckResult) -> str:
    """``<vendor>.<feature>``: the feature's file stem or title, made one dotted segment."""
    feature = check.feature
    if feature.endswith(".feature"):
        feature = PurePosixPath(feature.replace("\\", "/")).stem
    return f"{check.vendor}.{_NOT_NAME.sub('_', feature).strip('_') or 'checks'}"


def detail(check: CheckResult) -> str:
    """The message, then the vendor sentence(s) the check rests on, then the evidence lines."""
    lines = [check.message]
    for b in check.behaviours:
        lines += ["", f"{b.id} ({b.level}): “{b.quote}”", f"  rule: {b.rule}"]
    if check.evidence:
        lines.append("")
        lines += [f"{x.method} {x.url} -> {x.status if x.status is not None else 'no response'}"
                  for x in check.evidence]
    return clean("\n".join(lines).strip())


def first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return clean(line if len(line) <= limit else line[: limit - 1] + "…")


def testcase(parent: ET.Element, check: CheckResult) -> None:
    case = ET.SubElement(parent, "testcase", {
        "classname": clean(classname(check)),
        "name": clean(f"{check.name} [{', '.join(check.ids)}]"),
        "time": f"{check.duration:.3f}",
    })
    props = ET.SubElement(case, "properties")
    ET.SubElement(props, "property", {"name": "golive.result", "value": check.result.value})
    ET.SubElement(props, "property", {"name": "behaviours", "value": " ".join(check.ids)})
    ET.SubElement(props, "property", {"name": "golive.nodeid", "value": clean(check.nodeid)})
    message = first_line(check.message)
    if check.result is Result.FAILED:
        ET.SubElement(case, "failure", {"message": message, "type": "FAILED"}).text = detail(check)
    elif check.result is Result.ERROR:
        ET.SubElement(case, "error", {"message": message, "type": "ERROR"}).text = detail(check)
    elif check.result is Result.SKIPPED:
        ET.SubElement(case, "skipped", {"message": clean(check.message)})
    elif check.result is Result.WARNING:
        ET.SubElement(case, "system-out").text = f"WARNING: {detail(check)}"
    elif check.result is Result.WAIVED and check.original_result is not None:
        ET.SubElement(case, "skipped", {"message": clean(
            f"WAIVED {check.original_result.value}, accepted by {check.waived_by}: {check.waiver}")})


def testsuite(parent: ET.Element, report: RunReport, vendor: VendorReport) -> dict[str, int]:
    counts = {
        "tests": len(vendor.checks),
        "failures": vendor.count(Result.FAILED),
        "errors": vendor.count(Result.ERROR),
        "skipped": vendor.count(Result.SKIPPED) + vendor.count(Result.WAIVED),
    }
    suite = ET.SubElement(parent, "testsuite", {
        "name": f"golive.{vendor.name}",
        **{k: str(v) for k, v in counts.items()},
        "time": f"{sum(c.duration for c in vendor.checks):.3f}",
        "timestamp": report.started,
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("golive.verdict", vendor.verdict.value), ("golive.target", report.target),
                        ("golive.base_url", vendor.base_url),
                        ("golive.seed", report.seed), ("golive.version", report.version),
                        ("golive.warnings", vendor.count(Result.WARNING))):
        ET.SubElement(props, "property", {"name": name, "value": clean(value)})
    for check in vendor.checks:
        testcase(suite, check)
    return counts


def render(report: RunReport) -> str:
    root = ET.Element("testsuites", {"name": f"golive {report.target} {report.stamp}"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for vendor in report.vendors:
        for key, n in testsuite(root, report, vendor).items():
            totals[key] += n
    root.attrib.update({k: str(v) for k, v in totals.items()})
    root.set("time", f"{report.duration:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class JunitReport:
    """Writes ``folder/junit.xml`` when the run finishes."""

    filename = FILENAME

    def handle(self, event: Event) -> None:
        if isinstance(event, RunFinished):
            write_text(event.folder / self.filename, render(event.report))
