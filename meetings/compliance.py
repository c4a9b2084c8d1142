"""The compliance calendar: for a branch and a year, each kind of organisational life in each
month, quarter or year its rule asks for, held against required.

Everything is read in a fixed number of queries for any number of branches
(``calendars_for``), so the higher committee's table of all its branches costs what one
branch's calendar costs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from branch.models import Organization, PartyGroup
from meetings import rules
from meetings.models import BranchRule, Kind, Meeting
from meetings.rules import FREQUENCIES, Frequency
from members.models import CommitteePost, Post

OK, OVERDUE, DUE_SOON, DUE, FUTURE, NOT_APPLICABLE = (
    "ok",
    "overdue",
    "due_soon",
    "due",
    "future",
    "na",
)


@dataclass
class Cell:
    label: str
    start: datetime.date
    end: datetime.date
    required: int
    held: int
    status: str
    meeting_ids: list[int] = field(default_factory=list)


@dataclass
class Row:
    kind: str
    frequency: Frequency
    tightened: bool
    group: PartyGroup | None
    cells: list[Cell]

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def shortfalls(self) -> int:
        return sum(cell.status == OVERDUE for cell in self.cells)

    @property
    def held(self) -> int:
        return sum(cell.held for cell in self.cells)

    @property
    def required(self) -> int:
        return sum(cell.required for cell in self.cells if cell.status != NOT_APPLICABLE)


@dataclass
class SecretaryLectures:
    held: int
    required: int
    meeting_ids: list[int]
    status: str


@dataclass
class Calendar:
    organization: Organization
    year: int
    rows: list[Row]
    secretary_lectures: SecretaryLectures

    @property
    def shortfalls(self) -> int:
        return sum(row.shortfalls for row in self.rows) + (
            self.secretary_lectures.status == OVERDUE
        )

    def shortfalls_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for row in self.rows:
            out[row.kind] += row.shortfalls
        return dict(out)


def effective_frequency(kind: str, tightened: BranchRule | None) -> Frequency:
    base = FREQUENCIES[kind]
    if tightened is None or not rules.is_stricter(base, tightened.period, tightened.times):
        return base
    return Frequency(kind, tightened.period, tightened.times, base.per_group, base.text)


def _status(
    start: datetime.date,
    end: datetime.date,
    required: int,
    held: int,
    today: datetime.date,
    active_from: datetime.date | None,
    active_until: datetime.date | None,
) -> str:
    if (active_from and end < active_from) or (active_until and start >= active_until):
        return NOT_APPLICABLE
    if held >= required:
        return OK
    if end < today:
        return OVERDUE
    if start > today:
        return FUTURE
    return DUE_SOON if (end - today).days < rules.DUE_SOON_DAYS else DUE


def _cells(
    frequency: Frequency,
    year: int,
    dates: list[tuple[datetime.date, int]],
    today: datetime.date,
    active_from: datetime.date | None,
    active_until: datetime.date | None = None,
    applies: Callable[[datetime.date], bool] | None = None,
) -> list[Cell]:
    """``applies(first day of the period)`` says whether the branch had the shape the rule
    needs in that period (a committee for the 支委会 rule); where it did not, the period is
    not applicable."""
    cells = []
    for label, start, end in rules.periods(year, frequency.period):
        ids = [pk for day, pk in dates if start <= day <= end]
        status = _status(start, end, frequency.times, len(ids), today, active_from, active_until)
        if applies is not None and not applies(start):
            status = NOT_APPLICABLE
        cells.append(
            Cell(
                label=label,
                start=start,
                end=end,
                required=frequency.times,
                held=len(ids),
                status=status,
                meeting_ids=ids,
            )
        )
    return cells


def committee_in_office(posts: Iterable[CommitteePost], day: datetime.date) -> bool:
    """Whether the branch had a committee (支委会) on ``day``: two or more people held a post
    of its committee. A branch of fewer than seven full members has only a secretary (DESIGN
    §4), recorded as a term with the secretary's post alone, and so has no committee; a
    branch of seven or more that elected none has none either (``members.committee`` warns
    about it). The monthly 支委会 rule applies to a month when the branch had a committee on
    the month's first day."""
    return len({p.person_id for p in posts if p.active_on(day)}) >= 2


