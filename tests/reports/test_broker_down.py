"""With the broker down, asking for a report file answers at once: the job fails with a reason
the secretary reads, instead of a server error after many seconds and a job queued for ever.
Jobs that no worker finished are failed by a periodic task."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from branch.celery import app
from reports import services
from reports.models import RenderJob
from reports.views import report_year

YEAR = report_year(timezone.localdate())
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Tasks go to a broker nobody listens on, as in production with Redis down."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = UNREACHABLE, False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def report(school):
    return services.report_for(actor=None, org=school, year=YEAR)


def test_a_render_with_the_broker_down_fails_fast_with_a_reason(
    client_for, report, broker_down, django_capture_on_commit_callbacks
):
    client = client_for("secretary")
    url = reverse("reports:render", args=["school", YEAR, 1]) + "?format=pdf"
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    elapsed = time.monotonic() - started
    assert elapsed < 10  # measured generously: a refused connection answers in about a second
    job = RenderJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=["school", job.pk])
    assert job.status == RenderJob.Status.FAILED
    assert "暂时无法连接文件生成服务" in job.error
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in page and "暂时无法连接文件生成服务" in page


def test_jobs_left_queued_or_running_are_failed_with_a_reason(report):
    now = timezone.now()
    stale = RenderJob.objects.create(report=report)
    fresh = RenderJob.objects.create(report=report)
    stuck = RenderJob.objects.create(report=report, status=RenderJob.Status.RUNNING)
    RenderJob.objects.filter(pk=stale.pk).update(created_at=now - datetime.timedelta(minutes=16))
    RenderJob.objects.filter(pk=stuck.pk).update(started_at=now - datetime.timedelta(hours=2))
    assert services.render_jobs_expire(now=now) == 2
    stale.refresh_from_db()
    fresh.refresh_from_db()
    stuck.refresh_from_db()
    assert stale.status == stuck.status == RenderJob.Status.FAILED
    assert "15分钟内没有后台进程处理此任务" in stale.error
    assert "文件生成中途停止" in stuck.error
    assert fresh.status == RenderJob.Status.QUEUED


def test_beat_expires_stale_jobs_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["expire-stale-render-jobs"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 10))
