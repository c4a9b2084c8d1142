"""What recording a step changes: votes and who may cast them, the stage the person enters and
from which date, extended and cancelled probations, the higher committee's steps, attachments,
and a transfer out seen "as of" a date.

The time limits, order and per-step checks are in test_pipeline_rules.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from branch.exceptions import ServiceError, ServicePermissionDenied
from members.models import DevelopmentStep, Person, Stage, Standing, StepAttachment
from members.pipeline import step_record
from members.selectors import counts_on, state_of, with_history
from members.steps import deadlines_for, probation_end
from members.transfers import transfer_out
from tests.members.pipeline_timeline import (
    ADMITTED_ON,
    PROBATION_END,
    TIMELINE,
    advance,
    new_applicant,
)

D = dt.date
HIGHER_STEPS = [4, 8, 13, 16, 17, 18, 24, 25]


@pytest.fixture
def person(make_person):
    return new_applicant(make_person)


@pytest.fixture
def upto(record, person, full_members):
    def go(until: int):
        advance(record, person, full_members, until)
        return person

    return go


def refusal(record, *args, **kwargs) -> ServiceError:
    before = DevelopmentStep.objects.count()
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        record(*args, **kwargs)
    assert DevelopmentStep.objects.count() == before
    return exc.value


def fresh(person, school) -> Person:
    return with_history(Person.objects.filter(pk=person.pk), school).get()


def stage_on(person, school, day) -> str | None:
    return state_of(fresh(person, school), day).stage


# Votes (steps 15 and 23) ---------------------------------------------------------------------


@pytest.fixture
def eight_voters(make_person):
    """A branch of exactly eight full members, so that "half" is a whole number."""
    return [make_person(f"党员{i}") for i in range(8)]


@pytest.fixture
def candidate(record, person, eight_voters):
    advance(record, person, eight_voters, 15)
    return person


def test_for_exactly_half_of_those_entitled_does_not_admit(record, candidate):
    vote = record(candidate, 15, ADMITTED_ON, votes_for=4, votes_against=1)
    assert vote.data["entitled"] == 8 and vote.data["passed"] is False
    refusal(record, candidate, 16, D(2023, 5, 10))  # nothing follows a failed vote


def test_for_half_plus_one_admits(record, candidate):
    vote = record(candidate, 15, ADMITTED_ON, votes_for=5)
    assert vote.data["passed"] is True
    record(candidate, 16, D(2023, 5, 10))


def test_after_a_failed_vote_the_assembly_may_vote_again(record, candidate):
    record(candidate, 15, ADMITTED_ON, votes_for=4, votes_against=4)
    again = record(candidate, 15, D(2023, 6, 1), votes_for=6)
    assert (again.cycle, again.data["passed"]) == (2, True)


def test_more_votes_than_members_entitled_are_refused(record, candidate):
    error = refusal(record, candidate, 15, ADMITTED_ON, votes_for=8, votes_against=1)
    assert error.field == "votes_for"
    assert "only 8" in error.message


def test_half_of_those_entitled_present_is_no_quorum(record, candidate):
    error = refusal(record, candidate, 15, ADMITTED_ON, votes_for=4)
    assert "No quorum" in error.message


def test_entitlement_is_counted_on_the_day_of_the_vote(record, candidate, make_person, village):
    # joined the branch the day after the vote: could not vote that day
    make_person("调入党员", joined_on=ADMITTED_ON + dt.timedelta(days=1))
    # a probationary member of the branch has no vote
    make_person("预备党员", stage=Stage.PROBATIONARY, joined_on=D(2022, 9, 1))
    # became a full member the day after the vote
    make_person(
        "刚转正",
        stage=Stage.PROBATIONARY,
        joined_on=D(2022, 5, 1),
    )
    late = Person.objects.get(name="刚转正")
    from members.services import add_status

    add_status(late, "stage", Stage.FULL, ADMITTED_ON + dt.timedelta(days=1), None)
    # another branch's full member
    make_person("村支部党员", org=village)
    vote = record(candidate, 15, ADMITTED_ON, votes_for=5)
    assert vote.data["entitled"] == 8
    refusal(record, candidate, 15, ADMITTED_ON, votes_for=9)


def test_the_decision_on_full_membership_is_a_vote_too(record, upto):
    person = upto(23)
    error = refusal(record, person, 23, PROBATION_END, votes_for=3, outcome="on_time")
    assert "No quorum" in error.message


def test_a_decision_that_passed_says_what_was_decided(record, upto):
    person = upto(23)
    assert refusal(record, person, 23, PROBATION_END, votes_for=9).field == "outcome"


# Stages the steps lead to --------------------------------------------------------------------


def test_approval_makes_the_person_probationary_from_the_day_of_the_vote(record, upto, school):
    person = upto(17)
    assert counts_on(school, ADMITTED_ON)[Stage.CANDIDATE] == 1
    record(person, 17, TIMELINE[17][0])
    day_before = ADMITTED_ON - dt.timedelta(days=1)
    assert counts_on(school, day_before)[Stage.CANDIDATE] == 1
    assert counts_on(school, day_before)[Stage.PROBATIONARY] == 0
    assert counts_on(school, ADMITTED_ON)[Stage.PROBATIONARY] == 1
    assert counts_on(school, ADMITTED_ON)[Stage.CANDIDATE] == 0
    assert state_of(fresh(person, school), ADMITTED_ON).joined_party_on == ADMITTED_ON


def test_a_refused_approval_leaves_the_person_a_candidate(record, upto, school):
    person = upto(17)
    record(person, 17, TIMELINE[17][0], approved=False)
    assert stage_on(person, school, TIMELINE[17][0]) == Stage.CANDIDATE
    refusal(record, person, 18, TIMELINE[18][0])


def test_approval_on_time_makes_a_full_member_from_the_end_of_the_probation(record, upto, school):
    person = upto(25)
    day_before = PROBATION_END - dt.timedelta(days=1)
    assert stage_on(person, school, day_before) == Stage.PROBATIONARY
    assert stage_on(person, school, PROBATION_END) == Stage.FULL
    assert counts_on(school, PROBATION_END)["voters"] == 10  # nine members and the new one
    assert state_of(fresh(person, school), PROBATION_END).full_member_on == PROBATION_END


def test_the_files_are_archived_last_and_nothing_is_due_after(record, upto, school):
    person = upto(25)
    record(person, 25, TIMELINE[25][0])
    assert deadlines_for(Stage.FULL, list(person.steps.all())) == []


@pytest.fixture
def extended(record, upto):
    """The assembly extended the probation by six months and the higher committee agreed."""
    person = upto(23)
    record(person, 23, D(2024, 5, 6), votes_for=9, outcome="extended", extension_months=6)
    record(person, 24, D(2024, 6, 1))
    return person


def test_an_extension_moves_the_end_of_the_probation(extended, school):
    assert probation_end(list(extended.steps.all())) == D(2024, 11, 1)
    assert stage_on(extended, school, D(2024, 10, 31)) == Stage.PROBATIONARY
    assert stage_on(extended, school, D(2024, 11, 1)) == Stage.PROBATIONARY
    due = {d.step: d.due_on for d in deadlines_for(Stage.PROBATIONARY, list(extended.steps.all()))}
    assert due[22] == due[23] == D(2024, 11, 1)


def test_after_an_extension_the_steps_to_full_membership_run_once_more(record, extended, school):
    refusal(record, extended, 22, D(2024, 9, 30))  # a month before the new end, not earlier
    assert record(extended, 22, D(2024, 10, 1)).cycle == 2
    refusal(record, extended, 23, D(2024, 10, 31), votes_for=9, outcome="on_time")
    error = refusal(
        record, extended, 23, D(2024, 11, 1), votes_for=9, outcome="extended", extension_months=6
    )
    assert "only once" in error.message
    record(extended, 23, D(2024, 11, 1), votes_for=9, outcome="on_time")
    assert record(extended, 24, D(2024, 11, 20)).cycle == 2
    assert stage_on(extended, school, D(2024, 10, 31)) == Stage.PROBATIONARY
    assert stage_on(extended, school, D(2024, 11, 1)) == Stage.FULL
    refusal(record, extended, 22, D(2024, 12, 1))  # and not a third time


def test_an_extension_decided_at_a_second_vote_takes_effect(record, upto, school):
    person = upto(23)
    failed = record(person, 23, D(2024, 5, 6), votes_for=4, votes_against=5)
    assert failed.data["passed"] is False
    record(person, 23, D(2024, 5, 20), votes_for=9, outcome="extended", extension_months=12)
    assert record(person, 24, D(2024, 6, 1)).cycle == 2  # answers the second vote
    assert probation_end(list(person.steps.all())) == D(2025, 5, 1)
    assert record(person, 22, D(2025, 4, 1)).cycle == 3
    record(person, 23, D(2025, 5, 1), votes_for=9, outcome="on_time")
    record(person, 24, D(2025, 5, 10))
    assert stage_on(person, school, D(2025, 4, 30)) == Stage.PROBATIONARY
    assert stage_on(person, school, D(2025, 5, 1)) == Stage.FULL


@pytest.mark.parametrize("months", [5, 13])
def test_an_extension_is_six_to_twelve_months(record, upto, months):
    person = upto(23)
    error = refusal(
        record, person, 23, D(2024, 5, 6), votes_for=9, outcome="extended", extension_months=months
    )
    assert error.field == "extension_months"


def test_cancelling_the_probation_ends_the_membership(record, upto, school):
    person = upto(23)
    record(person, 23, D(2024, 5, 6), votes_for=9, outcome="disqualified")
    record(person, 24, D(2024, 6, 1))
    person = fresh(person, school)
    assert state_of(person, D(2024, 6, 1)).standing == Standing.DISQUALIFIED
    membership = person.memberships.get()
    assert (membership.left_on, membership.left_reason) == (D(2024, 6, 1), "standing")
    assert counts_on(school, D(2024, 5, 31))[Stage.PROBATIONARY] == 1
    assert counts_on(school, D(2024, 6, 1))[Stage.PROBATIONARY] == 0
    assert counts_on(school, D(2024, 6, 1))["members"] == 9


# Steps of the higher committee ---------------------------------------------------------------


def _higher(actor, school, person, number):
    day, data = TIMELINE[number]
    return step_record(
        actor=actor, org=school, person=person, number=number, done_on=day, data=data
    )


@pytest.mark.parametrize("number", HIGHER_STEPS)
def test_the_secretary_cannot_record_a_step_of_the_higher_committee(
    upto, school, secretary, number
):
    person = upto(number)
    with translation.override("en"), pytest.raises(ServicePermissionDenied) as exc:
        _higher(secretary, school, person, number)
    assert f"step {number} " in exc.value.message and "higher committee" in exc.value.message
    assert not person.steps.filter(number=number).exists()


@pytest.mark.parametrize("number", HIGHER_STEPS)
def test_the_township_admin_records_a_step_of_the_higher_committee(
    upto, school, township_admin, number
):
    person = upto(number)
    step = _higher(township_admin, school, person, number)
    assert step.recorded_by == township_admin


def test_the_township_admin_cannot_record_a_step_of_the_branch(upto, school, township_admin):
    person = upto(3)
    with pytest.raises(ServicePermissionDenied):
        _higher(township_admin, school, person, 3)


def test_the_outsider_cannot_record_anything_in_the_branch(upto, school, outsider):
    person = upto(2)
    with pytest.raises(ServicePermissionDenied):
        _higher(outsider, school, person, 2)


# Attachments ---------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _attach(school, person, *files):
    return step_record(
        actor=None, org=school, person=person, number=1, done_on=D(2022, 1, 10), files=list(files)
    )


def test_an_attachment_is_stored_with_the_step(school, person, media):
    step = _attach(school, person, SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 ..."))
    attachment = step.attachments.get()
    assert (attachment.name, attachment.size) == ("申请书.pdf", 12)
    with attachment.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 ..."


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("run.exe", b"MZ"),
        SimpleUploadedFile("noextension", b"x"),
        SimpleUploadedFile("big.pdf", b"0" * (StepAttachment.max_bytes + 1)),
    ],
    ids=["type", "no type", "too large"],
)
def test_a_refused_attachment_writes_nothing(school, person, media, upload):
    good = SimpleUploadedFile("ok.pdf", b"%PDF")
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        _attach(school, person, good, upload)
    assert exc.value.field == "files"
    assert not DevelopmentStep.objects.exists() and not StepAttachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_exactly_ten_megabytes_is_accepted(school, person, media):
    content = b"%PDF-1.4\n".ljust(StepAttachment.max_bytes, b"0")
    step = _attach(school, person, SimpleUploadedFile("scan.pdf", content))
    assert step.attachments.get().size == StepAttachment.max_bytes


# Counting "as of" a date after a transfer ----------------------------------------------------


def test_a_member_transferred_out_in_june_counts_in_march_but_not_in_december(school, make_person):
    leaving = make_person("调出党员", joined_on=D(2020, 1, 1))
    make_person("留下党员", joined_on=D(2020, 1, 1))
    transfer_out(
        actor=None,
        org=school,
        person=leaving,
        transferred_on=D(2025, 6, 15),
        letter_number="2025-017",
        counterpart="某县教育局党委",
    )
    assert counts_on(school, D(2025, 3, 31))[Stage.FULL] == 2
    assert counts_on(school, D(2025, 6, 14))[Stage.FULL] == 2
    assert counts_on(school, D(2025, 6, 15))[Stage.FULL] == 1
    assert counts_on(school, D(2025, 12, 31))[Stage.FULL] == 1