def _group_exists(group: PartyGroup, year: int) -> bool:
    """A party group counts in ``year`` when it existed on some day of it."""
    if group.established_on and group.established_on > datetime.date(year, 12, 31):
        return False
    return not (group.dissolved_on and group.dissolved_on <= datetime.date(year, 1, 1))


def calendars_for(
    orgs: Iterable[Organization], year: int, today: datetime.date
) -> dict[int, Calendar]:
    """The calendar of each branch of ``orgs`` for ``year``, in five queries in all."""
    branches = [org for org in orgs if org.is_branch]
    ids = [org.pk for org in branches]
    meetings: dict[tuple[int, str], list[tuple[datetime.date, int, int | None, int | None]]]
    meetings = defaultdict(list)
    for row in Meeting.objects.filter(organization_id__in=ids, held_on__year=year).values_list(
        "organization_id", "kind", "held_on", "pk", "party_group_id", "lecturer_id"
    ):
        org_id, kind, day, pk, group_id, lecturer_id = row
        meetings[(org_id, kind)].append((day, pk, group_id, lecturer_id))
    groups: dict[int, list[PartyGroup]] = defaultdict(list)
    for group in PartyGroup.objects.filter(organization_id__in=ids).order_by("name"):
        groups[group.organization_id].append(group)
    tightened = {
        (r.organization_id, r.kind): r for r in BranchRule.objects.filter(organization_id__in=ids)
    }
    secretaries: dict[int, list[CommitteePost]] = defaultdict(list)
    committees: dict[int, list[CommitteePost]] = defaultdict(list)
    for post in CommitteePost.objects.filter(term__organization_id__in=ids).select_related("term"):
        committees[post.term.organization_id].append(post)
        if post.post == Post.SECRETARY:
            secretaries[post.term.organization_id].append(post)

    calendars = {}
    for org in branches:
        active_from = org.established_on
        rows = []
        for kind in FREQUENCIES:
            rule = tightened.get((org.pk, kind))
            frequency = effective_frequency(kind, rule)
            held = meetings.get((org.pk, kind), [])
            if frequency.per_group:
                for group in groups.get(org.pk, []):
                    if not _group_exists(group, year):
                        continue
                    dates = [(d, pk) for d, pk, g, _ in held if g == group.pk]
                    start = max(filter(None, [active_from, group.established_on]), default=None)
                    cells = _cells(frequency, year, dates, today, start, group.dissolved_on)
                    rows.append(Row(kind, frequency, rule is not None, group, cells))
            else:
                dates = [(d, pk) for d, pk, _, _ in held]
                applies = None
                if kind == Kind.COMMITTEE_MEETING:
                    posts = committees[org.pk]

                    def applies(day: datetime.date, posts=posts) -> bool:
                        return committee_in_office(posts, day)

                cells = _cells(frequency, year, dates, today, active_from, applies=applies)
                rows.append(Row(kind, frequency, rule is not None, None, cells))
        lectures = [
            pk
            for day, pk, _, lecturer in meetings.get((org.pk, Kind.PARTY_LECTURE), [])
            if any(p.person_id == lecturer and p.active_on(day) for p in secretaries[org.pk])
        ]
        required = rules.SECRETARY_LECTURES_PER_YEAR
        status = _status(
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            required,
            len(lectures),
            today,
            active_from,
            None,
        )
        calendars[org.pk] = Calendar(
            org, year, rows, SecretaryLectures(len(lectures), required, lectures, status)
        )
    return calendars


def calendar(org: Organization, year: int, today: datetime.date) -> Calendar:
    return calendars_for([org], year, today)[org.pk]


def branches_below(org: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(path__startswith=org.path, kind="branch").order_by("path")
    )
