"""Writes of 党务公开: a free item, a draft proposed from the records, its edits, publishing and
withdrawing. Drafting is the committee's work (``log_records``); publishing and withdrawing
are the secretary's (``manage_organization``). Each write is one transaction with its audit
entry; a withdrawn item keeps its record."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record, snapshot
from branch.dates import long_date
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import full_clean, require_perm
from members.models import Person
from notices import drafts, privacy
from notices.checks import notice_period_end
from notices.models import Audience, Notice, NoticeAttachment, NoticeKind, Status
from notices.rules import NOTICE_PERIODS

NOTICE_FIELDS = ("kind", "audience", "title", "body", "published_on", "ends_on")
DRAFTING, PUBLISHING = "log_records", "manage_organization"


def _check_branch(org: Organization) -> None:
    if not org.is_branch:
        raise ServiceError(_("Items are published by a party branch."))


def check_attachment(upload: Any) -> None:
    NoticeAttachment.check_upload(upload)


def _store_attachments(actor: Any, notice: Notice, files: list[Any]) -> None:
    for upload in files:
        attachment = NoticeAttachment.store(upload, notice=notice)
        audit_record(
            actor=actor,
            organization=notice.organization,
            action=Action.CREATE,
            obj=attachment,
            after={"name": attachment.name},
            object_repr=f"{notice.title}：{attachment.name}",
        )


@transaction.atomic
def notice_create(
    *,
    actor: Any,
    org: Organization,
    title: str,
    body: str = "",
    audience: str = Audience.PARTY,
    files: list[Any] | None = None,
) -> Notice:
    """A free item (a notice, with attachments), as a draft."""
    require_perm(actor, DRAFTING, org)
    _check_branch(org)
    files = list(files or [])
    for upload in files:
        check_attachment(upload)
    notice = Notice(
        organization=org,
        kind=NoticeKind.FREE,
        audience=audience,
        title=title.strip(),
        body=body.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    full_clean(notice, exclude=["organization", "created_by", "people", "table"])
    notice.save()
    _store_attachments(actor, notice, files)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=notice,
        after=snapshot(notice, NOTICE_FIELDS),
    )
    return notice


@transaction.atomic
def notice_propose(
    *,
    actor: Any,
    org: Organization,
    kind: str,
    year: int | None = None,
    people: list[Person] | None = None,
) -> Notice:
    """A draft written from the records. The draft of the same record, while not yet
    published, is handed back rather than written twice."""
    require_perm(actor, DRAFTING, org)
    _check_branch(org)
    today = timezone.localdate()
    draft: drafts.Draft | None
    if kind == NoticeKind.DUES:
        draft = drafts.dues_draft(org, year=year or today.year)
    elif kind == NoticeKind.MEETINGS:
        draft = drafts.meetings_draft(org, year=year or today.year)
    elif kind == NoticeKind.REVIEW:
        draft = drafts.review_draft(org, year=year or today.year)
        if draft is None:
            raise ServiceError(
                _("The democratic review of %(year)d has no decided ratings yet.")
                % {"year": year or today.year}
            )
    elif kind == NoticeKind.ELECTION:
        term = drafts.latest_term(org)
        if term is None:
            raise ServiceError(_("No committee election is recorded for this branch."))
        draft = drafts.election_draft(org, term=term)
    elif kind == NoticeKind.CANDIDATE:
        waiting = {p.pk: p for p in drafts.candidates_awaiting_pre_review(org, today)}
        chosen = [waiting[p.pk] for p in people or [] if p.pk in waiting]
        if not chosen or len(chosen) != len(people or []):
            raise ServiceError(
                _("Choose candidates for membership whose pre-review is not recorded yet."),
                field="people",
            )
        draft = drafts.candidate_draft(org, people=chosen)
    else:
        raise ServiceError(_("Items of this kind are written by hand."), field="kind")
    existing = Notice.objects.filter(
        organization=org,
        kind=draft.kind,
        source=draft.source,
        published_on__isnull=True,
        withdrawn_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    notice = Notice.objects.create(
        organization=org,
        kind=draft.kind,
        audience=Audience.PARTY,
        title=draft.title[:200],
        body=draft.body,
        table=draft.table,
        year=draft.year,
        source=draft.source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if draft.people:
        notice.people.set(draft.people)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=notice,
        after={
            **snapshot(notice, NOTICE_FIELDS),
            **({"people": [p.name for p in draft.people]} if draft.people else {}),
        },
    )
    return notice


def _require_draft(notice: Notice) -> None:
    if notice.withdrawn_at is not None or notice.published_on is not None:
        raise ServiceError(
            _(
                "A published item no longer changes: withdraw it and publish a corrected one "
                "instead."
            )
        )


@transaction.atomic
def notice_update(
    *,
    actor: Any,
    notice: Notice,
    title: str,
    body: str,
    audience: str,
    files: list[Any] | None = None,
) -> Notice:
    """Edit a draft before it is published."""
    org = notice.organization
    require_perm(actor, DRAFTING, org)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require_draft(notice)
    files = list(files or [])
    for upload in files:
        check_attachment(upload)
    before = snapshot(notice, NOTICE_FIELDS)
    notice.title, notice.body, notice.audience = title.strip(), body.strip(), audience
    full_clean(notice, exclude=["organization", "created_by", "people", "table"])
    notice.save()
    _store_attachments(actor, notice, files)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=notice,
        before=before,
        after=snapshot(notice, NOTICE_FIELDS),
    )
    return notice


@transaction.atomic
def notice_publish(
    *,
    actor: Any,
    notice: Notice,
    published_on: datetime.date,
    ends_on: datetime.date | None = None,
    audience: str | None = None,
) -> Notice:
    """Publish a draft from ``published_on`` (today or a later day) until ``ends_on``. A
    公示 with a period runs at least that many working days; an item for the public is
    refused while it shows personal data beyond names."""
    org = notice.organization
    require_perm(actor, PUBLISHING, org)
    notice = Notice.objects.select_for_update().select_related("organization").get(pk=notice.pk)
    _require_draft(notice)
    today = timezone.localdate()
    if published_on < today:
        raise ServiceError(
            _("An item is published from today on: %(date)s has passed.")
            % {"date": long_date(published_on)},
            field="published_on",
        )
    if ends_on is not None and ends_on < published_on:
        raise ServiceError(_("The end date cannot be before the publish date."), field="ends_on")
    before = snapshot(notice, NOTICE_FIELDS)
    notice.published_on = published_on
    if audience is not None:
        notice.audience = audience
    period = NOTICE_PERIODS.get(notice.kind)
    if period is not None:
        last = notice_period_end(notice)
        if ends_on is None:
            ends_on = last
        elif ends_on < last:
            raise ServiceError(
                _(
                    "This public notice runs %(days)d working days, from %(start)s to %(end)s "
                    "at least: choose an end date from %(end)s on."
                )
                % {
                    "days": period.working_days,
                    "start": long_date(published_on),
                    "end": long_date(last),
                },
                field="ends_on",
            )
    notice.ends_on = ends_on
    if notice.audience == Audience.PUBLIC:
        privacy.check_public(notice)
    full_clean(notice, exclude=["organization", "created_by", "people", "table"])
    notice.published_by = actor if getattr(actor, "pk", None) else None
    notice.save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=notice,
        before=before,
        after=snapshot(notice, NOTICE_FIELDS),
    )
    return notice


@transaction.atomic
def notice_withdraw(*, actor: Any, notice: Notice, reason: str) -> Notice:
    """Take a published item down. The record stays, with who withdrew it, when and why."""
    org = notice.organization
    require_perm(actor, PUBLISHING, org)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status_on(timezone.localdate()) in (Status.DRAFT, Status.WITHDRAWN):
        raise ServiceError(_("Only a published item can be withdrawn."))
    if not reason.strip():
        raise ServiceError(_("Say why the item is withdrawn."), field="reason")
    notice.withdrawn_at = timezone.now()
    notice.withdrawal_reason = reason.strip()[:200]
    notice.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=notice,
        before={"withdrawal_reason": ""},
        after={"withdrawn_at": notice.withdrawn_at, "withdrawal_reason": notice.withdrawal_reason},
    )
    return notice


@transaction.atomic
def notice_delete_draft(*, actor: Any, notice: Notice) -> None:
    """Throw away a draft nobody has seen; a published item is withdrawn instead."""
    org = notice.organization
    require_perm(actor, DRAFTING, org)
    _require_draft(notice)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.DELETE,
        obj=notice,
        before=snapshot(notice, NOTICE_FIELDS),
    )
    for attachment in notice.attachments.all():
        attachment.file.delete(save=False)
    notice.delete()
