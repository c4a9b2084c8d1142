"""Reads of the statistics pages. Each is a fixed number of queries, whatever the number of
branches below a committee and the number of people in a branch: the figures come from the
database (counts over the status history, sums over the dues ledger) or from the one rule
engine of each app (``meetings.compliance``, ``dues.selectors``), never from a loop that asks
per branch or per person."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from branch.models import Organization, OrgKind
from branch.selectors import last_write
from dues.models import PaymentKind
from dues.selectors import MEMBER_MONTHS_SQL, ZERO, Collection, db_money
from meetings import compliance
from meetings.models import Kind, Meeting
from meetings.rules import FREQUENCIES
from members.models import PARTY_MEMBER_STAGES, CommitteePost, CommitteeTerm, Post, Standing
from members.rules import TERM_WARNING
from members.selectors import people_with_state
from notices.models import Notice
from reports.models import AnnualReport

YEARS_BACK = 5


# A branch's members over the years ---------------------------------------------------------


def snapshot_days(year: int, today: datetime.date) -> list[datetime.date]:
    """The five days a branch is counted on: the end of each of the five years up to ``year``,
    today for a year not over yet."""
    return [
        min(datetime.date(y, 12, 31), today)
        for y in range(year - YEARS_BACK + 1, year + 1)
        if y <= today.year
    ]


@dataclass
class Snapshot:
    day: datetime.date
    stages: Counter  # stage -> people (standing normal or suspended)
    categories: Counter  # category -> party members (probationary and full)


def members_over_years(org: Organization, days: list[datetime.date]) -> list[Snapshot]:
    """How many people of ``org`` stood at each stage, and how many party members were in
    each category, on each of ``days``: the roster's stage and category computed by the
    database (``members.selectors.people_with_state``), counted there. A query a day."""
    out = []
    for day in days:
        rows = (
            people_with_state(org, day)
            .filter(standing_on__in=[Standing.NORMAL, Standing.SUSPENDED])
            .order_by()
            .values("stage_on", "category_on")
            .annotate(n=Count("pk"))
        )
        stages: Counter = Counter()
        categories: Counter = Counter()
        for row in rows:
            stages[row["stage_on"]] += row["n"]
            if row["stage_on"] in PARTY_MEMBER_STAGES:
                categories[row["category_on"]] += row["n"]
        out.append(Snapshot(day, stages, categories))
    return out


# Organisational life per month --------------------------------------------------------------

LIFE_KINDS = list(FREQUENCIES)  # the kinds with a rule; the rest count as "other"
OTHER = "other_kinds"


@dataclass
class LifeMonth:
    month: int
    held: dict[str, int] = field(default_factory=dict)  # kind (or OTHER) -> meetings held
    met: int = 0  # periods of a rule ending this month with what the rule asks
    short: int = 0  # ended without it
    open: int = 0  # not over yet, not met yet

    @property
    def total(self) -> int:
        return sum(self.held.values())


def life_by_month(org: Organization, year: int, today: datetime.date) -> list[LifeMonth]:
    """Meetings held each month by kind, and the periods of each rule that end in the month
    as ``meetings.compliance`` judges them (met, short or still open). Five queries."""
    months = {m: LifeMonth(m, {kind: 0 for kind in [*LIFE_KINDS, OTHER]}) for m in range(1, 13)}
    held = (
        Meeting.objects.filter(organization=org, held_on__year=year)
        .annotate(m=ExtractMonth("held_on"))
        .order_by()
        .values("m", "kind")
        .annotate(n=Count("pk"))
    )
    for row in held:
        kind = row["kind"] if row["kind"] in FREQUENCIES else OTHER
        months[row["m"]].held[kind] += row["n"]
    cal = compliance.calendar(org, year, today)
    for row in cal.rows:
        for cell in row.cells:
            tally(months[cell.end.month], cell.status)
    tally(months[12], cal.secretary_lectures.status)
    return [months[m] for m in range(1, 13)]


def tally(month: LifeMonth, status: str) -> None:
    if status == compliance.OK:
        month.met += 1
    elif status == compliance.OVERDUE:
        month.short += 1
    elif status != compliance.NOT_APPLICABLE:
        month.open += 1


def life_label(kind: str) -> str:
    return _("other activities") if kind == OTHER else str(Kind(kind).label)


# Dues per month ------------------------------------------------------------------------------

# Due and paid per branch and month, as ``dues.selectors`` counts them for the 收缴率 (each
# member's month up to its amount due, no extra payment), added up by the database, for the
# months from ``first`` to ``last`` of the branches below a node (one branch: itself).
DUES_MONTHS_SQL = (
    """
