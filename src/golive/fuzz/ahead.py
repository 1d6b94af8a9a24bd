"""Fuzzing ahead: a run's fuzz checks computed in worker processes while its scenarios run.

Only where nothing is shared with the scenarios: the embedded sandbox (each worker serves its own, with the
run's faults, and resets it before each operation and sequence as the check would) and replay (each worker
re-judges the recording). Live, an external sandbox and a recording run fuzz inside the check, in order.

A vendor is split into shares — every count-th operation in the unit phases, and the stateful sequences —
that run in any order on any worker: each share is seeded and starts from a reset vendor, so
:func:`merge` gives exactly the report one process would have made.
"""
from __future__ import annotations

import importlib
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TYPE_CHECKING

from golive import compat
from golive.fuzz import PHASES, fuzz_vendor
from golive.options import RunOptions
from golive.report.model import FuzzReport
from golive.targets import Target
from golive.verdict import NoConclusion

if TYPE_CHECKING:
    from golive.sandbox import SandboxServer

MAX_WORKERS = 2  # beside the scenarios' own process: more only fight over the cores the run has
_NICENESS = 5
FEATURE = "fuzzing"  # the fuzz check's feature: where its cassette lives


@dataclass(frozen=True)
class Share:
    """One piece of a vendor's fuzzing."""

    vendor: str
    node: str  # the fuzz check's name: its recording's file name in replay
    phases: tuple[str, ...]
    share: tuple[int, int] = (0, 1)


def shares(vendor: str, node: str, workers: int) -> list[Share]:
    """A vendor's fuzzing in pieces: the unit phases split over the workers, then the stateful sequences."""
    unit = tuple(p for p in PHASES if p != "stateful")
    return [*(Share(vendor, node, unit, (i, workers)) for i in range(workers)), Share(vendor, node, ("stateful",))]


def workers_for(options: RunOptions) -> int:
    """How many processes fuzz ahead for this run: none where fuzzing must share the target or its recording, or
    on a single core; one for a replay (re-judging a recording is cheap: the worker mostly imports schemathesis);
    never more than ``GOLIVE_FUZZ_WORKERS`` says (0: each fuzz check fuzzes in order, in the run's process)."""
    cores = os.cpu_count() or 1
    if cores < 2 or options.mode == "live" or options.record or (options.mode == "sandbox" and options.sandbox_url):
        return 0
    chosen = 1 if options.mode == "replay" else min(MAX_WORKERS, cores)
    return chosen if options.fuzz_workers is None else min(chosen, options.fuzz_workers)  # GOLIVE_FUZZ_WORKERS


class FuzzAhead:
    """Worker processes that fuzz a run's vendors while its scenarios run; :meth:`report` waits for one.

    Started as early as the run's options are known (``golive certify`` does it before pytest loads), so
    that the workers' imports overlap the run's own; :meth:`start` hands them the selected fuzz checks.
    """

    def __init__(self, mode: str, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                         initializer=_prepare_worker, initargs=(mode,))
        with compat.spawning_without_main():  # the workers need nothing of the script that started golive
            for _ in range(workers):
                self._pool.submit(_ready)  # a process per worker, now: the pool starts one per pending task
        self._futures: dict[str, list[Future[FuzzReport]]] = {}

    @classmethod
    def for_run(cls, options: RunOptions) -> FuzzAhead | None:
        """Workers for a run that fuzzes and allows them (:func:`workers_for`), else None."""
        workers = workers_for(options) if options.fuzz else 0
        return cls(options.mode, workers) if workers else None

    def start(self, options: RunOptions, checks: dict[str, str]) -> None:
        """Fuzz these vendors (vendor → its fuzz check's name): replay re-judges a recording, one piece each."""
        for vendor, node in checks.items():
            pieces = shares(vendor, node, self.workers) if options.mode == "sandbox" else [Share(vendor, node, PHASES)]
            self._futures[vendor] = [self._pool.submit(_fuzz_share, options, piece) for piece in pieces]

    def report(self, vendor: str) -> FuzzReport | None:
        """The vendor's merged report (its error re-raised), or None when it is not fuzzed ahead."""
        futures = self._futures.pop(vendor, None)
        if futures is None:
            return None
        try:
            return merge([future.result() for future in futures])
        except BrokenProcessPool as exc:
            raise NoConclusion(f"the fuzzing worker process stopped: {exc}") from None

    def close(self) -> None:
        """Stop the workers, busy or not: whatever was not asked for is dropped."""
        compat.stop_worker_processes(self._pool)


