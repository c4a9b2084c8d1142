"""Reads of the dues ledger: a member's account, the month sheet, the year summary, arrears.
Each reads a fixed number of queries however many members the branch has."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone

from branch.models import Organization
from dues import rules
from dues.models import ArrearsNote, Charge, Payment, PaymentKind
from members.models import Person

ZERO = Decimal("0")


@dataclass
class MonthLine:
    month: datetime.date
    due: Decimal = ZERO
    paid: Decimal = ZERO  # settling payments less reversals
    back: Decimal = ZERO  # of which paid late (补交)
    extra: Decimal = ZERO

    @property
    def owed(self) -> Decimal:
        return max(self.due - self.paid, ZERO)

    @property
    def settled(self) -> bool:
        return self.due > 0 and self.owed == 0


# The fields ``_lines`` reads: selectors that only add up pass plain rows of these (building a
# model instance per charge and payment cost a 300-member branch a second).
CHARGE_FIELDS = ("person_id", "month", "amount")
PAYMENT_FIELDS = ("pk", "person_id", "month", "amount", "kind", "reverses_id")


def _charge_rows(qs):
    return list(qs.order_by().values_list(*CHARGE_FIELDS, named=True))


def _payment_rows(qs):
    return list(qs.order_by().values_list(*PAYMENT_FIELDS, named=True))


def _lines(charges, payments) -> dict[tuple[int, datetime.date], MonthLine]:
    lines: dict[tuple[int, datetime.date], MonthLine] = {}
    for charge in charges:
        key = (charge.person_id, charge.month)
        lines.setdefault(key, MonthLine(charge.month)).due += charge.amount
    kinds = {p.pk: p.kind for p in payments}
    for payment in payments:
        key = (payment.person_id, payment.month)
        line = lines.setdefault(key, MonthLine(payment.month))
        if payment.kind == PaymentKind.EXTRA:
            line.extra += payment.amount
            continue
        line.paid += payment.amount
        # a reversed back-payment no longer counts as one
        if PaymentKind.BACK in (payment.kind, kinds.get(payment.reverses_id)):
            line.back += payment.amount
    return lines


@dataclass
class Account:
    person: Person
    year: int
    months: list[MonthLine]
    payments: list[Payment]

    @property
    def due(self) -> Decimal:
        return sum((m.due for m in self.months), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((m.paid for m in self.months), ZERO)

    @property
    def owed(self) -> Decimal:
        return sum((m.owed for m in self.months), ZERO)


def account(person: Person, org: Organization, year: int) -> Account:
    """A member's dues for ``year``: each month due, paid and owed, and the ledger entries."""
    charges = list(Charge.objects.filter(person=person, organization=org, month__year=year))
    payments = list(
        Payment.objects.filter(person=person, organization=org, month__year=year)
        .select_related("reverses")
        .order_by("month", "pk")
    )
    lines = _lines(charges, payments)
    months = [
        lines.get((person.pk, datetime.date(year, m, 1)), MonthLine(datetime.date(year, m, 1)))
        for m in range(1, 13)
    ]
    return Account(person, year, months, payments)


@dataclass
class SheetRow:
    person: Person
    line: MonthLine


def month_sheet(org: Organization, month: datetime.date) -> list[SheetRow]:
    """Everyone charged or paying in ``org`` for ``month``: due, paid, owed. Three queries."""
    charges = _charge_rows(Charge.objects.filter(organization=org, month=month))
    payments = _payment_rows(Payment.objects.filter(organization=org, month=month))
    lines = _lines(charges, payments)
    people = Person.objects.in_bulk({pid for pid, _m in lines})
    rows = [SheetRow(people[pid], line) for (pid, _m), line in lines.items()]
    return sorted(rows, key=lambda r: (r.person.sort_key, r.person.pk))


@dataclass(frozen=True)
class Collection:
    """The one 收缴率 of the app: what was paid against what was due up to ``through`` (the
    current month for this year, December for a past year; a future year has nothing due
    yet). Each member's month counts up to its amount due."""

    through: datetime.date | None
    due: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def owed(self) -> Decimal:
        return max(self.due - self.paid, ZERO)

    @property
    def rate(self) -> Decimal | None:
        return rules.collection_rate(self.paid, self.due)

    def __add__(self, other: Collection) -> Collection:
        """Several branches together (a 党总支, a committee)."""
        through = max((t for t in (self.through, other.through) if t), default=None)
        return Collection(through, self.due + other.due, self.paid + other.paid)


