"""The report pages as a secretary uses them: writing sections beside their facts, keeping and
reordering the proposed problems, finalising, reopening, and getting the PDF and Word files."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Kind
from reports import services
from reports.document import facts_of, problems_of
from reports.models import AnnualReport, RenderJob
from reports.views import report_year

D = datetime.date
TODAY = timezone.localdate()
YEAR = report_year(TODAY)  # the report to write now: last year's until the end of March


@pytest.fixture
def as_user(client_for, settings, tmp_path):
    """``as_user("secretary")``: a client speaking English, with files in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path

    def login(persona):
        client = client_for(persona)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def records(school, make_person):
    """Six members and a party lecture in ``YEAR``: enough for facts, proposals and problems."""
    people = [make_person(f"党员{i}", joined_on=D(2015, 1, 1)) for i in range(6)]
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=D(YEAR, 3, 20),
        topic="党课",
        lecturer=people[0],
        lecture_title="学习党章 遵守党章",
    )
    return people


def u(name, *args, org="school"):
    return reverse(f"reports:{name}", args=[org, *args])


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, testid: str) -> str:
    """The markup from the element marked ``data-testid=testid`` up to the next section."""
    start = html.index(f'data-testid="{testid}"')
    end = html.find('class="report-section"', start)
    return html[start:end] if end != -1 else html[start:]


def start_draft(school, year: int) -> AnnualReport:
    """The draft of ``year``, as the secretary's first save starts it."""
    return services.report_for(actor=None, org=school, year=year)


def draft(school) -> AnnualReport:
    return AnnualReport.objects.get(organization=school, year=YEAR, status="draft")


def problem_post(problems: list[dict], op: str = "save", **extra) -> dict:
    data = {"count": len(problems), "op": op, "title_new": "", "measures_new": ""}
    for i, p in enumerate(problems):
        data |= {
            f"title_{i}": p["title"],
            f"measures_{i}": p["measures"],
            f"source_{i}": p["source"],
            f"origin_{i}": p["origin"],
        }
    return data | extra


# Sections -----------------------------------------------------------------------------------


def test_the_editor_shows_each_section_beside_its_facts(as_user, school, records):
    html = page(as_user("secretary").get(u("editor", YEAR)))
    org_life = section(html, "section-org_life")
    assert "party lecture" in org_life and "1 held" in org_life
    assert "学习党章 遵守党章" in org_life  # the lecture, in the facts and in the proposal
    assert "proposed from the records" in org_life and "<textarea" in org_life
    basics = section(html, "section-basics")
    assert "6: 6 full, 0 probationary" in basics
    # opening the year's report writes nothing: the first save starts its draft
    assert not AnnualReport.objects.filter(organization=school).exists()


