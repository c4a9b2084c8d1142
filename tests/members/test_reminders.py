"""The members app's daily reminders: development steps due within a week or overdue, and a
branch's committee that is missing, the wrong size or at the end of its term."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from branch import reminders
from branch.models import Notification
from branch.reminders import reminders_send
from members import services
from members.committee import committee_warnings
from members.models import Post, Stage
from members.reminders import committee_reminders, pipeline_deadlines
from tests.members.pipeline_timeline import TIMELINE, advance, new_applicant

D = dt.date


def test_both_sources_are_registered():
    assert reminders.sources()["members.pipeline_deadlines"] is pipeline_deadlines
    assert reminders.sources()["members.committee"] is committee_reminders


@pytest.fixture
def only(monkeypatch):
    """Run just the named source, whatever other apps register."""

    def use(source):
        monkeypatch.setattr(reminders, "_sources", {"test": source})

    return use


def keys(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))


# Development steps ---------------------------------------------------------------------------


@pytest.fixture
def applicant(make_person, record):
    """Applied on 2025-03-10: the branch's talk (step 2) is due by 2025-04-10."""
    person = make_person("申请人", stage=Stage.APPLICANT, joined_on=D(2025, 1, 1))
    record(person, 1, D(2025, 3, 10))
    return person


@pytest.fixture
def branch_people(secretary, committee_member, member, township_admin):
    return {"secretary": secretary, "committee": committee_member, "member": member}


def test_a_step_due_in_exactly_seven_days_is_announced(only, applicant, branch_people):
    only(pipeline_deadlines)
    assert reminders_send(today=D(2025, 4, 3)) == 2  # the secretary and the committee member
    notification = Notification.objects.get(user=branch_people["secretary"])
    assert notification.key == f"members:step:{applicant.pk}:2:2025-04-10"
    assert notification.level == "warning"
    assert notification.url == reverse("members:person", args=["school", applicant.pk])
    assert "申请人" in notification.title and "应于2025年4月10日前完成" in notification.title


def test_a_step_due_in_eight_days_is_not_announced_yet(only, applicant, branch_people):
    only(pipeline_deadlines)
    assert reminders_send(today=D(2025, 4, 2)) == 0


def test_a_step_is_announced_once(only, applicant, branch_people):
    only(pipeline_deadlines)
    assert reminders_send(today=D(2025, 4, 3)) == 2
    assert reminders_send(today=D(2025, 4, 4)) == 0
    assert reminders_send(today=D(2025, 4, 20)) == 0  # overdue by now, still the same due
    assert Notification.objects.count() == 2


def test_an_overdue_step_is_announced_as_danger(only, applicant, branch_people):
    only(pipeline_deadlines)
    reminders_send(today=D(2025, 4, 11))
    notification = Notification.objects.get(user=branch_people["secretary"])
    assert notification.level == "danger"
    with translation.override("en"):
        (reminder,) = pipeline_deadlines(D(2025, 4, 11))
    assert "overdue since April 10, 2025" in reminder.title


def test_a_branch_step_goes_to_the_secretary_and_committee_only(
    only, applicant, branch_people, township_admin, outsider
):
    only(pipeline_deadlines)
    reminders_send(today=D(2025, 4, 11))
    assert keys(branch_people["secretary"]) == keys(branch_people["committee"])
    assert keys(branch_people["member"]) == keys(township_admin) == keys(outsider) == []


def test_a_step_of_the_higher_committee_goes_to_its_administrator(
    only, make_person, record, full_members, branch_people, township_admin
):
    person = new_applicant(make_person)
    advance(record, person, full_members, 16)
    record(person, 16, TIMELINE[16][0])
    only(pipeline_deadlines)
    # step 17 is due three months after the vote of 2023-05-01
    assert reminders_send(today=D(2023, 7, 25)) == 1
    assert keys(township_admin) == [f"members:step:{person.pk}:17:2023-08-01"]
    assert keys(branch_people["secretary"]) == []


