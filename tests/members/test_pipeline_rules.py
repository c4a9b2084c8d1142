"""The rules of the 25 steps as a secretary meets them when recording a step: time limits at
their exact boundary, the order of the steps, age, training, the people a step names.

Votes, stage changes, higher-committee steps and attachments: test_pipeline_outcomes.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from branch.exceptions import ServiceError
from members.models import DevelopmentStep, Stage
from members.rules import TIME_RULES
from tests.members.pipeline_timeline import (
    PROBATION_END,
    TIMELINE,
    advance,
    new_applicant,
)

D = dt.date


@pytest.fixture
def person(make_person):
    return new_applicant(make_person)


@pytest.fixture
def upto(record, person, full_members):
    """``upto(n)``: the person has every step of the timeline before step ``n``."""

    def go(until: int):
        advance(record, person, full_members, until)
        return person

    return go


def refusal(record, *args, **kwargs) -> ServiceError:
    """The English message of a refused step; nothing of the step is written."""
    before = DevelopmentStep.objects.count()
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        record(*args, **kwargs)
    assert DevelopmentStep.objects.count() == before
    return exc.value


def test_every_time_rule_has_a_boundary_test_below():
    # A new row in TIME_RULES needs its own boundary test here.
    assert {r.step for r in TIME_RULES} == {2, 7, 17, 22, 23, 24}


# Step 2: the talk within one month of the application ----------------------------------------


def test_the_talk_exactly_one_month_after_the_application_is_on_time(record, upto):
    person = upto(2)
    step = record(person, 2, D(2022, 2, 10))
    assert "late_reason" not in step.data


def test_the_talk_one_day_late_needs_the_reason(record, upto):
    person = upto(2)
    error = refusal(record, person, 2, D(2022, 2, 11))
    assert error.field == "late_reason"
    assert "within one month" in error.message
    assert "Jan. 10, 2022" in error.message and "Feb. 10, 2022" in error.message
    assert "Feb. 11, 2022" in error.message


def test_the_talk_one_day_late_is_recorded_with_the_reason(record, upto):
    person = upto(2)
    step = record(person, 2, D(2022, 2, 11), late_reason="申请人外出培训")
    assert step.data["late_reason"] == "申请人外出培训"


def test_a_reason_of_blanks_is_no_reason(record, upto):
    person = upto(2)
    assert refusal(record, person, 2, D(2022, 2, 11), late_reason="   ").field == "late_reason"


def test_one_month_after_the_31st_ends_on_the_last_day_of_the_next_month(record, make_person):
    person = new_applicant(make_person)
    record(person, 1, D(2022, 1, 31))
    assert refusal(record, person, 2, D(2022, 3, 1)).field == "late_reason"
    assert "late_reason" not in record(person, 2, D(2022, 2, 28)).data


# Step 7: at least one year as an activist ----------------------------------------------------


def test_a_candidate_is_chosen_exactly_one_year_after_becoming_activist(record, upto):
    person = upto(7)
    record(person, 7, D(2023, 3, 1))
    assert person.steps.get(number=7).done_on == D(2023, 3, 1)


def test_one_day_short_of_a_year_is_refused_naming_the_rule_and_the_dates(record, upto):
    person = upto(7)
    error = refusal(record, person, 7, D(2023, 2, 28))
    assert error.field == "done_on"
    assert "at least one year" in error.message
    assert "was on March 1, 2022" in error.message  # when the person became an activist
    assert "from March 1, 2023 on" in error.message  # the first day allowed
    assert "not on Feb. 28, 2023" in error.message


def test_a_reason_does_not_shorten_the_year(record, upto):
    person = upto(7)
    error = refusal(record, person, 7, D(2023, 2, 28), late_reason="急需发展")
    assert error.field == "done_on"
    assert "at least one year" in error.message and "March 1, 2023" in error.message


# Step 17: approval within three months, six with a reason --------------------------------------


def test_approval_exactly_three_months_after_the_vote_is_on_time(record, upto):
    person = upto(17)
    assert "late_reason" not in record(person, 17, D(2023, 8, 1)).data


def test_approval_a_day_after_three_months_needs_the_reason(record, upto):
    person = upto(17)
    error = refusal(record, person, 17, D(2023, 8, 2))
    assert error.field == "late_reason"
    assert "May 1, 2023" in error.message and "Aug. 1, 2023" in error.message


def test_approval_a_day_after_three_months_is_recorded_with_the_reason(record, upto):
    person = upto(17)
    assert record(person, 17, D(2023, 8, 2), late_reason="党委会推迟").data["late_reason"]


def test_approval_exactly_six_months_after_the_vote_is_the_last_day_with_a_reason(record, upto):
    person = upto(17)
    step = record(person, 17, D(2023, 11, 1), late_reason="党委会推迟")
    assert (step.done_on, step.data["late_reason"]) == (D(2023, 11, 1), "党委会推迟")


def test_approval_after_six_months_is_refused_even_with_a_reason(record, upto):
    person = upto(17)
    error = refusal(record, person, 17, D(2023, 11, 2), late_reason="党委会推迟")
    assert error.field == "done_on"
    assert "even with a reason" in error.message
    assert "due by Nov. 1, 2023 at the latest" in error.message


# Steps 22 and 23: at the end of the probation ------------------------------------------------


def test_the_application_for_full_membership_one_month_before_the_end_is_accepted(record, upto):
    person = upto(22)
    step = record(person, 22, D(2024, 4, 1))
    assert step.done_on == D(2024, 4, 1) and "late_reason" not in step.data


def test_the_application_earlier_than_one_month_before_the_end_is_refused(record, upto):
    person = upto(22)
    error = refusal(record, person, 22, D(2024, 3, 31))
    assert error.field == "done_on"
    assert "probation ends on May 1, 2024" in error.message and "April 1, 2024" in error.message
    # the reference is a date, not an earlier step: no "months later" arithmetic
    assert "-1 months" not in error.message


def test_the_assembly_decides_on_the_day_the_probation_ends(record, upto):
    person = upto(23)
    step = record(person, 23, PROBATION_END, votes_for=9, outcome="on_time")
    assert step.done_on == PROBATION_END
    assert (step.data["passed"], step.data["outcome"]) == (True, "on_time")


def test_the_assembly_cannot_decide_the_day_before_the_probation_ends(record, upto):
    person = upto(23)
    error = refusal(record, person, 23, D(2024, 4, 30), votes_for=9, outcome="on_time")
    assert error.field == "done_on"
    assert "May 1, 2024" in error.message and "April 30, 2024" in error.message


# Step 24: approval of full membership within three months of the assembly --------------------


def test_full_membership_approved_exactly_three_months_after_the_assembly(record, upto):
    person = upto(24)  # the assembly decided on 2024-05-06
    step = record(person, 24, D(2024, 8, 6))
    assert step.data["approved"] is True and "late_reason" not in step.data


def test_full_membership_approved_a_day_late_needs_the_reason(record, upto):
    person = upto(24)
    error = refusal(record, person, 24, D(2024, 8, 7))
    assert error.field == "late_reason"
    assert "May 6, 2024" in error.message and "Aug. 6, 2024" in error.message
    record(person, 24, D(2024, 8, 7), late_reason="党委换届")


# Order of the steps --------------------------------------------------------------------------


def test_a_step_before_the_step_it_follows_is_refused(record, person):
    record(person, 1, D(2022, 1, 10))
    error = refusal(record, person, 3, D(2022, 3, 1))  # no talk (step 2) yet
    assert error.field == "number"
    assert "step 2" in error.message


def test_a_step_dated_before_the_step_it_follows_is_refused(record, person):
    record(person, 1, D(2022, 1, 10))
    error = refusal(record, person, 2, D(2022, 1, 9))
    assert error.field == "done_on"
    assert "dated Jan. 9, 2022" in error.message and "was on Jan. 10, 2022" in error.message


def test_the_oath_needs_the_approval_not_only_the_step_before(record, upto):
    person = upto(18)
    record(person, 18, TIMELINE[18][0])
    # step 20 follows step 17, not step 19: the oath may come before the placement
    oath = record(person, 20, TIMELINE[18][0])
    assert oath.number == 20
    assert not person.steps.filter(number=19).exists()


def test_a_date_in_the_future_is_refused(record, person):
    error = refusal(record, person, 1, timezone.localdate() + dt.timedelta(days=2))
    assert error.field == "done_on"


def test_a_step_for_a_person_at_another_stage_is_refused(record, upto):
    person = upto(8)
    error = refusal(record, person, 5, D(2023, 3, 5), people=[])  # a candidate now
    assert error.field == "number"


# Age ----------------------------------------------------------------------------------------


def test_an_application_the_day_before_the_18th_birthday_is_refused(record, make_person):
    person = new_applicant(make_person, birth_date=D(2004, 3, 15))
    error = refusal(record, person, 1, D(2022, 3, 14))
    assert error.field == "done_on"
    assert "turns 18 on March 15, 2022" in error.message


def test_an_application_on_the_18th_birthday_is_accepted(record, make_person):
    person = new_applicant(make_person, birth_date=D(2004, 3, 15))
    step = record(person, 1, D(2022, 3, 15))
    assert person.steps.get() == step and step.done_on == D(2022, 3, 15)


# Contacts and introducers --------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2])
def test_one_or_two_contacts_are_assigned(record, upto, full_members, n):
    person = upto(5)
    step = record(person, 5, TIMELINE[5][0], people=full_members[:n])
    assert set(step.people.all()) == set(full_members[:n])


@pytest.mark.parametrize("n", [0, 3])
def test_no_contact_or_three_are_refused(record, upto, full_members, n):
    person = upto(5)
    assert refusal(record, person, 5, TIMELINE[5][0], people=full_members[:n]).field == "people"


@pytest.mark.parametrize("n", [1, 3])
def test_anything_but_two_introducers_is_refused(record, upto, full_members, n):
    person = upto(9)
    assert refusal(record, person, 9, TIMELINE[9][0], people=full_members[:n]).field == "people"


def test_two_introducers_are_named(record, upto, full_members):
    person = upto(9)
    assert record(person, 9, TIMELINE[9][0], people=full_members[4:6]).people.count() == 2


def test_the_same_introducer_twice_is_not_two_introducers(record, upto, full_members):
    person = upto(9)
    error = refusal(record, person, 9, TIMELINE[9][0], people=[full_members[0], full_members[0]])
    assert error.field == "people"
    assert "names 2 full members; 1 given" in error.message


def test_a_probationary_member_cannot_be_an_introducer(record, upto, full_members, make_person):
    probationary = make_person("预备党员", stage=Stage.PROBATIONARY, joined_on=D(2022, 6, 1))
    person = upto(9)
    error = refusal(record, person, 9, TIMELINE[9][0], people=[full_members[0], probationary])
    assert error.field == "people"
    assert "预备党员" in error.message


def test_a_full_member_of_another_branch_cannot_be_a_contact(record, upto, make_person, village):
    elsewhere = make_person("外支部党员", org=village)
    person = upto(5)
    assert refusal(record, person, 5, TIMELINE[5][0], people=[elsewhere]).field == "people"


# Intensive training --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "hours"), [(2, 0), (0, 23), (2, 23)], ids=["2 days", "23 hours", "both short"]
)
def test_a_training_shorter_than_three_days_and_24_hours_is_refused(record, upto, days, hours):
    person = upto(11)
    error = refusal(record, person, 11, TIMELINE[11][0], training_days=days, training_hours=hours)
    assert error.field == "training_days"


@pytest.mark.parametrize(("days", "hours"), [(3, 0), (0, 24)], ids=["3 days", "24 hours"])
def test_three_days_or_24_class_hours_are_enough(record, upto, days, hours):
    person = upto(11)
    step = record(person, 11, TIMELINE[11][0], training_days=days, training_hours=hours)
    assert (step.data["training_days"], step.data["training_hours"]) == (days, hours)


# Repeats -------------------------------------------------------------------------------------


def test_a_step_recorded_twice_is_refused(record, upto):
    person = upto(3)
    error = refusal(record, person, 2, D(2022, 2, 12))
    assert error.field == "number"
    assert "already recorded" in error.message


def test_the_activist_is_assessed_again_every_time(record, upto):
    person = upto(7)
    again = record(person, 6, D(2023, 2, 1))
    assert again.cycle == 2


def test_the_probationary_member_is_assessed_again_every_time(record, upto):
    person = upto(22)
    first = record(person, 21, D(2023, 12, 1))
    second = record(person, 21, D(2024, 3, 1))
    assert (first.cycle, second.cycle) == (1, 2)
