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
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _django() -> None:
    # Run as a script, the project folder is not on the path and no settings are chosen.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branch.settings")
    # "test": no SECRET_KEY needed, DEBUG off (so Django keeps no query log while timing)
    os.environ.setdefault("APP_ENV", "test")
    import django

    django.setup()


def _database(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"{connection.display_name} {version // 10000}.{version % 10000}"


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
    _django()

    import django
    from django.db import connection

    from bench.dues_workload import report
    from bench.workbook_workload import export_scale, run

    if args.scale_export:  # the child process of _scale_export
        print(report([export_scale(args.scale_export, args.repeat)]).splitlines()[1])
        return 0

    # Other work on the machine stretches wall times; the load shows how much to trust them.
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="zbt-bench-") as folder:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(folder) / "bench.sqlite3")
        else:
            # Not test_<name>: a test run against the same server may be using that one.
            test_settings["NAME"] = f"bench_{connection.settings_dict['NAME']}"
        configured = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            figures = run(people=args.people, repeat=args.repeat)
            database = _database(connection)
        finally:
            connection.creation.destroy_test_db(configured, verbosity=0)
    print(
        f"workbook benchmark — {database}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load {load:.2f} at the start"
    )
    print(report(figures))
    scale = os.environ.get("SCALE_DATABASE_URL")
    if scale:
        print(_scale_export(scale, "scale-big", args.repeat) + "  (PostgreSQL, zhibutong_scale)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
