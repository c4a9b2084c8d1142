"""Deriving the monthly charges (应缴) of a branch for a year.

Who is charged for which month is the rule in ``dues.charge_rule``; a member without a base
for the year is not charged and is listed instead, so the secretary sets it.

Generation is idempotent and in bulk: the wanted charges are computed as plain rows (each
person's months and monthly amount) from a fixed number of flat queries (memberships, status
changes, arrivals, exemptions, bases), compared person by person with a summary of the stored
ones, and only the differences are written — no model instance per charge, however large the
branch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet

from branch.audit import Action, audit_record
from branch.models import Organization
from branch.services import require_perm
from dues.charge_rule import Change, Month, Stay, Timeline, months_charged, paid_before
from dues.models import Charge, DuesBase, Exemption
from members.models import Aspect, Membership, Person, StatusChange, Transfer

CHUNK = 500  # ids per UPDATE or DELETE: well under SQLite's limit of variables per statement


def charged_months(
    person: Person,
    org: Organization,
    year: int,
    memberships: list[Membership],
    arrivals: list[Transfer],
    exemptions: list[Exemption],
) -> list[datetime.date]:
    """The months of ``year`` for which ``org`` charges ``person`` (see the module's rule),
    from model instances: one person at a time, as a workbook import checks a row."""
    timeline = Timeline(
        (c.aspect, c.effective_on, c.pk or 0, c.value) for c in person.status_changes.all()
    )
    return months_charged(
        timeline,
        org.pk,
        year,
        [(m.organization_id, m.joined_on, m.left_on) for m in memberships],
        paid_before((t.counterpart_org_id, t.dues_paid_until) for t in arrivals),
        [(e.first_month, e.last_month) for e in exemptions],
    )


# Reading a branch's year in flat rows ---------------------------------------------------------


def _people(org: Organization, year: int) -> QuerySet:
    """The ids of everyone in ``org`` at some time in ``year``, as a subquery."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Membership.objects.filter(organization=org, joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=first))
        .values("person_id")
    )


def _exemptions(org: Organization, year: int) -> dict[int, list[tuple[Month, Month]]]:
    exempt: dict[int, list[tuple[Month, Month]]] = defaultdict(list)
    rows = Exemption.objects.filter(
        organization=org,
        first_month__lte=datetime.date(year, 12, 1),
        last_month__gte=datetime.date(year, 1, 1),
    ).values_list("person_id", "first_month", "last_month")
    for person_id, first, last in rows:
        exempt[person_id].append((first, last))
    return exempt


def _charged_by_person(
    org: Organization,
    year: int,
    people: QuerySet,
    exempt: dict[int, list[tuple[Month, Month]]],
) -> dict[int, list[Month]]:
    """person id -> the months ``org`` charges them in ``year``, for the ids in ``people``:
    three queries (memberships, status changes, arrivals), whatever their number."""
    stays: dict[int, list[Stay]] = defaultdict(list)
    for person_id, org_id, joined_on, left_on in Membership.objects.filter(
        person_id__in=people
    ).values_list("person_id", "organization_id", "joined_on", "left_on"):
        stays[person_id].append((org_id, joined_on, left_on))
    if not stays:
        return {}
    changes: dict[int, list[Change]] = defaultdict(list)
    for person_id, aspect, day, pk, value in StatusChange.objects.filter(
        person_id__in=people, aspect__in=(Aspect.STAGE, Aspect.STANDING)
    ).values_list("person_id", "aspect", "effective_on", "pk", "value"):
        changes[person_id].append((aspect, day, pk, value))
    arrivals: dict[int, list[tuple[int | None, Month | None]]] = defaultdict(list)
    for person_id, counterpart, until in Transfer.objects.filter(
        person_id__in=people, organization=org, direction=Transfer.Direction.IN
    ).values_list("person_id", "counterpart_org_id", "dues_paid_until"):
        arrivals[person_id].append((counterpart, until))
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    org_id = org.pk
    charged = {}
    for person_id, theirs in stays.items():
        if not any(
            o == org_id and j <= last and (left is None or left > first) for o, j, left in theirs
        ):
            continue  # in the branch before or after the year only
        months = months_charged(
            Timeline(changes[person_id]),
            org_id,
            year,
            theirs,
            paid_before(arrivals[person_id]),
            exempt[person_id],
        )
        if months:
            charged[person_id] = months
    return charged


def _persons(people: QuerySet, ids: set[int]) -> list[Person]:
    """The people of ``ids`` (all within ``people``), in the roster's order."""
    if not ids:
        return []
    return [p for p in Person.objects.filter(pk__in=people) if p.pk in ids]


@dataclass
class _Wanted:
    charged: dict[int, tuple[list[Month], Decimal]]  # person id -> months charged, amount
    without_base: set[int]  # charged in some month, but no base for the year
    based: set[int]


def _wanted(org: Organization, year: int) -> _Wanted:
    bases = dict(
        DuesBase.objects.filter(organization=org, year=year).values_list(
            "person_id", "monthly_amount"
        )
    )
    charged = {}
    without_base = set()
    for person_id, months in _charged_by_person(
        org, year, _people(org, year), _exemptions(org, year)
    ).items():
        amount = bases.get(person_id)
        if amount is None:
            without_base.add(person_id)
        elif amount != 0:  # 0: exempt for the whole year by an approved reduction to nothing
            charged[person_id] = (months, amount)
    return _Wanted(charged, without_base, set(bases))


