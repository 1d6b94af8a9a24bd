"""Binds the otto features; their steps come from this folder's conftest.py."""
from pathlib import Path

from pytest_bdd import scenarios

scenarios(str(Path(__file__).parent))