def test_a_section_saved_through_the_form_shows_in_the_preview(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    response = client.post(
        u("section_save", YEAR, 1, "study"),
        {"study-text": "全年开展读书班三期，党员读原著、学原文。"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#section-study")
    html = page(client.get(response["Location"]))
    assert "your text" in section(html, "section-study")
    assert "Section saved." in html
    preview = page(client.get(u("preview", YEAR, 1)))
    assert "全年开展读书班三期，党员读原著、学原文。" in preview
    assert preview.startswith("<!doctype html>") and "述职报告" in preview


def test_regenerate_goes_back_to_the_proposal(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    client.post(u("section_save", YEAR, 1, "study"), {"study-text": "自己写的学习情况。"})
    client.post(
        u("section_save", YEAR, 1, "study"), {"study-text": "自己写的学习情况。", "regenerate": "1"}
    )
    assert draft(school).sections["study"] == ""
    html = page(client.get(u("editor", YEAR)))
    assert "本年度尚无集中学习记录。" in section(html, "section-study")


def test_the_proposal_saved_unchanged_keeps_following_the_records(as_user, school, records):
    client = as_user("secretary")
    html = page(client.get(u("editor", YEAR)))
    proposal = re.search(r'name="study-text"[^>]*>\s*(.*?)</textarea>', html, re.S).group(1)
    client.post(u("section_save", YEAR, 1, "study"), {"study-text": proposal})
    assert draft(school).sections["study"] == ""


def test_an_unknown_section_is_not_found(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    assert client.post(u("section_save", YEAR, 1, "work"), {"work-text": "x"}).status_code == 404


def test_a_refused_section_keeps_the_text_and_shows_why(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    too_long = "长" * 20_001
    html = page(client.post(u("section_save", YEAR, 1, "plans"), {"plans-text": too_long}))
    assert "A section holds at most 20000 characters." in section(html, "section-plans")
    assert too_long in html
    assert draft(school).sections == {}


# Problems -----------------------------------------------------------------------------------


def test_problems_are_dropped_reordered_and_added_through_the_form(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    html = page(client.get(u("editor", YEAR)))
    report = draft(school)
    proposed = problems_of(report, facts_of(report))
    assert len(proposed) >= 3  # meetings below their rule, no lecture by the secretary…
    assert proposed[0]["source"] in section(html, "problems")  # each shows where it comes from

    client.post(u("problems_save", YEAR, 1), problem_post(proposed, "drop:0"))
    kept = draft(school).problems
    assert [p["title"] for p in kept] == [p["title"] for p in proposed[1:]]

    client.post(u("problems_save", YEAR, 1), problem_post(kept, "up:1"))
    moved = draft(school).problems
    assert [p["title"] for p in moved[:2]] == [kept[1]["title"], kept[0]["title"]]

    edited = [dict(moved[0], title="会议记录不够规范。"), *moved[1:]]
    client.post(
        u("problems_save", YEAR, 1),
        problem_post(edited, title_new="党员教育形式单一。", measures_new="开展线上学习。"),
    )
    final_list = draft(school).problems
    assert final_list[0]["title"] == "会议记录不够规范。"
    assert final_list[-1] == {
        "title": "党员教育形式单一。",
        "measures": "开展线上学习。",
        "source": "",
        "origin": "own",
    }
    preview = page(client.get(u("preview", YEAR, 1)))
    assert preview.index("会议记录不够规范。") < preview.index("党员教育形式单一。")
    assert proposed[0]["title"] not in preview


def test_a_problem_without_text_is_refused_and_nothing_is_written(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    report = draft(school)
    proposed = problems_of(report, facts_of(report))
    blanked = [dict(proposed[0], title=""), *proposed[1:]]
    html = page(client.post(u("problems_save", YEAR, 1), problem_post(blanked)))
    assert "Problem 1 has no text." in section(html, "problems")
    report.refresh_from_db()
    assert report.problems == [] and not report.problems_initialised


# Finalising and reopening -------------------------------------------------------------------


def finalize(client, version=1, **data):
    return client.post(
        u("finalize", YEAR, version),
        {"author": "王书记", "signed_on": TODAY.isoformat()} | data,
    )


def test_finalising_makes_the_page_read_only(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    response = finalize(client)
    assert response.status_code == 302
    html = page(client.get(response["Location"]))
    assert "<textarea" not in html and "Reopen as a new version" in html
    assert f"Signed by 王书记 on {TODAY.isoformat()}." in html
    # a write aimed at the final version is refused, with the reason on the page
    html = page(client.post(u("section_save", YEAR, 1, "plans"), {"plans-text": "改一改。"}))
    assert "Version 1 is final and no longer changes" in html
    assert (
        "改一改。" not in AnnualReport.objects.get(organization=school, year=YEAR).sections["plans"]
    )


def test_finalising_needs_a_name(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    html = page(finalize(client, author=" "))
    assert "Give the name the report is signed with." in section(html, "finalize")
    assert draft(school).status == "draft"


def test_a_final_report_does_not_follow_later_records(as_user, school, records, make_person):
    client = as_user("secretary")
    start_draft(school, YEAR)
    finalize(client)
    before = page(client.get(u("preview", YEAR, 1)))
    assert "党员6名" in before
    make_person("年底新转入", joined_on=min(D(YEAR, 11, 1), TODAY))
    after = page(client.get(u("preview", YEAR, 1)))
    assert after == before


def test_reopening_starts_version_two(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    finalize(client)
    response = client.post(u("reopen", YEAR, 1))
    assert response["Location"] == u("editor", YEAR) + "?version=2"
    html = page(client.get(response["Location"]))
    assert "version 2 · draft" in html and "<textarea" in html
    versions = AnnualReport.objects.filter(organization=school, year=YEAR).order_by("version")
    assert [(r.version, r.status) for r in versions] == [(1, "final"), (2, "draft")]
    # version 1 is still there, read-only
    assert "<textarea" not in page(client.get(u("editor", YEAR) + "?version=1"))


def test_a_future_year_is_refused_on_the_index(as_user, school):
    client = as_user("secretary")
    response = client.get(u("editor", TODAY.year + 1), follow=True)
    assert "give a year from 1921 to" in page(response)


def test_the_committee_reads_the_draft_without_forms(as_user, school, records):
    start_draft(school, YEAR)
    html = page(as_user("committee_member").get(u("editor", YEAR)))
    assert "<textarea" not in html and "Only the secretary edits" in html
    assert "Make PDF" in html


# Files --------------------------------------------------------------------------------------


def render(client, fmt, capture):
    with capture(execute=True):
        response = client.post(u("render", YEAR, 1) + f"?format={fmt}")
    assert response.status_code == 302
    return response["Location"]


def test_a_pdf_is_rendered_through_the_page_and_downloaded(
    as_user, school, records, django_capture_on_commit_callbacks
):
    client = as_user("committee_member")
    start_draft(school, YEAR)
    job_url = render(client, "pdf", django_capture_on_commit_callbacks)
    html = page(client.get(job_url))
    assert 'data-status="done"' in html and 'http-equiv="refresh"' not in html
    job = RenderJob.objects.get()
    assert job.checksum in html
    response = client.get(u("download", job.pk))
    content = b"".join(response.streaming_content)
    response.close()
    assert content.startswith(b"%PDF-") and len(content) == job.size
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert f"中心小学党支部书记抓基层党建工作述职报告（{YEAR}年度）.pdf" in disposition


def test_a_word_file_is_rendered_through_the_page(
    as_user, school, records, django_capture_on_commit_callbacks
):
    client = as_user("secretary")
    start_draft(school, YEAR)
    job_url = render(client, "docx", django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    assert job_url.endswith(f"/reports/jobs/{job.pk}/") and job.status == "done"
    response = client.get(u("download", job.pk))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    response.close()
    assert "中心小学党支部" in archive.read("word/document.xml").decode()
    assert unquote(response["Content-Disposition"]).endswith(f"（{YEAR}年度）.docx")


def test_a_pending_job_refreshes_itself(as_user, school, records):
    start_draft(school, YEAR)
    job = RenderJob.objects.create(report=draft(school))  # queued, no worker took it yet
    html = page(as_user("secretary").get(u("job", job.pk)))
    assert '<meta http-equiv="refresh" content="2">' in html
    assert as_user("secretary").get(u("download", job.pk)).status_code == 404


def test_a_failed_job_shows_why_and_retries(
    as_user, school, records, monkeypatch, django_capture_on_commit_callbacks
):
    client = as_user("secretary")
    start_draft(school, YEAR)
    monkeypatch.setattr("branch.pdf_fonts.installed_cjk_families", lambda: set())
    html = page(client.get(render(client, "pdf", django_capture_on_commit_callbacks)))
    assert 'data-status="failed"' in html and "fonts-noto-cjk" in html and "Retry" in html
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(u("render", YEAR, 1) + "?format=pdf")
    retried = RenderJob.objects.order_by("-pk").first()
    assert response["Location"] == u("job", retried.pk) and retried.status == "done"


def test_an_unknown_format_is_refused(as_user, school, records):
    client = as_user("secretary")
    start_draft(school, YEAR)
    html = page(client.post(u("render", YEAR, 1) + "?format=odt", follow=True))
    assert "Unknown format." in html and not RenderJob.objects.exists()


# The index and the dashboard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "year"),
    [(D(2027, 1, 5), 2026), (D(2027, 3, 31), 2026), (D(2027, 4, 1), 2027), (D(2026, 11, 26), 2026)],
)
def test_the_first_quarter_belongs_to_last_years_report(today, year):
    assert report_year(today) == year


def test_the_index_lists_versions_by_year(as_user, school, records, django_assert_num_queries):
    client = as_user("secretary")
    start_draft(school, YEAR)
    finalize(client)
    client.post(u("reopen", YEAR, 1))
    start_draft(school, YEAR - 1)
    # session, user, org, grants, reports, switchable orgs, unread notifications
    with django_assert_num_queries(7):
        html = page(client.get(u("index")))
    table = section(html, "reports")
    assert table.index(str(YEAR)) < table.index(str(YEAR - 1))
    assert table.count("version 2") == 1 and table.count("version 1") == 2
    assert "王书记" in table  # who signed version 1


def test_the_higher_admin_sees_final_versions_only(
    as_user, school, village, records, django_assert_num_queries
):
    last, this = TODAY.year - 1, TODAY.year  # the township looks at the year that has ended
    secretary = as_user("secretary")
    start_draft(school, last)
    secretary.post(u("finalize", last, 1), {"author": "王书记", "signed_on": TODAY.isoformat()})
    start_draft(school, this)  # a draft of this year as well
    admin = as_user("township_admin")
    table = section(page(admin.get(u("index"))), "reports")
    assert f"/reports/{last}/" in table and f"/reports/{this}/" not in table
    admin.get(u("index", org="town"))  # the session remembers the town from now on
    # session, user, org, grants, branches below, their finals, switchable orgs, unread
    with django_assert_num_queries(8):
        html = page(admin.get(u("index", org="town")))
    assert f"1 of 2 branches have a final report for {last}" in html
    assert "青山村党支部" in section(html, "missing")


def test_the_dashboard_card_shows_the_report_of_the_year(as_user, school, village, records):
    client = as_user("secretary")
    html = page(client.get(reverse("branch:dashboard", args=["school"])))
    assert f"The {YEAR} report is not started" in html and "Start writing" in html
    start_draft(school, YEAR)
    html = page(client.get(reverse("branch:dashboard", args=["school"])))
    assert f"The {YEAR} report is a draft (version 1)" in html
    html = page(as_user("township_admin").get(reverse("branch:dashboard", args=["town"])))
    assert f"0 of 2 branches have a final report for {TODAY.year - 1}" in html
    member_html = page(as_user("member").get(reverse("branch:dashboard", args=["school"])))
    assert 'data-testid="card-report"' not in member_html


def test_opening_a_report_writes_nothing_and_the_first_save_starts_the_draft(
    as_user, school, records
):
    from branch.models import AuditEntry

    client = as_user("secretary")
    audit_before = AuditEntry.objects.count()
    for url in (u("editor", YEAR), u("preview", YEAR, 1)):
        assert client.get(url).status_code == 200
    assert not AnnualReport.objects.filter(organization=school).exists()
    assert AuditEntry.objects.count() == audit_before
    response = client.post(u("section_save", YEAR, 1, "study"), {"study-text": "读书班三期。"})
    assert response.status_code == 302
    assert draft(school).sections["study"] == "读书班三期。"


def test_the_committee_cannot_start_a_report_by_opening_or_rendering_it(as_user, school, records):
    client = as_user("committee_member")
    assert client.get(u("editor", YEAR)).status_code == 404
    assert client.post(u("render", YEAR, 1) + "?format=pdf").status_code == 404
    assert not AnnualReport.objects.filter(organization=school).exists()


def test_a_refused_first_save_or_render_does_not_start_the_draft(as_user, school, records):
    client = as_user("secretary")
    html = page(client.post(u("finalize", YEAR, 1), {"author": "", "signed_on": ""}))
    assert "data-testid" in html
    response = client.post(u("render", YEAR, 1) + "?format=odt")
    assert response.status_code == 302
    assert not AnnualReport.objects.filter(organization=school).exists()
    assert not RenderJob.objects.exists()
