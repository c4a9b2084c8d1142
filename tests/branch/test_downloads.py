"""Attachments of meetings and of development steps are handed out the same way: as a download
that neither a shared cache nor the browser keeps."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Kind
from members.models import Stage
from members.pipeline import step_record

DAY = timezone.localdate() - datetime.timedelta(days=10)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 content", content_type="application/pdf")


def _download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


def test_a_step_attachment_is_private_and_not_stored(client, secretary, school, make_person, media):
    person = make_person("新同志", stage=Stage.APPLICANT, birth_date=datetime.date(1990, 1, 1))
    step = step_record(
        actor=None, org=school, person=person, number=1, done_on=DAY, files=[pdf("申请书.pdf")]
    )
    client.force_login(secretary)
    url = reverse(
        "members:step_attachment",
        args=["school", person.pk, step.pk, step.attachments.get().pk],
    )
    response, body = _download(client, url)
    assert body == b"%PDF-1.4 content"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_meeting_attachment_is_private_and_not_stored(client, secretary, school, media):
    meeting = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="主题党日",
        files=[pdf("签到.pdf")],
    )
    client.force_login(secretary)
    url = reverse("meetings:attachment", args=["school", meeting.pk, meeting.attachments.get().pk])
    response, body = _download(client, url)
    assert body == b"%PDF-1.4 content"
    assert response["Cache-Control"] == "private, no-store"


def test_a_missing_file_is_a_404_not_a_500(client, secretary, school, make_person, media):
    person = make_person("新同志", stage=Stage.APPLICANT, birth_date=datetime.date(1990, 1, 1))
    step = step_record(
        actor=None, org=school, person=person, number=1, done_on=DAY, files=[pdf("申请书.pdf")]
    )
    attachment = step.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(secretary)
    url = reverse("members:step_attachment", args=["school", person.pk, step.pk, attachment.pk])
    assert client.get(url).status_code == 404


GENERATED = r"^(meetings|steps)/\d{4}/[0-9a-f]{32}\.pdf$"


def test_a_meeting_attachment_is_stored_under_a_generated_name_and_downloads_under_its_own(
    client, secretary, school, media
):
    meeting = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="主题党日",
        files=[pdf("王某 身份证 复印件.PDF")],
    )
    attachment = meeting.attachments.get()
    assert re.match(GENERATED, attachment.file.name)
    assert attachment.name == "王某 身份证 复印件.PDF"
    assert [p.name for p in media.rglob("*.pdf")] == [attachment.file.name.rsplit("/", 1)[-1]]
    client.force_login(secretary)
    url = reverse("meetings:attachment", args=["school", meeting.pk, attachment.pk])
    response, body = _download(client, url)
    assert body == b"%PDF-1.4 content"
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote("王某 身份证 复印件.PDF") in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_step_attachment_is_stored_under_a_generated_name(
    client, secretary, school, make_person, media
):
    person = make_person("新同志", stage=Stage.APPLICANT, birth_date=datetime.date(1990, 1, 1))
    step = step_record(
        actor=None, org=school, person=person, number=1, done_on=DAY, files=[pdf("申请书.pdf")]
    )
    attachment = step.attachments.get()
    assert re.match(GENERATED, attachment.file.name)
    assert attachment.name == "申请书.pdf"
    client.force_login(secretary)
    url = reverse("members:step_attachment", args=["school", person.pk, step.pk, attachment.pk])
    response, _body = _download(client, url)
    assert quote("申请书.pdf") in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
