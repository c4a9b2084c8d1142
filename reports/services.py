"""Writes of the annual report: editing a draft, finalising it (freezing facts and text),
reopening it as a new version, and asking for a file to be rendered."""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from branch.audit import Action, audit_record
from branch.dates import InvalidYear, parse_year
from branch.exceptions import ServiceError
from branch.models import Organization, OrgKind
from branch.services import require_perm
from reports.document import facts_of, problems_of, section_text
from reports.facts import gather_facts
from reports.models import AnnualReport, RenderJob
from reports.pdf import render_annual_report, render_annual_report_docx
from reports.proposals import EDITABLE

logger = logging.getLogger(__name__)

MAX_SECTION_CHARS = 20_000
MAX_PROBLEMS = 30


def report_for(*, actor: Any, org: Organization, year: int, create: bool = True) -> AnnualReport:
    """The draft of ``year``, created on first use, or the latest final when there is no
    draft. With ``create=False`` a report not started yet comes back unsaved: opening the
    editor writes nothing, the first save creates the draft."""
    existing = AnnualReport.objects.filter(organization=org, year=year).order_by("-version")
    draft = existing.filter(status=AnnualReport.Status.DRAFT).first()
    if draft is not None:
        return draft
    latest = existing.first()
    if latest is not None:
        return latest
    require_perm(actor, "finalize_report", org)
    if org.kind not in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH):
        raise ServiceError(_("The duty report is written by a party branch."))
    try:
        parse_year(str(year), org=org)
    except InvalidYear as exc:
        raise ServiceError(exc.message) from None
    if not create:
        return AnnualReport(organization=org, year=year)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(organization=org, year=year)
            audit_record(
                actor=actor,
                organization=org,
                action=Action.CREATE,
                obj=report,
                after={"year": year, "version": report.version},
            )
            return report
    except IntegrityError:
        return AnnualReport.objects.get(
            organization=org, year=year, status=AnnualReport.Status.DRAFT
        )


def _editable(actor: Any, report: AnnualReport) -> None:
    require_perm(actor, "finalize_report", report.organization)
    if report.is_final:
        raise ServiceError(
            _("Version %(v)d is final and no longer changes; reopen it to edit a new version.")
            % {"v": report.version}
        )


@transaction.atomic
def section_save(*, actor: Any, report: AnnualReport, key: str, text: str) -> AnnualReport:
    """Keep the secretary's text for a section; empty text goes back to the proposal."""
    _editable(actor, report)
    if key not in EDITABLE:
        raise ServiceError(_("Unknown section."), field="key")
    if len(text) > MAX_SECTION_CHARS:
        raise ServiceError(
            _("A section holds at most %(n)d characters.") % {"n": MAX_SECTION_CHARS},
            field="text",
        )
    before = (report.sections or {}).get(key, "")
    report.sections = {**(report.sections or {}), key: text.strip()}
    report.save(update_fields=["sections", "updated_at"])
    audit_record(
        actor=actor,
        organization=report.organization,
        action=Action.UPDATE,
        obj=report,
        before={key: before},
        after={key: text.strip()},
    )
    return report


@transaction.atomic
def problems_save(*, actor: Any, report: AnnualReport, problems: list[dict]) -> AnnualReport:
    """Replace the list of problems and measures (kept, edited, reordered, dropped, added)."""
    _editable(actor, report)
    if len(problems) > MAX_PROBLEMS:
        raise ServiceError(_("At most %(n)d problems.") % {"n": MAX_PROBLEMS})
    clean = []
    for i, problem in enumerate(problems, start=1):
        title = str(problem.get("title", "")).strip()
        if not title:
            raise ServiceError(_("Problem %(n)d has no text.") % {"n": i}, field="problems")
        clean.append(
            {
                "title": title[:500],
                "measures": str(problem.get("measures", "")).strip()[:2000],
                "source": str(problem.get("source", "")).strip()[:200],
                "origin": problem.get("origin") or "own",
            }
        )
    before = problems_of(report, facts_of(report))
    report.problems, report.problems_initialised = clean, True
    report.save(update_fields=["problems", "problems_initialised", "updated_at"])
    audit_record(
        actor=actor,
        organization=report.organization,
        action=Action.UPDATE,
        obj=report,
        before={"problems": [p["title"] for p in before]},
        after={"problems": [p["title"] for p in clean]},
    )
    return report


