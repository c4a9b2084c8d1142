"""Rendering runs in a Celery worker. The task only hands the job's id to the service, which
keeps the job's state in its row for the page to poll."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reports.tasks.render_report")
def render_report(job_id: int) -> str:
    from reports.services import render_job_run

    return render_job_run(job_id=job_id)


@shared_task(name="reports.tasks.expire_stale_render_jobs")
def expire_stale_render_jobs() -> int:
    """Beat runs this every few minutes: jobs no worker finished are failed with a reason."""
    from reports.services import render_jobs_expire

    return render_jobs_expire()
