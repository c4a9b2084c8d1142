"""What the dues benchmark sets up and measures; ``bench/dues_bench.py`` runs it in a
throwaway database and prints the figures, ``tests/dues/test_bench.py`` runs it small.

Setup is bulk inserts (people, memberships, status changes, bases, payments): going through
the services would take far longer than what is measured. What is measured is the real code:
``charges_generate`` for a large branch, the same again with nothing to change and after one
member's base changed, and the selectors a secretary's pages and the daily reminder job call
for an ordinary branch.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection

from branch import services as branch_services
from branch.models import Organization, OrgKind
from dues import rules
from dues.charges import charges_generate
from dues.models import Charge, DuesBase, DuesCategory, Method, Payment, PaymentKind
from dues.selectors import arrears, year_summary
from members.models import (
    Aspect,
    Category,
    Gender,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
)

T = TypeVar("T")
D = datetime.date
BATCH = 1000
YEAR = 2025  # a fixed, finished year: the figures do not depend on the day they are taken
JOINED = D(2015, 1, 1)
# After-tax pay in service, cycled over the members so every bracket is charged.
PAY = [Decimal(p) for p in ("2800", "3000", "3600", "4500", "5000", "6200", "8000", "9900")]
PAY += [Decimal(p) for p in ("10000", "11800", "15000")]


@dataclass(frozen=True)
class Timing:
    seconds: float  # wall time; the median when the step ran more than once
    cpu: float  # this process's CPU time, likewise: steadier than wall time on a busy machine
    queries: int


@dataclass(frozen=True)
class Figure:
    what: str
    timing: Timing
    rows: int  # rows written or compared or read, as ``note`` says
    note: str = ""


class _QueryCounter:
    """Counts statements without keeping them (``CaptureQueriesContext`` keeps 9000 at most)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any):
        self.queries += 1
        return execute(sql, params, many, context)


def measure(fn: Callable[[], T], *, repeat: int = 1) -> tuple[T, Timing]:
    """``fn()``'s result, its median wall and CPU time over ``repeat`` runs, and the queries
    of one run."""
    wall, cpu = [], []
    for _ in range(repeat):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = fn()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return result, Timing(statistics.median(wall), statistics.median(cpu), counter.queries)


# Setup ----------------------------------------------------------------------------------------


def _committee() -> Organization:
    found = Organization.objects.filter(code="bench-committee").first()
    return found or branch_services.organization_create(
        actor=None, code="bench-committee", name="基准测试党委", kind=OrgKind.COMMITTEE
    )


def branch_with_members(code: str, members: int, year: int = YEAR) -> Organization:
    """A branch of ``members`` full members in service since 2015, each with a base for
    ``year`` — what a branch looks like after 年初核定."""
    org = branch_services.organization_create(
        actor=None,
        code=code,
        name=f"基准测试党支部（{members}人）",
        kind=OrgKind.BRANCH,
        parent=_committee(),
    )
    people = Person.objects.bulk_create(
        [
            Person(
                name=f"党员{i:05d}",
                gender=Gender.MALE if i % 2 else Gender.FEMALE,
                birth_date=D(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            )
            for i in range(members)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(person=p, organization=org, joined_on=JOINED) for p in people],
        batch_size=BATCH,
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(person=p, aspect=aspect, value=value, effective_on=JOINED)
            for p in people
            for aspect, value in (
                (Aspect.STAGE, Stage.FULL),
                (Aspect.STANDING, Standing.NORMAL),
                (Aspect.CATEGORY, Category.EMPLOYED),
            )
        ],
        batch_size=BATCH,
    )
    bases = []
    for i, person in enumerate(people):
        working = rules.standard_amount(DuesCategory.EMPLOYED, PAY[i % len(PAY)])
        bases.append(
            DuesBase(
                person=person,
                organization=org,
                year=year,
                category=DuesCategory.EMPLOYED,
                base_amount=working.base,
                rate=working.rate,
                standard_amount=working.amount,
                monthly_amount=working.amount,
            )
        )
    DuesBase.objects.bulk_create(bases, batch_size=BATCH)
    return org


