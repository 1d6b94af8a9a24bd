import json

from golive.report.allure_report import AllureReport


def results(finished) -> dict[str, dict]:
    AllureReport().handle(finished)
    out = finished.folder / "allure-results"
    files = sorted(out.glob("*-result.json"))
    data = [json.loads(p.read_text("utf-8")) for p in files]
    assert [p.name for p in files] == sorted(f"{d['uuid']}-result.json" for d in data)
    return {d["fullName"].split("::")[1]: d for d in data}


def labels(result: dict, name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


def test_one_result_per_check_with_mapped_status(finished):
    by_name = results(finished)
    assert len(by_name) == 8
    assert by_name["Partner reads its own registrations"]["status"] == "passed"
    assert by_name["Partner cannot read another company"]["status"] == "failed"
    assert by_name["Key is required"]["status"] == "broken"
    assert by_name["Registration term"]["status"] == "skipped"
    warning = by_name["Malformed body is rejected"]
    assert warning["status"] == "broken"
    assert warning["statusDetails"]["message"] == "WARNING: expected 400, got 422"
    assert not by_name["Key is required"]["statusDetails"]["message"].startswith("WARNING")


def test_labels_description_and_times(finished):
    failed = results(finished)["Partner cannot read another company"]
    assert labels(failed, "suite") == ["abs"]
    assert labels(failed, "feature") == ["registrations"]
    assert labels(failed, "tag") == ["ABS-07"]
    assert labels(failed, "severity") == ["critical"]
    assert failed["links"] == []
    assert "> Each partner can only access their own company's data." in failed["description"]
    assert failed["stop"] - failed["start"] == 250
    assert failed["start"] >= 1735787045000
    warning = results(finished)["Malformed body is rejected"]
    assert labels(warning, "severity") == ["minor"]


def test_evidence_attachments_one_per_exchange(finished):
    failed = results(finished)["Partner cannot read another company"]
    (attachment,) = failed["attachments"]
    assert attachment["source"] == f"{failed['uuid']}-1-attachment.txt" and attachment["type"] == "text/plain"
    assert attachment["name"].startswith("#1 GET ") and attachment["name"].endswith("-> 200")
    text = (finished.folder / "allure-results" / attachment["source"]).read_text("utf-8")
    assert "Authorization: <redacted>" in text and "HTTP 200" in text
    assert results(finished)["Partner reads its own registrations"]["attachments"] == []


def test_labels_steps_and_waived(finished):
    failed = results(finished)["Partner cannot read another company"]
    assert labels(failed, "epic") == ["abs"] and labels(failed, "story") == ["ABS-07"]
    assert "**ABS-07**" in failed["description"]
    check = finished.report.vendors[0].checks[1]
    check.steps = [("Given a partner token", True), ("When it reads another company", True),
                   ("Then it is refused with 401", False)]
    from golive.report.allure_report import result

    steps = result(check, "u", 0)["steps"]
    assert [(s["name"], s["status"]) for s in steps] == [
        ("Given a partner token", "passed"), ("When it reads another company", "passed"),
        ("Then it is refused with 401", "failed")]
    from dataclasses import replace

    from golive.verdict import Result

    waived = replace(check, result=Result.WAIVED, original_result=Result.FAILED, waiver="fix in 4.2", waived_by="lead")
    data = result(waived, "u", 0)
    assert data["status"] == "skipped"
    assert data["statusDetails"]["message"].startswith("WAIVED (FAILED, accepted by lead")
    assert data["steps"][-1]["status"] == "failed"


def test_ids_are_reproducible(finished):
    first = results(finished)
    second = results(finished)
    assert {k: v["uuid"] for k, v in first.items()} == {k: v["uuid"] for k, v in second.items()}
    assert len({v["uuid"] for v in first.values()}) == 8
    assert len({v["historyId"] for v in first.values()}) == 8


def test_environment_and_categories(finished):
    AllureReport().handle(finished)
    out = finished.folder / "allure-results"
    env = dict(line.split("=", 1) for line in out.joinpath("environment.properties").read_text().splitlines())
    assert env["target"] == "sandbox" and env["seed"] == "42" and env["version"] == "0.1.0"
    categories = json.loads(out.joinpath("categories.json").read_text())
    assert [c["messageRegex"][:7] for c in categories if "messageRegex" in c] == ["WAIVED[", "WARNING"]
