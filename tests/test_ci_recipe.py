"""docs/ci.md's pipeline example parses and does what the page promises."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from golive_run import ROOT

DOC = ROOT / "docs" / "ci.md"


def pipeline() -> dict[Any, Any]:
    [block] = re.findall(r"^```yaml\n(.*?)^```$", DOC.read_text("utf-8"), flags=re.S | re.M)
    return dict(yaml.safe_load(block))


def _steps(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_replay_on_every_pull_request() -> None:
    found = pipeline()
    triggers = found[True]  # YAML 1.1 reads the bare key `on` as true
    assert "pull_request" in triggers and triggers["schedule"][0]["cron"]
    replay = found["jobs"]["replay"]
    assert "pull_request" in replay["if"] and "make test" in _steps(replay)


def test_nightly_live_with_secrets_a_kept_package_and_the_diff_posted() -> None:
    live = pipeline()["jobs"]["live"]
    steps = _steps(live)
    assert all(value.startswith("${{ secrets.") for value in live["env"].values())
    assert set(live["env"]) == {"ABS_JWT_SECRET", "OTR_SUBSCRIPTION_KEY", "OTR_USERNAME", "OTR_PASSWORD",
                                "OTTO_API_KEY", "TMS_TOKEN"}
    assert "--target live" in steps and "golive package" in steps and "golive diff" in steps
    assert "actions/upload-artifact" in steps and "GITHUB_STEP_SUMMARY" in steps
    assert Path(ROOT / "Makefile").read_text("utf-8").count("certify:") == 1  # `make certify ARGS=...` exists
