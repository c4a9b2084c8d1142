"""The 党员名册 sheet of the branch workbook (DESIGN §6): one person a row.

A row is matched to a person the branch keeps or kept by ID number, else by name and date of
birth. A new person gets their whole history from the row. For a known person the row may add
to the history (a later stage, leaving the branch, another group) and correct the person's
details, but a row that contradicts the recorded history is an error rather than a silent
rewrite: every "as of" count is computed from that history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from branch import services as branch_services
from branch.dates import DateKind, long_date
from branch.exceptions import ServiceError
from branch.models import Organization, PartyGroup
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    Failure,
    ImportContext,
    Outcome,
    Problem,
    Row,
    RowError,
    Sheet,
    SkipRow,
    attempt,
    duplicates,
    limit,
)
from branch.workbook_cells import choice, dated
from members import services
from members.models import Aspect, Membership, Person, Stage
from members.selectors import date_entered, moved_on, value_on, with_history
from members.workbook_entry import (
    BIRTH,
    CATEGORIES,
    CATEGORY,
    EDUCATION,
    EDUCATIONS,
    ETHNICITY,
    FULL_ON,
    GENDER,
    GENDERS,
    GROUP,
    ID_NUMBER,
    JOINED,
    JOINED_PARTY,
    LEFT,
    NAME,
    PERSON_COLUMNS,
    PHONE,
    SHEET,
    STAGE,
    STAGE_ORDER,
    STAGES,
    UNIT,
    Entry,
    entry_from_row,
    id_number,
    row_for,
    stage_column,
)
from members.workbook_people import (
    Known,
    NewPerson,
    kept_by,
    new_person,
    person_fields,
    unchanged,
    write_people,
)

# What the roster leaves for the sheets after it: name -> ids of the people this file lists,
# and every name on the sheet (so a later sheet can tell "failed here" from "not listed").
LISTED, NAMES = "roster.listed", "roster.names"


class RosterSheet(Sheet):
    name = SHEET
    order = 10
    names_people = True
    columns = (
        Column(NAME, required=True, max_length=limit(Person, "name")),
        Column(GENDER, choice(GENDERS), required=True),
        Column(ETHNICITY, max_length=limit(Person, "ethnicity")),
        Column(BIRTH, dated(DateKind.BIRTH, BIRTH), required=True),
        Column(ID_NUMBER, id_number),
        Column(EDUCATION, choice(EDUCATIONS)),
        Column(STAGE, choice(STAGES), required=True),
        Column(JOINED_PARTY, dated(DateKind.PARTY, JOINED_PARTY)),
        Column(FULL_ON, dated(DateKind.PARTY, FULL_ON)),
        Column(CATEGORY, choice(CATEGORIES)),
        Column(GROUP, max_length=limit(PartyGroup, "name")),
        Column(UNIT, max_length=limit(Person, "unit_and_post")),
        Column(PHONE, max_length=limit(Person, "phone")),
        Column(JOINED, dated(DateKind.JOINED, JOINED)),
        Column(LEFT, dated(DateKind.JOINED, LEFT)),
    )
    field_columns = {
        **{field: column for column, field in PERSON_COLUMNS.items()},
        "party_group": GROUP,
        "joined_on": JOINED,
    }

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        ctx.shared[NAMES] = {row[NAME] for row in rows if row[NAME]}
        ctx.shared[LISTED] = {}
        by_id = duplicates(rows, lambda r: r[ID_NUMBER], ID_NUMBER)
        flagged = {p.row for p in by_id}
        by_name = duplicates(
            [r for r in rows if r.number not in flagged],
            lambda r: (r[NAME], r[BIRTH]) if r[NAME] and r[BIRTH] else None,
            NAME,
        )
        return by_id + by_name

    def apply_rows(
        self, rows: list[Row], ctx: ImportContext
    ) -> Iterable[tuple[Row, Outcome | Failure]]:
        """Match and check every row against what the branch keeps, loaded once (``Known``);
        write the new people in bulk at the end. A row that changes a known person goes
        through the services in a savepoint of its own, as every row once did; a row that
        changes nothing costs no query."""
        known = Known.load(ctx.org, rows)
        new: list[NewPerson] = []
        outcomes: dict[int, Outcome | Failure] = {}
        seen: set[int] = set()
        for row in rows:
            try:
                entry = entry_from_row(row, ctx.today)
                person = known.match(row)
                if person is None:
                    new.append(new_person(row, entry, ctx, known))
                    continue
            except (RowError, ServiceError) as exc:
                outcomes[row.number] = self.failure(row, exc)
                continue
            if person.pk in seen or not unchanged(person, row, entry, ctx):
                update = partial(_update_known, person.pk, entry=entry)
                outcomes[row.number] = attempt(self, update, row, ctx)
            else:
                outcomes[row.number] = Change.UNCHANGED
            seen.add(person.pk)
            if not isinstance(outcomes[row.number], Failure):
                ctx.shared[LISTED].setdefault(row[NAME], []).append(person.pk)
        write_people(new)
        for item in new:
            outcomes[item.row.number] = Change.CREATED
            ctx.shared[LISTED].setdefault(item.person.name, []).append(item.person.pk)
        for row in rows:
            yield row, outcomes[row.number]

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        # the numbers of someone who has moved on to another branch are that branch's
        moved = moved_on(ctx.org) if ctx.personal_data else set()
        for person in with_history(kept_by(ctx.org).order_by("name", "pk"), ctx.org):
            record = row_for(
                person, ctx, personal_data=ctx.personal_data and person.pk not in moved
            )
            if record is not None:
                yield record


def find_person(ctx: ImportContext, name: str, *, column: str) -> Person:
    """The person of that name on the roster: listed in this workbook, else kept by the
    branch. A later sheet names people only by name, so a name must say who it is."""
    listed = set(ctx.shared.get(LISTED, {}).get(name, ()))
    if len(listed) == 1:
        return Person.objects.get(pk=listed.pop())
    found = list(kept_by(ctx.org).filter(name=name)[:2]) if not listed else []
    if len(listed) > 1 or len(found) > 1:
        raise RowError(
            _("Several people on the roster are named %(name)s; this sheet cannot tell them apart.")
            % {"name": name},
            column=column,
        )
    if found:
        return found[0]
    if name in ctx.shared.get(NAMES, ()):
        raise SkipRow(
            _("The row of %(name)s on sheet %(sheet)s could not be imported.")
            % {"name": name, "sheet": SHEET},
            column=column,
        )
    raise RowError(
        _("%(name)s is not on the roster of %(org)s.") % {"name": name, "org": ctx.org.name},
        column=column,
    )


def _reload(person: Person, org: Organization) -> Person:
    return with_history(Person.objects.filter(pk=person.pk), org).get()


def _group(name: str, ctx: ImportContext) -> PartyGroup:
    """The branch's party group of that name; a roster kept in Excel is how groups come to be."""
    group = PartyGroup.objects.filter(organization=ctx.org, name=name).first()
    if group is not None:
        return group
    try:
        return branch_services.party_group_create(actor=ctx.actor, org=ctx.org, name=name)
    except ServiceError as exc:  # its "name" is the group's, not the person's
        raise RowError(exc.message, column=GROUP) from None


