"""Deriving the monthly charges (应缴) of a branch for a year.

A member is charged for month *m* by the branch that keeps their records on the first day of
*m* — so the sending branch collects the month of a transfer out — when on that day they are
a party member in normal standing, and by the branch that admitted them from the month the
general assembly accepted them (probationary members pay from that month). A branch that
receives a member from outside this system charges from the month after the letter's "dues
paid up to". Exempt months are not charged; a member without a base for the year is not
charged and is listed instead, so the secretary sets it.

Generation is idempotent and in bulk: the wanted charges are computed in Python from a fixed
number of queries, then only the differences are written.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q

from branch.audit import Action, audit_record
from branch.models import Organization
from branch.services import require_perm
from dues.models import Charge, DuesBase, Exemption
from members.models import (
    Aspect,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
    Transfer,
)

PAYING_STAGES = (Stage.PROBATIONARY, Stage.FULL)


def months_of(year: int) -> list[datetime.date]:
    return [datetime.date(year, m, 1) for m in range(1, 13)]


def month_end(month: datetime.date) -> datetime.date:
    following = (
        datetime.date(month.year + 1, 1, 1)
        if month.month == 12
        else datetime.date(month.year, month.month + 1, 1)
    )
    return following - datetime.timedelta(days=1)


class _Timeline:
    """A person's stage and standing over time, looked up by date with bisect."""

    def __init__(self, changes: list[StatusChange]) -> None:
        self.points: dict[str, tuple[list[datetime.date], list[str]]] = {}
        for aspect in (Aspect.STAGE, Aspect.STANDING):
            rows = sorted(
                (c.effective_on, c.pk or 0, c.value) for c in changes if c.aspect == aspect
            )
            self.points[aspect] = ([r[0] for r in rows], [r[2] for r in rows])
        stages = self.points[Aspect.STAGE]
        self.admitted = next(
            (d for d, v in zip(*stages, strict=True) if v == Stage.PROBATIONARY), None
        )

    def value(self, aspect: str, day: datetime.date) -> str | None:
        dates, values = self.points[aspect]
        i = bisect.bisect_right(dates, day)
        return values[i - 1] if i else None

    def paying_on(self, day: datetime.date) -> bool:
        return (
            self.value(Aspect.STAGE, day) in PAYING_STAGES
            and self.value(Aspect.STANDING, day) == Standing.NORMAL
        )


def charged_months(
    person: Person,
    org: Organization,
    year: int,
    memberships: list[Membership],
    arrivals: list[Transfer],
    exemptions: list[Exemption],
) -> list[datetime.date]:
    """The months of ``year`` for which ``org`` charges ``person`` (see the module's rule)."""
    timeline = _Timeline(list(person.status_changes.all()))
    paid_before = max(
        (t.dues_paid_until for t in arrivals if t.counterpart_org_id is None and t.dues_paid_until),
        default=None,
    )
    ours = [m for m in memberships if m.organization_id == org.pk]
    months = []
    for month in months_of(year):
        end = month_end(month)
        if any(e.first_month <= month <= e.last_month for e in exemptions):
            continue
        if paid_before is not None and month <= paid_before:
            continue  # the letter says the member paid this month before arriving
        if any(m.active_on(month) for m in ours) and timeline.paying_on(month):
            months.append(month)
            continue
        admitted = timeline.admitted
        if (
            admitted is not None
            and month <= admitted <= end
            and any(m.active_on(admitted) for m in ours)
            and timeline.paying_on(admitted)
        ):
            months.append(month)  # probationary members pay from the month they were accepted
            continue
        arrived_from_outside = (
            paid_before is not None
            and any(month < m.joined_on <= end for m in ours)
            and not any(m.active_on(month) for m in memberships if m.organization_id != org.pk)
        )
        if arrived_from_outside and timeline.paying_on(end):
            months.append(month)
    return months


@dataclass
class Generation:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    without_base: list[Person] = field(default_factory=list)


