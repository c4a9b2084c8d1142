"""The demo reads well whatever day it is loaded on. It is seeded here on 1 January, 1 July and
31 December of the run's year, and looked at as a visitor would: last year whole, with its
report; this year so far, nothing in it that has not happened yet; the reminders of the day.
(A second run changing nothing is tests/branch/test_commands.py.)"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from branch.models import Honor, Notification, Organization
from dues.models import ArrearsNote, Payment
from dues.selectors import arrears
from meetings.compliance import DUE, DUE_SOON, FUTURE, NOT_APPLICABLE, OK, OVERDUE, calendar
from meetings.models import MAJOR_CATEGORIES, Attendance, Decision, Kind, Meeting, Review, Talk
from meetings.reviews import excellent_share_warning
from meetings.talks import coverage
from members.committee import committee_problems
from members.models import CommitteeTerm, DevelopmentStep, Membership, StatusChange
from reports.facts import gather_facts
from tests.clock import travel

D = datetime.date
YEAR = timezone.localdate().year
DAYS = [D(YEAR, 1, 1), D(YEAR, 7, 1), D(YEAR, 12, 31)]


def seed() -> None:
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())


@pytest.fixture(scope="module", params=DAYS, ids=str)
def today(request, django_db_setup, django_db_blocker):
    """The demo seeded on the day, which stays the day while the module's tests look at it;
    rolled back after them."""
    with django_db_blocker.unblock(), travel(request.param), transaction.atomic():
        seed()
        yield request.param
        transaction.set_rollback(True)


@pytest.fixture
def school(today, db):
    return Organization.objects.get(code="demo-school")


@pytest.fixture
def village(today, db):
    return Organization.objects.get(code="demo-village")


def test_nothing_is_dated_after_the_day_it_was_seeded(today, school):
    dated = [
        (Meeting, "held_on"),
        (Talk, "held_on"),
        (Review, "held_on"),
        (Review, "finalized_on"),
        (DevelopmentStep, "done_on"),
        (Honor, "awarded_on"),
        (CommitteeTerm, "elected_on"),
        (Membership, "joined_on"),
        (StatusChange, "effective_on"),
        (Payment, "paid_on"),
        (ArrearsNote, "noted_on"),
    ]
    for model, field in dated:
        later = model.objects.filter(**{f"{field}__gt": today})
        assert not later.exists(), f"{model.__name__}.{field} after {today}: {later.first()}"
    # dues are collected for the months that have ended, never ahead
    assert not Payment.objects.filter(month__gte=today.replace(day=1)).exists()


def test_last_year_is_whole_and_its_report_has_the_records(today, school):
    last = today.year - 1
    facts = gather_facts(school, last)
    held = {m["kind"]: m["held"] for m in facts.meetings}
    assert held[Kind.COMMITTEE_MEETING] == 12 and held[Kind.GENERAL_ASSEMBLY] == 4
    assert held[Kind.GROUP_MEETING] > 20 and facts.lectures and facts.secretary_lectures == 1
    assert facts.honors and facts.committee and facts.members_full >= 20
    assert facts.talks > 20 and not facts.without_talk and not facts.committee_pairs_missing
    assert Decimal(facts.dues_paid) > 0 and facts.review is not None
    review = Review.objects.get(organization=school, year=last)
    assert review.finalized_on is not None and excellent_share_warning(review) is None
    entries = list(review.entries.all())
    assert all(e.rating for e in entries if not e.probationary)
    assert all(not e.rating for e in entries if e.probationary)
    # the calendar is green with the gaps the demo keeps: no theme day in the summer holiday
    cells = [c for row in calendar(school, last, today).rows for c in row.cells]
    assert {c.status for c in cells} <= {OK, OVERDUE, NOT_APPLICABLE}
    assert sum(c.status == OK for c in cells) > 50 and OVERDUE in {c.status for c in cells}
    village = Organization.objects.get(code="demo-village")
    shortfalls = calendar(village, last, today).shortfalls
    assert shortfalls > calendar(school, last, today).shortfalls  # the village is redder


def test_this_year_holds_only_what_has_happened(today, school):
    rows = calendar(school, today.year, today).rows
    cells = [c for row in rows for c in row.cells]
    for cell in (c for c in cells if c.start > today):
        assert cell.held == 0 and cell.status in (FUTURE, NOT_APPLICABLE), cell
    # the months that have ended are green but for the demo's gaps
    assert sum(c.status == OK for c in cells) >= 3 * (today.month - 1)
    if today.month > 3:
        assert OVERDUE in {c.status for c in cells}  # last quarter's assembly was missed
    # this month's group meetings are still to come: amber in its last week, "due" before
    groups_now = [
        c
        for row in rows
        if row.kind == Kind.GROUP_MEETING
        for c in row.cells
        if c.start <= today <= c.end
    ]
    assert len(groups_now) == 3 and all(c.status in (DUE, DUE_SOON) for c in groups_now)
    # talks: once every planned talk has taken place, three members and two committee pairs
    # are left without one
    this = coverage(school, today.year, today)
    if today.month == 12:
        assert len(this.without_talk) == 3 and len(this.committee_pairs_missing) == 2
    else:
        assert this.without_talk


def test_the_year_has_every_kind_of_record(today, school):
    leaves = Attendance.objects.filter(meeting__organization=school, status="leave")
    assert leaves.exists() and all(a.reason for a in leaves)
    assert Attendance.objects.filter(meeting__organization=school, status="absent").exists()
    assert Decision.objects.filter(
        meeting__organization=school,
        meeting__kind=Kind.COMMITTEE_MEETING,
        category__in=MAJOR_CATEGORIES,
    ).exists()
    # dues: one member flagged after six unpaid months, one warned after three
    found = {a.person.name: a for a in arrears(school, today)}
    assert found["秦峰"].flagged and 3 <= len(found["韩磊"].months) < 6


def test_the_committees_stand_and_the_village_prepares_its_election(today, school, village):
    assert committee_problems(school, today) == []
    [ending] = committee_problems(village, today)
    assert ending.code.startswith("ending:")


def test_the_notifications_page_shows_the_days_reminders(today, school, client):
    """The dashboard's overdue items are in the notifications too: the daily job ran once."""
    from branch.demo import DEMO_PASSWORD

    assert client.login(username="secretary", password=DEMO_PASSWORD)
    mine = Notification.objects.filter(user__username="secretary", organization=school)
    assert {n.key.split(":")[0] for n in mine} >= {"members", "dues"}
    html = client.get(reverse("branch:notifications")).content.decode()
    assert all(n.title in html for n in mine.order_by("-created_at")[:5])
    # the demo's addresses are .invalid: nobody is e-mailed
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
