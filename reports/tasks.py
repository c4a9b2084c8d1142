"""Rendering runs in a Celery worker; the job row carries its state for the page to poll."""

from __future__ import annotations

import hashlib
import time

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import RenderJob
from reports.pdf import render_annual_report, render_annual_report_docx


@shared_task(name="reports.tasks.render_report")
def render_report(job_id: int) -> str:
    job = RenderJob.objects.select_related("report__organization").filter(pk=job_id).first()
    if job is None or job.status != RenderJob.Status.QUEUED:
        return "skipped"
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.RUNNING, started_at=timezone.now()
    )
    started = time.monotonic()
    try:
        render = (
            render_annual_report
            if job.format == RenderJob.Format.PDF
            else (render_annual_report_docx)
        )
        content = render(job.report)
    except Exception as exc:  # the reason is shown to the secretary, who may retry
        RenderJob.objects.filter(pk=job.pk).update(
            status=RenderJob.Status.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        return "failed"
    report = job.report
    name = f"{report.organization.code}-{report.year}-v{report.version}.{job.format}"
    job.file.save(name, ContentFile(content), save=False)
    job.size = len(content)
    job.checksum = hashlib.sha256(content).hexdigest()
    job.duration_ms = int((time.monotonic() - started) * 1000)
    job.status = RenderJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "size", "checksum", "duration_ms", "status", "finished_at"])
    return "done"


@shared_task(name="reports.tasks.expire_stale_render_jobs")
def expire_stale_render_jobs() -> int:
    """Beat runs this every few minutes: jobs no worker finished are failed with a reason."""
    from reports.services import render_jobs_expire

    return render_jobs_expire()
