"""golive.compat: the indexed step lookup finds what pytest-bdd's own lookup finds."""
from __future__ import annotations

import importlib
import inspect
import textwrap

import pytest

from golive import compat

pytest_plugins = ["pytester"]
_scenario = importlib.import_module("pytest_bdd.scenario")

FEATURE = """\
Feature: lookup
  Scenario Outline: numbers
    Given the number <n>
    Then the number came from "<where>"

    Examples:
      | n | where    |
      | 1 | {where} |
      | 2 | {where} |

  Scenario: one shared step
    Given the number 7
    Then the number came from "{where}"
"""

CONFTEST = """\
from pytest_bdd import given, parsers, then
from golive import compat


def pytest_configure(config):
    compat.index_step_lookup()


@given(parsers.parse("the number {n:d}"), target_fixture="where")
def conftest_number(n):
    return "conftest"


@then(parsers.parse('the number came from "{expected}"'))
def came_from(where, expected):
    assert where == expected
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """Two modules binding features; one overrides a conftest step, the other does not."""
    pytester.makeini("[pytest]\nbdd_features_base_dir = .\n")
    pytester.makeconftest(CONFTEST)
    pytester.makefile(".feature", module=FEATURE.format(where="module"), shared=FEATURE.format(where="conftest"))
    pytester.makepyfile(
        test_overrides=textwrap.dedent("""\
            from pytest_bdd import given, parsers, scenarios

            scenarios("module.feature")


            @given(parsers.parse("the number {n:d}"), target_fixture="where")
            def module_number(n):
                return "module"
            """),
        test_shared='from pytest_bdd import scenarios\n\nscenarios("shared.feature")\n',
    )
    return pytester


def test_install_is_idempotent_and_indexed() -> None:
    compat.index_step_lookup()
    first = _scenario.find_fixturedefs_for_step
    compat.index_step_lookup()
    assert getattr(first, "indexed", False) and _scenario.find_fixturedefs_for_step is first


def test_a_missing_seam_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(_scenario, "step_function_context_registry")
    with pytest.raises(compat.SeamMissing, match=r"pytest-bdd .* has no pytest_bdd.scenario.step_function_context"):
        compat.index_step_lookup()


def test_an_unsupported_major_version_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat, "version", lambda distribution: "10.0.0")
    with pytest.raises(compat.SeamMissing, match=r"supports pytest-bdd 9\.x, found 10\.0\.0"):
        compat.index_step_lookup()
    with pytest.raises(compat.SeamMissing, match=r"supports schemathesis 4\.x"):
        compat.disable_schemathesis_probes()
    with pytest.raises(compat.SeamMissing, match=r"supports hypothesis 6\.x"), compat.no_local_constants():
        pass


def test_each_module_sees_its_own_override(project: pytest.Pytester) -> None:
    project.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=6)


def test_a_missing_step_is_still_reported(project: pytest.Pytester) -> None:
    project.makefile(".feature", extra="Feature: x\n  Scenario: unknown\n    Given a step nobody defined\n")
    project.makepyfile(test_extra='from pytest_bdd import scenarios\n\nscenarios("extra.feature")\n')
    result = project.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(["*StepDefinitionNotFoundError*a step nobody defined*"])


def test_answers_match_pytest_bdds_own_lookup(project: pytest.Pytester) -> None:
    """For every step of every item, the index returns exactly what a full scan returns."""
    seen: list[tuple[str, str]] = []
    full_scan = inspect.unwrap(_scenario.find_fixturedefs_for_step)  # pytest-bdd's own

    class Compare:
        @staticmethod
        def pytest_bdd_before_step(request, feature, scenario, step, step_func):
            node, manager = request.node, request._fixturemanager
            indexed = tuple(_scenario.find_fixturedefs_for_step(step=step, fixturemanager=manager, node=node))
            assert full_scan is not _scenario.find_fixturedefs_for_step
            assert indexed == tuple(full_scan(step=step, fixturemanager=manager, node=node))
            seen.append((node.name, step.name))

    project.runpytest("-p", "no:cacheprovider", plugins=[Compare()]).assert_outcomes(passed=6)
    assert len(seen) == 12


def test_a_recording_cassette_never_matches_what_it_recorded(tmp_path) -> None:
    """vcrpy's own answer in record mode "all" is always no; golive gives it without the quadratic matching."""
    import vcr
    from vcr.request import Request

    request = Request("GET", "http://127.0.0.1/x", b"", {})
    with vcr.VCR(record_mode="all").use_cassette(str(tmp_path / "c.yaml")) as cassette:
        cassette.append(request, {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b""}})
        assert cassette.can_play_response_for(request) is False
        compat.record_only(cassette)
        assert cassette.can_play_response_for(request) is False
    with vcr.VCR(record_mode="once").use_cassette(str(tmp_path / "d.yaml")) as cassette, \
            pytest.raises(compat.SeamMissing, match="record mode"):
        compat.record_only(cassette)
