"""pytest-bdd wiring: golive's plugin and the vendor-neutral steps only.

Each vendor's steps are scoped to its own features by ``features/<vendor>/conftest.py``
(pytest-bdd's "Reusing steps"): two vendors may word a step alike without either
running the other's definition.
"""
pytest_plugins = ["golive.plugin", "steps.common"]
