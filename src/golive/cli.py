"""The command line: ``golive certify`` (a friendly front over pytest) and ``golive sandbox``."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import click

from golive import __version__, options
from golive.config import ConfigError
from golive.redact import redactor
from golive.vendors import registry

EXIT_USAGE = 2
# Checks raise their own messages, so pytest's assertion rewriting (a second compile of every plugin
# module on each run where bytecode is not cached) and these unused plugins only cost start-up time.
UNUSED_PLUGINS = ("--assert=plain", "-p", "no:schemathesis", "-p", "no:anyio", "-p", "no:hypothesispytest",
                   "-p", "no:xdist", "-p", "no:allure_pytest")


class _ShortLivedHeap:
    """A certification run is one short process: what start-up and collection built lives to the end.

    Frozen out of the cyclic collector, it is not traversed again by every full collection
    (a fifth of a replay run's time, and as much again at interpreter exit).
    """

    @staticmethod
    def pytest_collection_finish() -> None:
        gc.freeze()


def project_root() -> Path:
    """The folder holding features/, steps/ and contracts/ (the source checkout golive runs from)."""
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "features").is_dir() and (candidate / "conftest.py").is_file():
            return candidate
    raise click.UsageError("cannot find golive's features/ (run golive from its checkout)")


class _OneLineErrors(click.Group):
    """Usage and configuration errors: one line on stderr, exit 2, no traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("golive: aborted", err=True)
            sys.exit(EXIT_USAGE)
        except (click.ClickException, ConfigError) as exc:
            message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
            click.echo(f"golive: error: {' '.join(message.split())}", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="golive")
def main() -> None:
    """golive: is a vendor's partner API ready to go live?"""


def _vendor_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return [name for name in registry() if name.startswith(incomplete)]


def _behaviour_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from golive import catalogue

    return [i for i in catalogue.catalogue() if i.startswith(incomplete.upper())]


@main.command()
@click.option("--vendor", "vendors", multiple=True, shell_complete=_vendor_names,
              help="abs, otr, otto, tms (repeatable; default all)")
@click.option("--target", type=click.Choice(options.MODES), default="sandbox", show_default=True)
@click.option("--record", is_flag=True, help="with sandbox or live: also write cassettes")
@click.option("--sandbox-url", help="an external sandbox that speaks the control protocol")
@click.option("--config", "config_path", help="live targets (default: golive.toml if present)")
@click.option("--report-dir", default="reports", show_default=True, help="where the run folder is written")
@click.option("--cassette-dir", help="where cassettes are recorded / replayed  [default: cassettes]")
@click.option("--fuzz/--no-fuzz", default=None, help="schemathesis fuzzing of every operation  [default: on; off in "
              "a selection]")
@click.option("--fuzz-examples", type=int, default=options.DEFAULT_FUZZ_EXAMPLES, show_default=True,
              help="cases per operation")
@click.option("--seed", type=int, default=options.DEFAULT_SEED, show_default=True, help="reproducible data and fuzzing")
@click.option("--timeout", type=float, default=options.DEFAULT_TIMEOUT, show_default=True, help="seconds per request")
@click.option("--max-wait", type=float, default=0.0, show_default=True,
              help="live: wait out a vendor time window (token lifetime, rate window) this short or shorter")
@click.option("--include-destructive", is_flag=True, help="live: quota, account and e-mail checks too")
@click.option("--allow-production", is_flag=True, help="live: permit writes outside the vendor's test mechanism")
@click.option("--allure-html", is_flag=True, help="also build the Allure site (needs npm's allure, Allure 3)")
@click.option("--waivers", help="accepted deviations (interface.md §11)  [default: waivers.toml if present]")
@click.option("--behaviour", "behaviours", multiple=True, shell_complete=_behaviour_ids,
              help="only checks of this behaviour: ABS-63, a vendor prefix ABS, or a range ABS-60..ABS-65 (repeatable)")
@click.option("-k", "keyword", help="only checks matching this pytest -k expression")
@click.option("--last-failed", is_flag=True, help="rerun the FAILED, WARNING and ERROR checks of the previous run")
@click.option("--verbose", "-v", is_flag=True, help="a line per check (the default in CI or without a terminal)")
@click.option("--quiet", "-q", is_flag=True, help="only the verdict table, the report path and what needs attention")
@click.option("--sandbox-fault", "faults", multiple=True, hidden=True)  # test-only deliberate deviations
def certify(vendors: tuple[str, ...], target: str, record: bool, sandbox_url: str | None, config_path: str | None,
            report_dir: str, cassette_dir: str | None, fuzz: bool | None, fuzz_examples: int, seed: int,
            timeout: float, max_wait: float, include_destructive: bool, allow_production: bool, allure_html: bool,
            waivers: str | None, behaviours: tuple[str, ...], keyword: str | None, last_failed: bool,
            verbose: bool, quiet: bool, faults: tuple[str, ...]) -> None:
    """Certify vendors: Gherkin scenarios + schemathesis fuzzing, then the readiness report."""
    from golive.fuzz.ahead import FuzzAhead
    from golive.selection import last_failed as failed_before

    root = project_root()
    cwd = Path.cwd()
    if verbose and quiet:
        raise click.UsageError("--verbose and --quiet exclude each other")
    output = "lines" if verbose else ("quiet" if quiet else "auto")
    rerun: tuple[str, ...] = ()
    if last_failed:
        rerun, previous = failed_before(cwd / report_dir, target)
        if not rerun:
            where = f"the last {target} run ({previous})" if previous else f"no {target} run in {cwd / report_dir}"
            click.echo(f"golive: nothing to rerun: {where} had no FAILED, WARNING or ERROR check")
            sys.exit(0)
    config_path = str(cwd / config_path) if config_path else None
    checked = options.build(  # fail fast, in one line, before pytest starts
        root=root, mode=target, vendors=vendors, sandbox_url=sandbox_url, config=config_path,
        report_dir=str(cwd / report_dir), cassette_dir=str(cwd / cassette_dir) if cassette_dir else None,
        fuzz=fuzz, fuzz_examples=fuzz_examples, seed=seed, timeout=timeout, max_wait=max_wait, record=record,
        include_destructive=include_destructive, allow_production=allow_production, faults=faults,
        waivers=str(cwd / waivers) if waivers else None, cwd=cwd, output=output, behaviours=behaviours,
        keyword=keyword,
        last_failed=rerun)
    ahead = FuzzAhead.for_run(checked)  # its workers start importing while pytest loads
    import pytest

    # only the selected vendors' features are collected (and the fuzz check): collecting every vendor's
    # scenarios to deselect most of them cost a second per run
    places = [str(root / "features" / vendor) for vendor in checked.vendors]
    args = [*places, str(root / "features" / "test_fuzz.py"), f"--rootdir={root}", "-c", str(root / "pyproject.toml"),
            "-p", "no:terminal", "-p", "no:cacheprovider", "-W", "ignore", *UNUSED_PLUGINS,
            f"--target={target}", f"--report-dir={checked.report_dir}", f"--cassette-dir={checked.cassette_dir}",
            f"--fuzz-examples={fuzz_examples}", f"--seed={seed}", f"--timeout={timeout}", f"--max-wait={max_wait}",
            "--fuzz" if checked.fuzz else "--no-fuzz", f"--output={output}"]
    args += [f"--vendor={v}" for v in checked.vendors] + [f"--sandbox-fault={f}" for f in faults]
    if sandbox_url:
        args.append(f"--sandbox-url={sandbox_url}")
    if checked.config_path:
        args.append(f"--config={checked.config_path}")
    if checked.waivers_path:
        args.append(f"--waivers={checked.waivers_path}")
    args += [f"--behaviour={b}" for b in behaviours] + [f"--rerun={nodeid}" for nodeid in rerun]
    if keyword:
        args += ["-k", keyword]
    args += [flag for flag, on in (("--record", record), ("--include-destructive", include_destructive),
                                   ("--allow-production", allow_production)) if on]
    try:
        code = int(pytest.main(args, plugins=[_ShortLivedHeap(), *([ahead] if ahead else [])]))
    finally:
        if ahead is not None:
            ahead.close()
    gc.freeze()  # the process ends here: nothing left for the collector to find
    if allure_html and code in (0, 1, 2):
        _allure_site(checked.report_dir / "latest")
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.INTERRUPTED):
        code = EXIT_USAGE
    elif code == pytest.ExitCode.NO_TESTS_COLLECTED:
        what = "the selection matches no check" if checked.selection.partial else \
            "no checks were collected for the selected vendors"
        click.echo(f"golive: error: {what}", err=True)
        code = EXIT_USAGE
    sys.exit(code)