@dataclass
class YearSummary:
    organization: Organization
    year: int
    due: Decimal = ZERO
    paid: Decimal = ZERO
    back: Decimal = ZERO
    extra: Decimal = ZERO
    to_central: Decimal = ZERO
    per_person: list[tuple[Person, Decimal, Decimal, Decimal]] = field(default_factory=list)
    by_month: list[MonthLine] = field(default_factory=list)
    # per month: what members paid of what was due that month, each up to their amount due
    counted_by_month: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    collection: Collection | None = None

    @property
    def owed(self) -> Decimal:
        return max(self.due - self.paid, ZERO)

    @property
    def rate(self) -> Decimal | None:
        """The 收缴率 (``collection``): up to the current month for this year."""
        return self.collection.rate if self.collection else None


def collection(summary: YearSummary, today: datetime.date) -> Collection:
    """The 收缴率's figures for ``summary``'s year as of ``today``; no query."""
    through = collected_through(summary.year, today)
    if through is None:
        return Collection(None)
    last = through.month
    return Collection(
        through,
        sum((m.due for m in summary.by_month[:last]), ZERO),
        sum(summary.counted_by_month[:last], ZERO),
    )


def year_summary(org: Organization, year: int, today: datetime.date | None = None) -> YearSummary:
    """Due, paid, collection rate, back-payments and extra payments of ``year``, in total,
    by member and by month. Three queries. The collection rate counts up to the month of
    ``today`` (default: the current date)."""
    charges = _charge_rows(Charge.objects.filter(organization=org, month__year=year))
    payments = _payment_rows(Payment.objects.filter(organization=org, month__year=year))
    lines = _lines(charges, payments)
    summary = YearSummary(org, year)
    per_person: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    by_month = {m: MonthLine(datetime.date(year, m, 1)) for m in range(1, 13)}
    for (pid, month), line in lines.items():
        summary.due += line.due
        summary.paid += min(line.paid, line.due) if line.due else line.paid
        summary.back += line.back
        summary.extra += line.extra
        totals = per_person[pid]
        totals[0] += line.due
        totals[1] += line.paid
        totals[2] += line.extra
        agg = by_month[month.month]
        agg.due += line.due
        agg.paid += line.paid
        agg.back += line.back
        agg.extra += line.extra
        summary.counted_by_month[month.month - 1] += min(line.paid, line.due)
    summary.to_central = sum(
        (
            p.amount
            for p in payments
            if p.kind == PaymentKind.EXTRA and p.amount > rules.CENTRAL_THRESHOLD
        ),
        ZERO,
    )
    people = Person.objects.in_bulk(list(per_person))
    summary.per_person = sorted(
        ((people[pid], d, p, e) for pid, (d, p, e) in per_person.items()),
        key=lambda row: (row[0].sort_key, row[0].pk),
    )
    summary.by_month = [by_month[m] for m in range(1, 13)]
    summary.collection = collection(summary, today or timezone.localdate())
    return summary


# Due and paid of each member's month, per branch: the charges and the payments (no extra
# payment) of the months from the first to the second parameter, of the branches whose ids
# ``{branches}`` selects. The collection rate's queries add these lines up.
MEMBER_MONTHS_SQL = """
    SELECT organization_id, person_id, month, SUM(due) AS due, SUM(paid) AS paid
    FROM (
        SELECT organization_id, person_id, month, amount AS due, 0 AS paid
        FROM dues_charge
        WHERE month >= %s AND month <= %s AND organization_id IN ({branches})
        UNION ALL
        SELECT organization_id, person_id, month, 0, amount
        FROM dues_payment
        WHERE month >= %s AND month <= %s AND kind <> %s AND organization_id IN ({branches})
    ) entries
    GROUP BY organization_id, person_id, month
"""

# Due and paid per branch: paid counts each month up to its amount due (no extra payment),
# as in ``year_summary``. One query for any number of branches; CASE rather than LEAST/MIN,
# which SQLite and PostgreSQL spell differently.
BRANCH_YEAR_SQL = (
    """
SELECT organization_id,
       SUM(due),
       SUM(CASE WHEN due > 0 AND paid > due THEN due ELSE paid END),
       SUM(CASE WHEN month <= %s THEN due ELSE 0 END),
       SUM(CASE WHEN month > %s THEN 0 WHEN paid < due THEN paid ELSE due END)
FROM ("""
    + MEMBER_MONTHS_SQL
    + """) lines
GROUP BY organization_id
"""
)


def db_money(value) -> Decimal:
    # SQLite adds decimals up as floats
    return Decimal(str(value or 0)).quantize(rules.FEN)


