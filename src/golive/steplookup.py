"""pytest-bdd's step lookup, indexed.

pytest-bdd 9 finds the definition of every step it runs by asking pytest, for every registered
fixture name, which definitions the item can see — each step costs O(all fixtures of all vendors),
most of a replay run. Step definitions are all registered while plugins and modules load, before
the first check, and afterwards pytest only adds plain fixtures (``target_fixture`` values, on the
item). So the step definitions an item's parent can see are listed once, with pytest-bdd's own
helpers, and each step is matched against that list only (then remembered by its text).
Injection, argument parsing and fixtures stay pytest-bdd's.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

# By attribute, ``pytest_bdd.scenario`` is the decorator function; the module is what we need.
_scenario = importlib.import_module("pytest_bdd.scenario")

_Lookup = Callable[..., Iterable[Any]]
_SEAM = ("find_fixturedefs_for_step", "get_fixture_names", "getfixturedefs", "step_function_context_registry")


def install() -> bool:
    """Index pytest-bdd's step lookup once per process; False if pytest-bdd lacks the seam."""
    if not all(hasattr(_scenario, name) for name in _SEAM):
        return False
    original = _scenario.find_fixturedefs_for_step
    if not getattr(original, "indexed", False):
        _scenario.find_fixturedefs_for_step = indexed_lookup()
        _scenario.find_fixturedefs_for_step.__wrapped__ = original  # type: ignore[attr-defined]
    return True


def indexed_lookup() -> _Lookup:
    """A drop-in ``find_fixturedefs_for_step`` answering from per-parent indexes."""
    visible: dict[Any, list[tuple[Any, Any]]] = {}
    answers: dict[tuple[Any, str | None, str], tuple[Any, ...]] = {}

    def step_definitions(fixturemanager: Any, node: Any) -> list[tuple[Any, Any]]:
        found = []
        for name in _scenario.get_fixture_names(fixturemanager):
            for fixturedef in _scenario.getfixturedefs(fixturemanager, name, node) or ():
                context = _scenario.step_function_context_registry.get(fixturedef.func)
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