SELECT organization_id, month, SUM(due), SUM(CASE WHEN paid < due THEN paid ELSE due END)
FROM ("""
    + MEMBER_MONTHS_SQL
    + """) lines
GROUP BY organization_id, month
"""
)


def _through(year: int, today: datetime.date) -> int:
    """The last month the 收缴率 counts (``dues.selectors.collection``): the current month
    this year, December for a past year, none for a year to come."""
    return 0 if year > today.year else 12 if year < today.year else today.month


def _dues_sums(
    org: Organization, year: int, last_month: int
) -> dict[int, dict[int, tuple[Decimal, Decimal]]]:
    """branch id -> month -> (due, paid counted), January to ``last_month``. One query."""
    if last_month < 1:
        return {}
    branches = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH)
    ids_sql, ids_params = branches.order_by().values("pk").query.sql_with_params()
    first, last = datetime.date(year, 1, 1), datetime.date(year, last_month, 1)
    params = [first, last, *ids_params, first, last, PaymentKind.EXTRA.value, *ids_params]
    with connection.cursor() as cursor:
        cursor.execute(DUES_MONTHS_SQL.format(branches=ids_sql), params)
        rows = cursor.fetchall()
    sums: dict[int, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for org_id, month, due, paid in rows:
        sums[org_id][int(str(month)[5:7])] = (db_money(due), db_money(paid))
    return sums


@dataclass(frozen=True)
class DuesMonth:
    month: int
    due: Decimal
    paid: Decimal  # counted toward the 收缴率: each member's month up to its amount due
    counted: bool  # the month is part of the 收缴率 (not a future month)

    @property
    def rate(self) -> Decimal | None:
        if not self.counted:
            return None
        return Collection(None, self.due, self.paid).rate


def dues_by_month(org: Organization, year: int, today: datetime.date) -> list[DuesMonth]:
    """Each month's due, paid and 收缴率 of a branch (``dues.selectors.Collection``). One
    query. Months after the current one are not counted yet, as in ``dues.selectors``."""
    sums = _dues_sums(org, year, 12).get(org.pk, {})
    through = _through(year, today)
    return [DuesMonth(m, *sums.get(m, (ZERO, ZERO)), counted=m <= through) for m in range(1, 13)]


def collections_below(org: Organization, year: int, today: datetime.date) -> dict[int, Collection]:
    """Each branch's 收缴率 figures of ``year`` as of ``today`` (the ``Collection`` of
    ``dues.selectors``), from the months it counts only. One query."""
    last = _through(year, today)
    through = datetime.date(year, last, 1) if last else None
    out: dict[int, Collection] = {}
    for org_id, months in _dues_sums(org, year, last).items():
        out[org_id] = Collection(
            through,
            sum((due for due, _paid in months.values()), ZERO),
            sum((paid for _due, paid in months.values()), ZERO),
        )
    return out


# The committee's table of its branches -------------------------------------------------------


@dataclass
class BranchRow:
    org: Organization
    met: int = 0  # periods of the year's rules met so far
    short: int = 0  # periods that ended short (the calendar's shortfalls)
    dues_rate: Decimal | None = None
    final_reports: int = 0
    published: int = 0
    has_secretary: bool = False
    term_ends_on: datetime.date | None = None
    term_expiring: bool = False

    @property
    def compliance(self) -> Decimal | None:
        """Share of the periods judged so far that met the rule, in per cent."""
        judged = self.met + self.short
        if not judged:
            return None
        return (Decimal(self.met) * 100 / judged).quantize(Decimal("0.1"))


def branch_table(org: Organization, year: int, today: datetime.date) -> list[BranchRow]:
    """Every branch below ``org`` with its compliance, 收缴率, finalised reports and published
    items of ``year``, and whether it has a secretary and a committee whose term is ending,
    on the year's last day (today for this year). Ten queries for any number of
    branches."""
    day = min(datetime.date(year, 12, 31), today)
    branches = compliance.branches_below(org)
    rows = {b.pk: BranchRow(b) for b in branches}
    for pk, cal in compliance.calendars_for(branches, year, today).items():
        row = rows[pk]
        for cal_row in cal.rows:
            for cell in cal_row.cells:
                row.met += cell.status == compliance.OK
                row.short += cell.status == compliance.OVERDUE
        row.met += cal.secretary_lectures.status == compliance.OK
        row.short += cal.secretary_lectures.status == compliance.OVERDUE
    for org_id, collection in collections_below(org, year, today).items():
        rows[org_id].dues_rate = collection.rate
    below = Q(organization__path__startswith=org.path)
    for org_id, n in (
        AnnualReport.objects.filter(below, year=year, status=AnnualReport.Status.FINAL)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("pk"))
    ):
        rows[org_id].final_reports = n
    for org_id, n in (
        Notice.objects.filter(below, published_on__year=year)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("pk"))
    ):
        rows[org_id].published = n
    for org_id in (
        CommitteePost.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
            term__organization__path__startswith=org.path,
            post=Post.SECRETARY,
            started_on__lte=day,
        )
        .order_by()
        .values_list("term__organization_id", flat=True)
        .distinct()
    ):
        rows[org_id].has_secretary = True
    latest: dict[int, datetime.date] = {}
    for org_id, ends_on in (
        CommitteeTerm.objects.filter(below, elected_on__lte=day)
        .order_by("organization_id", "elected_on", "pk")
        .values_list("organization_id", "ends_on")
    ):
        latest[org_id] = ends_on  # the last term elected by then is the one in office
    for org_id, ends_on in latest.items():
        rows[org_id].term_ends_on = ends_on
        rows[org_id].term_expiring = ends_on <= day + TERM_WARNING
    return [rows[b.pk] for b in branches]


# Bumped whenever what ``branch_table`` computes changes, so an old copy is never read back.
TABLE_VERSION = 1
TABLE_TIMEOUT = 24 * 60 * 60


def cached_branch_table(org: Organization, year: int, today: datetime.date) -> list[BranchRow]:
    """``branch_table`` from the cache while no write has touched the organisations below
    ``org`` (or above it) since it was computed, on the same day: sorting, paging and the
    workbook read it again without adding up a county's dues and calendars once more. One
    query when cached."""
    key = f"stats:table:v{TABLE_VERSION}:{org.pk}:{year}:{today.isoformat()}:{last_write(org)}"
    rows = cache.get(key)
    if rows is None:
        rows = branch_table(org, year, today)
        cache.set(key, rows, TABLE_TIMEOUT)
    return rows


def _none_last(value):
    return (value is None, value if value is not None else 0)


# ?sort= -> the key a row sorts by; a leading "-" turns the order round
SORTS = {
    "name": lambda r: r.org.path,
    "compliance": lambda r: _none_last(r.compliance),
    "short": lambda r: r.short,
    "dues": lambda r: _none_last(r.dues_rate),
    "reports": lambda r: r.final_reports,
    "published": lambda r: r.published,
    "secretary": lambda r: r.has_secretary,
    "term": lambda r: _none_last(r.term_ends_on),
}
DEFAULT_SORT = "name"


def sort_rows(rows: list[BranchRow], sort: str) -> tuple[list[BranchRow], str]:
    """``rows`` in the order ``sort`` names (one of ``SORTS``, "-" first for the reverse),
    ties in the tree's order, a missing figure last either way; an unknown name sorts by
    name. Returns the rows and the sort applied."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        key = sort = DEFAULT_SORT
    ordered = sorted(rows, key=SORTS[DEFAULT_SORT])
    if not sort.startswith("-"):
        return sorted(ordered, key=SORTS[key]), sort
    ordered = sorted(ordered, key=SORTS[key], reverse=True)  # stable: ties keep their order
    missing = [r for r in ordered if _missing(key, r)]
    return [r for r in ordered if not _missing(key, r)] + missing, sort


def _missing(key: str, row: BranchRow) -> bool:
    value = SORTS[key](row)
    return isinstance(value, tuple) and value[0]
