"""The pytest plugin: options, targets as fixtures, one verdict per check, the reports.

``golive certify`` is a friendly front over ``pytest features`` with this plugin;
the same run works with plain pytest (interface.md §3).
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from golive import __version__, catalogue, options, steplookup
from golive.config import ConfigError
from golive.http import collecting
from golive.report.model import CheckResult
from golive.run import Run
from golive.options import RunOptions
from golive.vendors import registry
from golive.verdict import Level, NotOnThisTarget, Result, result_for

_ID = re.compile(r"^[A-Z]+-\d+$")
_RUN = pytest.StashKey[Run]()
_CHECK = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golive", "golive certification")
    group.addoption("--target", choices=options.MODES, default="sandbox", help="sandbox (default), live or replay")
    group.addoption("--vendor", action="append", default=[], help="a vendor to certify (repeatable; default all)")
    group.addoption("--sandbox-url", help="use an external sandbox speaking the control protocol")
    group.addoption("--config", help="live target configuration (default golive.toml if present)")
    group.addoption("--report-dir", default="reports", help="where the run folder is written")
    group.addoption("--fuzz", dest="fuzz", action="store_true", default=True, help="fuzz every contract operation")
    group.addoption("--no-fuzz", dest="fuzz", action="store_false", help="skip schemathesis fuzzing")
    group.addoption("--fuzz-examples", type=int, default=options.DEFAULT_FUZZ_EXAMPLES, help="cases per operation")
    group.addoption("--seed", type=int, default=options.DEFAULT_SEED, help="seed for generated data and fuzzing")
    group.addoption("--record", action="store_true", help="also write cassettes (sandbox or live)")
    group.addoption("--cassette-dir", help="where cassettes are written and replayed from (default cassettes/)")
    group.addoption("--timeout", type=float, default=options.DEFAULT_TIMEOUT, help="seconds per request")
    group.addoption("--include-destructive", action="store_true", help="live: also run quota/e-mail/account checks")
    group.addoption("--allow-production", action="store_true", help="live: permit writes outside the test mechanism")
    group.addoption("--sandbox-fault", action="append", default=[], help=argparse.SUPPRESS)  # test-only


def options_from(config: pytest.Config) -> RunOptions:
    """Validate the command line into RunOptions (ConfigError: one line)."""
    opt = config.getoption
    return options.build(
        root=Path(str(config.rootpath)), mode=opt("target"), vendors=tuple(opt("vendor")),
        sandbox_url=opt("sandbox_url"), config=opt("config"), report_dir=opt("report_dir"),
        cassette_dir=opt("cassette_dir"), fuzz=opt("fuzz"), fuzz_examples=opt("fuzz_examples"), seed=opt("seed"),
        timeout=opt("timeout"), record=opt("record"), include_destructive=opt("include_destructive"),
        allow_production=opt("allow_production"), faults=tuple(opt("sandbox_fault")),
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    steplookup.install()
    for name in registry():
        config.addinivalue_line("markers", f"{name}: a check of the {name} vendor")
    for behaviour in catalogue.catalogue().values():
        config.addinivalue_line("markers", f"{behaviour.id}: {behaviour.rule[:60]}")
    for tag in ("assumption", "sandbox-only", "destructive", "live-only"):
        config.addinivalue_line("markers", f"{tag}: golive requirement tag")
    if config.option.help:
        return
    try:
        options = options_from(config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    output = _Uncaptured(config)
    width = None if output.isatty() else 120  # CI logs: no terminal to measure, don't squeeze the table
    config.stash[_RUN] = Run(options, console=Console(file=output, highlight=False, width=width))


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


def vendor_of(item: pytest.Item) -> str | None:
    names = {m.name for m in item.iter_markers()}
    for vendor in registry():
        if vendor in names:
            return vendor
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("golive_vendor") if callspec else None


def describe(item: pytest.Item) -> dict[str, Any]:
    """Vendor, behaviour ids, tags, feature file and scenario name of a collected check."""
    markers = [m.name for m in item.iter_markers()]
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
    feature_path, _, scenario = doc.partition(": ")  # pytest-bdd: "<feature file>: <scenario name>"
    suffix = item.name[item.name.index("["):] if "[" in item.name else ""
    callspec = getattr(item, "callspec", None)
    if scenario and not (callspec and "golive_vendor" in callspec.params):
        path = Path(feature_path.strip())
        source, name, kind = path.stem, f"{scenario.strip()} {suffix}".strip(), "scenario"
    else:
        source, name, kind = "fuzzing", item.name, "fuzz"
    return {
        "vendor": vendor_of(item),
        "ids": sorted(dict.fromkeys(m for m in markers if _ID.match(m)), key=_id_order),
        "tags": set(markers),
        "source": source,  # where its cassette lives, stable across checkouts
        "feature": source,  # replaced by the Gherkin Feature title when the scenario runs
        "name": name,
        "kind": kind,
    }


def _id_order(behaviour_id: str) -> tuple[str, int]:
    prefix, _, number = behaviour_id.partition("-")
    return prefix, int(number)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    run = _run(config)
    if run is None:
        return
    keep, drop = [], []
    for item in items:
        info = describe(item)
        if info["vendor"] is None:  # not a golive check (e.g. golive's own tests): untouched
            keep.append(item)
            continue
        item.stash[_CHECK] = info
        wanted = info["vendor"] in run.options.vendors
        if info["kind"] == "fuzz" and not run.options.fuzz:
            wanted = False
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    planned = sum(1 for item in items if _CHECK in item.stash)
    if planned:  # golive's own tests load the plugin too: they are no certification run
        run.started(planned)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "golive_vendor" in metafunc.fixturenames:
        metafunc.parametrize("golive_vendor", list(registry()))


def level_of(info: dict[str, Any]) -> Level:
    """FACT if any id is fact-level (an override beats @assumption), else ASSUMPTION."""
    behaviours = [catalogue.catalogue()[i] for i in info["ids"] if i in catalogue.catalogue()]
    overrides = {b.id for b in behaviours if b.level is Level.FACT and "implied" in b.basis.split("/")[0]}
    if "assumption" in info["tags"]:
        return Level.FACT if overrides else Level.ASSUMPTION
    return Level.FACT if any(b.level is Level.FACT for b in behaviours) else Level.ASSUMPTION


def requirement(info: dict[str, Any]) -> str:
    """Where a check can run: the strictest of its explicit tags and its ids' catalogue tags."""
    wheres = {catalogue.catalogue()[i].where for i in info["ids"] if i in catalogue.catalogue()}
    wheres |= {t for t in ("sandbox-only", "live-only", "destructive") if t in info["tags"]}
    for where in ("live-only", "sandbox-only", "destructive"):
        if where in wheres:
            return where
    return "sandbox+live"


