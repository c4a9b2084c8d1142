"""An integer beyond what the database holds (above 2**63), typed into a form or a query
string, is refused like any other wrong choice, never answered with a server error. SQLite
raises OverflowError on such a parameter and PostgreSQL a DataError; both must be kept away
from the database."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Stage

HUGE = str(2**64 + 7)
HUGER = "9" * 40
TODAY = timezone.localdate()


@pytest.fixture
def people(make_person):
    return [make_person(f"党员{i}") for i in range(2)]


@pytest.mark.parametrize("value", [HUGE, HUGER, "-" + HUGE])
def test_the_meeting_list_ignores_a_group_beyond_any_id(client_for, school, value):
    response = client_for("secretary").get(
        reverse("meetings:index", args=["school"]), {"group": value}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("value", [HUGE, HUGER])
def test_a_talk_with_a_participant_beyond_any_id_is_refused_in_the_form(
    client_for, school, people, value
):
    response = client_for("secretary").post(
        reverse("meetings:talk_create", args=["school"]),
        {
            "held_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "category": "committee_member",
            "participants": [str(people[0].pk), value],
            "topic": "谈心",
        },
    )
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors


@pytest.mark.parametrize("value", [HUGE, HUGER, "-" + HUGE, "1" + "0" * 30])
def test_a_review_for_a_year_beyond_any_number_is_refused_in_the_form(client_for, school, value):
    response = client_for("secretary").post(
        reverse("meetings:review_open", args=["school"]),
        {"year": value, "held_on": TODAY.isoformat(), "meeting": HUGE},
    )
    assert response.status_code == 200
    assert "year" in response.context["form"].errors


def test_a_review_with_a_meeting_beyond_any_id_is_refused_in_the_form(client_for, school):
    response = client_for("secretary").post(
        reverse("meetings:review_open", args=["school"]),
        {"year": TODAY.year - 1, "held_on": TODAY.isoformat(), "meeting": HUGE},
    )
    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors


@pytest.mark.parametrize("value", [HUGE, HUGER])
def test_a_step_with_a_person_beyond_any_id_is_refused_in_the_form(
    client_for, school, make_person, people, value
):
    applicant = make_person("申请人", stage=Stage.APPLICANT, birth_date=datetime.date(1995, 1, 1))
    response = client_for("secretary").post(
        reverse("members:step_record", args=["school", applicant.pk]),
        {
            "number": "2",
            "done_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "people": [value],
        },
    )
    assert response.status_code == 200
    assert "people" in response.context["form"].errors


def test_the_new_meeting_page_ignores_a_group_beyond_any_id(client_for, school):
    url = reverse("meetings:create", args=["school"])
    assert client_for("secretary").get(url, {"group": HUGE}).status_code == 200