def merge(parts: list[FuzzReport]) -> FuzzReport:
    """The shares' reports as one, in the order one process would have folded them: the unit phases operation by
    operation, then the stateful sequences; a finding kept once per operation, check, message and status."""
    first = parts[0]
    labels = list(first.cases_per_operation)  # every share starts from every operation, in the contract's order
    merged = FuzzReport(seed=first.seed, checks=first.checks, cases_per_operation=dict.fromkeys(labels, 0),
                        status_codes={label: [] for label in labels})
    for part in parts:
        for label, cases in part.cases_per_operation.items():
            merged.cases_per_operation[label] = merged.cases_per_operation.get(label, 0) + cases
        for label, codes in part.status_codes.items():
            merged.status_codes[label] = sorted({*merged.status_codes.get(label, []), *codes})
        for label, figures in part.phases.items():
            merged.phases.setdefault(label, {}).update(figures)  # shares never run one operation in one phase twice
        merged.duration += part.duration
    order = {label: index for index, label in enumerate(labels)}
    found = sorted((f for part in parts for f in part.failures),
                   key=lambda f: (f.phase == "stateful", order.get(f.operation, len(order))))
    kept: set[tuple[str, str, str, int | None]] = set()
    for finding in found:
        if (key := (finding.operation, finding.check, finding.message, finding.status)) not in kept:
            kept.add(key)
            merged.failures.append(finding)
    rank = {phase: index for index, phase in enumerate(PHASES)}
    for label in merged.phases:
        merged.phases[label] = dict(sorted(merged.phases[label].items(), key=lambda item: rank.get(item[0], len(rank))))
    merged.operations = len(merged.cases_per_operation)
    merged.cases = sum(merged.cases_per_operation.values())
    merged.duration = round(merged.duration, 3)
    return merged


# -- in the worker process ------------------------------------------------------------------
_targets: dict[str, Target] = {}  # the worker's own, for the rest of the run
_sandboxes: list[SandboxServer] = []  # theirs, held (and serving) as long as the worker lives


def _prepare_worker(mode: str) -> None:
    """Ctrl-C is the run's to handle (it stops its workers); the scenarios' process goes first for the cores
    (it holds the run's critical path: the hang, the reports); what every share needs is imported at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(_NICENESS)
    importlib.import_module("golive.fuzz._rejudge" if mode == "replay" else "golive.fuzz._engine")
    if mode == "sandbox":
        importlib.import_module("golive.sandbox")


def _ready() -> None:
    """Nothing: the worker is up once its initializer has run."""


def _fuzz_share(options: RunOptions, piece: Share) -> FuzzReport:
    target = _target(options, piece.vendor)
    with target.cassettes.use(FEATURE, piece.node):  # replay: what the plan itself asks (otto's server probe)
        return fuzz_vendor(target, seed=options.seed, examples=target.fuzz_examples, phases=piece.phases,
                           share=piece.share, recording=target.cassettes.path(FEATURE, piece.node))


def _target(options: RunOptions, vendor: str) -> Target:
    """This worker's target for the vendor: in sandbox mode its own embedded sandbox, with the run's faults."""
    from golive.targets import open_target
    from golive.vendors import registry

    if vendor not in _targets:
        url = None
        if options.mode == "sandbox":  # replay needs no sandbox, nor the run's modules
            from golive.run import embedded_sandboxes
            from golive.sandbox import SandboxServer

            _sandboxes.append(SandboxServer(embedded_sandboxes(options, (vendor,))).start())
            url = _sandboxes[-1].url
        _targets[vendor] = open_target(registry()[vendor], options, url, "ahead")
    return _targets[vendor]
