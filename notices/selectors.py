"""Reads of 党务公开 with what their pages show."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from branch.models import Organization, OrgKind
from branch.permissions import has_org_perm
from notices.models import Audience, Notice


def live(day: datetime.date) -> Q:
    return Q(published_on__isnull=False, published_on__lte=day, withdrawn_at__isnull=True) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def notices_of(org: Organization, *, staff: bool, day: datetime.date) -> QuerySet[Notice]:
    """A branch's items: every one, drafts and withdrawn ones too, for those who read the
    branch's records; the items up today for its members. One query."""
    qs = Notice.objects.filter(organization=org)
    if not staff:
        qs = qs.filter(live(day))
    return qs.select_related("organization").annotate(files=Count("attachments"))


def public_notices(org: Organization, day: datetime.date) -> QuerySet[Notice]:
    return notices_of(org, staff=False, day=day).filter(audience=Audience.PUBLIC)


def notice_get_for_user(user: Any, org: Organization, pk: int, day: datetime.date) -> Notice:
    """An item of ``org`` with its attachments. Another organisation's item answers 404; a
    member reads an item while it is up, and nothing else."""
    notice = (
        Notice.objects.filter(organization=org, pk=pk)
        .select_related("organization", "published_by", "created_by")
        .prefetch_related("attachments")
        .first()
    )
    if notice is None:
        raise Http404(_("No such item in %(org)s.") % {"org": org.name})
    if has_org_perm(user, "view_organization", org):
        return notice
    if notice.status_on(day) == "live" and has_org_perm(user, "view_public", org):
        return notice
    raise PermissionDenied(_("Your role in %(org)s does not allow this.") % {"org": org.name})


def public_notice_get(org_code: str, pk: int, day: datetime.date) -> Notice:
    """An item on a branch's public page: published to the public and up today, else 404."""
    notice = (
        Notice.objects.filter(
            organization__code=org_code,
            organization__kind=OrgKind.BRANCH,
            pk=pk,
            audience=Audience.PUBLIC,
        )
        .filter(live(day))
        .select_related("organization")
        .prefetch_related("attachments")
        .first()
    )
    if notice is None:
        raise Http404(_("No such item."))
    return notice


def published_by_branch(org: Organization, year: int) -> list[tuple[Organization, list[Notice]]]:
    """For a higher committee: each branch below it with the items it published in ``year``
    (withdrawn ones included, marked), branches without any too. Two queries."""
    branches = list(
        Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH).order_by("path")
    )
    by_branch: dict[int, list[Notice]] = {b.pk: [] for b in branches}
    for notice in Notice.objects.filter(
        organization__in=branches, published_on__year=year
    ).order_by("published_on", "pk"):
        by_branch[notice.organization_id].append(notice)
    return [(b, by_branch[b.pk]) for b in branches]