def _people(org: Organization, year: int):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Person.objects.filter(
            Q(memberships__organization=org)
            & Q(memberships__joined_on__lte=last)
            & (Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=first))
        )
        .distinct()
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by()),
            Prefetch("memberships", queryset=Membership.objects.order_by()),
            Prefetch(
                "transfers",
                queryset=Transfer.objects.filter(organization=org, direction=Transfer.Direction.IN),
            ),
        )
    )


def wanted_charges(
    org: Organization, year: int
) -> tuple[dict[tuple[int, datetime.date], Decimal], list[Person]]:
    """(person id, month) -> amount for every charge ``org`` should hold for ``year``."""
    bases = {b.person_id: b for b in DuesBase.objects.filter(organization=org, year=year)}
    exemptions: dict[int, list[Exemption]] = defaultdict(list)
    for exemption in Exemption.objects.filter(organization=org):
        exemptions[exemption.person_id].append(exemption)
    wanted: dict[tuple[int, datetime.date], Decimal] = {}
    without_base = []
    for person in _people(org, year):
        months = charged_months(
            person,
            org,
            year,
            list(person.memberships.all()),
            list(person.transfers.all()),
            exemptions[person.pk],
        )
        if not months:
            continue
        base = bases.get(person.pk)
        if base is None:
            without_base.append(person)
            continue
        if base.monthly_amount == 0:
            continue  # exempt for the whole year by an approved reduction to nothing
        for month in months:
            wanted[(person.pk, month)] = base.monthly_amount
    return wanted, without_base


def people_without_base(org: Organization, year: int) -> list[Person]:
    """Who ``org`` should charge in ``year`` but has no base for: ``wanted_charges``'s second
    half, reading the history only of those without a base (in most branches nobody)."""
    exemptions: dict[int, list[Exemption]] = defaultdict(list)
    for exemption in Exemption.objects.filter(organization=org):
        exemptions[exemption.person_id].append(exemption)
    based = DuesBase.objects.filter(organization=org, year=year).values("person_id")
    return [
        person
        for person in _people(org, year).exclude(pk__in=based)
        if charged_months(
            person,
            org,
            year,
            list(person.memberships.all()),
            list(person.transfers.all()),
            exemptions[person.pk],
        )
    ]


def _without_base_ids(org: Organization, year: int, existing: dict) -> set[int]:
    based = set(
        DuesBase.objects.filter(organization=org, year=year).values_list("person_id", flat=True)
    )
    return {pid for pid, _month in existing} - based


@transaction.atomic
def charges_generate(*, actor: Any, org: Organization, year: int) -> Generation:
    """Bring ``org``'s charges for ``year`` in line with the bases, memberships and
    exemptions. Running it again changes nothing."""
    require_perm(actor, "log_records", org)
    wanted, without_base = wanted_charges(org, year)
    # Plain rows, not model instances: a branch's year can hold a hundred thousand charges
    # and most regenerations change none of them.
    existing = {
        (pid, month): (pk, amount)
        for pk, pid, month, amount in Charge.objects.filter(
            organization=org, month__year=year
        ).values_list("pk", "person_id", "month", "amount")
    }
    result = Generation(without_base=without_base)
    to_create = [
        Charge(person_id=pid, organization=org, month=month, amount=amount)
        for (pid, month), amount in wanted.items()
        if (pid, month) not in existing
    ]
    to_update = [
        Charge(pk=pk, amount=wanted[key])
        for key, (pk, amount) in existing.items()
        if key in wanted and amount != wanted[key]
    ]
    # A member without a base keeps the charges they have: imported from a paper ledger, they
    # are the only record of what was due.
    unbased = {p.pk for p in without_base} | _without_base_ids(org, year, existing)
    stale = [
        pk for key, (pk, _a) in existing.items() if key not in wanted and key[0] not in unbased
    ]
    Charge.objects.bulk_create(to_create, batch_size=2000)
    Charge.objects.bulk_update(to_update, ["amount"], batch_size=2000)
    Charge.objects.filter(pk__in=stale).delete()
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(stale)
    if result.created or result.updated or result.deleted:
        audit_record(
            actor=actor,
            organization=org,
            action=Action.UPDATE,
            obj=org,
            after={
                "dues_charges": f"{year}: +{result.created} ~{result.updated} -{result.deleted}"
            },
        )
    return result
