"""Every reach into a dependency's internals, in one place, version-gated.

Each function checks the seam it needs and raises :class:`SeamMissing` — naming the
package, its version and the attribute — when a release moved it, instead of silently
running without it. When a dependency gains a public way to do the same, delete the
function here.

- pytest-bdd 9: its step lookup scans every fixture of every vendor for each step run;
  :func:`index_step_lookup` answers from a per-module index instead.
- schemathesis 4: its capability probes hit the bare base URL; :func:`disable_schemathesis_probes`.
- hypothesis 6: it mixes literals of imported modules into generated data;
  :func:`no_local_constants` keeps a seed's data independent of what a process imported.
- concurrent.futures (before Python 3.14): no public way to stop a pool's busy processes;
  :func:`stop_worker_processes`. multiprocessing's spawn re-runs the parent's ``__main__``;
  :func:`spawning_without_main`.
"""
from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any

__all__ = ["SeamMissing", "disable_schemathesis_probes", "index_step_lookup", "no_local_constants",
           "spawning_without_main", "stop_worker_processes"]


class SeamMissing(RuntimeError):
    """A dependency no longer has the internal golive relies on."""


def _require(module: Any, distribution: str, major: int, *names: str) -> None:
    found = version(distribution)
    if int(found.split(".")[0]) != major:
        raise SeamMissing(f"golive.compat supports {distribution} {major}.x, found {found}")
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise SeamMissing(f"{distribution} {found} has no {module.__name__}.{missing[0]}: golive.compat needs updating")


# -- pytest-bdd -------------------------------------------------------------------------------------
_STEP_SEAM = ("find_fixturedefs_for_step", "get_fixture_names", "getfixturedefs", "step_function_context_registry")
_Lookup = Callable[..., Iterable[Any]]


def index_step_lookup() -> None:
    """Index pytest-bdd's step lookup, once per process.

    pytest-bdd 9 finds each step's definition by asking pytest, for every registered fixture
    name, which definitions the item can see: O(all fixtures of all vendors) per step. Step
    definitions are all registered while plugins, conftests and modules load, and afterwards
    pytest only adds plain fixtures on items; so the definitions an item's parent can see are
    listed once with pytest-bdd's own helpers, and each step is matched against that list
    (then remembered by its text). Injection, argument parsing and fixtures stay pytest-bdd's.
    """
    scenario = importlib.import_module("pytest_bdd.scenario")  # by attribute, the name is the decorator
    _require(scenario, "pytest-bdd", 9, *_STEP_SEAM)
    original = scenario.find_fixturedefs_for_step
    if not getattr(original, "indexed", False):
        indexed = _indexed_lookup(scenario)
        indexed.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(scenario, "find_fixturedefs_for_step", indexed)  # noqa: B010 - a module attribute, by name


def _indexed_lookup(scenario: Any) -> _Lookup:
    visible: dict[Any, list[tuple[Any, Any]]] = {}
    answers: dict[tuple[Any, str | None, str], tuple[Any, ...]] = {}

    def step_definitions(fixturemanager: Any, node: Any) -> list[tuple[Any, Any]]:
        found = []
        for name in scenario.get_fixture_names(fixturemanager):
            for fixturedef in scenario.getfixturedefs(fixturemanager, name, node) or ():
                context = scenario.step_function_context_registry.get(fixturedef.func)
                if context is not None:
                    found.append((fixturedef, context))
        return found

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> tuple[Any, ...]:
        # Step definitions live in plugins, conftests and modules, never on an item.
        key = (node.parent, step.type, step.name)
        if key not in answers:
            if node.parent not in visible:
                visible[node.parent] = step_definitions(fixturemanager, node)
            answers[key] = tuple(
                fixturedef for fixturedef, context in visible[node.parent]
                if (context.type is None or context.type == step.type) and context.parser.is_matching(step.name)
            )
        return answers[key]

    find_fixturedefs_for_step.indexed = True  # type: ignore[attr-defined]
    return find_fixturedefs_for_step


# -- schemathesis -----------------------------------------------------------------------------------
def disable_schemathesis_probes() -> None:
    """No capability probes: they send a NUL byte in a header and control bytes in the path to the
    bare base URL — outside every operation, noise for a live WAF, and nothing golive fuzzes needs."""
    probes = importlib.import_module("schemathesis.engine.run.probes")
    _require(probes, "schemathesis", 4, "PROBES")
    setattr(probes, "PROBES", ())  # noqa: B010


