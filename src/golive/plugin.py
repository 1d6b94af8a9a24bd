"""The pytest plugin: options, targets as fixtures, one verdict per check, the reports.

``golive certify`` is a friendly front over ``pytest features`` with this plugin;
the same run works with plain pytest (interface.md §3).
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, cast

import pytest
from rich.console import Console

from golive import __version__, catalogue, clauses, compat, options
from golive.check_record import BEHAVIOUR_ID, CheckRecord, describe, level_of, requirement
from golive.config import ConfigError
from golive.fuzz.ahead import FuzzAhead
from golive.http import collecting
from golive.options import RunOptions
from golive.run import Run
from golive.selection import Selection
from golive.targets import Target
from golive.vendors import registry
from golive.verdict import NotOnThisTarget, Result, result_for

SOAK = "soak"  # a sandbox-only check that a live run may make by waiting a vendor window out (--max-wait)
QUOTA = "quota"  # a check that uses up a vendor's live quota (the Otto rate limit): it runs after every other
_RUN = pytest.StashKey[Run]()
_CHECK = pytest.StashKey[CheckRecord]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golive", "golive certification")
    group.addoption("--target", choices=options.MODES, default="sandbox", help="sandbox (default), live or replay")
    group.addoption("--vendor", action="append", default=[], help="a vendor to certify (repeatable; default all)")
    group.addoption("--sandbox-url", help="use an external sandbox speaking the control protocol")
    group.addoption("--config", help="live target configuration (default golive.toml if present)")
    group.addoption("--report-dir", default="reports", help="where the run folder is written")
    group.addoption("--fuzz", dest="fuzz", action="store_true", default=None,
                    help="fuzz every contract operation (default: on, off in a selection)")
    group.addoption("--no-fuzz", dest="fuzz", action="store_false", help="skip schemathesis fuzzing")
    group.addoption("--fuzz-examples", type=int, default=options.DEFAULT_FUZZ_EXAMPLES, help="cases per operation")
    group.addoption("--seed", type=int, default=options.DEFAULT_SEED, help="seed for generated data and fuzzing")
    group.addoption("--record", action="store_true", help="also write cassettes (sandbox or live)")
    group.addoption("--cassette-dir", help="where cassettes are written and replayed from (default cassettes/)")
    group.addoption("--timeout", type=float, default=options.DEFAULT_TIMEOUT, help="seconds per request")
    group.addoption("--max-wait", type=float, default=0.0,
                    help="live: wait out a vendor time window this short or shorter (seconds)")
    group.addoption("--include-destructive", action="store_true", help="live: also run quota/e-mail/account checks")
    group.addoption("--allow-production", action="store_true", help="live: permit writes outside the test mechanism")
    group.addoption("--behaviour", action="append", default=[],
                    help="only checks of this behaviour: ABS-63, a vendor prefix ABS, or a range ABS-60..ABS-65")
    group.addoption("--output", choices=("auto", "live", "lines", "quiet"), default="auto", help=argparse.SUPPRESS)
    group.addoption("--rerun", action="append", default=[], help=argparse.SUPPRESS)  # --last-failed's node ids
    group.addoption("--waivers", help="accepted deviations (default: waivers.toml in the working directory)")
    group.addoption("--sandbox-fault", action="append", default=[], help=argparse.SUPPRESS)  # test-only


def options_from(config: pytest.Config) -> RunOptions:
    """Validate the command line into RunOptions (ConfigError: one line)."""
    opt = config.getoption
    return options.build(
        root=Path(str(config.rootpath)), mode=opt("target"), vendors=tuple(opt("vendor")),
        sandbox_url=opt("sandbox_url"), config=opt("config"), report_dir=opt("report_dir"),
        cassette_dir=opt("cassette_dir"), fuzz=opt("fuzz"), fuzz_examples=opt("fuzz_examples"), seed=opt("seed"),
        timeout=opt("timeout"), max_wait=opt("max_wait"), record=opt("record"),
        include_destructive=opt("include_destructive"),
        allow_production=opt("allow_production"), faults=tuple(opt("sandbox_fault")), waivers=opt("waivers"),
        output=opt("output"), behaviours=tuple(opt("behaviour")), keyword=opt("keyword") or None,
        last_failed=tuple(opt("rerun")),
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    compat.index_step_lookup()
    for name in registry():
        config.addinivalue_line("markers", f"{name}: a check of the {name} vendor")
    for behaviour in catalogue.catalogue().values():
        config.addinivalue_line("markers", f"{behaviour.id}: {behaviour.rule[:60]}")
    for clause in clauses.clauses().values():
        config.addinivalue_line("markers", f"{clause.id}: {clause.text[:60]}")
    for tag in ("assumption", "sandbox-only", "destructive", "live-only"):
        config.addinivalue_line("markers", f"{tag}: golive requirement tag")
    config.addinivalue_line("markers", f"{QUOTA}: uses up a vendor's live quota (run last; live, opt-in)")
    config.addinivalue_line("markers", f"{SOAK}: live only as a soak, when --max-wait covers the vendor window")
    if config.pluginmanager.get_plugin("terminalreporter") is None:
        config.pluginmanager.register(_CollectionErrors(), "golive-collection-errors")
    if config.option.help:
        return
    try:
        options = options_from(config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    output = _Uncaptured(config)
    width = None if output.isatty() else 120  # CI logs: no terminal to measure, don't squeeze the table
    config.stash[_RUN] = Run(options, console=Console(file=cast(IO[str], output), highlight=False, width=width))


class _Uncaptured(io.TextIOBase):
    """The real stdout, even while pytest captures a test's output."""

    def __init__(self, config: pytest.Config) -> None:
        self._capture = config.pluginmanager.getplugin("capturemanager")

    def write(self, text: str) -> int:
        if self._capture is None:
            return sys.stdout.write(text)
        with self._capture.global_and_fixture_disabled():
            sys.stdout.write(text)
            sys.stdout.flush()
        return len(text)

    def isatty(self) -> bool:
        return sys.__stdout__ is not None and sys.__stdout__.isatty()