def collected_through(year: int, today: datetime.date) -> datetime.date | None:
    """The last month the 收缴率 of ``year`` counts as of ``today``: December for a past year,
    the current month for this one, none for a future year."""
    if year > today.year:
        return None
    return datetime.date(year, 12 if year < today.year else today.month, 1)


def _year_rows(
    ids_sql: str, ids_params: list, year: int, through: datetime.date | None
) -> dict[int, YearSummary]:
    """``YearSummary`` totals (no per-member or per-month lists) of the branches whose ids
    ``ids_sql`` selects, added up by the database in one query."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    cut = through or datetime.date(year - 1, 12, 1)  # a future year: nothing counted yet
    params = [cut, cut, first, last, *ids_params, first, last, PaymentKind.EXTRA.value]
    params += ids_params
    with connection.cursor() as cursor:
        cursor.execute(BRANCH_YEAR_SQL.format(branches=ids_sql), params)
        rows = cursor.fetchall()
    summaries = {}
    for org_id, due, paid, due_so_far, paid_so_far in rows:
        summary = YearSummary(Organization(pk=org_id), year)
        summary.due, summary.paid = db_money(due), db_money(paid)
        summary.collection = Collection(through, db_money(due_so_far), db_money(paid_so_far))
        summaries[org_id] = summary
    return summaries


def branches_year(
    org: Organization, year: int, today: datetime.date | None = None
) -> list[tuple[Organization, YearSummary]]:
    """Every branch below ``org`` with its year's due, paid and collection rate (the
    ``YearSummary`` totals; no per-member or per-month lists), added up by the database."""
    from branch.models import OrgKind

    through = collected_through(year, today or timezone.localdate())
    branches = list(
        Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH).order_by("name")
    )
    found = {}
    if branches:
        ids = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH)
        ids_sql, ids_params = ids.order_by().values("pk").query.sql_with_params()
        found = _year_rows(ids_sql, list(ids_params), year, through)
    summaries = []
    for branch in branches:
        summary = found.get(branch.pk) or YearSummary(branch, year, collection=Collection(through))
        summary.organization = branch
        summaries.append((branch, summary))
    return summaries


@dataclass
class Arrears:
    person: Person
    months: list[datetime.date]  # the consecutive unpaid months up to the last one ended
    reason: ArrearsNote | None

    @property
    def flagged(self) -> bool:
        """Six months without paying and without a recorded reason (党章 第九条)."""
        return len(self.months) >= rules.FLAG_UNPAID_MONTHS and self.reason is None


def arrears(org: Organization, today: datetime.date) -> list[Arrears]:
    """Members with three or more consecutive unpaid months, counting back from the last
    month that has ended. Two queries when nobody owes for that month, six otherwise."""
    last = today.replace(day=1) - relativedelta(months=1)
    start = last - relativedelta(months=23)
    # A streak ends with the last month: only who still owes for it can be behind, so two
    # years of history are read for those few, not for the whole branch.
    owing = [
        pid
        for (pid, _month), line in _lines(
            _charge_rows(Charge.objects.filter(organization=org, month=last)),
            _payment_rows(Payment.objects.filter(organization=org, month=last)),
        ).items()
        if line.owed > 0
    ]
    if not owing:
        return []
    charges = _charge_rows(
        Charge.objects.filter(
            organization=org, month__gte=start, month__lte=last, person_id__in=owing
        )
    )
    payments = _payment_rows(
        Payment.objects.filter(
            organization=org, month__gte=start, month__lte=last, person_id__in=owing
        )
    )
    lines = _lines(charges, payments)
    by_person: dict[int, dict[datetime.date, MonthLine]] = defaultdict(dict)
    for (pid, month), line in lines.items():
        by_person[pid][month] = line
    streaks = {}
    for pid, months in by_person.items():
        run = []
        month = last
        while month >= start and month in months and months[month].owed > 0:
            run.append(month)
            month -= relativedelta(months=1)
        if len(run) >= rules.WARN_UNPAID_MONTHS:
            streaks[pid] = sorted(run)
    if not streaks:
        return []
    notes: dict[int, ArrearsNote] = {}
    for note in ArrearsNote.objects.filter(organization=org, person_id__in=list(streaks)):
        if note.noted_on >= streaks[note.person_id][0] and (
            note.person_id not in notes or note.noted_on > notes[note.person_id].noted_on
        ):
            notes[note.person_id] = note
    people = Person.objects.in_bulk(list(streaks))
    return sorted(
        (Arrears(people[pid], months, notes.get(pid)) for pid, months in streaks.items()),
        key=lambda a: (-len(a.months), a.person.name),
    )
