"""Binds every vendor's .feature files; the plugin keeps the selected vendors' scenarios."""
from pathlib import Path

from pytest_bdd import scenarios

scenarios(str(Path(__file__).parent))