@transaction.atomic
def report_finalize(
    *, actor: Any, report: AnnualReport, author: str, signed_on: datetime.date
) -> AnnualReport:
    """Freeze the facts and every section's text as they stand, so later changes to the
    records do not silently change a submitted report."""
    _editable(actor, report)
    if not author.strip():
        raise ServiceError(_("Give the name the report is signed with."), field="author")
    if signed_on > timezone.localdate() or signed_on.year < report.year:
        raise ServiceError(
            _("The report is signed after its year has begun and not in the future."),
            field="signed_on",
        )
    facts = gather_facts(report.organization, report.year)
    report.facts_snapshot = facts.as_dict()
    report.sections = {key: section_text(report, key, facts) for key in EDITABLE}
    report.problems = problems_of(report, facts)
    report.problems_initialised = True
    report.author, report.signed_on = author.strip(), signed_on
    report.status = AnnualReport.Status.FINAL
    report.finalized_at, report.finalized_by = (
        timezone.now(),
        actor if getattr(actor, "pk", None) else None,
    )
    report.save()
    audit_record(
        actor=actor,
        organization=report.organization,
        action=Action.UPDATE,
        obj=report,
        before={"status": "draft"},
        after={"status": "final", "version": report.version},
    )
    return report


@transaction.atomic
def report_reopen(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Start a new draft version from a final one; the final stays as it was."""
    require_perm(actor, "finalize_report", report.organization)
    if not report.is_final:
        raise ServiceError(_("Only a final version is reopened."))
    latest = (
        AnnualReport.objects.filter(organization=report.organization, year=report.year)
        .order_by("-version")
        .first()
    )
    if latest.status == AnnualReport.Status.DRAFT:
        raise ServiceError(_("Version %(v)d is already open for editing.") % {"v": latest.version})
    draft = AnnualReport.objects.create(
        organization=report.organization,
        year=report.year,
        version=latest.version + 1,
        sections=dict(report.sections),
        problems=list(report.problems),
        problems_initialised=True,
        author=report.author,
    )
    audit_record(
        actor=actor,
        organization=report.organization,
        action=Action.CREATE,
        obj=draft,
        after={"version": draft.version, "from_version": report.version},
    )
    return draft


def render_request(
    *, actor: Any, report: AnnualReport, fmt: str = RenderJob.Format.PDF
) -> RenderJob:
    """Queue the rendering of ``report``; a worker picks it up once the job row is committed."""
    from reports.tasks import render_report

    require_perm(actor, "log_records", report.organization)
    if fmt not in RenderJob.Format.values:
        raise ServiceError(_("Unknown format."))
    with transaction.atomic():
        job = RenderJob.objects.create(
            report=report,
            format=fmt,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        transaction.on_commit(lambda: _enqueue_render(job.pk, render_report))
    return job


def _enqueue_render(job_pk: int, task: Any) -> None:
    """Hand the job to the workers. With the broker down the job fails at once, with a reason
    the secretary reads on its page, instead of staying queued for ever behind a server error."""
    try:
        task.delay(job_pk)
    except (KombuOperationalError, OSError) as exc:
        logger.warning("render job %s not queued: %s", job_pk, exc)
        RenderJob.objects.filter(pk=job_pk, status=RenderJob.Status.QUEUED).update(
            status=RenderJob.Status.FAILED,
            error=_(
                "The rendering service cannot be reached just now, so the file was not made. "
                "Try again in a few minutes; if it keeps failing, tell the site administrator."
            ),
            finished_at=timezone.now(),
        )


def render_job_run(*, job_id: int) -> str:
    """Make the file of a queued job: the job is running while the file is made, then done
    with the file, or failed with the reason the secretary reads (who may try again). A job
    no longer queued (taken by another worker, expired) is left alone: "skipped"."""
    job = RenderJob.objects.select_related("report__organization").filter(pk=job_id).first()
    if job is None or job.status != RenderJob.Status.QUEUED:
        return "skipped"
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.RUNNING, started_at=timezone.now()
    )
    started = time.monotonic()
    render = (
        render_annual_report if job.format == RenderJob.Format.PDF else render_annual_report_docx
    )
    try:
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


# A job nobody took, or one whose worker died, is failed after this long; the page then
# offers to try again.
QUEUED_FOR_AT_MOST = datetime.timedelta(minutes=15)
RUNNING_FOR_AT_MOST = datetime.timedelta(hours=1)


def render_jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """Fail the render jobs left queued or running for too long; how many were failed."""
    now = now or timezone.now()
    queued = RenderJob.objects.filter(
        status=RenderJob.Status.QUEUED, created_at__lt=now - QUEUED_FOR_AT_MOST
    ).update(
        status=RenderJob.Status.FAILED,
        error=_(
            "No worker took this job within %(minutes)d minutes, so the file was not made. "
            "Try again; if it keeps failing, tell the site administrator."
        )
        % {"minutes": QUEUED_FOR_AT_MOST.seconds // 60},
        finished_at=now,
    )
    running = RenderJob.objects.filter(
        status=RenderJob.Status.RUNNING, started_at__lt=now - RUNNING_FOR_AT_MOST
    ).update(
        status=RenderJob.Status.FAILED,
        error=_("The rendering stopped without finishing. Try again."),
        finished_at=now,
    )
    return queued + running
