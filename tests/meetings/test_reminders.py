"""The meetings reminder source: "due soon" in the last week of a period that still lacks its
meetings, "overdue" once a period ended short; to the secretary and the committee, once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from branch import reminders as branch_reminders
from branch.models import Notification
from branch.reminders import reminders_send
from meetings.models import Kind
from meetings.reminders import meetings_due
from tests.clock import on_day
from tests.factories import PartyGroupFactory

D = datetime.date
MONTHLY = (Kind.COMMITTEE_MEETING, Kind.THEME_DAY)
LECTURE = {"lecturer_name": "县委党校教师", "lecture_title": "党章"}
pytestmark = on_day(D(2026, 11, 26))  # after every meeting the tests record


def of(school, today, kind=None, level=None):
    """The reminders the source gives for ``school`` on ``today``."""
    return [
        r
        for r in meetings_due(today)
        if r.organization == school
        and (kind is None or f":{kind}:" in r.key)
        and (level is None or r.level == level)
    ]


@pytest.fixture
def officers(secretary, committee_member, member, school, elect):
    """Who holds a role on school: the reminders reach the first two only. The school has a
    committee in office, so the monthly 支委会 rule applies to it."""
    elect(school)
    return {secretary, committee_member}


@pytest.fixture
def everything_held_until_october(school, log):
    """Every rule met up to the end of October 2026 (and the 2025 组织生活会)."""
    for kind in MONTHLY:
        log(kind, D(2026, 10, 12))
    log(Kind.GENERAL_ASSEMBLY, D(2026, 8, 20))
    log(Kind.PARTY_LECTURE, D(2026, 9, 10), **LECTURE)
    log(Kind.ORG_LIFE_MEETING, D(2025, 12, 18))


def test_a_month_without_its_meeting_is_due_soon_in_its_last_seven_days(
    school, officers, everything_held_until_october
):
    # 30 November is the last day: the 24th starts the last week, the 23rd does not
    assert not of(school, D(2026, 11, 23), Kind.COMMITTEE_MEETING)
    [reminder] = of(school, D(2026, 11, 24), Kind.COMMITTEE_MEETING)
    assert reminder.level == "warning"
    assert reminder.key == f"meetings:due-soon:{school.pk}:{Kind.COMMITTEE_MEETING}:0:2026-11-01"
    assert set(reminder.recipients) == officers
    assert of(school, D(2026, 11, 30), Kind.COMMITTEE_MEETING)


def test_a_month_that_ended_short_is_overdue(school, officers, log):
    log(Kind.COMMITTEE_MEETING, D(2026, 11, 3))
    [reminder] = of(school, D(2026, 11, 5), Kind.COMMITTEE_MEETING)
    assert reminder.level == "danger"
    assert reminder.key == f"meetings:overdue:{school.pk}:{Kind.COMMITTEE_MEETING}:0:2026-10-01"


def test_in_january_last_december_is_the_previous_period(school, officers):
    keys = {r.key for r in of(school, D(2027, 1, 3), level="danger")}
    assert f"meetings:overdue:{school.pk}:{Kind.COMMITTEE_MEETING}:0:2026-12-01" in keys
    assert f"meetings:overdue:{school.pk}:{Kind.GENERAL_ASSEMBLY}:0:2026-10-01" in keys
    assert f"meetings:overdue:{school.pk}:{Kind.ORG_LIFE_MEETING}:0:2026-01-01" in keys


def test_group_meetings_are_reminded_per_group(school, officers, log):
    first = PartyGroupFactory(organization=school, name="第一党小组")
    second = PartyGroupFactory(organization=school, name="第二党小组")
    log(Kind.GROUP_MEETING, D(2026, 10, 15), party_group=first)
    overdue = of(school, D(2026, 11, 10), Kind.GROUP_MEETING, "danger")
    assert [r.key for r in overdue] == [
        f"meetings:overdue:{school.pk}:{Kind.GROUP_MEETING}:{second.pk}:2026-10-01"
    ]
    assert "第二党小组" in overdue[0].title
    due = of(school, D(2026, 11, 26), Kind.GROUP_MEETING, "warning")
    assert {r.key.split(":")[4] for r in due} == {str(first.pk), str(second.pk)}


def test_a_branch_that_held_everything_is_quiet(
    school, officers, log, everything_held_until_october
):
    for kind in MONTHLY:
        log(kind, D(2026, 11, 6))
    assert of(school, D(2026, 11, 26)) == []


def test_each_reminder_reaches_each_officer_once(
    school, officers, log, everything_held_until_october
):
    sent = reminders_send(today=D(2026, 11, 24))
    # committee meeting and theme day are due soon, to two people each
    assert sent == 4
    assert reminders_send(today=D(2026, 11, 25)) == 0
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"meetings:due-soon:{school.pk}:{kind}:0:2026-11-01" for kind in MONTHLY}
    # once November is over the shortfall is a new reminder, once more
    assert reminders_send(today=D(2026, 12, 2)) == 4
    assert reminders_send(today=D(2026, 12, 3)) == 0


def test_a_branch_without_officers_reminds_nobody(school, member, log):
    assert of(school, D(2026, 11, 26)) == []


def test_the_reminder_links_to_the_calendar(school, officers):
    [reminder, *_] = of(school, D(2026, 11, 26))
    assert reminder.url == reverse("meetings:calendar", kwargs={"org_code": "school"})


def test_the_source_is_registered():
    assert branch_reminders.sources()["meetings.due"] is meetings_due
