"""The annual duty report (述职报告) of a branch for a year, in versions, and its render jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branch.constraints import FieldConstraintsMixin
from branch.models import Organization


class AnnualReport(FieldConstraintsMixin, models.Model):
    """One version of a branch's report for a year. A draft is edited; finalising freezes the
    facts and the text (``facts_snapshot``); reopening starts a new draft version, and the
    final versions stay as they were."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # section key -> the secretary's text; a missing or empty key falls back to the proposal
    sections = models.JSONField(default=dict, blank=True)
    # [{title, measures, source, origin}] in order
    problems = models.JSONField(default=list, blank=True)
    problems_initialised = models.BooleanField(default=False)
    author = models.CharField(_("reported by"), max_length=60, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    facts_snapshot = models.JSONField(null=True, blank=True)
    finalized_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual duty report")
        verbose_name_plural = _("annual duty reports")
        ordering = ["organization", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "version"],
                name="reports_report_unique_version",
                violation_error_message=_("This version of the report already exists."),
            ),
            # at most one draft per branch and year
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(status="draft"),
                name="reports_report_one_draft",
                violation_error_message=_("The branch already has a draft report for that year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(facts_snapshot__isnull=False),
                name="reports_report_final_has_snapshot",
                violation_error_message=_(
                    "A finalised report keeps the facts it was written from."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def title(self) -> str:
        return f"{self.organization.name}书记抓基层党建工作述职报告（{self.year}年度）"


class RenderJob(models.Model):
    """Rendering a report to a file, done by a Celery worker; the page polls this row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="jobs")
    format = models.CharField(_("format"), max_length=5, choices=Format.choices, default=Format.PDF)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.format} {self.status}"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
