"""The 党费 sheet of the branch workbook (DESIGN §6): one member's dues for one month a row,
recorded through ``dues.services.payment_record`` with the same rules as the ledger page.

Where the branch set no base for the member and year, the amount paid is taken as that month's
amount due (history copied from a paper ledger): the row first creates the month's charge with
that amount, but only for a month in which the branch charges the member (in the branch, a
probationary or full member in normal standing, not exempt; ``dues.charges.charged_months``),
so a month before the membership is refused as the ledger page refuses it. Where a base is set,
the charges come from it and the amount must be what is owed.

The 类型 says what the payment was: 按月, 补交 and 预交 settle the month, and which of the three
a payment is follows from the month and the day it was paid (a 补交 is paid after its month),
so a 类型 that contradicts the dates is an error; 自愿多交 is a voluntary payment beyond the
dues (``extra_payment_record``), made in the month of the row. A blank 类型 is a month's dues.

A month that stands paid with the row's amount is unchanged, so a file imports once; a row that
gives another amount, day or method for a month the ledger has settled is an error, since the
ledger is corrected by a reversal on the member's account, not by a file. The paid date
defaults to the 10th of the month (today, when that is still to come); the method to cash. The
export writes, for each member and month, what stands paid (reversed payments cancel out) with
the date, method and kind of the payment that settled it, then each voluntary payment that was
not reversed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, long_month
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    ImportContext,
    Problem,
    Row,
    RowError,
    Sheet,
    duplicates,
    register_sheet,
)
from branch.workbook_cells import (
    CellError,
    choice,
    clean_text,
    dated,
    first_labels,
    month,
)
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
from dues.services import extra_payment_record, paid_for, parse_amount, payment_record
from members.models import Person, Transfer
from members.workbook_roster import find_person

SHEET = "党费"
NAME, MONTH, AMOUNT, PAID_ON, METHOD, KIND = "姓名", "月份", "金额", "缴纳日期", "方式", "类型"

# Chinese label -> method; the first label of each method is the one an export writes.
METHODS = {
    "现金": Method.CASH,
    "转账": Method.TRANSFER,
    "银行转账": Method.TRANSFER,
    "线上": Method.ONLINE,
    "在线": Method.ONLINE,
}

# Chinese label -> kind of payment; the first label of each kind is the one an export writes.
KINDS = {
    "按月": PaymentKind.REGULAR,
    "按月交纳": PaymentKind.REGULAR,
    "补交": PaymentKind.BACK,
    "预交": PaymentKind.ADVANCE,
    "自愿多交": PaymentKind.EXTRA,
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
        Column(PAID_ON, dated(DateKind.EVENT, PAID_ON)),
        Column(METHOD, choice(METHODS)),
        Column(KIND, choice(KINDS)),
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
        def key(row: Row) -> tuple | None:
            if not (row[NAME] and row[MONTH]):
                return None
            if row[KIND] == PaymentKind.EXTRA:  # several a month are possible
                return (row[NAME], row[MONTH], row[KIND], row[PAID_ON], row[AMOUNT])
            return (row[NAME], row[MONTH])

        return duplicates(rows, key, MONTH)

    def apply(self, row: Row, ctx: ImportContext) -> Change:
        person = find_person(ctx, row[NAME], column=NAME)
        first, amount = row[MONTH], row[AMOUNT]
        paid_on = row[PAID_ON] or min(first.replace(day=PAYING_DAY), ctx.today)
        if row[KIND] == PaymentKind.EXTRA:
            return _extra(ctx, person, row, paid_on)
        settled = _settling(person, first)
        if settled is not None:
            _same_as_recorded(row, settled, amount)
            return Change.UNCHANGED
        kind = _kind_of(first, paid_on)
        if row[KIND] and row[KIND] != kind:
            raise RowError(
                _("Dues for %(month)s paid on %(date)s are “%(kind)s”, not “%(given)s”.")
                % {
                    "month": long_month(first),
                    "date": long_date(paid_on),
                    "kind": _label(kind),
                    "given": _label(row[KIND]),
                },
                column=KIND,
            )
        if not DuesBase.objects.filter(
            person=person, organization=ctx.org, year=first.year
        ).exists():
            _charge_as_paid(ctx, person, first, amount)
        payment_record(
            actor=ctx.actor,
            org=ctx.org,
            person=person,
            months=[first],
            paid_on=paid_on,
            method=row[METHOD] or Method.CASH,
            amount=amount,
        )
        return Change.CREATED

    def years(self, org: Organization) -> set[int]:
        return {d.year for d in Payment.objects.filter(organization=org).dates("month", "year")}

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        # the name alone, not the person: a person decrypts their numbers when loaded
        entries = (
            Payment.objects.filter(organization=ctx.org)
            .only("person_id", "month", "amount", "paid_on", "method", "kind", "reverses_id")
            .annotate(person_name=F("person__name"))
            .order_by("month", "person__name", "person_id", "pk")
        )
        if ctx.year is not None:
            entries = entries.filter(month__year=ctx.year)
        labels, kinds = first_labels(METHODS), first_labels(KINDS)
        standing: dict[tuple[int, datetime.date], tuple[Decimal, Payment | None]] = {}
        extras: dict[int, Payment] = {}
        for entry in entries:
            if entry.kind == PaymentKind.EXTRA:
                extras[entry.pk] = entry
                continue
            if entry.reverses_id in extras:  # a voluntary payment taken back
                del extras[entry.reverses_id]
                continue
            total, settled_by = standing.get((entry.person_id, entry.month), (Decimal("0"), None))
            if entry.kind != PaymentKind.REVERSAL:
                settled_by = entry
            standing[(entry.person_id, entry.month)] = (total + entry.amount, settled_by)
        rows = [
            (payment, total)
            for total, payment in standing.values()
            if total > 0 and payment is not None  # else reversed and not paid again
        ]
        rows += [
            (payment, payment.amount)
            for payment in sorted(
                extras.values(), key=lambda p: (p.month, p.paid_on, p.person_name, p.pk)
            )
        ]
        for payment, total in rows:
            yield {
                NAME: payment.person_name,
                MONTH: f"{payment.month:%Y-%m}",
                AMOUNT: total,
                PAID_ON: payment.paid_on,
                METHOD: labels.get(payment.method, ""),
                KIND: kinds[payment.kind],
            }


def _label(kind: str) -> str:
    return first_labels(KINDS)[kind]


def _kind_of(month: datetime.date, paid_on: datetime.date) -> str:
    """What ``payment_record`` makes of a month paid on that day."""
    current = paid_on.replace(day=1)
    if month < current:
        return PaymentKind.BACK
    return PaymentKind.REGULAR if month == current else PaymentKind.ADVANCE


def _settling(person: Person, month: datetime.date) -> Payment | None:
    """The payment that settles the month, when it stands paid (not reversed)."""
    if paid_for(person, month) <= 0:
        return None
    return (
        Payment.objects.filter(person=person, month=month, kind__in=SETTLING_KINDS)
        .order_by("-generation", "-pk")
        .first()
    )


def _same_as_recorded(row: Row, payment: Payment, amount: Decimal) -> None:
    """A settled month is not paid again: the row must say what the ledger says."""
    recorded = {
        AMOUNT: paid_for(payment.person, payment.month),
        PAID_ON: payment.paid_on,
        METHOD: payment.method,
        KIND: payment.kind,
    }
    for column in (AMOUNT, PAID_ON, METHOD, KIND):
        given = amount if column == AMOUNT else row[column]
        if given and given != recorded[column]:
            shown = recorded[column]
            if column == AMOUNT:
                shown = shown.quantize(FEN)
            elif column == METHOD:
                shown = first_labels(METHODS).get(shown, shown)
            elif column == KIND:
                shown = _label(shown)
            raise RowError(
                _(
                    "The ledger records %(month)s as paid already, with %(value)s here; a "
                    "recorded payment is corrected by a reversal on the member's account."
                )
                % {"month": long_month(payment.month), "value": shown},
                column=column,
            )


def _extra(ctx: ImportContext, person: Person, row: Row, paid_on: datetime.date) -> Change:
    """A voluntary payment, in the month it was paid."""
    if paid_on.replace(day=1) != row[MONTH]:
        raise RowError(
            _("A voluntary payment belongs to the month it was paid in (%(month)s).")
            % {"month": long_month(paid_on)},
            column=PAID_ON,
        )
    if Payment.objects.filter(
        person=person,
        organization=ctx.org,
        kind=PaymentKind.EXTRA,
        paid_on=paid_on,
        amount=row[AMOUNT],
        reversal__isnull=True,
    ).exists():
        return Change.UNCHANGED
    extra_payment_record(
        actor=ctx.actor,
        org=ctx.org,
        person=person,
        amount=row[AMOUNT],
        paid_on=paid_on,
        method=row[METHOD] or Method.CASH,
    )
    return Change.CREATED


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
