"""What the benchmarks that build their own database share: Django set up for a script, a
throwaway database created, migrated and dropped around the run, and the first line of the
figures (which database, which Python and Django, the machine's load).

A benchmark run as a script puts the project folder on the path before importing this."""

from __future__ import annotations

import contextlib
import os
import platform
import tempfile
from collections.abc import Iterator
from pathlib import Path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branch.settings")
    # "test": no SECRET_KEY needed, DEBUG off (so Django keeps no query log while timing)
    os.environ.setdefault("APP_ENV", "test")
    import django

    django.setup()


def database_label(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version  # e.g. 160004
    return f"{connection.display_name} {version // 10000}.{version % 10000}"


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """A database of the run's own, migrated, dropped afterwards: a SQLite file in a temporary
    folder, or ``bench_<name>`` on the configured server (not ``test_<name>``, which a test
    run against the same server may be using). Yields what it is, for the figures."""
    from django.db import connection

    with tempfile.TemporaryDirectory(prefix="zbt-bench-") as folder:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(folder) / "bench.sqlite3")
        else:
            test_settings["NAME"] = f"bench_{connection.settings_dict['NAME']}"
        configured = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield database_label(connection)
        finally:
            connection.creation.destroy_test_db(configured, verbosity=0)


def header(title: str, database: str, load: float) -> str:
    import django

    return (
        f"{title} — {database}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load {load:.2f} at the start"
    )
