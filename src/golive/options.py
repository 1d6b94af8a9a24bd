"""Run options, validated once for the CLI and the pytest plugin alike (ConfigError: one line)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from golive.config import ConfigError, LiveSettings, resolve
from golive.config import load as load_config
from golive.selection import Selection, behaviour_ids
from golive.vendors import registry
from golive.waivers import Waiver
from golive.waivers import load as load_waivers

MODES = ("sandbox", "live", "replay")
DEFAULT_SEED = 20261123
DEFAULT_FUZZ_EXAMPLES = 20  # per operation in the fuzzing phase; coverage adds the boundary cases, stateful the links
DEFAULT_TIMEOUT = 10.0
FUZZ_WORKERS_ENV = "GOLIVE_FUZZ_WORKERS"  # how many processes may fuzz ahead (0: each fuzz check fuzzes in order)


@dataclass(frozen=True)
class RunOptions:
    """What the user asked for, validated."""

    mode: str = "sandbox"
    vendors: tuple[str, ...] = ()
    sandbox_url: str | None = None
    config_path: Path | None = None
    report_dir: Path = Path("reports")
    cassette_dir: Path = Path("cassettes")
    fuzz: bool = True
    fuzz_examples: int = DEFAULT_FUZZ_EXAMPLES
    seed: int = DEFAULT_SEED
    timeout: float = DEFAULT_TIMEOUT
    max_wait: float = 0.0
    record: bool = False
    include_destructive: bool = False
    allow_production: bool = False
    faults: frozenset[str] = frozenset()
    root: Path = Path(".")  # the checkout: features/, contracts/
    live: dict[str, LiveSettings] = field(default_factory=dict)  # resolved [vendors.*] of golive.toml
    waivers: list[Waiver] = field(default_factory=list)  # accepted deviations (interface.md §11)
    waivers_path: Path | None = None
    selection: Selection = field(default_factory=Selection)  # empty: the whole certification
    output: str = "auto"  # the terminal: "live" (TTY), "lines" (CI, --verbose), "quiet", "auto" to choose
    fuzz_workers: int | None = None  # at most this many fuzzing-ahead processes; None: golive.fuzz.ahead chooses

    @property
    def cassette_mode(self) -> str:
        return "replay" if self.mode == "replay" else ("record" if self.record else "off")


def build(*, root: Path, mode: str = "sandbox", vendors: tuple[str, ...] = (), sandbox_url: str | None = None,
          config: str | None = None, report_dir: str = "reports", cassette_dir: str | None = None,
          fuzz: bool | None = None, fuzz_examples: int = DEFAULT_FUZZ_EXAMPLES, seed: int = DEFAULT_SEED,
          timeout: float = DEFAULT_TIMEOUT, max_wait: float = 0.0, record: bool = False,
          include_destructive: bool = False, allow_production: bool = False,
          faults: tuple[str, ...] = (), waivers: str | None = None, cwd: Path | None = None,
          output: str = "auto", behaviours: tuple[str, ...] = (), keyword: str | None = None,
          last_failed: tuple[str, ...] = ()) -> RunOptions:
    """Validate what the user asked for; relative paths are taken from ``root``.

    ``fuzz`` None: on for a whole certification, off for a selection (``last_failed`` reruns it when it
    was among the checks to rerun).
    """
    known = registry()
    selected = tuple(dict.fromkeys(vendors)) or tuple(known)
    for name in selected:
        if name not in known:
            raise ConfigError(f"--vendor {name}: unknown vendor (known: {', '.join(known)})")
    selection = Selection(behaviour_ids(behaviours), keyword, last_failed)
    if selection.partial:  # a selection narrows the vendors to those it names
        named = {i.split("-")[0].lower() for i in selection.behaviours} | {
            vendor for vendor in known for nodeid in last_failed if f"/{vendor}/" in nodeid or f"[{vendor}]" in nodeid}
        if named:
            selected = tuple(v for v in selected if v in named)
        if not selected:
            raise ConfigError("the selection names no vendor among --vendor " + ", ".join(vendors))
    if fuzz is None:
        fuzz = not selection.partial or any("test_fuzz" in nodeid for nodeid in last_failed)
    if mode not in MODES:
        raise ConfigError(f"--target {mode}: unknown mode (sandbox, live or replay)")
    if sandbox_url and mode != "sandbox":
        raise ConfigError("--sandbox-url goes with --target sandbox")
    if sandbox_url and not sandbox_url.startswith(("http://", "https://")):
        raise ConfigError(f"--sandbox-url {sandbox_url}: not an http(s) URL")
    if record and mode == "replay":
        raise ConfigError("--record goes with --target sandbox or live, not replay")
    if fuzz_examples < 1:
        raise ConfigError("--fuzz-examples must be at least 1")
    if timeout <= 0:
        raise ConfigError("--timeout must be positive")
    if max_wait < 0:
        raise ConfigError("--max-wait must be 0 or more seconds")
    for fault in faults:
        vendor, _, name = fault.partition(":")
        if vendor not in known or (name not in known[vendor].faults and name not in known[vendor].variants):
            raise ConfigError(f"--sandbox-fault {fault}: unknown (use vendor:fault or vendor:variant)")
    _writable(root / report_dir, "--report-dir")
    if record:
        _writable(root / (cassette_dir or "cassettes"), "--cassette-dir")
    config_path = root / config if config else None
    if config_path is None and (root / "golive.toml").exists():
        config_path = root / "golive.toml"
    live: dict[str, LiveSettings] = {}
    if mode == "live":
        if config_path is None:
            raise ConfigError("--target live needs a golive.toml (or --config PATH)")
        tables = load_config(config_path)
        for name in tables:
            if name not in known:
                raise ConfigError(f"{config_path}: [vendors.{name}]: unknown vendor")
        if vendors:
            missing = [v for v in selected if v not in tables]
            if missing:
                raise ConfigError(f"{config_path}: no [vendors.{missing[0]}] table for --vendor {missing[0]}")
        selected = tuple(v for v in selected if v in tables)
        live = {name: resolve(known[name], tables[name]) for name in selected}
        if not selected:
            raise ConfigError(f"{config_path}: no [vendors.<name>] table: nothing to certify live")
    workers = os.environ.get(FUZZ_WORKERS_ENV, "").strip()
    if workers and not workers.isdigit():
        raise ConfigError(f"{FUZZ_WORKERS_ENV}={workers}: not a whole number of processes (0 fuzzes in order)")
    waivers_path = Path(waivers) if waivers else None
    if waivers_path is None and ((cwd or Path.cwd()) / "waivers.toml").exists():
        waivers_path = (cwd or Path.cwd()) / "waivers.toml"
    accepted = load_waivers(waivers_path, set(known)) if waivers_path else []
    return RunOptions(
        mode=mode, vendors=selected, sandbox_url=sandbox_url.rstrip("/") if sandbox_url else None,
        config_path=config_path, report_dir=root / report_dir, cassette_dir=root / (cassette_dir or "cassettes"),
        fuzz=fuzz, fuzz_examples=fuzz_examples, seed=seed, timeout=timeout, max_wait=max_wait, record=record,
        include_destructive=include_destructive, allow_production=allow_production, faults=frozenset(faults),
        root=root, live=live, waivers=accepted, waivers_path=waivers_path, selection=selection, output=output,
        fuzz_workers=int(workers) if workers else None,
    )


def _writable(folder: Path, option: str) -> None:
    """Fail before the run, not after it, when its output cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{option} {folder}: cannot create it ({exc.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise ConfigError(f"{option} {folder}: not writable")
