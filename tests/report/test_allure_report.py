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


def test_evidence_attachment(finished):
    failed = results(finished)["Partner cannot read another company"]
    (attachment,) = failed["attachments"]
    assert attachment == {"name": "evidence", "source": f"{failed['uuid']}-attachment.json",
                          "type": "application/json"}
    evidence = json.loads((finished.folder / "allure-results" / attachment["source"]).read_text("utf-8"))
    assert evidence[0]["status"] == 200 and evidence[0]["request_headers"]["Authorization"] == "<redacted>"
    assert results(finished)["Partner reads its own registrations"]["attachments"] == []


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
    assert categories[0]["messageRegex"].startswith("WARNING:")
