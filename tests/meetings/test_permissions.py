"""Every URL of the meeting pages × every persona → the status that persona gets."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, Kind
from tests.permissions import (
    LOGIN,
    M,
    check,
    expect,
    for_every_persona,
    lazy_url,
    pk,
)

DAY = datetime.date(2025, 6, 18)
MINE = 302  # a member opening the list is sent to their own meetings


def url(name, org="school", **kwargs):
    return lazy_url(f"meetings:{name}", org_code=org, **kwargs)


MATRIX = [
    # name, method, url(objects) -> str, expected statuses
    ("index", "get", url("index"), expect(LOGIN, 200, 200, MINE, 200, 404)),
    ("town index", "get", url("index", "town"), expect(LOGIN, 404, 404, 404, 200, 404)),
    ("create", "get", url("create"), expect(LOGIN, 200, 200, 403, 403, 404)),
    ("create post", "post", url("create"), expect(LOGIN, 200, 200, 403, 403, 404)),
    (
        "detail, member on the list",
        "get",
        url("detail", pk=pk("attended")),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    (
        "detail, member not on the list",
        "get",
        url("detail", pk=pk("assembly")),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "detail of another branch's meeting",
        "get",
        url("detail", pk=pk("village_meeting")),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    ("update", "get", url("update", pk=pk("attended")), expect(LOGIN, 200, 200, 403, 403, 404)),
    (
        "update of another branch's meeting",
        "get",
        url("update", "village", pk=pk("attended")),
        expect(LOGIN, 404, 404, 404, 403, 404),
    ),
    (
        "attendance",
        "get",
        url("attendance", pk=pk("attended")),
        expect(LOGIN, 200, 200, 403, 403, 404),
    ),
    (
        "attendance post",
        "post",
        url("attendance", pk=pk("attended")),
        expect(LOGIN, 302, 302, 403, 403, 404),
    ),
    (
        "new decision",
        "get",
        url("decision_create", pk=pk("assembly")),
        expect(LOGIN, 200, 200, 403, 403, 404),
    ),
    (
        "new attachment",
        "get",
        url("attachment_add", pk=pk("attended")),
        expect(LOGIN, 200, 200, 403, 403, 404),
    ),
    (
        "attachment, member on the list",
        "get",
        url("attachment", pk=pk("attended"), att_pk=pk("attachment")),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    (
        "attachment, member not on the list",
        "get",
        url("attachment", pk=pk("assembly"), att_pk=pk("assembly_attachment")),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "attachment under the wrong meeting",
        "get",
        url("attachment", pk=pk("assembly"), att_pk=pk("attachment")),
        expect(LOGIN, 404, 404, 403, 404, 404),
    ),
    (
        "village attachment",
        "get",
        url("attachment", "village", pk=pk("village_meeting"), att_pk=pk("village_attachment")),
        expect(LOGIN, 404, 404, 404, 200, 200),
    ),
    (
        "school attachment asked for in the village",
        "get",
        url("attachment", "village", pk=pk("attended"), att_pk=pk("attachment")),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    ("calendar", "get", url("calendar"), expect(LOGIN, 200, 200, 403, 200, 404)),
    ("town calendar", "get", url("calendar", "town"), expect(LOGIN, 404, 404, 404, 200, 404)),
    ("tighten a rule", "post", url("calendar"), expect(LOGIN, 302, 403, 403, 403, 404)),
    ("my meetings", "get", url("mine"), expect(LOGIN, 200, 200, 200, 200, 404)),
]

POST_DATA = {
    "tighten a rule": {"kind": Kind.PARTY_LECTURE, "period": "month", "times": "1"},
    "attendance post": {},  # every row "not expected": an empty list is a valid answer
}


def pdf(name="签到表.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 sign-in sheet", content_type="application/pdf")


@pytest.fixture
def objects(school, village, member, make_person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    me = make_person("张党员", user=member)
    others = [make_person(f"党员{i}") for i in range(3)]
    attended = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="主题党日",
        files=[pdf()],
    )
    assembly = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.GENERAL_ASSEMBLY,
        held_on=DAY,
        topic="支部党员大会",
        attendance={p.pk: (Attendance.Status.PRESENT, "") for p in others},
        files=[pdf("决议.pdf")],
    )
    village_meeting = services.meeting_record(
        actor=None,
        org=village,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="村主题党日",
        attendance={},
        files=[pdf("村.pdf")],
    )
    assert attended.attendances.filter(person=me).exists()
    return {
        "attended": attended,
        "attachment": attended.attachments.get(),
        "assembly": assembly,
        "assembly_attachment": assembly.attachments.get(),
        "village_meeting": village_meeting,
        "village_attachment": village_meeting.attachments.get(),
    }


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    data = POST_DATA.get(name)
    response = check(client_for(persona), method, url(objects), expected, persona, name, data)
    if name == "index" and persona == M:
        assert response.url == reverse("meetings:mine", args=["school"])
