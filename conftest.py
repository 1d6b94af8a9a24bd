"""pytest-bdd wiring: golive's plugin and every vendor's step definitions."""
from pathlib import Path

_STEPS = Path(__file__).parent / "steps"

pytest_plugins = ["golive.plugin", "steps.common"] + sorted(
    f"steps.{p.stem}" for p in _STEPS.glob("*.py") if p.stem not in {"__init__", "common"}
)
