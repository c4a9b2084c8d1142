"""The dues of a year as the annual duty report states them: the totals of one branch or a
党总支's branches added up by the database, the arrears on the report's day, and last year's
totals for the comparison."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from branch.models import Organization
from dues.models import Payment, PaymentKind
from dues.selectors import (
    Arrears,
    Collection,
    YearSummary,
    _year_rows,
    arrears,
    collected_through,
    db_money,
)


def year_totals(
    branches: list[Organization],
    year: int,
    today: datetime.date | None = None,
    *,
    back_and_extra: bool = True,
) -> YearSummary:
    """The ``YearSummary`` totals of ``branches`` together (a branch, or a 党总支's branches):
    due, paid and the 收缴率 as of ``today`` (one query), and back-payments and extra payments
    (one more)."""
    through = collected_through(year, today or timezone.localdate())
    total = YearSummary(branches[0] if len(branches) == 1 else None, year)
    total.collection = Collection(through)
    if not branches:
        return total
    ids_sql = ", ".join(["%s"] * len(branches))
    for summary in _year_rows(ids_sql, [b.pk for b in branches], year, through).values():
        total.due += summary.due
        total.paid += summary.paid
        total.collection += summary.collection
    if back_and_extra:
        payments = Payment.objects.filter(organization__in=branches, month__year=year)
        back = payments.filter(kind=PaymentKind.BACK)
        sums = payments.aggregate(
            extra=Sum("amount", filter=Q(kind=PaymentKind.EXTRA)),
            # a reversal of a back-payment counts with it, as in ``_lines``
            back=Sum(
                "amount",
                filter=Q(kind=PaymentKind.BACK)
                | Q(kind=PaymentKind.REVERSAL, reverses__in=back.values("pk")),
            ),
        )
        total.back, total.extra = db_money(sums["back"]), db_money(sums["extra"])
    return total


@dataclass
class DuesYear:
    """What the annual report states about the dues of a year."""

    totals: YearSummary  # due, paid, back, extra; the 收缴率 up to the report's day
    arrears: list[Arrears]  # three months or more behind on the report's day, branch by branch
    last_year: YearSummary  # the year before, for the comparison


def dues_year(branches: list[Organization], year: int, day: datetime.date) -> DuesYear:
    """The dues of ``branches`` in ``year`` up to ``day``: three queries, and two to six per
    branch for the arrears (``arrears``)."""
    return DuesYear(
        totals=year_totals(branches, year, day),
        arrears=[
            owing for branch in branches for owing in arrears(branch, day + datetime.timedelta(1))
        ],
        last_year=year_totals(branches, year - 1, back_and_extra=False),
    )