def test_each_new_due_is_announced_again(only, make_person, record, full_members, branch_people):
    person = new_applicant(make_person)
    advance(record, person, full_members, 7)  # an activist, assessed on 2022-09-01
    only(pipeline_deadlines)
    assert reminders_send(today=D(2023, 2, 25)) == 2  # the next assessment, due 2023-03-01
    record(person, 6, D(2023, 2, 28))
    assert reminders_send(today=D(2023, 8, 25)) == 2  # due again 2023-08-28
    assert keys(branch_people["secretary"]) == [
        f"members:step:{person.pk}:6:2023-03-01",
        f"members:step:{person.pk}:6:2023-08-28",
    ]


def test_nobody_outside_the_pipeline_is_announced(only, make_person, branch_people):
    make_person("正式党员", stage=Stage.FULL)
    make_person("新申请人", stage=Stage.APPLICANT)  # has not applied: nothing is due
    only(pipeline_deadlines)
    assert reminders_send(today=D(2025, 4, 3)) == 0


# The committee -------------------------------------------------------------------------------


@pytest.fixture
def members_of(make_person):
    def make(n: int):
        return [make_person(f"党员{i}", joined_on=D(2015, 1, 1)) for i in range(n)]

    return make


ELECTED_ON = D(2023, 1, 1)


def elect(school, people, elected_on=ELECTED_ON):
    term = services.committee_term_create(actor=None, org=school, elected_on=elected_on)
    posts = [Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA, *[Post.OTHER] * 10]
    for person, post in zip(people, posts, strict=False):
        services.committee_post_add(
            actor=None, term=term, person=person, post=post, started_on=elected_on
        )
    return term


def test_seven_full_members_and_no_committee_warn(school, members_of):
    members_of(7)
    with translation.override("en"):
        (warning,) = committee_warnings(school, D(2025, 1, 1))
    assert "7 full members" in warning and "no elected committee" in warning


def test_six_full_members_need_no_committee(school, members_of):
    members_of(6)
    assert committee_warnings(school, D(2025, 1, 1)) == []


@pytest.mark.parametrize(("size", "warned"), [(2, True), (3, False), (7, False), (8, True)])
def test_a_committee_has_three_to_seven_members(school, members_of, size, warned):
    people = members_of(9)
    elect(school, people[:size])
    warnings = committee_warnings(school, D(2024, 1, 1))
    assert bool(warnings) is warned


def test_a_small_branch_with_only_a_secretary_is_fine(school, members_of):
    people = members_of(5)
    elect(school, people[:1])
    assert committee_warnings(school, D(2024, 1, 1)) == []


def test_the_end_of_the_term_is_announced_six_months_ahead(school, members_of):
    elect(school, members_of(7)[:3])  # 2023-01-01 for three years: ends 2026-01-01
    assert committee_warnings(school, D(2025, 6, 30)) == []
    with translation.override("en"):
        (warning,) = committee_warnings(school, D(2025, 7, 1))
    assert "ends on Jan. 1, 2026" in warning and "prepare the election" in warning


def test_a_term_that_ended_without_an_election_warns(school, members_of):
    elect(school, members_of(7)[:3])
    with translation.override("en"):
        (warning,) = committee_warnings(school, D(2026, 1, 1))
    assert "ended on Jan. 1, 2026" in warning


def test_a_new_election_ends_the_warning(school, members_of):
    people = members_of(7)
    elect(school, people[:3])
    elect(school, people[:3], elected_on=D(2025, 12, 1))
    assert committee_warnings(school, D(2026, 1, 1)) == []


def test_a_committee_problem_reaches_the_secretary_and_the_township_once(
    only, school, members_of, secretary, committee_member, township_admin
):
    term = elect(school, members_of(7)[:3])
    only(committee_reminders)
    assert reminders_send(today=D(2025, 7, 1)) == 2
    assert reminders_send(today=D(2025, 7, 2)) == 0
    notification = Notification.objects.get(user=secretary)
    assert notification.url == reverse("members:committee", args=["school"])
    assert notification.level == "warning"
    assert Notification.objects.filter(user=township_admin).exists()
    assert not Notification.objects.filter(user=committee_member).exists()
    # the term then ends: that is news, and more urgent
    assert reminders_send(today=D(2026, 1, 1)) == 2
    ended = Notification.objects.get(user=secretary, level="danger")
    assert ended.key == f"members:committee:{school.pk}:ended:{term.pk}"
