from __future__ import annotations

import datetime

from branch.models import PartyGroup
from meetings.compliance import DUE_SOON, NOT_APPLICABLE, OK, OVERDUE, calendar
from meetings.models import BranchRule, Kind
from tests.clock import on_day

D = datetime.date
YEAR_END = D(2026, 12, 31)
pytestmark = on_day(YEAR_END)


def cell(cal, kind, label, group=None):
    row = next(r for r in cal.rows if r.kind == kind and r.group == group)
    return next(c for c in row.cells if c.label == label)


def test_an_assembly_on_31_march_counts_for_q1(school, full_members, log):
    log(Kind.GENERAL_ASSEMBLY, D(2026, 3, 31))
    cal = calendar(school, 2026, YEAR_END)
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q1").status == OK
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q2").status == OVERDUE


def test_an_assembly_on_1_april_counts_for_q2(school, full_members, log):
    log(Kind.GENERAL_ASSEMBLY, D(2026, 4, 1))
    cal = calendar(school, 2026, YEAR_END)
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q1").status == OVERDUE
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q2").status == OK


def test_group_meetings_are_counted_per_group(school, full_members, log):
    first = PartyGroup.objects.create(organization=school, name="第一党小组")
    second = PartyGroup.objects.create(organization=school, name="第二党小组")
    log(Kind.GROUP_MEETING, D(2026, 5, 12), party_group=first)
    cal = calendar(school, 2026, YEAR_END)
    assert cell(cal, Kind.GROUP_MEETING, "5", first).status == OK
    assert cell(cal, Kind.GROUP_MEETING, "5", second).status == OVERDUE


def test_a_tightened_rule_asks_for_a_lecture_every_month(school, full_members, log):
    log(Kind.PARTY_LECTURE, D(2026, 1, 20), lecturer_name="县委党校教师", lecture_title="党章")
    assert cell(calendar(school, 2026, YEAR_END), Kind.PARTY_LECTURE, "Q1").status == OK
    BranchRule.objects.create(organization=school, kind=Kind.PARTY_LECTURE, period="month")
    cal = calendar(school, 2026, YEAR_END)
    assert cell(cal, Kind.PARTY_LECTURE, "1").status == OK
    assert cell(cal, Kind.PARTY_LECTURE, "2").status == OVERDUE


def test_a_looser_rule_is_ignored(school, log):
    BranchRule.objects.create(organization=school, kind=Kind.COMMITTEE_MEETING, period="year")
    cal = calendar(school, 2026, YEAR_END)
    row = next(r for r in cal.rows if r.kind == Kind.COMMITTEE_MEETING)
    assert row.frequency.period == "month" and len(row.cells) == 12


def test_a_branch_started_mid_year_has_no_shortfall_before_it_existed(school, elect):
    elect(school)
    school.established_on = D(2026, 5, 15)
    school.save()
    cal = calendar(school, 2026, YEAR_END)
    assert cell(cal, Kind.COMMITTEE_MEETING, "4").status == NOT_APPLICABLE
    assert cell(cal, Kind.COMMITTEE_MEETING, "5").status == OVERDUE
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q1").status == NOT_APPLICABLE
    assert cell(cal, Kind.GENERAL_ASSEMBLY, "Q2").status == OVERDUE


def test_the_current_period_is_due_soon_in_its_last_week(school, elect):
    elect(school)
    cal = calendar(school, 2026, D(2026, 11, 26))
    assert cell(cal, Kind.COMMITTEE_MEETING, "11").status == DUE_SOON
    assert cell(cal, Kind.COMMITTEE_MEETING, "10").status == OVERDUE
    assert cell(cal, Kind.COMMITTEE_MEETING, "12").status == "future"