def _add_status(
    person: Person, aspect: str, value: str, day: datetime.date, ctx: ImportContext, column: str
) -> None:
    """A status change. The import writes several changes for one person, which no single
    service does; its audit entry names the person (``branch.workbook_import``)."""
    try:
        services.add_status(person, aspect, value, day, ctx.actor)
    except ServiceError as exc:
        raise RowError(exc.message, column=column) from None


def _leave(person: Person, day: datetime.date, ctx: ImportContext) -> None:
    try:
        services.end_membership(person, ctx.org, day, Membership.LeftReason.OTHER)
    except ServiceError as exc:
        raise RowError(exc.message, column=LEFT) from None


def _update_known(pk: int, row: Row, ctx: ImportContext, *, entry: Entry) -> Outcome:
    """``_update`` of the person as they are now (an earlier row may have changed them)."""
    return _update(Person.objects.get(pk=pk), row, entry, ctx)


def _update(
    person: Person, row: Row, entry: Entry, ctx: ImportContext
) -> Change | tuple[Change, list[str]]:
    changed: list[str] = []
    fields = {k: v for k, v in person_fields(row).items() if getattr(person, k) != v}
    if fields:
        services.person_update(actor=ctx.actor, org=ctx.org, person=person, **fields)
        changed += [c for c, f in PERSON_COLUMNS.items() if f in fields]
    person = _reload(person, ctx.org)
    latest = max(
        (m for m in person.memberships.all() if m.organization_id == ctx.org.pk),
        key=lambda m: m.joined_on,
    )
    # Someone who has left (and does not come back in this row) is compared as they were
    # when they left: their stage since then is another organisation's record.
    comes_back = bool(row[JOINED] and latest.left_on and row[JOINED] >= latest.left_on)
    in_branch = latest.left_on is None or comes_back
    if _update_stage(person, row, entry, ctx, progress=in_branch):
        changed.append(STAGE)
    membership, membership_changed = _update_membership(person, row, latest, ctx)
    if membership_changed:
        changed.append(LEFT if membership is None else JOINED)
    if membership is not None:
        person = _reload(person, ctx.org)
        if _update_category(person, row, ctx):
            changed.append(CATEGORY)
        if _update_group(person, row, membership, ctx):
            changed.append(GROUP)
    return (Change.UPDATED, changed) if changed else Change.UNCHANGED


