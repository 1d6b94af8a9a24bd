"""Each vendor's steps reach only its own features, and a mistyped behaviour tag never passes silently."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from golive.vendors import registry
from golive_run import ROOT

pytest_plugins = ["pytester"]

ROOT_CONFTEST = """\
from golive import compat

pytest_plugins = ["demo_steps.common"]


def pytest_configure(config):
    compat.index_step_lookup()  # the indexed lookup golive installs must respect the scoping too
"""
COMMON = """\
from pytest_bdd import parsers, then


@then(parsers.parse("the step came from {vendor}"))
def came_from(sent, vendor):
    assert sent == [vendor], sent
"""
VENDOR_STEPS = """\
import pytest
from pytest_bdd import given, when


@pytest.fixture
def sent():
    return []


@given("a record")
def a_record():
    pass


@when("the record is sent")
def the_record_is_sent(sent):
    sent.append("{vendor}")
"""
FEATURE = """\
Feature: {vendor}
  Scenario: the same words, {vendor}'s step
    Given a record
    When the record is sent
    Then the step came from {vendor}
"""


@pytest.fixture
def two_vendors(pytester: pytest.Pytester) -> pytest.Pytester:
    """Two vendors wording a step identically, wired as golive wires its vendors."""
    pytester.makeini("[pytest]\nbdd_features_base_dir = features\n")
    pytester.makeconftest(ROOT_CONFTEST)
    steps = pytester.mkpydir("demo_steps")  # golive's own ``steps`` package is already imported here
    (steps / "common.py").write_text(COMMON)
    for vendor in ("alpha", "beta"):
        (steps / f"{vendor}.py").write_text(VENDOR_STEPS.replace("{vendor}", vendor))
        folder = pytester.path / "features" / vendor
        folder.mkdir(parents=True)
        (folder / f"{vendor}.feature").write_text(FEATURE.format(vendor=vendor))
        (folder / "conftest.py").write_text(f"from demo_steps.{vendor} import *  # noqa: F403\n")
        (folder / f"test_{vendor}.py").write_text(
            "from pathlib import Path\n\nfrom pytest_bdd import scenarios\n\nscenarios(str(Path(__file__).parent))\n")
    return pytester


def test_two_vendors_may_word_a_step_alike_without_either_hijacking_the_other(two_vendors: pytest.Pytester) -> None:
    result = two_vendors.runpytest("-p", "no:cacheprovider", "features")
    result.assert_outcomes(passed=2)


def test_a_step_at_the_root_would_be_hijacked(two_vendors: pytest.Pytester) -> None:
    """The counter-proof: loaded as root plugins (golive's old wiring), the last definition wins for both."""
    two_vendors.makeconftest(ROOT_CONFTEST.replace('["demo_steps.common"]',
                                                     '["demo_steps.common", "demo_steps.alpha", "demo_steps.beta"]'))
    for vendor in ("alpha", "beta"):
        (two_vendors.path / "features" / vendor / "conftest.py").write_text("")
    result = two_vendors.runpytest("-p", "no:cacheprovider", "features")
    result.assert_outcomes(passed=1, failed=1)


def test_golive_wires_each_vendor_in_its_own_folder() -> None:
    conftest = ast.parse((ROOT / "conftest.py").read_text("utf-8"))
    plugins = next(node.value for node in conftest.body
                   if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "pytest_plugins")
    assert ast.literal_eval(plugins) == ["golive.plugin", "steps.common"]
    for vendor in registry():
        folder = ROOT / "features" / vendor
        wiring = (folder / "conftest.py").read_text("utf-8")
        assert f"from steps.{vendor} import *" in wiring
        imports = [line.split("#")[0].strip() for line in wiring.splitlines() if "import" in line]
        assert imports == [f"from steps.{vendor} import *"], imports  # its own steps, and nothing else
        assert (folder / f"test_{vendor}.py").exists() and list(folder.glob("*.feature"))
    assert {p.stem for p in (ROOT / "steps").glob("*.py")} <= {"__init__", "common", *registry()}


@pytest.mark.slow
def test_a_mistyped_behaviour_tag_fails_the_run_in_one_line(tmp_path: Path) -> None:
    """On a copy of the checkout, ``@ABS-03`` mistyped as ``@ABS-3``: no run, exit 2, one clear line."""
    copy = tmp_path / "golive"
    for name in ("features", "steps", "contracts"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, copy / name)
    feature = copy / "features" / "abs" / "authentication.feature"
    text = feature.read_text("utf-8")
    assert "@ABS-03" in text
    feature.write_text(text.replace("@ABS-03", "@ABS-3", 1), "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from pathlib import Path
            import golive.cli
            golive.cli.project_root = lambda: Path.cwd()  # certify the copy, not the installed checkout
            sys.argv = ["golive", "certify", "--vendor", "abs", "--no-fuzz", "--report-dir", "reports"]
            golive.cli.main()
        """)], cwd=copy, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("golive: error:")]
    assert errors and "unknown behaviour tag @ABS-3" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not (copy / "reports" / "latest").exists()  # no report that could read as READY
