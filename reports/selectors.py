"""Reads for the annual report that are not another app's own: the branch's party groups and
honours, what it published (党务公开), the branches a report covers, and the facts the editor
shows, kept in the cache until a write changes the branch's records."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from branch.models import Honor, Organization, OrgKind, PartyGroup
from branch.selectors import last_write
from notices.models import Notice
from reports.models import RenderJob

if TYPE_CHECKING:
    from reports.facts import Facts
    from reports.models import AnnualReport


def branches_of(org: Organization) -> list[Organization]:
    """The branches whose records make ``org``'s report: itself, or a 党总支's branches."""
    if org.is_branch:
        return [org]
    return list(
        Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH).order_by("path")
    )


def groups_on(branches: list[Organization], day: datetime.date) -> list[str]:
    """The names of the party groups of ``branches`` that existed on ``day``."""
    return list(
        PartyGroup.objects.filter(organization__in=branches)
        .filter(
            Q(established_on__isnull=True) | Q(established_on__lte=day),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        )
        .values_list("name", flat=True)
    )


def honors_of_year(org: Organization, year: int) -> list[Honor]:
    return list(
        Honor.objects.filter(organization=org, awarded_on__year=year).order_by("awarded_on")
    )


def published_in_year(branches: list[Organization], year: int, day: datetime.date) -> list[Notice]:
    """党务公开: the items ``branches`` published in ``year`` by ``day`` and did not withdraw."""
    return list(
        Notice.objects.filter(
            organization__in=branches,
            published_on__year=year,
            published_on__lte=day,
            withdrawn_at__isnull=True,
        ).order_by("published_on", "pk")
    )


# Bumped whenever what ``gather_facts`` computes changes, so a cached copy of the old shape
# is never read back.
FACTS_VERSION = 1
FACTS_TIMEOUT = 24 * 60 * 60


def facts_cache_key(org: Organization, year: int, today: datetime.date) -> str:
    """The facts depend on the records (the last write) and on the day (the year so far)."""
    return f"reports:facts:v{FACTS_VERSION}:{org.pk}:{year}:{today.isoformat()}:{last_write(org)}"


def cached_facts(org: Organization, year: int, today: datetime.date | None = None) -> Facts:
    """``gather_facts`` of a draft, from the cache while no write has touched the branch (or
    the organisations above and below it) since they were gathered. A report being finalised
    gathers them afresh instead (``reports.services.report_finalize``)."""
    from reports.facts import Facts, gather_facts  # which read through this module

    today = today or timezone.localdate()
    key = facts_cache_key(org, year, today)
    data = cache.get(key)
    if data is not None:
        return Facts.from_dict(data)
    facts = gather_facts(org, year, today)
    cache.set(key, facts.as_dict(), FACTS_TIMEOUT)
    return facts


def render_jobs_version(org: Organization, year: int) -> tuple:
    """The newest files asked of the year's report and their state, which the worker changes
    without an audit entry: part of the editor's cached page (``branch.page_cache``)."""
    jobs = RenderJob.objects.filter(report__organization=org, report__year=year)
    return tuple(jobs.order_by("-pk").values_list("pk", "status")[:5])


def editor_facts(report: AnnualReport) -> Facts:
    """The facts the editor shows: a final report's frozen ones, a draft's from the cache."""
    from reports.facts import Facts

    if report.facts_snapshot is not None:
        return Facts.from_dict(report.facts_snapshot)
    return cached_facts(report.organization, report.year)