def current_run(config: pytest.Config) -> Run:
    """The run this pytest session feeds (for checks that report more than pass/fail, e.g. fuzzing)."""
    return config.stash[_RUN]


def _run(config: pytest.Config) -> Run | None:
    return config.stash.get(_RUN, None)


@pytest.hookimpl(trylast=True)  # after pytest's own -k / -m deselection: plan only what will run
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    run = _run(config)
    if run is None:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        record = describe(item)
        if record.vendor is None:  # not a golive check (e.g. golive's own tests): untouched
            keep.append(item)
            continue
        _check_behaviour_ids(item, record)
        item.stash[_CHECK] = record
        wanted = record.vendor in run.options.vendors and (record.kind != "fuzz" or run.options.fuzz)
        wanted = wanted and _selected(item, record, run.options.selection)
        (keep if wanted else drop).append(item)
    keep.sort(key=_late)
    items[:] = keep
    if drop:
        config.hook.pytest_deselected(items=drop)
    per_vendor: dict[str, int] = {}
    for item in items:
        if _CHECK in item.stash and (vendor := item.stash[_CHECK].vendor):
            per_vendor[vendor] = per_vendor.get(vendor, 0) + 1
    if per_vendor:  # golive's own tests load the plugin too: they are no certification run
        run.started(sum(per_vendor.values()), per_vendor)
        if not config.option.collectonly:
            fuzzed = {r.vendor: item.name for item in items
                      if (r := item.stash.get(_CHECK, None)) is not None and r.kind == "fuzz" and r.vendor}
            run.fuzz_ahead(fuzzed, next((p for p in config.pluginmanager.get_plugins() if isinstance(p, FuzzAhead)),
                                        None))  # golive certify's, already started


def _late(item: pytest.Item) -> tuple[bool, bool]:
    """Fuzzing after the scenarios (it may be running ahead, in worker processes, meanwhile); checks that use up
    a live quota after everything else. The sort is stable: the rest keep their order."""
    record = item.stash.get(_CHECK, None)
    return QUOTA in getattr(record, "tags", ()), getattr(record, "kind", None) == "fuzz"


def _selected(item: pytest.Item, record: CheckRecord, selection: Selection) -> bool:
    """Within a selection: a fuzz check only when asked; a scenario by its ids; a rerun by its node id."""
    if selection.nodeids:
        return item.nodeid in selection.nodeids
    if selection.behaviours and record.kind == "scenario":
        return bool(selection.behaviours & set(record.ids))
    return True


def _check_behaviour_ids(item: pytest.Item, record: CheckRecord) -> None:
    """A scenario without a behaviour id has no level and proves nothing: refuse the run (unknown ids fail earlier,
    in :func:`pytest_bdd_apply_tag`)."""
    if record.kind == "scenario" and not record.ids:
        raise pytest.UsageError(f"{item.nodeid}: no behaviour id tag (each scenario carries one, e.g. @ABS-07)")


def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """A tag shaped like a behaviour id that the catalogue lacks fails collection with a clear line."""
    if BEHAVIOUR_ID.match(tag) and tag not in catalogue.catalogue():  # the collect report names the vendor's module
        pytest.fail(f"unknown behaviour tag @{tag} (no such id in the catalogue)", pytrace=False)
    if tag.startswith("D-") and tag not in clauses.clauses():
        pytest.fail(f"unknown clause tag @{tag} (no such D- resolution clause in the catalogue)", pytrace=False)
    return None  # pytest-bdd applies it as a marker (--strict-markers refuses any other unknown tag)


class _CollectionErrors:
    """Under ``golive certify`` (no terminal reporter) a collection error is still said, in one line."""

    @staticmethod
    def pytest_collectreport(report: pytest.CollectReport) -> None:
        if report.failed:
            lines = [line.strip() for line in str(report.longrepr).splitlines() if line.strip()]
            detail = lines[-1].removeprefix("E ").strip() if lines else "collection failed"
            sys.stderr.write(f"golive: error: {report.nodeid or 'collection'}: {detail}\n")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "golive_vendor" in metafunc.fixturenames:
        metafunc.parametrize("golive_vendor", list(registry()))


