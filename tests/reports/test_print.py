"""The printed report and its Word copy come from one document: the title in three lines split
by meaning, the same tidied text, the report's own date under the signature."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document as WordDocument
from pypdf import PdfReader

from reports import services
from reports.document import UNDATED, build_document
from reports.models import AnnualReport
from reports.pdf import render_annual_report, render_annual_report_docx
from tests.reports.shapes import YEAR, general, village


def test_the_pdf_title_is_split_by_meaning(town):
    org = village(town)
    pdf = PdfReader(io.BytesIO(render_annual_report(AnnualReport(organization=org, year=YEAR))))
    lines = [line.strip() for line in pdf.pages[0].extract_text().splitlines()]
    assert lines[:3] == ["青山村党支部", "书记抓基层党建工作述职报告", f"（{YEAR}年度）"]


def test_the_word_copy_has_the_same_title_lines_and_text(town):
    org = village(town)
    report = AnnualReport(organization=org, year=YEAR)
    word = WordDocument(io.BytesIO(render_annual_report_docx(report)))
    paragraphs = [p.text for p in word.paragraphs]
    doc = build_document(report)
    assert paragraphs[:3] == doc.title_lines
    assert paragraphs[3 : 3 + len(doc.blocks)] == [b.text for b in doc.blocks]
    assert "县委党校陈老师" in "".join(paragraphs)  # the stray space is gone in Word too


def test_a_draft_is_undated_and_a_final_report_carries_its_own_date(town):
    org = village(town)
    report = services.report_for(actor=None, org=org, year=YEAR)
    assert build_document(report).date == UNDATED
    # signed in the January after the year, or today if that January has not yet come
    signed = min(datetime.date(YEAR + 1, 1, 20), timezone.localdate())
    services.report_finalize(actor=None, report=report, author="刘芳", signed_on=signed)
    assert build_document(report).date == f"{signed.year}年{signed.month}月{signed.day}日"


def test_a_general_branch_report_is_written_and_printed(town, tmp_path):
    org = general(town)
    report = services.report_for(actor=None, org=org, year=YEAR)
    assert report.organization == org
    output = tmp_path / "general.pdf"
    call_command("annual_report", "--org", org.code, "--year", str(YEAR), "--output", str(output))
    text = "".join(page.extract_text() for page in PdfReader(output).pages).replace("\n", "")
    assert "党总支下设2个党支部" in text


def test_the_editor_opens_on_a_general_branch(town, client):
    from django.urls import reverse

    from branch import services as branch_services
    from branch.models import Role
    from tests.factories import UserFactory

    org = general(town)
    user = UserFactory(username="zongzhi", first_name="总支书记")
    branch_services.role_grant(actor=None, org=org, user=user, role=Role.SECRETARY)
    client.force_login(user)
    response = client.get(reverse("reports:editor", args=[org.code, YEAR]))
    assert response.status_code == 200
    assert "机关第二党支部第二季度未开展党课" in response.content.decode()


def test_what_was_published_is_reported_and_only_that(town):
    notices = pytest.importorskip("notices.models")
    org = village(town)
    report = AnnualReport(organization=org, year=YEAR)
    text = "\n".join(b.text for b in build_document(report).blocks)
    assert "党务公开" not in text and "公示" not in text  # no record, no claim
    notices.Notice.objects.create(
        organization=org,
        kind="dues",
        title=f"{YEAR}年度党费收缴使用情况",
        published_on=datetime.date(YEAR, 12, 28),
    )
    text = "\n".join(b.text for b in build_document(report).blocks)
    assert "（九）推进党务公开" in text
    assert f"12月28日公开“{YEAR}年度党费收缴使用情况”" in text
    assert "12月28日在支部内公示了党费收缴情况" in text
