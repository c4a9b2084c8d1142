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
import platform
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
    version = connection.pg_version  # e.g. 160004
    return f"{connection.display_name} {version // 10000}.{version % 10000}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--summary-members", type=int, default=300)
    args = parser.parse_args(argv)
    _django()

    import django
    from django.db import connection

    from bench.dues_workload import report, run

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
            figures = run(members=args.members, summary_members=args.summary_members)
            database = _database(connection)
        finally:
            connection.creation.destroy_test_db(configured, verbosity=0)
    print(
        f"dues benchmark — {database}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load {load:.2f} at the start"
    )
    print(report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
