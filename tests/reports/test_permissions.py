"""Every URL of the duty report × every persona → the status that persona gets, for a draft and
for a final version: the secretary writes; the committee reads drafts and asks for files; the
higher admin reads final versions only; members see no report; another branch gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports import services
from reports.models import AnnualReport, RenderJob
from tests.clock import on_day
from tests.permissions import (
    LOGIN,
    C,
    M,
    T,
    X,
    check,
    expect,
    for_every_persona,
    lazy_url,
)

# a day of the 2026 report's year on which the 2025 reports were signed and 2026 can be
pytestmark = on_day(datetime.date(2026, 11, 26))


def url(name, *args, org="school", query=""):
    """An argument that names one of the objects (``"draft_job"``) stands for it."""
    return lazy_url(
        f"reports:{name}", org, *[lambda o, a=a: o.get(a, a) for a in args], query=query
    )


DRAFT = expect(LOGIN, 200, 200, 403, 403, 404)
FINAL = expect(LOGIN, 200, 200, 403, 200, 404)
WRITE = expect(LOGIN, 302, 403, 403, 403, 404)
RENDER = expect(LOGIN, 302, 302, 403, 403, 404)

MATRIX = [
    # name, method, url(objects) -> str, data, expected statuses
    ("index", "get", url("index"), None, FINAL),
    ("index of the committee node", "get", url("index", org="town"), None,
     expect(LOGIN, 404, 404, 404, 200, 404)),
    ("editor, draft year", "get", url("editor", 2026), None, DRAFT),
    ("editor, draft version", "get", url("editor", 2026, query="?version=1"), None, DRAFT),
    ("editor, final year", "get", url("editor", 2025), None, FINAL),
    ("editor, final version", "get", url("editor", 2025, query="?version=1"), None, FINAL),
    ("editor, missing version", "get", url("editor", 2025, query="?version=9"), None,
     expect(LOGIN, 404, 404, 403, 404, 404)),
    ("save a section", "post", url("section_save", 2026, 1, "plans"), {"plans-text": "计划"},
     WRITE),
    ("save the problems", "post", url("problems_save", 2026, 1), {"count": 0, "op": "save"},
     WRITE),
    ("finalise", "post", url("finalize", 2026, 1),
     {"author": "王书记", "signed_on": "2026-11-20"}, WRITE),
    ("reopen", "post", url("reopen", 2025, 1), None, WRITE),
    ("preview, draft", "get", url("preview", 2026, 1), None, DRAFT),
    ("preview, final", "get", url("preview", 2025, 1), None, FINAL),
    ("render, draft", "post", url("render", 2026, 1, query="?format=pdf"), None, RENDER),
    ("render, final", "post", url("render", 2025, 1, query="?format=docx"), None, RENDER),
    ("job, draft", "get", url("job", "draft_job"), None, DRAFT),
    ("job, final", "get", url("job", "final_job"), None, FINAL),
    ("download, draft", "get", url("download", "draft_job"), None, DRAFT),
    ("download, final", "get", url("download", "final_job"), None, FINAL),
    # another branch's objects through this branch's address
    ("job of another branch", "get", url("job", "village_job"), None,
     expect(LOGIN, 404, 404, 403, 404, 404)),
    ("download of another branch", "get", url("download", "village_job"), None,
     expect(LOGIN, 404, 404, 403, 404, 404)),
    ("another branch's final report", "get", url("editor", 2025, org="village"), None,
     expect(LOGIN, 404, 404, 404, 200, 200)),
]  # fmt: skip


def done_job(report: AnnualReport, fmt: str = "pdf") -> RenderJob:
    job = RenderJob(report=report, format=fmt, status=RenderJob.Status.DONE, size=9)
    job.file.save(f"{report.pk}.{fmt}", ContentFile(b"%PDF-1.7\n"), save=True)
    return job


@pytest.fixture
def objects(school, village, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signed = datetime.date(2026, 1, 20)
    final = services.report_for(actor=None, org=school, year=2025)
    services.report_finalize(actor=None, report=final, author="王书记", signed_on=signed)
    draft = services.report_for(actor=None, org=school, year=2026)
    other = services.report_for(actor=None, org=village, year=2025)
    services.report_finalize(actor=None, report=other, author="刘书记", signed_on=signed)
    return {
        "final_job": done_job(final).pk,
        "draft_job": done_job(draft).pk,
        "village_job": done_job(other).pk,
    }


@for_every_persona(MATRIX, ("name", "method", "url", "data", "expected"))
def test_the_matrix(client_for, objects, persona, name, method, url, data, expected):
    check(client_for(persona), method, url(objects), expected, persona, name, data)


def test_a_refused_write_changes_nothing(client_for, objects, school):
    before = list(AnnualReport.objects.values())
    for persona in (C, M, T, X):
        client = client_for(persona)
        client.post(reverse("reports:finalize", args=["school", 2026, 1]),
                    {"author": "李委员", "signed_on": "2026-11-20"})  # fmt: skip
        client.post(reverse("reports:section_save", args=["school", 2026, 1, "plans"]),
                    {"plans-text": "不该写入"})  # fmt: skip
        client.post(reverse("reports:reopen", args=["school", 2025, 1]))
    assert list(AnnualReport.objects.values()) == before
