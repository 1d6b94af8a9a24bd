import json

from golive.redact import redactor
from golive.report.json_report import JsonReport


def test_writes_the_report_as_plain_data(finished):
    JsonReport().handle(finished)
    path = finished.folder / "readiness.json"
    data = json.loads(path.read_text("utf-8"))
    assert data == json.loads(json.dumps(finished.report.to_dict()))
    assert path.read_text("utf-8").startswith('{\n  "stamp"')


def test_counts_and_verdicts(finished):
    JsonReport().handle(finished)
    data = json.loads((finished.folder / "readiness.json").read_text("utf-8"))
    vendors = {v["name"]: v for v in data["vendors"]}
    assert vendors["abs"]["verdict"] == "NOT READY"
    assert vendors["otto"]["verdict"] == "BLOCKED"
    assert vendors["abs"]["counts"] == {"PASSED": 1, "FAILED": 1, "WARNING": 1, "SKIPPED": 1, "ERROR": 0,
                                         "WAIVED": 0}
    assert vendors["otto"]["counts"]["ERROR"] == 1
    failed = vendors["abs"]["checks"][1]
    assert failed["result"] == "FAILED"
    assert failed["behaviours"][0]["quote"] == "Each partner can only access their own company's data."
    assert failed["evidence"][0]["status"] == 200
    assert vendors["abs"]["fuzzing"]["failures"][0]["curl"].startswith("curl -X POST")


def test_ignores_other_events(tmp_path):
    JsonReport().handle(object())
    assert not list(tmp_path.iterdir())


def test_masks_a_secret_that_slipped_into_a_message(finished):
    redactor.add("s3cr3t-value-for-report-test")
    finished.report.vendors[0].checks[1].message = "sent token s3cr3t-value-for-report-test"
    JsonReport().handle(finished)
    text = (finished.folder / "readiness.json").read_text("utf-8")
    assert "s3cr3t-value-for-report-test" not in text
    assert "sent token <redacted>" in text
