"""What the 党员名册 import knows of the branch, loaded for all rows at once, and the new
people it writes in bulk.

Matching a row to a person, checking a new person and finding their party group take no query
of their own: everyone the branch keeps or kept comes with their history in four queries, the
holders of the file's ID numbers in one, the branch's groups in one. The new people are then
written with one insert per table, as ``members.services.person_create`` would write each of
them (the person with its encrypted numbers and their keyed hashes, the membership, the status
history, the party group); the import's single audit entry names them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from branch import services as branch_services
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization, PartyGroup
from branch.services import full_clean, require_perm
from branch.workbook import ImportContext, Row, RowError
from members import services
from members.encryption import keyed_hash
from members.models import (
    Aspect,
    GroupMembership,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
    name_sort_key,
)
from members.selectors import date_entered, value_on, with_history
from members.validation import check_phone
from members.workbook_entry import (
    BIRTH,
    CATEGORY,
    FULL_ON,
    GROUP,
    ID_NUMBER,
    JOINED,
    JOINED_PARTY,
    LEFT,
    NAME,
    PERSON_COLUMNS,
    STAGE_ORDER,
    Entry,
)


def kept_by(org: Organization) -> QuerySet[Person]:
    """Everyone whose records ``org`` keeps or kept."""
    return Person.objects.filter(memberships__organization=org).distinct()


def person_fields(row: Row) -> dict[str, Any]:
    """The person fields the row fills in; a blank cell keeps what is recorded."""
    return {field: row[column] for column, field in PERSON_COLUMNS.items() if row[column]}


@dataclass
class Known:
    """The branch's people and groups as the import found them."""

    org: Organization
    people: dict[int, Person]  # everyone the branch keeps or kept, with their history
    by_name: dict[tuple[str, datetime.date], list[Person]]
    holders: dict[str, int]  # keyed hash of an ID number in the file -> the pk of its holder
    groups: dict[str, PartyGroup]
    group_problems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, org: Organization, rows: list[Row]) -> Known:
        people = list(with_history(kept_by(org), org))
        by_name: dict[tuple[str, datetime.date], list[Person]] = {}
        for person in people:
            by_name.setdefault((person.name, person.birth_date), []).append(person)
        numbers = sorted({row[ID_NUMBER] for row in rows if row[ID_NUMBER]})
        holders = (
            dict(Person.objects.filter(id_number__in=numbers).values_list("id_number_hash", "pk"))
            if numbers
            else {}
        )
        groups: dict[str, PartyGroup] = {}
        for group in PartyGroup.objects.filter(organization=org):
            groups.setdefault(group.name, group)
        return cls(org, {p.pk: p for p in people}, by_name, holders, groups)

    def match(self, row: Row) -> Person | None:
        """The person the row is about: the holder of its ID number, else the one person of
        that name and date of birth the branch keeps; ``None``: someone new."""
        if row[ID_NUMBER]:
            holder = self.holders.get(keyed_hash(row[ID_NUMBER]))
            if holder is not None:
                if holder not in self.people:
                    raise RowError(
                        _(
                            "A person with this ID number is kept by another organisation; "
                            "record a transfer instead."
                        ),
                        column=ID_NUMBER,
                    )
                return self.people[holder]
        found = self.by_name.get((row[NAME], row[BIRTH]), [])
        if len(found) > 1:
            raise RowError(
                _("Several people named %(name)s born on %(date)s are kept; add the ID number.")
                % {"name": row[NAME], "date": long_date(row[BIRTH])},
                column=ID_NUMBER,
            )
        if found and row[ID_NUMBER] and found[0].id_number:
            return None  # same name and birthday, another ID number: someone else
        return found[0] if found else None

    def group(self, name: str, ctx: ImportContext) -> PartyGroup:
        """The branch's party group of that name, created the first time a new person is
        placed in it (a roster kept in Excel is how groups come to be)."""
        if name in self.groups:
            return self.groups[name]
        if name in self.group_problems:
            raise RowError(self.group_problems[name], column=GROUP)
        # a row of a known person may have created it since the groups were loaded
        group = PartyGroup.objects.filter(organization=ctx.org, name=name).first()
        if group is None:
            try:
                with transaction.atomic():
                    group = branch_services.party_group_create(
                        actor=ctx.actor, org=ctx.org, name=name
                    )
            except ServiceError as exc:  # its "name" is the group's, not the person's
                self.group_problems[name] = exc.message
                raise RowError(exc.message, column=GROUP) from None
        self.groups[name] = group
        return group


@dataclass
class NewPerson:
    """Someone a row adds, with the rows of their history, not yet written."""

    row: Row
    person: Person
    membership: Membership
    changes: list[StatusChange]
    placed: GroupMembership | None


