"""The sign-in pages × every persona, and the screen's queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services, signin
from meetings.models import Kind

A, S, C, M, T, X = (
    "anonymous",
    "secretary",
    "committee_member",
    "member",
    "township_admin",
    "outsider",
)
LOGIN = 302
SHELL = 6  # session, user, organisation, grants, switcher, unread count


def expect(*statuses):
    return dict(zip((A, S, C, M, T, X), statuses, strict=True))


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


@pytest.mark.parametrize("persona", [A, S, C, M, T, X])
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[r[0] for r in MATRIX])
def test_permission_matrix(client_for, meeting, persona, name, method, url, expected):
    client = client_for(persona)
    response = getattr(client, method)(
        url(meeting), {"action": "close"} if method == "post" else None
    )
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == LOGIN and persona == A:
        assert response.url.startswith(reverse("login"))


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
    assert len(response.context["arrivals"]) == arrived
