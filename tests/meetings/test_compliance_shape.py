"""The rules of DESIGN §4 for the shape the branch had in each period: the monthly 支委会 only
while a committee is in office, a party group's meetings only while it exists."""

from __future__ import annotations

import datetime

from django.utils import timezone

from meetings.compliance import NOT_APPLICABLE, OVERDUE, calendar
from meetings.models import Kind
from meetings.reminders import meetings_due
from members import services as member_services
from members.models import Post
from tests.factories import PartyGroupFactory

YEAR = timezone.localdate().year - 1
D = datetime.date


def cells(cal, kind, group=None):
    row = next(r for r in cal.rows if r.kind == kind and r.group == group)
    return {c.label: c.status for c in row.cells}


def test_a_branch_with_a_secretary_alone_has_no_committee_meeting_to_hold(school, make_person):
    secretary = make_person("赵书记")
    term = member_services.committee_term_create(
        actor=None, org=school, elected_on=D(YEAR - 1, 3, 1)
    )
    member_services.committee_post_add(
        actor=None, term=term, person=secretary, post=Post.SECRETARY, started_on=D(YEAR - 1, 3, 1)
    )
    cal = calendar(school, YEAR, D(YEAR + 1, 1, 10))
    assert set(cells(cal, Kind.COMMITTEE_MEETING).values()) == {NOT_APPLICABLE}
    row = next(r for r in cal.rows if r.kind == Kind.COMMITTEE_MEETING)
    assert row.required == 0 and row.shortfalls == 0
    # the other rules still apply to it
    assert cells(cal, Kind.GENERAL_ASSEMBLY)["Q1"] == OVERDUE


def test_the_committee_rule_starts_in_the_month_after_a_mid_month_election(school, make_person):
    people = [make_person(f"委员{i}") for i in range(3)]
    term = member_services.committee_term_create(actor=None, org=school, elected_on=D(YEAR, 4, 15))
    for person, post in zip(
        people, (Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA), strict=True
    ):
        member_services.committee_post_add(
            actor=None, term=term, person=person, post=post, started_on=D(YEAR, 4, 15)
        )
    statuses = cells(calendar(school, YEAR, D(YEAR + 1, 1, 10)), Kind.COMMITTEE_MEETING)
    assert [statuses[str(m)] for m in (1, 4, 5, 12)] == [
        NOT_APPLICABLE,
        NOT_APPLICABLE,
        OVERDUE,
        OVERDUE,
    ]


def test_a_group_dissolved_before_the_year_asks_for_nothing(school):
    gone = PartyGroupFactory(
        organization=school,
        name="旧党小组",
        established_on=D(2015, 1, 1),
        dissolved_on=D(YEAR - 1, 6, 1),
    )
    kept = PartyGroupFactory(organization=school, name="第一党小组", dissolved_on=D(YEAR, 7, 1))
    cal = calendar(school, YEAR, D(YEAR + 1, 1, 10))
    assert not [r for r in cal.rows if r.group == gone]
    statuses = cells(cal, Kind.GROUP_MEETING, kept)
    assert statuses["6"] == OVERDUE and statuses["7"] == NOT_APPLICABLE


def test_no_reminder_about_committee_meetings_for_a_branch_without_a_committee(school, secretary):
    reminders = [r for r in meetings_due(D(YEAR, 11, 26)) if r.organization == school]
    assert reminders  # other kinds are reminded
    assert not [r for r in reminders if Kind.COMMITTEE_MEETING in r.key]
