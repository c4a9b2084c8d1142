"""党务公开 (《中国共产党党务公开条例（试行）》, 2017): items a branch publishes to its members
(党内) or to the public (社会), each with a publish date, an optional end date and a withdrawal
that keeps the record. Items proposed from the records are drafts until the secretary
publishes them; what they say is a snapshot, so a later change of the records does not
change what was published."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.constraints import FieldConstraintsMixin
from branch.models import Organization
from branch.uploads import Attachment
from members.models import Person


class NoticeKind(models.TextChoices):
    FREE = "free", _("notice")
    DUES = "dues", _("collection and use of party dues")
    CANDIDATE = "candidate", _("candidates for membership")
    REVIEW = "review", _("result of the democratic review")
    ELECTION = "election", _("committee election")
    MEETINGS = "meetings", _("organisational life of the year")


class Audience(models.TextChoices):
    PARTY = "party", _("within the party")
    PUBLIC = "public", _("the public")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("to be published")
    LIVE = "live", _("published")
    ENDED = "ended", _("ended")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Notice(FieldConstraintsMixin, models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    audience = models.CharField(
        _("published to"), max_length=10, choices=Audience.choices, default=Audience.PARTY
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # {"columns": [...], "rows": [[...], ...]}: the table proposed from the records
    table = models.JSONField(_("table"), default=dict, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # the record a draft was proposed from ("2025", "term:7", "people:3,9"): one draft each
    source = models.CharField(max_length=60, blank=True, editable=False)
    people = models.ManyToManyField(
        Person, verbose_name=_("people named"), blank=True, related_name="+"
    )
    published_on = models.DateField(_("publish date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public affairs item")
        verbose_name_plural = _("public affairs items")
        ordering = ["-published_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "published_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(ends_on__gte=F("published_on")),
                name="notices_notice_ends_after_published",
                violation_error_message=_("The end date cannot be before the publish date."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NoticeKind]),
                name="notices_notice_kind_valid",
                violation_error_message=_("Choose a kind of item from the list."),
            ),
            models.CheckConstraint(
                condition=Q(audience__in=[a.value for a in Audience]),
                name="notices_notice_audience_valid",
                violation_error_message=_("Choose to whom the item is published."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: datetime.date) -> str:
        if self.withdrawn_at is not None:
            return Status.WITHDRAWN
        if self.published_on is None:
            return Status.DRAFT
        if self.published_on > day:
            return Status.SCHEDULED
        if self.ends_on is not None and self.ends_on < day:
            return Status.ENDED
        return Status.LIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_live(self) -> bool:
        return self.status == Status.LIVE

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class NoticeAttachment(Attachment):
    folder = "notices"
    suffixes = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
    max_bytes = 20 * 1024 * 1024
    kinds = _("PDF, images, Word and Excel files")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        ordering = ["notice", "pk"]