def a_year_of_payments(org: Organization, year: int = YEAR) -> int:
    """Payments for ``org``'s charges of ``year`` as a branch really has them: most paid on
    the collection day, every tenth member four months behind at the end of the year, every
    fifteenth paying three months late at once, every fiftieth with January's entry reversed
    and recorded again, and a few voluntary extra payments. Returns how
    many ledger entries were written."""
    receipts = iter(range(1, 10**6))

    def receipt() -> str:
        return f"{org.code}-{year}-{next(receipts):05d}"

    ids = sorted(set(Charge.objects.filter(organization=org).values_list("person_id", flat=True)))
    index = {pid: i for i, pid in enumerate(ids)}
    entries = []
    for charge in Charge.objects.filter(organization=org, month__year=year).order_by("month"):
        i, month = index[charge.person_id], charge.month.month
        if i % 10 == 0 and month > 8:
            continue  # four months behind
        late = i % 15 == 0 and month in (3, 4, 5)
        paid_on = D(year, 6 if late else month, 10)
        entries.append(
            Payment(
                person_id=charge.person_id,
                organization=org,
                month=charge.month,
                amount=charge.amount,
                kind=PaymentKind.BACK if late else PaymentKind.REGULAR,
                method=Method.CASH,
                paid_on=paid_on,
                receipt=receipt(),
            )
        )
    for i, pid in enumerate(ids):
        if i % 40 == 7:
            entries.append(
                Payment(
                    person_id=pid,
                    organization=org,
                    month=D(year, 7, 1),
                    amount=Decimal("1200.00") if i % 80 == 7 else Decimal("200.00"),
                    kind=PaymentKind.EXTRA,
                    method=Method.TRANSFER,
                    paid_on=D(year, 7, 1),
                    receipt=receipt(),
                )
            )
    written = Payment.objects.bulk_create(entries, batch_size=BATCH)
    # the reversals point at entries that must exist first
    mistaken = [
        p
        for p in written
        if p.kind == PaymentKind.REGULAR and p.month.month == 1 and index[p.person_id] % 50 == 1
    ]
    reversals = [
        Payment(
            person_id=p.person_id,
            organization=org,
            month=p.month,
            amount=-p.amount,
            kind=PaymentKind.REVERSAL,
            method=p.method,
            paid_on=D(year, 1, 20),
            receipt=p.receipt,
            reverses=p,
            reason="登记有误，冲正后重新登记",
        )
        for p in mistaken
    ]
    again = [
        Payment(
            person_id=p.person_id,
            organization=org,
            month=p.month,
            amount=p.amount,
            kind=PaymentKind.REGULAR,
            method=p.method,
            paid_on=D(year, 1, 20),
            receipt=receipt(),
            generation=1,
        )
        for p in mistaken
    ]
    Payment.objects.bulk_create(reversals + again, batch_size=BATCH)
    return len(written) + len(reversals) + len(again)


# The run --------------------------------------------------------------------------------------


def run(*, members: int = 10_000, summary_members: int = 300, year: int = YEAR) -> list[Figure]:
    """Set up both branches and measure; the database must be empty of ``bench-*`` codes."""
    figures = []

    big, timing = measure(lambda: branch_with_members(f"bench-{members}", members, year))
    figures.append(
        Figure(
            "setup: members, memberships, status changes, bases",
            timing,
            members * 6,
            f"{members:,} members, bulk insert",
        )
    )

    generation, timing = measure(lambda: charges_generate(actor=None, org=big, year=year))
    figures.append(
        Figure(
            "charges_generate, 12 months",
            timing,
            generation.created,
            f"{members:,} members: {generation.created:,} charges created",
        )
    )

    again, timing = measure(lambda: charges_generate(actor=None, org=big, year=year), repeat=3)
    changed = again.created + again.updated + again.deleted
    figures.append(
        Figure(
            "charges_generate again, nothing to change",
            timing,
            generation.created,
            f"{generation.created:,} charges compared, {changed} changed",
        )
    )

    # One member's base raised, as 年中调整 does: only their twelve months are rewritten.
    changed = DuesBase.objects.filter(organization=big, year=year).order_by("pk").first()
    DuesBase.objects.filter(pk=changed.pk).update(monthly_amount=changed.monthly_amount + 1)
    one, timing = measure(lambda: charges_generate(actor=None, org=big, year=year))
    figures.append(
        Figure(
            "charges_generate after one member's base changed",
            timing,
            generation.created,
            f"{generation.created:,} charges compared, {one.updated} updated",
        )
    )

    def ordinary_branch() -> int:
        org = branch_with_members(f"bench-summary-{summary_members}", summary_members, year)
        charges_generate(actor=None, org=org, year=year)
        return a_year_of_payments(org, year)

    entries, timing = measure(ordinary_branch)
    small = Organization.objects.get(code=f"bench-summary-{summary_members}")
    charges = Charge.objects.filter(organization=small).count()
    figures.append(
        Figure(
            "setup: ordinary branch, charges and a year of payments",
            timing,
            charges + entries,
            f"{summary_members} members: {charges:,} charges, {entries:,} ledger entries",
        )
    )

    summary, timing = measure(lambda: year_summary(small, year), repeat=5)
    figures.append(
        Figure(
            "year_summary",
            timing,
            charges + entries,
            f"{len(summary.per_person)} members, collection rate {summary.rate}%",
        )
    )

    found, timing = measure(lambda: arrears(small, D(year + 1, 1, 15)), repeat=5)
    figures.append(
        Figure(
            "arrears (the daily reminder job, per branch)",
            timing,
            charges + entries,
            f"{len(found)} members three or more months behind",
        )
    )
    return figures


def report(figures: list[Figure]) -> str:
    """The figures as a plain table."""
    lines = [f"{'what':<56} {'wall s':>8} {'cpu s':>8} {'rows':>9} {'queries':>8}  note"]
    for f in figures:
        t = f.timing
        lines.append(
            f"{f.what:<56} {t.seconds:>8.3f} {t.cpu:>8.3f} {f.rows:>9,} {t.queries:>8}  {f.note}"
        )
    return "\n".join(lines)
