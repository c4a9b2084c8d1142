"""Reads of meetings and activities that span relations, with the joins and counts they need.
Each runs a fixed number of queries however many branches and meetings there are."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from branch.models import Organization, PartyGroup
from branch.permissions import has_org_perm
from meetings import rules
from meetings.compliance import Calendar, calendars_for
from meetings.models import Attendance, Decision, Kind, Meeting, Review, ReviewEntry, Talk
from members.models import Person
from members.selectors import committee_on, people_in, state_of, with_history


def _attendance_count(**filters) -> Coalesce:
    """How many attendance rows of the meeting (matching ``filters``): a subquery per row of
    the page shown, not a join over every attendance of a county's year."""
    rows = (
        Attendance.objects.filter(meeting=OuterRef("pk"), **filters)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def meetings_for(
    org: Organization,
    *,
    year: int | None = None,
    kind: str = "",
    group: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    q: str = "",
) -> QuerySet[Meeting]:
    """Meetings of ``org`` and the branches below it, newest first, with the attendance
    counts the list shows (``present_count``, ``expected_count``): one query, which a
    paginator can count without the attendance. ``q`` finds a topic or a branch's name."""
    qs = Meeting.objects.filter(organization__path__startswith=org.path)
    if year:
        qs = qs.filter(held_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if group:
        qs = qs.filter(party_group_id=group)
    if start:
        qs = qs.filter(held_on__gte=start)
    if end:
        qs = qs.filter(held_on__lte=end)
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(organization__name__icontains=q))
    return (
        qs.select_related("organization", "party_group")
        .annotate(
            present_count=_attendance_count(status=Attendance.Status.PRESENT),
            expected_count=_attendance_count(),
        )
        .order_by("-held_on", "-starts_at", "-pk")
    )


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the report states it (plain values: no model instance, no lecturer's
    record decrypted)."""

    pk: int
    organization_id: int
    kind: str
    held_on: datetime.date
    topic: str
    lecture_title: str
    documents_studied: str
    lecturer_id: int | None
    lecturer_person: str | None
    lecturer_name: str

    @property
    def lecturer_display(self) -> str:
        """As ``Meeting.lecturer_display``: the lecturer's record, else the name typed in."""
        return self.lecturer_person if self.lecturer_id else self.lecturer_name


@dataclass(frozen=True)
class TalkRow:
    organization_id: int
    category: str
    held_on: datetime.date
    participants: tuple[int, ...]  # person ids


@dataclass
class MeetingsYear:
    """What the annual report states about a year's meetings, talks and review."""

    calendars: dict[int, Calendar]  # by branch id
    meetings: list[MeetingRow]  # held by the report's day, in order
    attendance: tuple[int, int]  # attendance rows, of which present
    decisions: list[tuple[datetime.date, str, str, bool]]  # held on, title, category, passed
    talks: list[TalkRow]  # of the whole year
    reviews: list[tuple[Review, list[tuple[str, bool, str]]]]  # entries: rating, prob., name
    held_last_year: Counter  # meetings of the year before by kind


def meetings_year(
    branches: list[Organization], year: int, day: datetime.date, today: datetime.date
) -> MeetingsYear:
    """The meetings, talks and democratic review of ``branches`` in ``year`` up to ``day``:
    twelve queries, whatever the number of meetings and people."""
    in_year = Q(organization__in=branches, held_on__year=year)
    meetings = [
        MeetingRow(*row)
        for row in Meeting.objects.filter(in_year, held_on__lte=day)
        .order_by("held_on", "pk")
        .values_list(
            "pk",
            "organization_id",
            "kind",
            "held_on",
            "topic",
            "lecture_title",
            "documents_studied",
            "lecturer_id",
            "lecturer__name",
            "lecturer_name",
        )
    ]
    totals = Attendance.objects.filter(
        meeting__organization__in=branches, meeting__held_on__year=year, meeting__held_on__lte=day
    ).aggregate(all=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
    decisions = list(
        Decision.objects.filter(
            meeting__organization__in=branches,
            meeting__held_on__year=year,
            meeting__held_on__lte=day,
        )
        .order_by("meeting__held_on", "pk")
        .values_list("meeting__held_on", "title", "category", "passed")
    )
    talks = list(
        Talk.objects.filter(in_year)
        .order_by("held_on", "pk")
        .values_list("pk", "organization_id", "category", "held_on")
    )
    participants: dict[int, list[int]] = defaultdict(list)
    for talk_id, person_id in Talk.participants.through.objects.filter(
        talk__in=[t[0] for t in talks]
    ).values_list("talk_id", "person_id"):
        participants[talk_id].append(person_id)
    reviews = list(
        Review.objects.filter(organization__in=branches, year=year, held_on__lte=day).order_by(
            "held_on"
        )
    )
    entries: dict[int, list[tuple[str, bool, str]]] = defaultdict(list)
    for review_id, *entry in ReviewEntry.objects.filter(review__in=reviews).values_list(
        "review_id", "rating", "probationary", "person__name"
    ):
        entries[review_id].append(tuple(entry))
    held_last_year = Counter(
        Meeting.objects.filter(organization__in=branches, held_on__year=year - 1)
        .order_by()
        .values_list("kind", flat=True)
    )
    return MeetingsYear(
        calendars=calendars_for(branches, year, min(today, day + datetime.timedelta(days=1))),
        meetings=meetings,
        attendance=(totals["all"], totals["present"]),
        decisions=decisions,
        talks=[
            TalkRow(org_id, cat, held, tuple(participants[pk])) for pk, org_id, cat, held in talks
        ],
        reviews=[(r, entries[r.pk]) for r in reviews],
        held_last_year=held_last_year,
    )


def meeting_get_for_user(user: Any, org: Organization, pk: int) -> Meeting:
    """A meeting of ``org`` with what its page shows. Another organisation's meeting answers
    404. Reading it needs ``view_organization``, or being on its attendance list: a member
    sees the meetings they were expected at."""
    meeting = (
        Meeting.objects.filter(organization=org, pk=pk)
        .select_related("organization", "host", "recorder", "lecturer", "party_group", "created_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person").order_by(
                    "person__sort_key", "person"
                ),
            ),
            "decisions",
            "attachments",
        )
        .first()
    )
    if meeting is None:
        raise Http404(_("No such meeting in %(org)s.") % {"org": org.name})
    if has_org_perm(user, "view_organization", org):
        return meeting
    on_the_list = any(a.person.user_id == user.pk for a in meeting.attendances.all())
    if on_the_list and has_org_perm(user, "view_public", org):
        return meeting
    raise PermissionDenied(_("Your role in %(org)s does not allow this.") % {"org": org.name})


