from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from golive_run import Outcome, golive


@pytest.fixture
def run_golive(tmp_path: Path) -> Callable[..., Outcome]:
    """Run the golive CLI as a user would, with its report under tmp_path."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
        return golive(*args, tmp_path=tmp_path, env=env, timeout=timeout)

    return run