def authenticate(schema: Any, schemes: dict[str, dict[str, str]]) -> None:
    """Credentials per security scheme (``{"bearerToken": {"bearer": …}}``), as ``[auth.openapi.*]`` in a
    schemathesis.toml: what ``ignored_auth`` can leave out, unlike plain headers."""
    auth = importlib.import_module("schemathesis.config._auth")
    _require(auth, "schemathesis", 4, "AuthConfig")
    schema.config.auth = auth.AuthConfig(openapi=schemes)


def has_links(schema: Any) -> bool:
    """True when the contract declares OpenAPI links: the stateful phase has sequences to run."""
    document = schema.raw_schema
    inline = [response for item in (document.get("paths") or {}).values() for operation in item.values()
              if isinstance(operation, dict) for response in (operation.get("responses") or {}).values()]
    shared = list(((document.get("components") or {}).get("responses") or {}).values())
    return any(isinstance(response, dict) and "links" in response for response in inline + shared)


def credential_headers(operation: Any) -> set[str]:
    """The (lower-case) headers that carry an operation's credentials, by its security requirements."""
    return {str(p.name).lower() for p in operation.security.iter_parameters()
            if getattr(p.location, "value", p.location) == "header"}


def before_each_sequence(schema: Any, callback: Callable[[], None]) -> None:
    """Call ``callback`` before each stateful sequence (a fresh sandbox, interface.md §10), never between its
    calls: schemathesis builds one state machine class per run and one instance per sequence."""
    _require(schema, "schemathesis", 4, "build_state_machine")
    build = schema.build_state_machine

    def build_fresh(**kwargs: Any) -> Any:
        machine = build(**kwargs)

        class Fresh(machine):  # type: ignore[misc,valid-type]
            def __init__(self) -> None:
                callback()
                super().__init__()

        return Fresh

    schema.build_state_machine = build_fresh


# -- vcrpy ------------------------------------------------------------------------------------------
def record_only(cassette: Any) -> None:
    """A recording cassette (record mode "all") never plays back, but vcrpy asks first whether it could by
    matching the request against every interaction recorded so far: quadratic in a fuzzing run (measured:
    recording 850 fuzz cases took 4× the sandbox run). Answer what it would answer, at once."""
    _require(cassette, "vcrpy", 9, "can_play_response_for", "record_mode")
    if str(getattr(cassette.record_mode, "value", cassette.record_mode)) != "all":
        raise SeamMissing("golive.compat.record_only is for vcrpy's record mode 'all'")
    cassette.can_play_response_for = lambda request: False


# -- hypothesis -------------------------------------------------------------------------------------
@contextmanager
def no_local_constants() -> Iterator[None]:
    """Hypothesis mixes literals of every "local" module in ``sys.modules`` into its data: which
    golive modules a process had imported changed what a seed generated (measured)."""
    providers = importlib.import_module("hypothesis.internal.conjecture.providers")
    constants = importlib.import_module("hypothesis.internal.constants_ast")
    _require(providers, "hypothesis", 6, "_get_local_constants", "CONSTANTS_CACHE")
    _require(constants, "hypothesis", 6, "Constants")
    original = getattr(providers, "_get_local_constants")  # noqa: B009
    setattr(providers, "_get_local_constants", constants.Constants)  # noqa: B010
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        setattr(providers, "_get_local_constants", original)  # noqa: B010
        providers.CONSTANTS_CACHE.cache.clear()


# -- concurrent.futures (standard library) ----------------------------------------------------------
def stop_worker_processes(pool: Any) -> None:
    """Stop a ProcessPoolExecutor's processes now, mid-task: ``shutdown`` only lets them finish (and the
    interpreter waits for them at exit). Python 3.14 has ``terminate_workers``; before it, its processes."""
    if hasattr(pool, "terminate_workers"):
        pool.terminate_workers()
        return
    if not hasattr(pool, "_processes"):
        raise SeamMissing("concurrent.futures.ProcessPoolExecutor has no _processes: golive.compat needs updating")
    processes = list((pool._processes or {}).values())  # None once shut down
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 5  # join() may return before a process that was still starting is gone
    while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
        time.sleep(0.01)
    for process in processes:
        if process.is_alive():
            process.kill()


@contextmanager
def spawning_without_main() -> Iterator[None]:
    """Processes spawned here do not run the parent's ``__main__`` again (multiprocessing's spawn re-imports it,
    so a script calling golive without an ``if __name__ == "__main__"`` guard would start over in every
    worker): while they start, ``__main__`` names neither a module nor a file."""
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {name: main.__dict__[name] for name in ("__spec__", "__file__")
                             if main and name in main.__dict__}
    if main is not None:
        main.__spec__ = None
        main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
