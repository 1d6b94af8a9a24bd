"""golive.types is the vendor contract: it depends on no golive module, and golive's modules form no import cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import golive
from golive import types
from golive.vendors import registry

SRC = Path(golive.__file__).parent


def _runtime_imports(path: Path) -> set[str]:
    """golive modules a module imports when it is loaded (not under TYPE_CHECKING, not inside functions)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("golive"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (SRC / Path(*node.module.split(".")[1:]) / f"{alias.name}.py").exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("golive"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {name: {m for m in _runtime_imports(path) if m in modules and m != name} for name, path in modules.items()}


def test_the_vendor_contract_imports_no_golive_module() -> None:
    assert _runtime_imports(Path(types.__file__)) == set()


def test_golive_modules_import_each_other_without_a_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path[path.index(name):], name))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    for name in ("golive.config", "golive.options", "golive.targets", "golive.vendors"):
        assert name in graph


def test_every_vendor_declares_itself_with_the_typed_contract() -> None:
    for name, spec in registry().items():
        assert isinstance(spec, types.VendorSpec) and spec.name == name
        assert all(isinstance(fault, types.Fault) for fault in spec.faults.values())
        assert all(isinstance(key, types.ConfigKey) for key in spec.config_keys.values())
