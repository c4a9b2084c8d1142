from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from branch.models import Honor
from branch.pdf_fonts import ReportFontMissing
from meetings import services as meeting_services
from meetings.models import Kind
from members import transfers
from reports import services
from reports.facts import gather_facts
from reports.models import AnnualReport, RenderJob
from reports.pdf import render_annual_report
from tests.clock import on_day

D = datetime.date
TODAY = D(2026, 11, 26)
pytestmark = on_day(TODAY)


@pytest.fixture
def year_of_records(school, make_person):
    people = [make_person(f"党员{i}", joined_on=D(2015, 1, 1)) for i in range(6)]
    leaver = make_person("六月转出", joined_on=D(2015, 1, 1))
    transfers.transfer_out(
        actor=None,
        org=school,
        person=leaver,
        transferred_on=D(2026, 6, 15),
        letter_number="组转〔2026〕5号",
        counterpart="某县某支部",
    )
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=D(2026, 3, 20),
        topic="党课",
        lecturer=people[0],
        lecture_title="学习党章 遵守党章",
    )
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=D(2026, 9, 20),
        topic="党课",
        lecturer_name="县委党校讲师",
        lecture_title="新时代党的建设总要求",
    )
    Honor.objects.create(
        organization=school,
        awarded_on=D(2026, 7, 1),
        title="先进基层党组织",
        issuer="青山镇党委",
        rank="镇级",
    )
    return people


def test_the_facts_count_the_members_at_year_end(school, year_of_records):
    facts = gather_facts(school, 2026, D(2027, 1, 10))
    assert (facts.members_full, facts.members_probationary) == (6, 0)
    assert facts.as_of == "2026-12-31"
    march = gather_facts(school, 2026, D(2026, 3, 31))
    assert march.members_full == 7  # the June transfer still counts at 31 March
    assert [lec["title"] for lec in facts.lectures] == ["学习党章 遵守党章", "新时代党的建设总要求"]
    assert [t["name"] for t in facts.transfers_out] == ["六月转出"]


def test_the_pdf_holds_the_facts_on_a4_with_cjk_fonts(school, year_of_records):
    pdf = PdfReader(io.BytesIO(render_annual_report(AnnualReport(organization=school, year=2026))))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    for expected in (
        "中心小学党支部",
        "2026",
        "学习党章",
        "新时代党的建设总要求",
        "先进基层党组织",
    ):
        assert expected in text
    assert "党员6名" in text
    assert "— 1 —" in text
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)
    fonts = {
        str(font["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("CJK" in f or "WenKai" in f for f in fonts)
    assert pdf.metadata.title.startswith("中心小学党支部书记抓基层党建工作述职报告")


def test_no_cjk_font_raises_the_clear_error(school, monkeypatch):
    monkeypatch.setattr("branch.pdf_fonts.installed_cjk_families", lambda: set())
    with pytest.raises(ReportFontMissing, match="fonts-noto-cjk"):
        render_annual_report(AnnualReport(organization=school, year=2026))


def test_a_final_report_does_not_change_when_records_change(school, year_of_records, make_person):
    report = services.report_for(actor=None, org=school, year=2026)
    services.report_finalize(actor=None, report=report, author="王书记", signed_on=D(2026, 11, 20))
    make_person("年底新转入", joined_on=D(2026, 11, 1))
    report.refresh_from_db()
    from reports.document import build_document

    frozen = build_document(report)
    assert any("党员6名" in b.text for b in frozen.blocks)
    draft = services.report_reopen(actor=None, report=report)
    assert draft.version == 2 and draft.status == "draft"
    assert not any("党员7名" in b.text for b in build_document(draft).blocks)  # text kept
    services.section_save(actor=None, report=draft, key="basics", text="")
    assert any("党员7名" in b.text for b in build_document(draft).blocks)


def test_the_render_job_runs_inline_to_done(
    school, year_of_records, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_for(actor=None, org=school, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.render_request(actor=None, report=report)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE and job.size > 10_000 and len(job.checksum) == 64


def test_a_failing_render_ends_failed_with_its_reason(
    school, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("branch.pdf_fonts.installed_cjk_families", lambda: set())
    report = services.report_for(actor=None, org=school, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.render_request(actor=None, report=report)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED and "fonts-noto-cjk" in job.error
