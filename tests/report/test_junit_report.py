import xml.etree.ElementTree as ET

from golive.report.junit_report import JunitReport


def parse(finished) -> ET.Element:
    JunitReport().handle(finished)
    return ET.parse(finished.folder / "junit.xml").getroot()


def props(element: ET.Element) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in element.findall("properties/property")}


def test_one_suite_per_vendor_with_counts(finished):
    root = parse(finished)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["golive.abs", "golive.otto", "golive.tms"]
    abs_suite, otto = suites["golive.abs"], suites["golive.otto"]
    assert (abs_suite.get("tests"), abs_suite.get("failures"), abs_suite.get("errors"),
            abs_suite.get("skipped")) == ("4", "1", "0", "1")
    assert (otto.get("tests"), otto.get("failures"), otto.get("errors"), otto.get("skipped")) == ("3", "0", "1", "1")
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("8", "1", "1", "2")
    assert props(abs_suite)["golive.verdict"] == "NOT READY"
    assert len(root.findall(".//failure")) == 1
    assert len(root.findall(".//error")) == 1
    assert len(root.findall(".//skipped")) == 2


def test_testcases(finished):
    root = parse(finished)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    failed = cases["Partner cannot read another company [ABS-07]"]
    assert failed.get("classname") == "abs.registrations"
    assert failed.get("time") == "0.250"
    failure = failed.find("failure")
    assert failure.get("message") == "expected 401 or 403, got 200 with othercompany's data"
    assert "Each partner can only access their own company's data." in failure.text
    assert props(failed) == {"golive.result": "FAILED", "behaviours": "ABS-07",
                             "golive.nodeid": "features/abs/registrations.feature::Partner cannot read another company"}

    warning = cases["Malformed body is rejected [ABS-30]"]
    assert warning.find("failure") is None and warning.find("error") is None
    assert warning.find("system-out").text.startswith("WARNING: expected 400, got 422")
    assert props(warning)["golive.result"] == "WARNING"

    skipped = cases["Only HTTPS [OTTO-04]"].find("skipped")
    assert skipped.get("message") == "live-only: the sandbox is plain http"
    assert cases["Key is required [OTTO-01]"].find("error").get("message").startswith("target unreachable")
    assert props(cases["Token accepted []"]) ["golive.result"] == "PASSED"


def test_characters_xml_cannot_carry_are_dropped(finished):
    finished.report.vendors[0].checks[1].message = "bad byte \x00\x1b here"
    root = parse(finished)
    assert root.find(".//failure").get("message") == "bad byte  here"
