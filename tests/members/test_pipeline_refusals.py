"""After the higher committee says no (DESIGN §4): a refused admission (step 17) leaves a
candidate whom the branch may take through steps 14–17 again at once, in a new cycle; a refused
full membership (step 24) is decided again by the general assembly (step 23) within three
months. Through the services, and through the step page and the board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from branch.exceptions import ServiceError
from members.models import DevelopmentStep, Person, Stage
from members.pipeline_selectors import next_step
from members.selectors import state_of, with_history
from members.steps import deadlines_for
from tests.members.pipeline_timeline import PROBATION_END, TIMELINE, advance, new_applicant

D = dt.date
REFUSED_ADMISSION = TIMELINE[17][0]  # 2023-06-01
REFUSED_FULL = D(2024, 6, 1)


@pytest.fixture
def person(make_person):
    return new_applicant(make_person)


@pytest.fixture
def upto(record, person, full_members):
    def go(until: int):
        advance(record, person, full_members, until)
        return person

    return go


def fresh(person, school) -> Person:
    return with_history(Person.objects.filter(pk=person.pk), school).get()


def steps(person) -> list[DevelopmentStep]:
    return list(DevelopmentStep.objects.filter(person=person))


def stage_on(person, school, day) -> str | None:
    return state_of(fresh(person, school), day).stage


# Step 17 refused: back to step 14, at once, in a new cycle --------------------------------------


@pytest.fixture
def not_admitted(record, upto):
    person = upto(17)
    record(person, 17, REFUSED_ADMISSION, approved=False)
    return person


def test_after_a_refused_admission_the_candidate_starts_again_at_step_14(
    record, not_admitted, school
):
    person = not_admitted
    assert stage_on(person, school, REFUSED_ADMISSION) == Stage.CANDIDATE
    assert next_step(Stage.CANDIDATE, steps(person)) == 14
    # no waiting period: the same day
    again = record(person, 14, REFUSED_ADMISSION)
    assert again.cycle > 1
    assert next_step(Stage.CANDIDATE, steps(person)) == 15
    vote = record(person, 15, D(2023, 7, 1), votes_for=8, abstentions=1)
    assert vote.cycle == again.cycle
    # the approval is now due three months after the new vote
    assert [(d.step, d.due_on) for d in deadlines_for(Stage.CANDIDATE, steps(person))] == [
        (17, D(2023, 10, 1))
    ]
    record(person, 16, D(2023, 7, 10))
    record(person, 17, D(2023, 8, 1))
    # probationary from the assembly that admitted them the second time
    assert stage_on(person, school, D(2023, 6, 30)) == Stage.CANDIDATE
    assert stage_on(person, school, D(2023, 7, 1)) == Stage.PROBATIONARY


def test_a_new_round_is_opened_once_and_not_before_the_refusal(record, upto, school):
    person = upto(17)
    with pytest.raises(ServiceError):
        record(person, 14, D(2023, 5, 20))  # still waiting for the higher committee
    record(person, 17, REFUSED_ADMISSION, approved=False)
    record(person, 14, D(2023, 6, 5))
    with pytest.raises(ServiceError):
        record(person, 14, D(2023, 6, 6))
    with pytest.raises(ServiceError):
        record(person, 16, D(2023, 6, 6))  # the new round needs its own vote first
    with pytest.raises(ServiceError):
        record(person, 18, D(2023, 6, 6))


# Step 24 refused: the assembly decides again within three months -------------------------------


@pytest.fixture
def not_confirmed(record, upto):
    person = upto(24)
    record(person, 21, D(2023, 12, 1))  # the assessment in probation, left out of the timeline
    record(person, 24, REFUSED_FULL, approved=False)
    return person


def test_after_a_refused_full_membership_the_assembly_decides_again(record, not_confirmed, school):
    person = not_confirmed
    assert stage_on(person, school, REFUSED_FULL) == Stage.PROBATIONARY
    assert next_step(Stage.PROBATIONARY, steps(person)) == 23
    due = deadlines_for(Stage.PROBATIONARY, steps(person))
    assert [(d.step, d.due_on) for d in due] == [(21, D(2024, 6, 1)), (23, D(2024, 9, 1))]
    with pytest.raises(ServiceError):
        record(person, 22, D(2024, 6, 5))  # the application stands
    decision = record(person, 23, D(2024, 7, 1), votes_for=9, outcome="on_time")
    assert decision.cycle == 2
    assert record(person, 24, D(2024, 7, 20)).cycle == 2
    assert stage_on(person, school, PROBATION_END) == Stage.FULL


def test_the_new_decision_is_late_after_three_months(record, not_confirmed):
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        record(not_confirmed, 23, D(2024, 9, 2), votes_for=9, outcome="on_time")
    assert exc.value.field == "late_reason"
    assert "due by Sept. 1, 2024 and is dated Sept. 2, 2024" in exc.value.message
    decision = record(
        not_confirmed, 23, D(2024, 9, 2), votes_for=9, outcome="on_time", late_reason="暑假"
    )
    assert decision.cycle == 2


def test_the_assembly_may_extend_the_probation_after_the_refusal(record, not_confirmed, school):
    record(not_confirmed, 23, D(2024, 7, 1), votes_for=9, outcome="extended", extension_months=6)
    record(not_confirmed, 24, D(2024, 7, 20))
    due = {d.step: d.due_on for d in deadlines_for(Stage.PROBATIONARY, steps(not_confirmed))}
    assert due[23] == D(2024, 11, 1)  # the end of the extended probation


# Through the pages ---------------------------------------------------------------------------


def _post_step(client, person, number, day, **fields):
    url = reverse("members:step_record", args=["school", person.pk])
    return client.post(url, {"number": str(number), "done_on": f"{day:%Y-%m-%d}", **fields})


def test_the_pages_lead_from_a_refused_admission_to_a_new_round(
    client, upto, school, secretary, township_admin
):
    person = upto(17)
    client.force_login(township_admin)
    response = _post_step(client, person, 17, REFUSED_ADMISSION, approved="no")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DevelopmentStep.objects.get(person=person, number=17).data["approved"] is False
    client.force_login(secretary)
    with translation.override("zh-hans"):
        board = client.get(reverse("members:pipeline", args=["school"])).content.decode()
    step_url = reverse("members:step_record", args=["school", person.pk]) + "?step=14"
    assert step_url in board
    response = _post_step(client, person, 14, D(2023, 6, 20))
    assert response.status_code == 302
    assert DevelopmentStep.objects.filter(person=person, number=14).count() == 2


def test_the_board_shows_the_new_decision_and_its_deadline(
    client, not_confirmed, school, secretary
):
    client.force_login(secretary)
    with translation.override("zh-hans"):
        board = client.get(reverse("members:pipeline", args=["school"])).content.decode()
    row = board[board.index(f'data-person="{not_confirmed.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-step="23"' in row and "2024-09-01" in row
    assert "?step=23" in row
    response = _post_step(
        client, not_confirmed, 23, D(2024, 7, 1), votes_for="9", outcome="on_time"
    )
    assert response.status_code == 302
