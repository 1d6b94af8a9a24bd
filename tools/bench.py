"""golive's benchmark (`make bench`; not a test). Prints a markdown table.

Targets are in reference seconds: a wall time divided by the factor of
`../shared/tools/calibrate.py` (machines here differ up to 3x); both are printed.

1. wall time of `golive certify --vendor V` against the embedded sandbox, fuzzing on, for each registered
   vendor, and of all of them together
2. wall time of the same with `--target replay`, from a fresh recording
3. schemathesis cases/s inside golive (`golive.fuzz.fuzz_vendor`) against an embedded sandbox,
   vs a bare `st run` of the same contract against the same sandbox                     (≥ 0.9×)
4. what each fuzzing phase (examples, coverage, fuzzing, stateful) costs, per vendor

The bare run gets golive's configuration (every phase, golive's checks, the plan's pinned
path parameters, no hypothesis database, no schemathesis cache) so that only the wrapper differs;
`st run` exactly as one would type it (all phases, generated company) is shown for information.
Its time is the engine's own (schema loading + running time from its NDJSON report), so the
interpreter start-up of the subprocess is not held against it.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
CALIBRATE = ROOT.parent / "shared" / "tools" / "calibrate.py"
# reference seconds: (sandbox with fuzzing, replay) per vendor, and for the whole run
TARGETS: dict[str, tuple[float, float]] = {"abs": (10.0, 2.0), "otr": (4.0, 1.0), "otto": (5.0, 1.0),
                                           "tms": (5.0, 1.0), "all": (15.0, 3.0)}
RATIO = 0.9
sys.path.insert(0, str(ROOT / "src"))


def calibration() -> float:
    """This machine's factor against the reference machine (1.0 when calibrate.py is not beside the checkout)."""
    if not CALIBRATE.exists():
        return 1.0
    done = subprocess.run([sys.executable, str(CALIBRATE), "--factor"], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, exit status and the last output line of a subprocess."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "120"})
    elapsed = time.perf_counter() - started
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return elapsed, done.returncode, lines[-1] if lines else ""


def _row(label: str, runs: list[tuple[float, int, str]], limit: float, factor: float, extra: str = "") -> tuple[
        str, str, str, str]:
    wall = statistics.median(r[0] for r in runs)
    reference = wall / factor
    codes = sorted({r[1] for r in runs})
    status = f"exit {codes}" + (f": {runs[-1][2][:80]}" if codes != [0] else "")
    return (label, f"{wall:.2f} s wall = {reference:.2f} ref s (median of {len(runs)}, {status}{extra})",
            f"≤ {limit:g} ref s", "✅" if reference <= limit and codes == [0] else "❌")


def certify_rows(work: Path, repeat: int, examples: int, vendors: list[str], factor: float) -> list[tuple[str, ...]]:
    golive = str(BIN / "golive")
    rows: list[tuple[str, ...]] = []
    for vendor in [*vendors, "all"]:
        selected = [] if vendor == "all" else ["--vendor", vendor]
        name = "all vendors" if vendor == "all" else f"--vendor {vendor}"
        common = [*selected, "--fuzz-examples", str(examples), "--report-dir", str(work / "reports")]
        cassettes = ["--cassette-dir", str(work / f"cassettes-{vendor}")]
        sandbox = [timed([golive, "certify", *common], work) for _ in range(repeat)]
        recorded = timed([golive, "certify", *common, *cassettes, "--record"], work)
        replay = [timed([golive, "certify", *common, *cassettes, "--target", "replay"], work) for _ in range(repeat)]
        sandbox_limit, replay_limit = TARGETS[vendor]
        rows.append(_row(f"`golive certify {name}` (sandbox, fuzzing)", sandbox, sandbox_limit, factor))
        rows.append(_row(f"`golive certify {name} --target replay`", replay, replay_limit, factor,
                         f"; recording run {recorded[0]:.1f} s"))
    return rows


def round_trip_ms(url: str) -> float:
    """One POST with a small body to the sandbox, as schemathesis sends them (diagnostic)."""
    import httpx

    with httpx.Client() as client:
        client.post(f"{url}/abs/v2/partners/x", json={})
        started = time.perf_counter()
        for _ in range(10):
            client.post(f"{url}/abs/v2/partners/x", json={})
        return (time.perf_counter() - started) * 100


def bare_st(args: list[str], work: Path, config: dict[str, Any]) -> tuple[int, float, float]:
    """A subprocess `st run`: (cases, engine seconds incl. schema loading, wall seconds)."""
    toml = work / "schemathesis.toml"
    toml.write_text("".join(f"[{table}]\n" + "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in items.items())
                            + "\n" for table, items in config.items()), "utf-8")
    report = work / "st.ndjson"
    wall, _, _ = timed([str(BIN / "st"), "--config-file", str(toml), "run", *args,
                        "--report", "ndjson", "--report-ndjson-path", str(report)], work)
    cases, seconds = 0, 0.0
    for line in report.read_text("utf-8").splitlines():
        event = json.loads(line)
        if "LoadingFinished" in event:
            seconds += event["LoadingFinished"]["duration"]
        elif "ScenarioFinished" in event and event["ScenarioFinished"]["phase"] != "auth_bootstrap":
            cases += len((event["ScenarioFinished"].get("recorder") or {}).get("cases") or {})
        elif "EngineFinished" in event:
            seconds += event["EngineFinished"]["running_time"]
    return cases, seconds, wall


def fuzz_rows(work: Path, repeat: int, examples: int, seed: int) -> list[tuple[str, str, str, str]]:
    from golive.fuzz import CHECKS, PHASES, fuzz_vendor
    from golive.options import RunOptions
    from golive.redact import redactor
    from golive.sandbox import SandboxServer
    from golive.targets import open_target
    from golive.vendors import registry
    from golive.vendors.abs.sandbox import AbsSandbox

    server = SandboxServer([AbsSandbox()])
    nodelay = server._socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    shipped = server.start()
    shipped_ms = round_trip_ms(shipped.url)
    shipped.stop()
    server = SandboxServer([AbsSandbox()])
    server._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # measure the engines, never Nagle
    server.start()
    logging.getLogger("uvicorn.error").setLevel(logging.ERROR)  # st's NUL-byte probe is logged as invalid
    try:
        target = open_target(registry()["abs"], RunOptions(root=ROOT, vendors=("abs",)), server.url, "bench")
        fuzz_vendor(target, seed=seed, examples=5)  # warm-up: imports, schema compilation
        runs = [fuzz_vendor(target, seed=seed, examples=examples) for _ in range(repeat)]
        golive = statistics.median(r.cases / r.duration for r in runs)
        plan = target.spec.fuzz_plan(target)
        auth = next(v for k, v in plan.headers.items() if k.lower() == "authorization")
        common = [str(ROOT / target.spec.contract), "--url", target.http.base_url, "--seed", str(seed),
                  "--max-examples", str(examples), "-H", f"Authorization: {auth}"]
        same = {"cache": {"enabled": False}, "generation": {"database": "none"},
                "parameters": {f"path.{k}": v for k, v in plan.path_parameters.items()}}
        same["phases.coverage"] = {"unexpected-methods": []}  # golive never sends methods the contract lacks
        pinned = [bare_st([*common, "--phases", ",".join(PHASES), "--checks", ",".join(CHECKS)], work, same)
                  for _ in range(repeat)]
        bare = statistics.median(c / s for c, s, _ in pinned)
        typed = bare_st(common, work, {"cache": {"enabled": False}})
    finally:
        server.stop()
    ratio = golive / bare if bare else 0.0
    shown = redactor.text(f"st run {target.spec.contract} --url <sandbox>/{target.name} --seed {seed} "
                          f"--max-examples {examples} -H 'Authorization: Bearer …'")
    return [
        (f"golive fuzz: `fuzz_vendor`, {examples} examples/operation", f"{golive:.0f} cases/s "
         f"({runs[-1].cases} cases in {runs[-1].duration:.2f} s)", "", ""),
        ("bare `st run`, golive's configuration", f"{bare:.0f} cases/s ({pinned[-1][0]} cases in {pinned[-1][1]:.2f} s "
         f"engine, {pinned[-1][2]:.2f} s wall)", "", ""),
        ("golive ÷ bare", f"{ratio:.2f}×", f"≥ {RATIO}×", "✅" if ratio >= RATIO else "❌"),
        (f"bare `{shown}` (as typed: all phases)", f"{typed[0] / typed[1]:.0f} cases/s ({typed[0]} cases, "
         f"{typed[1]:.2f} s engine)", "info", ""),
        ("sandbox round trip, POST with a body, as shipped", f"{shipped_ms:.1f} ms (TCP_NODELAY on the listening "
         f"socket: {'yes' if nodelay else 'no'})", "info", ""),
    ]


def phase_rows(seed: int, examples: int, vendors: list[str]) -> list[tuple[str, str, str, str]]:
    """What each fuzzing phase costs, per vendor, against its embedded sandbox (in-process, after a warm-up)."""
    from golive.fuzz import PHASES, fuzz_vendor
    from golive.options import RunOptions
    from golive.sandbox import SandboxServer
    from golive.targets import open_target
    from golive.vendors import registry

    rows = []
    for name in vendors:
        spec = registry()[name]
        with SandboxServer([spec.sandbox()]) as server:
            target = open_target(spec, RunOptions(root=ROOT, vendors=(name,)), server.url, "bench")
            fuzz_vendor(target, seed=seed, examples=2, phases=("fuzzing",))  # warm-up
            parts = []
            for phase in PHASES:
                report = fuzz_vendor(target, seed=seed, examples=examples, phases=(phase,))
                parts.append(f"{phase} {report.cases} in {report.duration:.2f} s")
            target.close()
        rows.append((f"fuzzing phases, {name} ({examples} examples/operation)", " · ".join(parts), "info", ""))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20, help="fuzz examples per operation (golive's default, 20)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--no-cli", action="store_true", help="skip the `golive certify` wall times")
    parser.add_argument("--vendor", action="append", help="only these vendors' certify rows (default: every one)")
    args = parser.parse_args()
    from golive.vendors import registry

    vendors = args.vendor or list(registry())
    factor = calibration()
    work = Path(tempfile.mkdtemp(prefix="golive-bench-"))
    try:
        rows = [] if args.no_cli else certify_rows(work, args.repeat, args.examples, vendors, factor)
        rows += fuzz_rows(work, args.repeat, args.examples, args.seed)
        rows += phase_rows(args.seed, args.examples, vendors)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n## golive benchmark ({os.cpu_count()} CPUs, seed {args.seed}, calibration factor {factor:.2f}: "
          "ref s = wall s ÷ factor)\n")
    print("| measurement | result | target | |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if any(row[3] == "❌" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
