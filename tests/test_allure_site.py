"""``golive certify --allure-html``: the Allure 3 site where npm's allure is installed, one line where it is not."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from golive_run import golive

pytestmark = pytest.mark.slow  # runs golive in a subprocess


@pytest.mark.skipif(shutil.which("allure") is None, reason="npm's allure (Allure 3) is not installed: "
                    "npm install -g allure")
def test_the_allure_site_is_built(tmp_path: Path) -> None:
    outcome = golive("certify", "--vendor", "abs", "--no-fuzz", "--allure-html", tmp_path=tmp_path, timeout=300)
    assert outcome.code == 0, outcome.stderr
    site = (outcome.report_dir / "latest" / "allure-report" / "index.html").resolve()
    assert site.exists() and f"Allure site: {site}" in outcome.stdout


def test_without_allure_it_says_so_in_one_line(tmp_path: Path) -> None:
    python_only = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep)
                                  if not (Path(p) / "allure").exists())
    outcome = golive("certify", "--vendor", "abs", "--no-fuzz", "--allure-html",
                     tmp_path=tmp_path, env={"PATH": python_only})
    assert outcome.code == 0
    assert outcome.stderr.count("\n") == 1 and "npm's allure is not installed" in outcome.stderr
    assert (outcome.report_dir / "latest" / "allure-results").is_dir()
