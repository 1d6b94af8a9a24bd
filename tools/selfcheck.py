"""`make selfcheck`: every contract against its embedded sandbox, with every schemathesis check and phase, deep.

Several seeds, hundreds of examples per operation; prints, per vendor, the cases, each disagreement
(a failure no allowed exception in contracts/leniency.toml explains) and the exceptions used. Exit 1
on any disagreement, 2 on a bad leniency file.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from golive.selfcheck import LENIENCY, LeniencyError, load_leniency, selfcheck  # noqa: E402
from golive.vendors import registry  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor", action="append", help="only this vendor (repeatable); default: all")
    parser.add_argument("--seeds", type=int, default=3, help="how many seeds (1, 2, …)")
    parser.add_argument("--examples", type=int, default=200, help="examples per operation and phase")
    args = parser.parse_args()
    vendors = registry()
    try:
        allowances = load_leniency(ROOT / LENIENCY, vendors, ROOT)
    except LeniencyError as exc:
        print(f"golive selfcheck: {exc}", file=sys.stderr)
        return 2
    disagreements = 0
    for name in args.vendor or list(vendors):
        used: Counter = Counter()
        for seed in range(1, args.seeds + 1):
            started = time.perf_counter()
            report = selfcheck(vendors[name], root=ROOT, seed=seed, examples=args.examples, allowances=allowances)
            phases = ", ".join(f"{phase} {n}" for phase, n in sorted(report.phases.items()))
            print(f"{name} seed {seed}: {report.cases} cases ({phases}) in {time.perf_counter() - started:.1f} s, "
                  f"{len(report.disagreements)} disagreement(s)", flush=True)
            for d in report.disagreements:
                print(f"  ✗ {d.operation} [{d.phase}] {d.check} → {d.status}: {d.message}\n      {d.request}")
            disagreements += len(report.disagreements)
            used.update(report.used)
        for allowance in [a for a in allowances if a.vendor == name]:
            count = used[allowance]
            print(f"  {f'allowed ×{count}' if count else 'never used'}: {allowance.operation} {allowance.check} "
                  f"{list(allowance.status) or ''} ({allowance.cites})")
    print(f"selfcheck: {disagreements} disagreement(s)")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
