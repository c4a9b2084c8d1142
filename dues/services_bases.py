"""Writes of the dues bases (年初核定) and exemptions: what each member owes a month, from which
the monthly charges are regenerated (``dues.charges``). Payments are in ``dues.services``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record, snapshot
from branch.dates import long_month, year_range
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm
from dues import rules
from dues.charges import charges_generate
from dues.choices import DuesCategory
from dues.models import DuesBase, Exemption
from dues.services import acting_user, first_of_month, parse_amount, save_new
from members.models import Person
from members.selectors import people_in

BASE_FIELDS = (
    "category",
    "base_amount",
    "rate",
    "standard_amount",
    "monthly_amount",
    "reduction_reason",
    "approval_reference",
)


@transaction.atomic
def base_set(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    year: int,
    category: str,
    base_amount: Decimal | str | None = None,
    monthly_amount: Decimal | str | None = None,
    reduction_reason: str = "",
    approval_reference: str = "",
    regenerate: bool = True,
) -> DuesBase:
    """Set (or change) a member's base for ``year``. The monthly amount comes from the rules;
    a lower one is a reduction or exemption and needs a reason and the higher committee's
    approval."""
    require_perm(actor, "log_records", org)
    if category not in DuesCategory.values:
        raise ServiceError(_("Choose a dues category."), field="category")
    if category in rules.BRACKETS:
        if base_amount in (None, ""):
            raise ServiceError(
                _("Give the base: the regular monthly pay after tax, or the basic pension."),
                field="base_amount",
            )
        base = parse_amount(base_amount, field="base_amount")
    else:
        base = None if base_amount in (None, "") else parse_amount(base_amount, field="base_amount")
    try:
        working = rules.standard_amount(category, base)
    except ValueError:
        low, high = rules.FIXED[category]
        raise ServiceError(
            _("The fixed amount for this category is between %(low)s and %(high)s yuan.")
            % {"low": low, "high": high},
            field="base_amount",
        ) from None
    if monthly_amount in (None, ""):
        monthly = working.amount
    else:
        monthly = (
            Decimal(str(monthly_amount))
            if str(monthly_amount).strip() in ("0", "0.00")
            else parse_amount(monthly_amount, field="monthly_amount")
        )
    if monthly < working.amount and not (reduction_reason.strip() and approval_reference.strip()):
        raise ServiceError(
            _(
                "%(amount)s yuan is less than the %(standard)s yuan the rules give: a reduction or "
                "exemption needs its reason and the higher committee's approval reference."
            )
            % {"amount": monthly, "standard": working.amount},
            field="reduction_reason",
        )
    if not people_in(org, datetime.date(year, 12, 31)).filter(pk=person.pk).exists() and not (
        people_in(org, datetime.date(year, 1, 1)).filter(pk=person.pk).exists()
    ):
        raise ServiceError(
            _("%(person)s is not in %(org)s in %(year)d.")
            % {"person": person.name, "org": org.name, "year": year}
        )
    existing = DuesBase.objects.filter(person=person, year=year).first()
    before = snapshot(existing, BASE_FIELDS) if existing else None
    values = {
        "organization": org,
        "category": category,
        "base_amount": working.base if working.base is not None else base,
        "rate": working.rate,
        "standard_amount": working.amount,
        "monthly_amount": monthly,
        "reduction_reason": reduction_reason if monthly < working.amount else "",
        "approval_reference": approval_reference if monthly < working.amount else "",
        "set_by": acting_user(actor),
    }
    dues_base, _created = DuesBase.objects.update_or_create(
        person=person, year=year, defaults=values
    )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE if existing else Action.CREATE,
        obj=dues_base,
        before=before,
        after=snapshot(dues_base, BASE_FIELDS),
    )
    if regenerate:
        charges_generate(actor=actor, org=org, year=year)
    return dues_base


@transaction.atomic
def bases_set_batch(
    *, actor: Any, org: Organization, year: int, rows: list[dict[str, Any]]
) -> list[DuesBase]:
    """Set many bases at once (年初核定 for the whole branch): all or nothing. A refused row
    raises with the person's name in front of the message."""
    require_perm(actor, "log_records", org)
    saved = []
    for row in rows:
        person = row["person"]
        try:
            saved.append(
                base_set(
                    actor=actor,
                    org=org,
                    year=year,
                    regenerate=False,
                    **{k: v for k, v in row.items()},
                )
            )
        except ServiceError as exc:
            raise ServiceError(f"{person.name}：{exc.message}", field=exc.field) from None
    charges_generate(actor=actor, org=org, year=year)
    return saved


@transaction.atomic
def exemption_add(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    first_month: datetime.date,
    last_month: datetime.date,
    reason: str,
    approval_reference: str,
) -> Exemption:
    require_perm(actor, "log_records", org)
    first_month, last_month = first_of_month(first_month), first_of_month(last_month)
    first_year, last_year = year_range(org, ahead=rules.YEARS_AHEAD)
    for field, month in (("first_month", first_month), ("last_month", last_month)):
        if not first_year <= month.year <= last_year:
            raise ServiceError(
                _(
                    "An exemption covers months of the years %(first)d to %(last)d: "
                    "%(month)s is outside them."
                )
                % {
                    "first": first_year,
                    "last": last_year,
                    "month": long_month(month),
                },
                field=field,
            )
    if last_month < first_month:
        raise ServiceError(_("The exemption ends before it starts."), field="last_month")
    if not reason.strip() or not approval_reference.strip():
        raise ServiceError(
            _("An exemption needs its reason and the higher committee's approval reference."),
            field="approval_reference",
        )
    exemption = save_new(
        Exemption(
            person=person,
            organization=org,
            first_month=first_month,
            last_month=last_month,
            reason=reason,
            approval_reference=approval_reference,
        ),
        actor=actor,
        after={
            "person": person.name,
            "first_month": first_month,
            "last_month": last_month,
            "reason": reason,
            "approval_reference": approval_reference,
        },
    )
    for year in range(first_month.year, last_month.year + 1):
        charges_generate(actor=actor, org=org, year=year)
    return exemption
