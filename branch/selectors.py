"""Reads of the organisation domain. Each ``*_get_for_user`` accessor fetches an object and
authorises it in one step: an object the user may not see at all answers 404 (its existence is
not revealed); a visible one without the needed permission answers 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from branch.models import (
    AuditEntry,
    Honor,
    Notification,
    Organization,
    PartyGroup,
    RoleAssignment,
)
from branch.permissions import has_org_perm, organizations_for_user


def organization_get_for_user(user: Any, code: str, perm: str = "view_public") -> Organization:
    org = Organization.objects.select_related("parent").filter(code=code).first()
    if org is None or not has_org_perm(user, "view_public", org):
        raise Http404(_("No organisation with the code “%(code)s”.") % {"code": code})
    if not has_org_perm(user, perm, org):
        raise PermissionDenied(_("Your role in %(org)s does not allow this.") % {"org": org})
    return org


def _get_in_org(qs: QuerySet, org: Organization, pk: int, what: str) -> Any:
    obj = qs.filter(organization=org, pk=pk).first()
    if obj is None:
        raise Http404(_("No such %(what)s in %(org)s.") % {"what": what, "org": org})
    return obj


def honor_get_for_user(user: Any, org: Organization, pk: int) -> Honor:
    # ``org`` comes from organization_get_for_user, so the user's access is already checked.
    return _get_in_org(Honor.objects.select_related("organization"), org, pk, _("honour"))


def party_group_get_for_user(user: Any, org: Organization, pk: int) -> PartyGroup:
    return _get_in_org(PartyGroup.objects.select_related("organization"), org, pk, _("party group"))


def role_assignment_get_for_user(user: Any, org: Organization, pk: int) -> RoleAssignment:
    return _get_in_org(
        RoleAssignment.objects.select_related("organization", "user"), org, pk, _("role")
    )


def organizations_switchable(user: Any) -> list[Organization]:
    """The organisations the user can open, for the switcher in the header."""
    return list(organizations_for_user(user).only("code", "name", "kind", "path"))


def role_assignments_for(org: Organization) -> QuerySet[RoleAssignment]:
    """Roles held on the node and on every node below it."""
    return RoleAssignment.objects.filter(organization__path__startswith=org.path).select_related(
        "user", "organization", "granted_by"
    )


def honors_for(org: Organization) -> QuerySet[Honor]:
    return Honor.objects.filter(organization=org)


def audit_entries_for(
    org: Organization,
    *,
    actor_id: int | None = None,
    content_type_id: int | None = None,
    object_id: str | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(organization__path__startswith=org.path).select_related(
        "actor", "organization", "content_type"
    )
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if content_type_id:
        qs = qs.filter(content_type_id=content_type_id)
        if object_id:
            qs = qs.filter(object_id=object_id)
    return qs


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("organization")


def audited_types() -> QuerySet[ContentType]:
    """The kinds of record the log holds entries of, for its filter: a probe of the log's
    (content type, object) index per kind, however long the log (reading which kinds occur
    below one organisation would read every entry there)."""
    entries = AuditEntry.objects.filter(content_type=OuterRef("pk"))
    return ContentType.objects.filter(Exists(entries)).order_by("model")


def unread_notification_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# The newest audit entry touching an organisation: the newest of each organisation below and
# above it (an index probe each on (organization, id)), the newest of those. The organisations
# number a few hundred at most; the entries, millions. Written out: the page cache asks it on
# every page it serves, and building it with the ORM cost more than running it.
_NEWEST_ENTRY_SQL = """
SELECT MAX(t.newest) FROM (
  SELECT (SELECT a.id FROM {entries} a WHERE a.organization_id = o.id
          ORDER BY a.id DESC LIMIT 1) AS newest
  FROM {organizations} o WHERE o.path LIKE %s OR o.id IN ({ancestors})) t
"""


def _newest_entry_sql(org: Organization) -> tuple[str, list[Any]]:
    ancestors = org.ancestor_ids
    sql = _NEWEST_ENTRY_SQL.format(
        entries=connection.ops.quote_name(AuditEntry._meta.db_table),
        organizations=connection.ops.quote_name(Organization._meta.db_table),
        ancestors=", ".join(["%s"] * len(ancestors)),
    )
    # a path is made of ids and slashes: nothing in it for LIKE to read as a wildcard
    return sql, [f"{org.path}%", *ancestors]


def _one_row(sql: str, params: list[Any]) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def last_write(org: Organization) -> int:
    """The newest audit entry of ``org``, the organisations below it and those above it: every
    service that changes a record writes one in its transaction (branch/audit.py), so a new
    entry is a possible change of what was computed from them (the report's facts, the
    committee's statistics, the kept pages): the key of their caches. One query."""
    (last,) = _one_row(*_newest_entry_sql(org))
    return last or 0


@dataclass(frozen=True)
class PageState:
    """What a kept page depends on besides the session, the address and the day
    (branch/page_cache.py)."""

    last_write: int
    newest_notification: int
    unread_notifications: int


def page_state(org: Organization, user: Any) -> PageState:
    """``last_write`` of ``org`` and the user's notifications (the newest, how many unread),
    which change without an audit entry: one query."""
    newest_entry, params = _newest_entry_sql(org)
    notifications = connection.ops.quote_name(Notification._meta.db_table)
    sql = f"""
SELECT
  ({newest_entry}),
  (SELECT MAX(n.id) FROM {notifications} n WHERE n.user_id = %s),
  (SELECT COUNT(*) FROM {notifications} n WHERE n.user_id = %s AND n.read_at IS NULL)
"""
    last, newest, unread = _one_row(sql, [*params, user.pk, user.pk])
    return PageState(last or 0, newest or 0, unread or 0)
