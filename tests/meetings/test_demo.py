"""The demo year of organisational life: the calendar shows every colour, last year's review is
decided, talks exist — on any day of the year the demo is loaded."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from branch.models import Organization
from meetings.compliance import DUE, DUE_SOON, OK, OVERDUE, calendar
from meetings.models import MAJOR_CATEGORIES, Attendance, Decision, Kind, Review, Talk
from meetings.reviews import excellent_share_warning
from meetings.talks import coverage

D = datetime.date


def seed(monkeypatch, today: datetime.date | None = None) -> Organization:
    if today is not None:
        # every service and seed reads the date through timezone.localdate()
        monkeypatch.setattr(timezone, "localdate", lambda: today)
    call_command("seed_demo", stdout=StringIO())
    return Organization.objects.get(code="demo-school")


def statuses(org: Organization, year: int, today: datetime.date) -> list[str]:
    return [cell.status for row in calendar(org, year, today).rows for cell in row.cells]


def test_seed_demo_loads_a_year_of_organisational_life(db, monkeypatch):
    school = seed(monkeypatch)
    village = Organization.objects.get(code="demo-village")
    today = timezone.localdate()
    # the calendar: mostly green, red where the demo left gaps, the village redder still
    this_year = statuses(school, today.year, today)
    last_year = statuses(school, today.year - 1, today)
    assert OVERDUE in last_year  # no theme day during last summer's holiday
    assert last_year.count(OK) > 50
    assert this_year.count(OK) >= 3 * (today.month - 1)
    if today.month > 3:
        assert OVERDUE in this_year  # the general assembly of last quarter was missed
    assert statuses(village, today.year - 1, today).count(OVERDUE) > last_year.count(OVERDUE)
    # last year's review: decided, every full member rated, probationary members not
    review = Review.objects.get(organization=school, year=today.year - 1)
    assert review.finalized_on is not None and review.meeting.kind == Kind.ORG_LIFE_MEETING
    entries = list(review.entries.all())
    assert all(e.rating for e in entries if not e.probationary)
    assert all(not e.rating for e in entries if e.probationary)
    assert excellent_share_warning(review) is None
    # talks: last year complete, this year a few members and two committee pairs still missing
    assert coverage(school, today.year - 1, today).complete
    assert Talk.objects.filter(organization=school, held_on__year=today.year - 1).count() > 20
    this = coverage(school, today.year, today)
    if today >= D(today.year, 11, 4):  # once every planned talk of the year has taken place
        assert len(this.without_talk) == 3 and len(this.committee_pairs_missing) == 2
    # attendance with leaves (each with its reason) and absences; 三重一大 at the committee
    leaves = Attendance.objects.filter(meeting__organization=school, status="leave")
    assert leaves.exists() and all(a.reason for a in leaves)
    assert Attendance.objects.filter(meeting__organization=school, status="absent").exists()
    assert Decision.objects.filter(
        meeting__organization=school,
        meeting__kind=Kind.COMMITTEE_MEETING,
        category__in=MAJOR_CATEGORIES,
    ).exists()


# The organisation demo (branch/demo.py) has honours dated mid-2026, so it loads from then on.
@pytest.mark.parametrize("today", [D(2027, 1, 3), D(2027, 5, 12)], ids=str)
def test_the_demo_loads_on_any_day_of_the_year(db, monkeypatch, today):
    school = seed(monkeypatch, today)
    this_year = statuses(school, today.year, today)
    last_year = statuses(school, today.year - 1, today)
    assert OVERDUE in this_year + last_year
    # this month's group meetings are still to come: amber in its last week, "due" before
    group_cells = [
        cell
        for row in calendar(school, today.year, today).rows
        if row.kind == Kind.GROUP_MEETING
        for cell in row.cells
        if cell.start <= today <= cell.end
    ]
    assert group_cells and all(cell.status in (DUE, DUE_SOON) for cell in group_cells)
    assert Review.objects.get(organization=school, year=today.year - 1).finalized_on
