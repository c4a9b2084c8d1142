"""Writes of the dues ledger: payments and reversals, voluntary payments, reasons for arrears;
and the checks of an amount of money that every dues write shares. Bases and exemptions are in
``dues.services_bases``.

Payments are append-only. Every amount is checked (a number, more than zero, at most 100,000,
to the fen) and every month against the member's charges, so the ledger only ever holds what
a member owed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, long_month, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm
from dues import rules
from dues.choices import SETTLING_KINDS, Method, PaymentKind
from dues.models import ArrearsNote, Charge, Payment, ReceiptCounter
from members.models import Person
from members.selectors import people_in


def parse_amount(raw: Any, *, field: str = "amount") -> Decimal:
    """A money amount from a form, a workbook cell or code: refused unless a number above
    zero and at most 100,000, with at most two decimals."""
    try:
        amount = Decimal(str(raw).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError(
            _("“%(value)s” is not an amount of money.") % {"value": raw}, field=field
        ) from None
    if not amount.is_finite():
        raise ServiceError(
            _("“%(value)s” is not an amount of money.") % {"value": raw}, field=field
        )
    if amount <= 0:
        raise ServiceError(_("An amount must be more than zero."), field=field)
    if amount > rules.MAX_AMOUNT:
        raise ServiceError(
            _(
                "%(amount)s yuan is more than any single payment can be (100,000 yuan); check "
                "the figure."
            )
            % {"amount": amount},
            field=field,
        )
    if amount != amount.quantize(rules.FEN):
        raise ServiceError(_("Amounts are given to the fen (two decimals)."), field=field)
    return amount


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def acting_user(actor: Any) -> Any:
    """The user to record as having made an entry: none for the system (``actor=None``)."""
    return actor if getattr(actor, "pk", None) else None


M = TypeVar("M", bound=models.Model)


def save_new(obj: M, *, actor: Any, after: dict[str, Any]) -> M:
    """Save a new row of the dues app and record its creation, showing ``after``."""
    obj.save(force_insert=True)
    audit_record(
        actor=actor, organization=obj.organization, action=Action.CREATE, obj=obj, after=after
    )
    return obj


def _membership_check(org: Organization, person: Person, month: datetime.date) -> None:
    if (
        not people_in(org, month).filter(pk=person.pk).exists()
        and not people_in(org, month + relativedelta(months=1, days=-1))
        .filter(pk=person.pk)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s was not in %(org)s in %(month)s.")
            % {"person": person.name, "org": org.name, "month": long_month(month)},
            field="months",
        )


# Payments -------------------------------------------------------------------------------------


def next_receipt(org: Organization, year: int) -> str:
    """``<code>-<year>-<number>``, numbered without gaps per branch and year."""
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(
        organization=org, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{org.code}-{year}-{counter.last:05d}"


def paid_for(person: Person, month: datetime.date) -> Decimal:
    """What stands paid for the month: settling payments less their reversals."""
    total = Payment.objects.filter(
        person=person, month=month, kind__in=[*SETTLING_KINDS, PaymentKind.REVERSAL]
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


def _generation(person: Person, month: datetime.date) -> int:
    return Payment.objects.filter(person=person, month=month, kind=PaymentKind.REVERSAL).count()


@dataclass(frozen=True)
class _Due:
    month: datetime.date
    owed: Decimal
    kind: str


def _plan(
    org: Organization, person: Person, months: list[datetime.date], paid_on: datetime.date
) -> list[_Due]:
    current = first_of_month(paid_on)
    latest = current + relativedelta(months=rules.MAX_ADVANCE_MONTHS)
    charges = {
        c.month: c.amount
        for c in Charge.objects.filter(person=person, organization=org, month__in=months)
    }
    plan = []
    for month in sorted(set(months)):
        if month > latest:
            raise ServiceError(
                _(
                    "%(month)s is more than six months ahead: dues are paid in advance for at most "
                    "six months."
                )
                % {"month": long_month(month)},
                field="months",
            )
        if month not in charges:
            _membership_check(org, person, month)
            raise ServiceError(
                _(
                    "%(person)s owes nothing for %(month)s (no charge: exempt, not yet a paying "
                    "member, or no base set for %(year)d)."
                )
                % {"person": person.name, "month": long_month(month), "year": month.year},
                field="months",
            )
        owed = charges[month] - paid_for(person, month)
        if owed <= 0:
            raise ServiceError(
                _("%(person)s has already paid for %(month)s.")
                % {"person": person.name, "month": long_month(month)},
                field="months",
            )
        kind = (
            PaymentKind.BACK
            if month < current
            else PaymentKind.REGULAR
            if month == current
            else PaymentKind.ADVANCE
        )
        plan.append(_Due(month, owed, kind))
    return plan


def _check_paid_on(org: Organization, paid_on: datetime.date) -> None:
    """The date a payment was made: checked as every event date is (``branch.dates``)."""
    service_check(
        DateKind.EVENT,
        paid_on,
        field="paid_on",
        label=Payment._meta.get_field("paid_on").verbose_name,
        org=org,
    )


@transaction.atomic
def payment_record(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    months: list[datetime.date],
    paid_on: datetime.date,
    method: str = Method.CASH,
    amount: Any = None,
    reason: str = "",
) -> list[Payment]:
    """Record that ``person`` paid for ``months`` (one receipt). Past months are a 补交;
    more than six of them at once need a reason. ``amount``, when given, must be the total
    owed for those months."""
    require_perm(actor, "log_records", org)
    if not months:
        raise ServiceError(_("Choose the months paid for."), field="months")
    _check_paid_on(org, paid_on)
    if method not in Method.values:
        raise ServiceError(_("Choose how it was paid."), field="method")
    months = [first_of_month(m) for m in months]
    plan = _plan(org, person, months, paid_on)
    backs = [d for d in plan if d.kind == PaymentKind.BACK]
    if len(backs) > rules.MAX_BACK_MONTHS and not reason.strip():
        raise ServiceError(
            _("A back-payment of %(n)d months at once (more than six) needs a reason.")
            % {"n": len(backs)},
            field="reason",
        )
    total = sum((d.owed for d in plan), Decimal("0"))
    if amount not in (None, ""):
        given = parse_amount(amount)
        if given != total:
            raise ServiceError(
                _("%(person)s owes %(total)s yuan for those months, not %(given)s.")
                % {"person": person.name, "total": total, "given": given},
                field="amount",
            )
    receipt = next_receipt(org, paid_on.year)
    payments = []
    try:
        with transaction.atomic():
            for due in plan:
                payments.append(
                    Payment.objects.create(
                        person=person,
                        organization=org,
                        month=due.month,
                        amount=due.owed,
                        kind=due.kind,
                        method=method,
                        paid_on=paid_on,
                        receipt=receipt,
                        generation=_generation(person, due.month),
                        reason=reason,
                        recorded_by=acting_user(actor),
                    )
                )
    except IntegrityError:
        raise ServiceError(
            _(
                "Someone else recorded a payment of %(person)s for one of these months just now; "
                "nothing was recorded twice."
            )
            % {"person": person.name},
            field="months",
        ) from None
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=payments[0],
        after={
            "receipt": receipt,
            "person": person.name,
            "amount": total,
            "method": method,
            "months": [f"{d.month:%Y-%m}" for d in plan],
            "kinds": sorted({d.kind for d in plan}),
        },
    )
    return payments


@dataclass
class Collection:
    payments: list[Payment]
    refused: list[tuple[Person, str]]


@transaction.atomic
def month_collect(
    *,
    actor: Any,
    org: Organization,
    month: datetime.date,
    people: list[Person],
    paid_on: datetime.date,
    method: str = Method.CASH,
) -> Collection:
    """The collection day: everyone ticked paid for ``month``. Someone already recorded (by
    another committee member at the same time, say) is reported, not recorded twice."""
    require_perm(actor, "log_records", org)
    result = Collection([], [])
    for person in people:
        try:
            with transaction.atomic():
                result.payments += payment_record(
                    actor=actor,
                    org=org,
                    person=person,
                    months=[month],
                    paid_on=paid_on,
                    method=method,
                )
        except ServiceError as exc:
            result.refused.append((person, exc.message))
    return result


@transaction.atomic
def extra_payment_record(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    amount: Any,
    paid_on: datetime.date,
    method: str = Method.CASH,
    reason: str = "",
) -> Payment:
    """A voluntary payment beyond the dues (自愿多交). Over 1000 yuan it is handed on to the
    central committee, which the ledger shows."""
    require_perm(actor, "log_records", org)
    value = parse_amount(amount)
    _check_paid_on(org, paid_on)
    if not people_in(org, paid_on).filter(pk=person.pk).exists():
        raise ServiceError(
            _("%(person)s was not in %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(paid_on)}
        )
    payment = Payment(
        person=person,
        organization=org,
        month=first_of_month(paid_on),
        amount=value,
        kind=PaymentKind.EXTRA,
        method=method,
        paid_on=paid_on,
        receipt=next_receipt(org, paid_on.year),
        reason=reason,
        recorded_by=acting_user(actor),
    )
    save_new(
        payment,
        actor=actor,
        after={
            "receipt": payment.receipt,
            "person": person.name,
            "amount": value,
            "kind": PaymentKind.EXTRA,
            "to_central": payment.goes_to_central,
        },
    )
    return payment


@transaction.atomic
def payment_reverse(*, actor: Any, payment: Payment, reason: str) -> Payment:
    """Cancel a ledger entry by a reversal entry; both stay in the ledger."""
    org = payment.organization
    require_perm(actor, "log_records", org)
    if payment.kind == PaymentKind.REVERSAL:
        raise ServiceError(_("A reversal cannot itself be reversed; record a new payment."))
    if not reason.strip():
        raise ServiceError(_("Give the reason for the reversal."), field="reason")
    try:
        with transaction.atomic():
            reversal = save_new(
                Payment(
                    person=payment.person,
                    organization=org,
                    month=payment.month,
                    amount=-payment.amount,
                    kind=PaymentKind.REVERSAL,
                    method=payment.method,
                    paid_on=timezone.localdate(),
                    receipt=payment.receipt,
                    generation=payment.generation,
                    reverses=payment,
                    reason=reason,
                    recorded_by=acting_user(actor),
                ),
                actor=actor,
                after={
                    "reverses": payment.receipt,
                    "month": f"{payment.month:%Y-%m}",
                    "amount": -payment.amount,
                    "reason": reason,
                },
            )
    except IntegrityError:
        raise ServiceError(_("That entry is already reversed.")) from None
    return reversal


@transaction.atomic
def arrears_note_add(
    *, actor: Any, org: Organization, person: Person, noted_on: datetime.date, reason: str
) -> ArrearsNote:
    require_perm(actor, "log_records", org)
    if not reason.strip():
        raise ServiceError(_("Give the reason."), field="reason")
    return save_new(
        ArrearsNote(
            person=person,
            organization=org,
            noted_on=noted_on,
            reason=reason,
            recorded_by=acting_user(actor),
        ),
        actor=actor,
        after={"person": person.name, "noted_on": noted_on, "reason": reason},
    )