def wanted_charges(
    org: Organization, year: int
) -> tuple[dict[tuple[int, datetime.date], Decimal], list[Person]]:
    """(person id, month) -> amount for every charge ``org`` should hold for ``year``, and the
    people it would charge but has no base for."""
    wanted = _wanted(org, year)
    charges = {
        (person_id, month): amount
        for person_id, (months, amount) in wanted.charged.items()
        for month in months
    }
    return charges, _persons(_people(org, year), wanted.without_base)


def people_without_base(org: Organization, year: int) -> list[Person]:
    """Who ``org`` should charge in ``year`` but has no base for: ``wanted_charges``'s second
    half, reading the history only of those without a base (in most branches nobody)."""
    exempt = _exemptions(org, year)
    based = DuesBase.objects.filter(organization=org, year=year).values("person_id")
    unbased = Person.objects.filter(pk__in=_people(org, year)).exclude(pk__in=based)
    candidates = list(unbased)
    if not candidates:
        return []
    charged = _charged_by_person(org, year, unbased.values("pk"), exempt)
    return [p for p in candidates if p.pk in charged]


# Writing the differences ----------------------------------------------------------------------


@dataclass
class Generation:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    without_base: list[Person] = field(default_factory=list)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _insert(rows: list[tuple[int, int, Month, Decimal]]) -> None:
    """Insert ``(person id, organization id, month, amount)`` rows in one statement, without
    building a model instance for each."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(Charge._meta.db_table)
    columns = ", ".join(quote(c) for c in ("person_id", "organization_id", "month", "amount"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is the fastest way in (connection.execute_wrapper does not see it)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)", rows)


def _unchanged(wanted: tuple[list[Month], Decimal], held: tuple) -> bool:
    """Whether a person's stored charges, summed up as (count, lowest and highest amount,
    first and last month), are exactly the wanted months at the wanted amount. Months are
    unique per person, so a count that fills the span from first to last month means no gap."""
    months, amount = wanted
    count, lowest, highest, first, last = held
    return (
        lowest == highest == amount
        and count == len(months)
        and (first, last) == (months[0], months[-1])
        and count == last.month - first.month + 1
    )


@transaction.atomic
def charges_generate(*, actor: Any, org: Organization, year: int) -> Generation:
    """Bring ``org``'s charges for ``year`` in line with the bases, memberships and
    exemptions. Running it again changes nothing."""
    require_perm(actor, "log_records", org)
    wanted = _wanted(org, year)
    charges = Charge.objects.filter(organization=org, month__year=year)
    # One summary row per person rather than a row per charge: a branch's year can hold a
    # hundred thousand charges and most regenerations change none of them.
    held = {
        row[0]: row[1:]
        for row in charges.order_by()
        .values("person_id")
        .annotate(n=Count("pk"), lo=Min("amount"), hi=Max("amount"))
        .annotate(first=Min("month"), last=Max("month"))
        .values_list("person_id", "n", "lo", "hi", "first", "last")
    }
    # A member without a base keeps the charges they have: imported from a paper ledger, they
    # are the only record of what was due.
    unbased = wanted.without_base | (held.keys() - wanted.based)
    to_create: list[tuple[int, int, Month, Decimal]] = []
    gone, recheck = [], []  # people none of whose charges stay; people to compare row by row
    deleted = 0
    for person_id in sorted(wanted.charged.keys() | held.keys()):
        want, have = wanted.charged.get(person_id), held.get(person_id)
        if have is None:
            months, amount = want
            to_create += [(person_id, org.pk, month, amount) for month in months]
        elif want is None:
            if person_id not in unbased:
                gone.append(person_id)
                deleted += have[0]
        elif not _unchanged(want, have):
            recheck.append(person_id)
    to_update: dict[Decimal, list[int]] = defaultdict(list)
    stale = []
    for chunk in _chunks(recheck):
        stored = {}
        for pk, person_id, month, amount in charges.filter(person_id__in=chunk).values_list(
            "pk", "person_id", "month", "amount"
        ):
            stored[(person_id, month)] = pk
            months, wanted_amount = wanted.charged[person_id]
            if month not in months:
                stale.append(pk)
            elif amount != wanted_amount:
                to_update[wanted_amount].append(pk)
        for person_id in chunk:
            months, amount = wanted.charged[person_id]
            to_create += [
                (person_id, org.pk, month, amount)
                for month in months
                if (person_id, month) not in stored
            ]
    _insert(to_create)
    for amount, pks in to_update.items():
        for chunk in _chunks(pks):
            Charge.objects.filter(pk__in=chunk).update(amount=amount)
    for chunk in _chunks(stale):
        Charge.objects.filter(pk__in=chunk).delete()
    for chunk in _chunks(gone):
        charges.filter(person_id__in=chunk).delete()
    result = Generation(
        created=len(to_create),
        updated=sum(len(pks) for pks in to_update.values()),
        deleted=deleted + len(stale),
        without_base=_persons(_people(org, year), wanted.without_base),
    )
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