# Who is expected and who may vote ---------------------------------------------------------


def expected_attendees(
    org: Organization, kind: str, day: datetime.date, group: PartyGroup | None = None
) -> list[Person]:
    """Who is expected by default: the members with a vote for an assembly, the committee for a
    committee meeting, the group for a group meeting, every party member otherwise."""
    if kind == Kind.COMMITTEE_MEETING:
        _term, posts = committee_on(org, day)
        return sorted({p.person for p in posts}, key=lambda p: (p.sort_key, p.pk))
    states = [state_of(p, day) for p in with_history(people_in(org, day), org)]
    if kind == Kind.GROUP_MEETING and group is not None:
        return [s.person for s in states if s.is_party_member and s.group == group]
    # an assembly expects probationary members too, though only full members vote
    return [s.person for s in states if s.is_party_member]


@dataclass(frozen=True)
class Quorum:
    entitled: int  # full members entitled to vote, or the committee members
    present: int  # of those, how many were present
    reached: bool

    @property
    def needed(self) -> int:
        return self.entitled // 2 + 1


def quorum(meeting: Meeting) -> Quorum | None:
    """The quorum of an assembly or a committee meeting (more than half present)."""
    if meeting.kind not in rules.DECIDING_KINDS:
        return None
    org, day = meeting.organization, meeting.held_on
    if meeting.kind == Kind.COMMITTEE_MEETING:
        entitled_ids = {p.pk for p in expected_attendees(org, Kind.COMMITTEE_MEETING, day)}
    else:
        states = [state_of(p, day) for p in with_history(people_in(org, day), org)]
        entitled_ids = {s.person.pk for s in states if s.may_vote}
    present = sum(
        1
        for a in meeting.attendances.all()
        if a.status == Attendance.Status.PRESENT and a.person_id in entitled_ids
    )
    return Quorum(len(entitled_ids), present, rules.more_than_half(present, len(entitled_ids)))


def review_get(org: Organization, year: int) -> Review:
    """The branch's review of ``year`` with its entries, full members first."""
    entries = ReviewEntry.objects.select_related("person").order_by(
        "probationary", "person__sort_key", "person__pk"
    )
    review = (
        Review.objects.filter(organization=org, year=year)
        .select_related("meeting")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .first()
    )
    if review is None:
        raise Http404(_("%(org)s has no review for %(year)d.") % {"org": org.name, "year": year})
    return review