def _allure_site(run: Path) -> None:
    """Build ``allure-report/`` beside ``allure-results/`` with npm's Allure 3, where it is installed."""
    allure = shutil.which("allure")
    if allure is None:
        click.echo("golive: --allure-html: npm's allure is not installed (npm install -g allure); "
                   "allure-results/ is written all the same", err=True)
        return
    done = subprocess.run([allure, "generate", str(run / "allure-results"), "--output", str(run / "allure-report")],
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        click.echo(f"golive: --allure-html: allure generate failed: {(done.stderr or done.stdout).strip()[-300:]}",
                   err=True)
        return
    click.echo(f"Allure site: {run.resolve() / 'allure-report' / 'index.html'}")


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="default: a free port")
def sandbox(port: int) -> None:
    """Serve every embedded sandbox on 127.0.0.1 until stopped (Ctrl-C)."""
    from golive.sandbox import SandboxServer

    faults = [f for f in os.environ.get("GOLIVE_SANDBOX_FAULTS", "").split(",") if f]
    sandboxes = [spec.sandbox(faults=frozenset(f.split(":", 1)[1] for f in faults if f.startswith(f"{name}:")))
                 for name, spec in registry().items()]
    try:
        server = SandboxServer(sandboxes, port=port).start()
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    click.echo(f"golive sandbox on {server.url} (Ctrl-C to stop)")
    for sb in sandboxes:
        base = server.base_url(sb.name)
        shown = json.dumps(redactor.data(sb.credentials()))  # secrets stay off the terminal
        click.echo(f"  {sb.name:5} {base}\n        credentials {shown}\n"
                   f"        (full values: GET {base}/_sandbox/credentials)")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.stop()