def _update_stage(
    person: Person, row: Row, entry: Entry, ctx: ImportContext, *, progress: bool
) -> bool:
    """Check the row's dates against the history; add the later stages the row reports."""
    changes = list(person.status_changes.all())
    for stage, given in ((Stage.PROBATIONARY, row[JOINED_PARTY]), (Stage.FULL, row[FULL_ON])):
        recorded = date_entered(changes, Aspect.STAGE, stage)
        if given and recorded and given != recorded:
            raise RowError(
                _("The records give %(date)s.") % {"date": long_date(recorded)},
                column=stage_column(stage),
            )
    if not progress:
        return False
    current = value_on(changes, Aspect.STAGE, ctx.today)
    reached = STAGE_ORDER.index(current) if current else -1
    if STAGE_ORDER.index(entry.stage) < reached:
        raise RowError(
            _("The records show %(name)s as %(stage)s; an import does not move anyone back.")
            % {"name": person.name, "stage": Stage(current).label},
            column=STAGE,
        )
    stage_days = sorted(c.effective_on for c in changes if c.aspect == Aspect.STAGE)
    last = stage_days[-1] if stage_days else None
    added = False
    for stage, day in entry.history(pipeline_from=ctx.today):
        if STAGE_ORDER.index(stage) <= reached:
            continue
        if last is not None and day <= last:
            raise RowError(
                _("This must come after the change of stage recorded on %(date)s.")
                % {"date": long_date(last)},
                column=stage_column(stage),
            )
        _add_status(person, Aspect.STAGE, stage, day, ctx, stage_column(stage))
        last, added = day, True
    return added


def _update_membership(
    person: Person, row: Row, latest: Membership, ctx: ImportContext
) -> tuple[Membership | None, bool]:
    """The membership the person is in after the row (``None``: out of the branch), and
    whether the row changed it."""
    joined, left = row[JOINED], row[LEFT]
    if latest.left_on is None:
        _same_as_recorded(joined, latest.joined_on, JOINED)
        if left:
            _leave(person, left, ctx)
            return None, True
        return latest, False
    if left:
        _same_as_recorded(left, latest.left_on, LEFT)
        _same_as_recorded(joined, latest.joined_on, JOINED)
        return None, False
    if not (joined and joined >= latest.left_on):
        raise RowError(
            _(
                "The records show that %(name)s left the branch on %(date)s: fill in %(left)s, "
                "or %(joined)s if they came back."
            )
            % {
                "name": person.name,
                "date": long_date(latest.left_on),
                "left": LEFT,
                "joined": JOINED,
            },
            column=LEFT,
        )
    elsewhere = (
        Membership.objects.filter(person=person, left_on__isnull=True)
        .select_related("organization")
        .first()
    )
    if elsewhere is not None:
        raise RowError(
            _("%(name)s is in the records of %(org)s; record a transfer instead.")
            % {"name": person.name, "org": elsewhere.organization.name},
            column=JOINED,
        )
    membership = Membership.objects.create(person=person, organization=ctx.org, joined_on=joined)
    return membership, True


def _same_as_recorded(given: datetime.date | None, recorded: datetime.date, column: str) -> None:
    if given and given != recorded:
        raise RowError(
            _("The records give %(date)s.") % {"date": long_date(recorded)}, column=column
        )


def _update_category(person: Person, row: Row, ctx: ImportContext) -> bool:
    category = row[CATEGORY]
    if (
        not category
        or value_on(person.status_changes.all(), Aspect.CATEGORY, ctx.today) == category
    ):
        return False
    _add_status(person, Aspect.CATEGORY, category, ctx.today, ctx, CATEGORY)
    return True


def _update_group(person: Person, row: Row, membership: Membership, ctx: ImportContext) -> bool:
    if not row[GROUP]:
        return False
    in_branch = [
        g for g in person.group_memberships.all() if g.party_group.organization_id == ctx.org.pk
    ]
    current = next((g for g in in_branch if g.left_on is None), None)
    if current is not None and current.party_group.name == row[GROUP]:
        return False
    # Someone never placed in a group is in it since they came; a move happens today.
    joined_on = ctx.today if in_branch else membership.joined_on
    services.group_assign(
        actor=ctx.actor,
        org=ctx.org,
        person=person,
        party_group=_group(row[GROUP], ctx),
        joined_on=joined_on,
    )
    return True
