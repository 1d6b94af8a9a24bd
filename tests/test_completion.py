"""Shell completion (click's own mechanism) for vendors, targets and behaviour ids."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from golive.vendors import registry

pytestmark = pytest.mark.slow  # runs golive in a subprocess


def complete(words: str) -> list[str]:
    env = {**os.environ, "_GOLIVE_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    done = subprocess.run([sys.executable, "-c", "from golive.cli import main; main(prog_name='golive')"], env=env,
                          capture_output=True, text=True, timeout=60)
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_vendors_targets_and_behaviour_ids_complete() -> None:
    assert complete("golive certify --vendor ") == list(registry())
    assert complete("golive certify --target ") == ["sandbox", "live", "replay"]
    assert complete("golive certify --behaviour abs-8") == ["ABS-80", "ABS-81", "ABS-82", "ABS-83"]
    assert complete("golive explain ABS-0") == [f"ABS-0{n}" for n in range(1, 10)]