@main.command()
@click.argument("run_dir", required=False, default="reports/latest", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="the zip to write  [default: RUN_DIR.zip]")
@click.option("--expires-days", type=click.IntRange(min=0), default=90, show_default=True)
def package(run_dir: Path, out: Path | None, expires_days: int) -> None:
    """Zip a run's reports, cassettes, contracts and features with a manifest of SHA-256s."""
    from golive import package as evidence
    from golive.diff import Unreadable

    folder = run_dir.resolve()
    try:
        written = evidence.build(folder, out or folder.with_name(folder.name + ".zip"), expires_days)
    except Unreadable as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(str(written))


@main.command()
@click.argument("package_path", metavar="PACKAGE", type=click.Path(path_type=Path))
def verify(package_path: Path) -> None:
    """Check an evidence package: every file matches its manifest, none missing or extra, not expired."""
    from golive import package as evidence
    from golive.diff import Unreadable

    try:
        found = evidence.verify(package_path)
    except Unreadable as exc:
        raise click.ClickException(str(exc)) from None
    for problem in found.problems:
        click.echo(f"golive verify: {problem}", err=True)
    if not found.ok:
        sys.exit(1)
    click.echo(f"{package_path}: verified")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the diff as JSON")
def diff(old: Path, new: Path, as_json: bool) -> None:
    """What changed from OLD to NEW (run folders or packages); exit 1 on a regression."""
    from golive import diff as run_diff

    try:
        changes = run_diff.compare(run_diff.read_run(old), run_diff.read_run(new), str(old), str(new))
    except run_diff.Unreadable as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(changes.to_dict(), indent=2))
    else:
        click.echo(f"{old} -> {new}")
        for line in changes.lines():
            click.echo(f"  {line}")
    sys.exit(1 if changes.regressions else 0)


@main.command(name="list")
@click.option("--vendor", "vendors", multiple=True, shell_complete=_vendor_names, help="only this vendor (repeatable)")
@click.option("--json", "as_json", is_flag=True, help="print the list as JSON")
def list_behaviours(vendors: tuple[str, ...], as_json: bool) -> None:
    """Every catalogue behaviour: id, rule, basis and level, where it runs, and how many checks carry it."""
    from golive import catalogue
    from golive.explain import listing

    known = list(dict.fromkeys(b.vendor for b in catalogue.catalogue().values()))  # every vendor of the catalogue
    for name in vendors:
        if name not in known:
            raise click.UsageError(f"--vendor {name}: unknown vendor (known: {', '.join(known)})")
    rows = listing(project_root() / "features", list(vendors) or list(known))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['id']:<8} {row['tag']:<15} {row['checks']:>3} checks  {row['basis']} · {row['level']}")
        click.echo(f"         {row['rule']}")


@main.command()
@click.argument("behaviour_id", metavar="ID", shell_complete=_behaviour_ids)
@click.option("--report-dir", default="reports", show_default=True, help="where to look for the latest run")
def explain(behaviour_id: str, report_dir: str) -> None:
    """What a behaviour demands, the vendor's sentence, the resolutions it cites, its checks and latest result."""
    from golive import catalogue
    from golive.explain import explanation

    wanted = behaviour_id.upper()
    if wanted not in catalogue.catalogue():
        raise click.UsageError(f"{behaviour_id}: no such behaviour in the catalogue (golive list shows them)")
    click.echo(explanation(wanted, project_root(), Path.cwd() / report_dir))
