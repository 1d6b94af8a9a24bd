from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from golive.options import FUZZ_WORKERS_ENV
from golive_run import Outcome, golive

# golive's own tests already run in parallel (pytest-xdist): a certification they start fuzzes in its own
# process, unless the test asks for golive's default with golive_run.AHEAD (the fuzzing-ahead tests and the
# unfaulted certifications of every vendor do).
os.environ.setdefault(FUZZ_WORKERS_ENV, "0")


@pytest.fixture
def run_golive(tmp_path: Path) -> Callable[..., Outcome]:
    """Run the golive CLI as a user would, with its report under tmp_path."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
        return golive(*args, tmp_path=tmp_path, env=env, timeout=timeout)

    return run
