"""Workbook benchmark: the preview and the import of a 1,000-row 党员名册 into an empty
branch, the same file again with nothing to change, the export of that branch, and — with
SCALE_DATABASE_URL set — the export of the county's 300-member branch (all sheets, five years
of meetings and dues). Prints wall time, CPU time, rows and queries of each step.

    .venv/bin/python bench/workbook_bench.py [--people 1000] [--repeat 3]
    SCALE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibutong_scale \\
        .venv/bin/python bench/workbook_bench.py

The import never touches the demo database: it works in a throwaway database — a SQLite file
in a temporary folder, or, with DATABASE_URL set, a database ``bench_<name>`` on that server —
created and migrated for the run and dropped after it. The export of the county database only
reads. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, the project folder is not on the path.
sys.path.insert(0, str(ROOT))

from bench.harness import header, setup_django, throwaway_database  # noqa: E402


def _scale_export(url: str, code: str, repeat: int) -> str:
    """The export figure, taken in a process of its own on the county database."""
    env = {**os.environ, "DATABASE_URL": url}
    args = [sys.executable, __file__, "--scale-export", code, "--repeat", str(repeat)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale-export", metavar="CODE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    setup_django()

    from bench.dues_workload import report
    from bench.workbook_workload import export_scale, run

    if args.scale_export:  # the child process of _scale_export
        print(report([export_scale(args.scale_export, args.repeat)]).splitlines()[1])
        return 0

    # Other work on the machine stretches wall times; the load shows how much to trust them.
    load = os.getloadavg()[0]
    with throwaway_database() as database:
        figures = run(people=args.people, repeat=args.repeat)
    print(header("workbook benchmark", database, load))
    print(report(figures))
    scale = os.environ.get("SCALE_DATABASE_URL")
    if scale:
        print(_scale_export(scale, "scale-big", args.repeat) + "  (PostgreSQL, zhibutong_scale)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
