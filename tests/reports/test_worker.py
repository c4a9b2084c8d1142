"""A real Celery worker renders the report from the Redis queue, and the job row records how it
went. Runs where REDIS_URL is configured (the PostgreSQL + Redis run); on the embedded default
there is no broker to consume from."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from branch.celery import app
from reports import services
from reports.models import RenderJob

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no broker"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app.conf.task_always_eager = False
    app.control.purge()  # messages left by an interrupted earlier run are not this test's
    try:
        with start_worker(app, pool="solo", perform_ping_check=False):
            yield
    finally:
        app.conf.task_always_eager = True


def finished(job: RenderJob, timeout: float = 60) -> RenderJob:
    """The job once the worker has left it done or failed; the page polls the row the same way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.pending:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def test_a_worker_takes_a_job_from_queued_to_done(worker, school, secretary):
    report = services.report_for(actor=secretary, org=school, year=2026)
    job = services.render_request(actor=secretary, report=report)
    assert job.status == RenderJob.Status.QUEUED  # the request only queued it
    job = finished(job)
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.started_at and job.finished_at and job.duration_ms is not None
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert job.size > 10_000 and len(job.checksum) == 64


def test_a_failing_render_ends_failed_with_its_reason(worker, school, secretary, monkeypatch):
    monkeypatch.setattr("branch.pdf_fonts.installed_cjk_families", lambda: set())
    report = services.report_for(actor=secretary, org=school, year=2026)
    job = finished(services.render_request(actor=secretary, report=report))
    assert job.status == RenderJob.Status.FAILED
    assert "ReportFontMissing" in job.error and "fonts-noto-cjk" in job.error
    assert not job.file
