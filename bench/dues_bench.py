"""Dues benchmark: ``charges_generate`` for a branch of 10,000 members (120,000 charges), the
same again with nothing to change and after one member's base changed, and ``year_summary``
and ``arrears`` for a branch of 300 with a year of payments. Prints wall time, rows and
queries of each step.

    .venv/bin/python bench/dues_bench.py [--members 10000] [--summary-members 300]

It never touches the demo database: it works in a throwaway database — a SQLite file in a
temporary folder, or, with DATABASE_URL set, a database ``bench_<name>`` on that server —
created and migrated for the run and dropped after it. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, the project folder is not on the path.
sys.path.insert(0, str(ROOT))

from bench.harness import header, setup_django, throwaway_database  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--summary-members", type=int, default=300)
    args = parser.parse_args(argv)
    setup_django()

    from bench.dues_workload import report, run

    # Other work on the machine stretches wall times; the load shows how much to trust them.
    load = os.getloadavg()[0]
    with throwaway_database() as database:
        figures = run(members=args.members, summary_members=args.summary_members)
    print(header("dues benchmark", database, load))
    print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
