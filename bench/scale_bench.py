"""Pages at county scale: every main page, in-process (Django's test client, median of 5), as
the secretary of the 300-member branch, a township administrator and the county
administrator. Prints the time, the number of queries and the size of the HTML.

    make bench-scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibutong_scale \\
        .venv/bin/python bench/scale_bench.py [--repeat 5] [--page roster] [--seed]

It reads the database named by DATABASE_URL, which must hold the county built by
``manage.py seed_scale`` (``--seed`` builds it first when the database has no organisation).
It writes nothing else. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (label, URL name, kwargs besides org_code)
PAGES = [
    ("roster", "members:index", {}),
    ("pipeline board", "members:pipeline", {}),
    ("meetings list", "meetings:index", {}),
    ("calendar", "meetings:calendar", {}),
    ("dues home", "dues:index", {}),
    ("dashboard", "branch:dashboard", {}),
    ("report editor", "reports:editor", {"year": "last"}),
    ("audit log", "branch:audit", {}),
    ("statistics", "stats:index", {}),
]
# (who, username, organisation code)
PERSONAS = [
    ("300-member branch", "sec-scale-big", "scale-big"),
    ("township (50 branches)", "township-1-admin", "scale-t1"),
    ("county (200 branches)", "county-admin", "scale-county"),
]


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branch.settings")
    # "test": DEBUG off, so Django keeps no query log while timing
    os.environ.setdefault("APP_ENV", "test")
    # what a page costs to compute: a page read again unchanged comes from the cache
    # (branch/page_cache.py), which bench/load_bench.py measures
    os.environ.setdefault("PAGE_CACHE", "0")
    import django

    django.setup()


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # a wrapper, not the query log: each request clears the log and may reconnect
    with connection.execute_wrapper(count):
        response = client.get(url)  # warm-up, and the queries it runs
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return {
        "status": response.status_code,
        "ms": statistics.median(times) * 1000,
        "queries": len(queries),
        "kib": len(response.content) / 1024,
    }


def run(
    *, repeat: int = 5, pages: list[str] | None = None, who: list[str] | None = None
) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    rows = []
    for persona, username, code in PERSONAS:
        if who and username not in who:
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username=username))
        for label, name, extra in PAGES:
            if pages and label not in pages:
                continue
            if name == "reports:editor" and code != "scale-big":
                continue  # the report is a branch's
            kwargs = {"org_code": code}
            if extra.get("year") == "last":
                kwargs["year"] = timezone.localdate().year - 1
            url = reverse(name, kwargs=kwargs)
            rows.append({"who": persona, "page": label, **measure(client, url, repeat)})
    return rows


def report(rows: list[dict]) -> str:
    lines = [
        "| page | who | status | median ms | queries | HTML KiB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['page']} | {r['who']} | {r['status']} | {r['ms']:.0f} | {r['queries']} | "
        f"{r['kib']:.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument("--who", action="append", help="only this login (repeatable)")
    parser.add_argument("--seed", action="store_true", help="run seed_scale first if needed")
    args = parser.parse_args(argv)
    _django()

    import django
    from django.core.management import call_command
    from django.db import connection

    from branch.models import Organization

    if connection.vendor == "sqlite" and "DATABASE_URL" not in os.environ:
        print("Set DATABASE_URL to the county database (never the demo's db.sqlite3).")
        return 2
    if not Organization.objects.filter(code="scale-county").exists():
        if not args.seed:
            print("No county here: run `manage.py seed_scale` first (or pass --seed).")
            return 2
        call_command("seed_scale")
    load = os.getloadavg()[0]
    rows = run(repeat=args.repeat, pages=args.page, who=args.who)
    print(
        f"scale benchmark — {connection.display_name}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load {load:.2f} at the start, "
        f"median of {args.repeat}"
    )
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