@pytest.fixture
def target(request: pytest.FixtureRequest) -> Any:
    """The Target of the running check's vendor."""
    run = _run(request.config)
    info = request.node.stash.get(_CHECK, None)
    if run is None or info is None or info["vendor"] is None:
        pytest.fail("golive: this test has no vendor tag (e.g. @abs on its Feature line)")
    return run.target(info["vendor"])


@pytest.fixture(autouse=True)
def _golive_check(request: pytest.FixtureRequest) -> Iterator[None]:
    """Around every check: where it may run, a fresh sandbox, its cassette, its evidence."""
    run = _run(request.config)
    info = request.node.stash.get(_CHECK, None)
    if run is None or info is None or info["vendor"] is None:
        yield
        return
    with collecting() as evidence:
        info["evidence"] = evidence
        target = run.target(info["vendor"])
        reason = run.skip_reason(target, requirement(info))
        if reason:
            raise NotOnThisTarget(reason)
        with target.cassettes.use(info["source"], request.node.name):
            if target.controllable:
                target.reset()
            yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    run = _run(item.config)
    info = item.stash.get(_CHECK, None)
    if run is None or info is None or info["vendor"] is None:
        return report
    exc = call.excinfo.value if call.excinfo else None
    if call.when != "call" and exc is None:
        if call.when == "teardown" and "result" in info:
            info["notes"] = list(item.user_properties)  # record_property(): recorded, not judged
            run.finished(_check_result(info, item, run))
        return report
    if exc is None or isinstance(exc, pytest.skip.Exception | NotOnThisTarget):
        result = Result.SKIPPED if exc is not None else Result.PASSED
        message = _skip_message(exc) if exc is not None else ""
    else:
        result = result_for(exc, level_of(info))
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not isinstance(exc, AssertionError) and result is Result.ERROR and "golive" not in type(exc).__module__:
            message = f"{type(exc).__name__}: {message}"
    info.setdefault("result", result)
    info.setdefault("message", message)
    info["duration"] = info.get("duration", 0.0) + call.duration
    report.outcome = {Result.PASSED: "passed", Result.WARNING: "passed", Result.SKIPPED: "skipped"}.get(
        info["result"], "failed")
    if report.outcome == "skipped":
        report.longrepr = (str(item.path), item.location[1] or 0, info["message"])
    elif report.outcome == "failed" and call.excinfo is not None:
        report.longrepr = f"{info['result'].value}: {run.redact(info['message'])}"
    return report


def _skip_message(exc: BaseException) -> str:
    return str(getattr(exc, "msg", None) or exc)


def _check_result(info: dict[str, Any], item: pytest.Item, run: Run) -> CheckResult:
    return run.check_result(nodeid=item.nodeid, info=info, kind=info["kind"])


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    info = request.node.stash.get(_CHECK, None)
    if info is not None and feature.name:
        info["feature"] = feature.name


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any, exception: BaseException) -> None:
    info = request.node.stash.get(_CHECK, None)
    if info is not None and isinstance(exception, AssertionError):
        info.setdefault("step", f"{step.keyword} {step.name}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = _run(session.config)
    if run is None or not run.planned:
        return
    session.exitstatus = run.finish(datetime.now(UTC), time.perf_counter(), __version__)
