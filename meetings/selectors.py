"""Reads of meetings and activities that span relations, with the joins and counts they need.
Each runs a fixed number of queries however many branches and meetings there are."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from branch.models import Organization
from meetings.models import Attendance, Meeting


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