def _record(request: pytest.FixtureRequest) -> tuple[Run, CheckRecord] | None:
    run = _run(request.config)
    record = request.node.stash.get(_CHECK, None)
    if run is None or record is None or record.vendor is None:
        return None
    return run, record


@pytest.fixture
def check_record(request: pytest.FixtureRequest) -> CheckRecord:
    """The running check's record: its vendor, ids, tags and stable data key."""
    found = _record(request)
    if found is None:
        pytest.fail("golive: this test has no vendor tag (e.g. @abs on its Feature line)")
    return found[1]


@pytest.fixture
def target(request: pytest.FixtureRequest, check_record: CheckRecord) -> Target:
    """The Target of the running check's vendor."""
    assert check_record.vendor is not None
    return current_run(request.config).target(check_record.vendor)


@pytest.fixture(autouse=True)
def _golive_check(request: pytest.FixtureRequest) -> Iterator[None]:
    """Around every check: where it may run, a fresh sandbox, its cassette, its evidence."""
    found = _record(request)
    if found is None:
        yield
        return
    run, record = found
    assert record.vendor is not None
    with collecting() as evidence:
        record.evidence = evidence
        target = run.target(record.vendor)
        reason = run.skip_reason(target, requirement(record), soak=SOAK in record.tags)
        if reason:
            raise NotOnThisTarget(reason)
        with target.cassettes.use(record.source, request.node.name):
            run.clear_receiver()
            if target.controllable and target.mode != "replay":
                target.reset()
            yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
    """A golive check's report, built here: its verdict, and its message as the failure text.

    pytest's own report renders a full traceback for every failure (a tenth of a second each, most of a
    run against a vendor that is down or refuses the credentials); a check's message says what matters.
    """
    run = _run(item.config)
    record = item.stash.get(_CHECK, None)
    if run is None or record is None or record.vendor is None:
        return None  # not a golive check: pytest's own report
    exc = call.excinfo.value if call.excinfo else None
    outcome: Literal["passed", "failed", "skipped"] = "passed"
    longrepr: tuple[str, int, str] | str | None = None
    if call.when != "call" and exc is None:
        if call.when == "teardown" and record.result is not None:
            record.notes = list(item.user_properties)
            run.finished(run.check_result(item.nodeid, record))
    else:
        if exc is None or isinstance(exc, pytest.skip.Exception | NotOnThisTarget):
            result = Result.SKIPPED if exc is not None else Result.PASSED
            message = _skip_message(exc) if exc is not None else ""
        else:
            result = result_for(exc, level_of(record))
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if not isinstance(exc, AssertionError) and result is Result.ERROR and "golive" not in type(exc).__module__:
                message = f"{type(exc).__name__}: {message}"
        record.conclude(result, message)
        record.duration += call.duration
        concluded = record.result or result
        outcome = _OUTCOMES.get(concluded, "failed")
        if outcome == "skipped":
            longrepr = (str(item.path), item.location[1] or 0, record.message)
        elif outcome == "failed" and call.excinfo is not None:
            longrepr = f"{concluded.value}: {run.redact(record.message)}"
    sections = [(f"Captured {key} {when}", content) for when, key, content in item._report_sections]
    when = cast(Literal["setup", "call", "teardown"], call.when)  # a run's phases, never "collect"
    return pytest.TestReport(item.nodeid, item.location, dict.fromkeys(item.keywords, 1), outcome, longrepr,
                             when, sections, call.duration, call.start, call.stop, item.user_properties)


_OUTCOMES: dict[Result, Literal["passed", "failed", "skipped"]] = {
    Result.PASSED: "passed", Result.WARNING: "passed", Result.SKIPPED: "skipped"}


def _skip_message(exc: BaseException) -> str:
    return str(getattr(exc, "msg", None) or exc)


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    record = request.node.stash.get(_CHECK, None)
    if record is not None and feature.name:
        record.feature = feature.name


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any) -> None:
    record = request.node.stash.get(_CHECK, None)
    if record is not None:
        record.steps.append((f"{step.keyword} {step.name}", True))


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any, exception: BaseException) -> None:
    record = request.node.stash.get(_CHECK, None)
    if record is None:
        return
    record.steps.append((f"{step.keyword} {step.name}", False))
    if isinstance(exception, AssertionError) and record.step is None:
        record.step = f"{step.keyword} {step.name}"


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = _run(session.config)
    if run is None or not run.planned:
        return
    session.exitstatus = run.finish(datetime.now(UTC), time.perf_counter(), __version__)


def pytest_unconfigure(config: pytest.Config) -> None:
    if (run := _run(config)) is not None:
        run.stop_workers()  # an interrupted or failed session leaves no fuzzing process behind
