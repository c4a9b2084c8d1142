"""The 党费 sheet of the branch workbook (DESIGN §6): one member's dues for one month a row,
recorded through ``dues.services.payment_record`` with the same rules as the ledger page.

Where the branch set no base for the member and year, the amount paid is taken as that month's
amount due (history copied from a paper ledger): the row first creates the month's charge with
that amount, but only for a month in which the branch charges the member (in the branch, a
probationary or full member in normal standing, not exempt; ``dues.charges.charged_months``),
so a month before the membership is refused as the ledger page refuses it. Where a base is set,
the charges come from it and the amount must be what is owed.

A month that stands paid with the row's amount is unchanged, so a file imports once. The paid
date defaults to the 10th of the month (today, when that is still to come); the method to
cash. The export writes, for each member and month, what stands paid (reversed payments
cancel out) with the date and method of the payment that settled it; voluntary extra payments
are not months of dues and are not written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from branch.audit import Action, audit_record
from branch.exceptions import ServiceError
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    ImportContext,
    Problem,
    Row,
    Sheet,
    duplicates,
    register_sheet,
)
from branch.workbook_cells import CellError, choice, clean_text, first_labels, month, past_date
from dues.charges import charged_months
from dues.models import (
    SETTLING_KINDS,
    Charge,
    DuesBase,
    Exemption,
    Method,
    Payment,
    PaymentKind,
)
from dues.rules import FEN
from dues.services import paid_for, parse_amount, payment_record
from members.models import Person, Transfer
from members.workbook_roster import find_person

SHEET = "党费"
NAME, MONTH, AMOUNT, PAID_ON, METHOD = "姓名", "月份", "金额", "缴纳日期", "方式"

# Chinese label -> method; the first label of each method is the one an export writes.
METHODS = {
    "现金": Method.CASH,
    "转账": Method.TRANSFER,
    "银行转账": Method.TRANSFER,
    "线上": Method.ONLINE,
    "在线": Method.ONLINE,
}

PAYING_DAY = 10  # when a paper ledger gives no date, dues were collected around the 10th
CHARGED = "dues.charged_months"  # (person id, year) -> months charged, for this import


def dues_amount(value: Any) -> Decimal:
    """An amount of dues: what ``parse_amount`` accepts (more than zero, at most 100,000, to
    the fen), also written with ¥ or 元."""
    if isinstance(value, float):
        value = round(value, 6)  # 0.1 + 0.2 from a formula is 0.3 to the fen
    raw = clean_text(value).removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
    try:
        return parse_amount(raw).quantize(FEN)
    except ServiceError as exc:
        raise CellError(exc.message) from None


class DuesSheet(Sheet):
    name = SHEET
    order = 40  # after the roster, whose people it names
    columns = (
        Column(NAME, required=True),
        Column(MONTH, month, required=True),
        Column(AMOUNT, dues_amount, required=True),
        Column(PAID_ON, past_date),
        Column(METHOD, choice(METHODS)),
    )
    field_columns = {
        "amount": AMOUNT,
        "months": MONTH,
        "paid_on": PAID_ON,
        "method": METHOD,
        "reason": MONTH,
    }

    def label(self, row: Row) -> str:
        when = f"{row[MONTH]:%Y-%m}" if row[MONTH] else ""
        return f"{row[NAME] or ''} {when}".strip()

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        return duplicates(
            rows, lambda r: (r[NAME], r[MONTH]) if r[NAME] and r[MONTH] else None, MONTH
        )

    def apply(self, row: Row, ctx: ImportContext) -> Change:
        person = find_person(ctx, row[NAME], column=NAME)
        first, amount = row[MONTH], row[AMOUNT]
        if paid_for(person, first) == amount:
            return Change.UNCHANGED
        if not DuesBase.objects.filter(
            person=person, organization=ctx.org, year=first.year
        ).exists():
            _charge_as_paid(ctx, person, first, amount)
        payment_record(
            actor=ctx.actor,
            org=ctx.org,
            person=person,
            months=[first],
            paid_on=row[PAID_ON] or min(first.replace(day=PAYING_DAY), ctx.today),
            method=row[METHOD] or Method.CASH,
            amount=amount,
        )
        return Change.CREATED

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        entries = (
            Payment.objects.filter(
                organization=ctx.org, kind__in=[*SETTLING_KINDS, PaymentKind.REVERSAL]
            )
            .select_related("person")
            .order_by("month", "person__name", "person_id", "pk")
        )
        if ctx.year is not None:
            entries = entries.filter(month__year=ctx.year)
        labels = first_labels(METHODS)
        standing: dict[tuple[int, datetime.date], tuple[Decimal, Payment | None]] = {}
        for entry in entries:
            total, settled_by = standing.get((entry.person_id, entry.month), (Decimal("0"), None))
            if entry.kind != PaymentKind.REVERSAL:
                settled_by = entry
            standing[(entry.person_id, entry.month)] = (total + entry.amount, settled_by)
        for total, payment in standing.values():
            if total <= 0 or payment is None:
                continue  # reversed and not paid again
            yield {
                NAME: payment.person.name,
                MONTH: f"{payment.month:%Y-%m}",
                AMOUNT: total,
                PAID_ON: payment.paid_on,
                METHOD: labels.get(payment.method, ""),
            }


def _charge_as_paid(
    ctx: ImportContext, person: Person, first: datetime.date, amount: Decimal
) -> None:
    """Without a base, the amount paid is the amount due: create the month's charge, when the
    branch charges the member that month at all (else ``payment_record`` says why not)."""
    if Charge.objects.filter(person=person, month=first).exists():
        return
    if first not in _charged(ctx, person, first.year):
        return
    charge = Charge.objects.create(person=person, organization=ctx.org, month=first, amount=amount)
    audit_record(
        actor=ctx.actor,
        organization=ctx.org,
        action=Action.CREATE,
        obj=charge,
        after={"person": person.name, "month": f"{first:%Y-%m}", "amount": amount},
    )


def _charged(ctx: ImportContext, person: Person, year: int) -> list[datetime.date]:
    cache = ctx.shared.setdefault(CHARGED, {})
    key = (person.pk, year)
    if key not in cache:
        cache[key] = charged_months(
            person,
            ctx.org,
            year,
            list(person.memberships.all()),
            list(
                Transfer.objects.filter(
                    person=person, organization=ctx.org, direction=Transfer.Direction.IN
                )
            ),
            list(Exemption.objects.filter(person=person, organization=ctx.org)),
        )
    return cache[key]


register_sheet(DuesSheet())
