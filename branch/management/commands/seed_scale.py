"""``seed_scale``: the county dataset of issue 11 (see ``bench/scale_workload.py``)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from branch.models import Organization


class Command(BaseCommand):
    help = (
        "Build a county of township committees and branches (about 10,000 members, one branch "
        "of 300 with five years of records) with bulk inserts, for measuring pages at scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, default=4)
        parser.add_argument("--branches", type=int, default=50, help="branches per township")
        parser.add_argument("--members", type=int, default=10_000, help="party members in all")
        parser.add_argument("--large", type=int, default=300, help="members of the large branch")
        parser.add_argument("--years", type=int, default=5, help="years of the large branch")
        parser.add_argument(
            "--force",
            action="store_true",
            help="write even though the database already has organisations",
        )

    def handle(self, *args, townships, branches, members, large, years, force, **options):
        from bench.scale_workload import COUNTY, PASSWORD, Plan, generate_county

        if Organization.objects.filter(code=COUNTY).exists():
            raise CommandError("This database already holds the county dataset.")
        if Organization.objects.exists() and not force:
            raise CommandError(
                "This database already has organisations: use a fresh database, or --force to "
                "add the county beside them."
            )
        if townships < 1 or branches < 1 or large < 1 or years < 1:
            raise CommandError(
                "Townships, branches, the large branch and years must be at least 1."
            )
        started = time.perf_counter()
        plan = Plan(
            townships=townships,
            branches=branches,
            members=members,
            large=large,
            years=years,
            today=timezone.localdate(),
        )
        figures = generate_county(plan)
        if connection.vendor == "postgresql":
            # fresh statistics, or the planner takes the new tables for empty ones
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{count:,} {name}" for name, count in figures.rows.items())
        self.stdout.write(
            f"County built in {seconds:.1f} s: {figures.organizations} organisations, "
            f"{figures.people:,} people; {rows}."
        )
        self.stdout.write(
            f"Logins (password {PASSWORD}): county-admin, township-1-admin…, "
            "sec-scale-big (the 300-member branch), sec-scale-t1-b02…"
        )
