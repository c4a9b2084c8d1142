"""The sign-in pages × every persona, and the screen's queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services, signin
from meetings.models import Kind
from tests.permissions import (
    LOGIN,
    check,
    expect,
    for_every_persona,
)

SHELL = 6  # session, user, organisation, grants, switcher, unread count


@pytest.fixture
def meeting(school, member, make_person, secretary):
    make_person("张党员", user=member)
    for i in range(3):
        make_person(f"党员{i}")
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=timezone.localdate(), topic="主题党日"
    )
    return signin.sign_in_open(actor=secretary, meeting=meeting)


def screen(m, org="school"):
    return reverse("meetings:sign_in_screen", args=[org, m.pk])


def live(m, org="school"):
    return reverse("meetings:sign_in_live", args=[org, m.pk])


def link(m, org="school"):
    return reverse("meetings:sign_in", args=[org, signin.sign_in_token(m)])


MATRIX = [
    ("screen", "get", screen, expect(LOGIN, 200, 200, 403, 403, 404)),
    ("screen post", "post", screen, expect(LOGIN, 302, 302, 403, 403, 404)),
    (
        "screen in the village",
        "get",
        lambda m: screen(m, "village"),
        expect(LOGIN, 404, 404, 404, 403, 404),
    ),
    ("live part", "get", live, expect(LOGIN, 200, 200, 403, 403, 404)),
    ("live part post", "post", live, expect(LOGIN, 405, 405, 403, 403, 404)),
    ("sign-in page", "get", link, expect(LOGIN, 200, 200, 200, 200, 404)),
    # only someone on the attendance list signs in; the others are told why not
    ("sign in", "post", link, expect(LOGIN, 403, 403, 200, 403, 404)),
    (
        "sign in at the village",
        "post",
        lambda m: link(m, "village"),
        expect(LOGIN, 404, 404, 404, 403, 403),
    ),
]


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, meeting, persona, name, method, url, expected):
    check(client_for(persona), method, url(meeting), expected, persona, name, {"action": "close"})


@pytest.mark.parametrize("arrived", [1, 4])
def test_the_screen_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, meeting, secretary, school, arrived
):
    from meetings.models import Attendance

    for row in meeting.attendances.all()[:arrived]:
        row.source, row.signed_in_at = Attendance.Source.SELF, timezone.now()
        row.save()
    client.force_login(secretary)
    client.get("/o/school/")  # remember the organisation: no session write later
    # the shell; the meeting with its attendance, decisions and attachments (4); the arrivals
    with django_assert_num_queries(SHELL + 4 + 1):
        response = client.get(live(meeting))
    assert response.status_code == 200
    assert len(response.context["arrivals"]) == arrived
