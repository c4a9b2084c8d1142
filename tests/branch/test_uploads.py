"""The one upload check (branch.uploads): an attachment's content must be what its suffix says,
for meetings and development steps alike; real PDF, Word, Excel and image files pass."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import Workbook
from PIL import Image

from branch.exceptions import ServiceError
from branch.uploads import OLE_SIGNATURE, check_upload
from meetings import services as meeting_services
from meetings.models import Kind, Meeting, MeetingAttachment

SUFFIXES = {".pdf", ".jpg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".pptx"}
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str = "签到表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx_file(name: str = "会议记录.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("支部委员会会议记录")
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_file(name: str = "名单.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def image_file(name: str = "合影.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (183, 28, 28)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def text_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "这是一个文本文件，不是附件。\n".encode(), "text/plain")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def check(upload) -> None:
    check_upload(upload, suffixes=SUFFIXES, max_bytes=10**6, kinds="PDF")


@pytest.mark.parametrize(
    "upload",
    [
        pdf_file(),
        docx_file(),
        xlsx_file(),
        image_file(),
        image_file("合影.png", "PNG"),
        SimpleUploadedFile("旧文档.doc", OLE_SIGNATURE + b"\0" * 504),
    ],
    ids=["pdf", "docx", "xlsx", "jpg", "png", "doc"],
)
def test_a_real_file_passes_the_check_and_can_still_be_read(upload):
    check(upload)
    assert upload.tell() == 0  # the check leaves the file where storing it begins


@pytest.mark.parametrize(
    "upload",
    [
        text_file("签到表.pdf"),
        text_file("会议记录.docx"),
        text_file("照片.jpg"),
        text_file("旧文档.doc"),
        SimpleUploadedFile("照片.png", PDF),  # a real PDF called a photo
        SimpleUploadedFile("名单.xlsx", docx_file().read()),  # a zip, but a Word document
        SimpleUploadedFile("空的.pdf", b""),
    ],
    ids=["text-pdf", "text-docx", "text-jpg", "text-doc", "pdf-as-png", "docx-as-xlsx", "empty"],
)
def test_a_file_whose_content_is_not_its_suffix_is_refused_by_name(upload):
    with pytest.raises(ServiceError) as refused:
        check(upload)
    assert upload.name in refused.value.message
    assert refused.value.field == "files"


def test_a_renamed_text_file_is_refused_as_a_meeting_attachment(school, full_members, media):
    meeting = meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=timezone.localdate(),
        topic="主题党日",
    )
    with pytest.raises(ServiceError, match=r"签到表\.pdf"):
        meeting_services.attachment_add(
            actor=None, meeting=meeting, files=[text_file("签到表.pdf")]
        )
    assert not MeetingAttachment.objects.exists()
    stored = meeting_services.attachment_add(
        actor=None, meeting=meeting, files=[pdf_file(), docx_file(), image_file()]
    )
    assert sorted(a.name for a in stored) == ["会议记录.docx", "合影.jpg", "签到表.pdf"]
    with stored[0].file.open("rb") as kept:
        assert kept.read() == PDF  # stored whole, from its first byte


def test_the_meeting_page_answers_a_renamed_text_file_in_chinese(
    client, secretary, school, full_members, media
):
    meeting = meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=timezone.localdate(),
        topic="主题党日",
    )
    client.force_login(secretary)
    url = reverse("meetings:attachment_add", args=["school", meeting.pk])
    response = client.post(url, {"files": [text_file("签到表.pdf")]})
    assert response.status_code == 200
    assert "签到表.pdf 的内容并不是 PDF 文件" in response.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).attachments.exists()


def test_a_renamed_text_file_is_refused_for_a_development_step(school, make_person, media):
    from members.models import Stage
    from members.pipeline import step_record

    person = make_person("申请人", stage=Stage.APPLICANT, joined_on=timezone.localdate())
    with pytest.raises(ServiceError, match=r"入党申请书\.pdf"):
        step_record(
            actor=None,
            org=school,
            person=person,
            number=1,
            done_on=timezone.localdate(),
            files=[text_file("入党申请书.pdf")],
        )
    assert not person.steps.exists()