def new_person(row: Row, entry: Entry, ctx: ImportContext, known: Known) -> NewPerson:
    """Check a new person as ``person_create`` does, in the same order and with the same
    messages (the uniqueness of the ID number is ``Known.match``'s: a held number is a
    known person), and build what it would write."""
    start = entry.start(ctx.today)
    (first_stage, first_on), *later = entry.history(pipeline_from=start)
    group = known.group(row[GROUP], ctx) if row[GROUP] else None
    require_perm(ctx.actor, "log_records", ctx.org)
    services.new_person_dates_check(joined_on=start, stage_on=first_on, category_on=start)
    services.party_dates_check(
        stage=first_stage, birth_date=row[BIRTH], joined_party_on=None, full_member_on=None
    )
    person = Person(**person_fields(row))
    services.check_id_number_fits(person)
    check_phone(person)
    # the uniqueness constraint of the number is Known.match's: no query a row
    full_clean(person, exclude=["photo", "id_number_hash"])
    service_check(
        DateKind.BIRTH,
        person.birth_date,
        field="birth_date",
        label=Person._meta.get_field("birth_date").verbose_name,
    )
    person.sort_key = name_sort_key(person.name)  # what Person.save() keeps

    recorded_by = ctx.actor if getattr(ctx.actor, "pk", None) else None

    def change(aspect: str, value: str, day: datetime.date) -> StatusChange:
        return StatusChange(
            person=person, aspect=aspect, value=value, effective_on=day, recorded_by=recorded_by
        )

    changes = [change(Aspect.STAGE, first_stage, first_on)]
    changes.append(change(Aspect.STANDING, Standing.NORMAL, first_on))
    if row[CATEGORY]:
        changes.append(change(Aspect.CATEGORY, row[CATEGORY], start))
    changes += [change(Aspect.STAGE, stage, day) for stage, day in later]
    membership = Membership(person=person, organization=ctx.org, joined_on=start)
    placed = GroupMembership(person=person, party_group=group, joined_on=start) if group else None
    if row[LEFT]:  # as end_membership leaves them: out of the branch and of its group
        membership.left_on, membership.left_reason = row[LEFT], Membership.LeftReason.OTHER
        if placed is not None:
            placed.left_on = row[LEFT]
    return NewPerson(row, person, membership, changes, placed)


def write_people(new: list[NewPerson]) -> None:
    """One insert a table. ``bulk_create`` runs each field's ``pre_save``, which encrypts the
    ID and phone numbers and keeps their keyed hashes, as ``save()`` does."""
    if not new:
        return
    Person.objects.bulk_create([n.person for n in new])
    Membership.objects.bulk_create([n.membership for n in new])
    StatusChange.objects.bulk_create([c for n in new for c in n.changes])
    GroupMembership.objects.bulk_create([n.placed for n in new if n.placed is not None])


def unchanged(person: Person, row: Row, entry: Entry, ctx: ImportContext) -> bool:
    """Whether the roster's ``_update`` would neither change nor refuse anything, told from
    the loaded history without a query. Any other row goes through ``_update``, which says
    what."""
    if any(getattr(person, k) != v for k, v in person_fields(row).items()):
        return False
    latest = max(
        (m for m in person.memberships.all() if m.organization_id == ctx.org.pk),
        key=lambda m: m.joined_on,
    )
    joined, left = row[JOINED], row[LEFT]
    changes = list(person.status_changes.all())
    for stage, given in ((Stage.PROBATIONARY, row[JOINED_PARTY]), (Stage.FULL, row[FULL_ON])):
        recorded = date_entered(changes, Aspect.STAGE, stage)
        if given and recorded and given != recorded:
            return False
    if latest.left_on is not None:  # out of the branch, and the row says so as recorded
        return left == latest.left_on and joined in (None, latest.joined_on)
    if left or (joined and joined != latest.joined_on):
        return False
    current = value_on(changes, Aspect.STAGE, ctx.today)
    reached = STAGE_ORDER.index(current) if current else -1
    if STAGE_ORDER.index(entry.stage) != reached:  # a step back is refused, forward is news
        return False
    if row[CATEGORY] and value_on(changes, Aspect.CATEGORY, ctx.today) != row[CATEGORY]:
        return False
    if row[GROUP]:
        current_group = next(
            (
                g
                for g in person.group_memberships.all()
                if g.party_group.organization_id == ctx.org.pk and g.left_on is None
            ),
            None,
        )
        if current_group is None or current_group.party_group.name != row[GROUP]:
            return False
    return True
