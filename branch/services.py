"""Every write of the organisation domain. Each service runs in one transaction, checks that
the actor may make it, validates, and writes the audit entry. ``actor=None`` means the system
itself (a management command or a scheduled job)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from branch import rules
from branch.audit import Action, audit_record, snapshot
from branch.dates import DateKind, service_check
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import (
    Honor,
    Notification,
    Organization,
    OrgKind,
    PartyGroup,
    Role,
    RoleAssignment,
)
from branch.permissions import forget_grants, has_org_perm

User = get_user_model()

ORG_FIELDS = ("code", "name", "kind", "unit", "parent", "established_on", "community_based")
GROUP_FIELDS = ("name", "leader_name", "established_on", "dissolved_on")
HONOR_FIELDS = ("awarded_on", "title", "issuer", "rank")


def require_perm(actor: Any, perm: str, org: Organization) -> None:
    """Refuse unless ``actor`` holds ``perm`` on ``org`` (``None`` is the system)."""
    if actor is None:
        return
    if not has_org_perm(actor, perm, org):
        raise ServicePermissionDenied(
            _("Your role in %(org)s does not allow this.") % {"org": org.name}
        )


def full_clean(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Run the model's validation and turn its first problem into a ``ServiceError``."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            raise ServiceError(
                f"{_field_label(obj, field)}：{errors[0].messages[0]}",
                field=None if field == "__all__" else field,
            ) from exc
        raise ServiceError(exc.messages[0]) from exc


def _field_label(obj: models.Model, field: str) -> str:
    try:
        return str(obj._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _assign(obj: models.Model, fields: tuple[str, ...], changes: dict[str, Any]) -> None:
    for name in fields:
        if name in changes:
            setattr(obj, name, changes[name])


def _write_audited(
    obj: models.Model,
    *,
    actor: Any,
    org: Organization,
    fields: tuple[str, ...],
    save: Any,
    before: dict[str, Any] | None = None,
) -> Any:
    """Save ``obj`` with ``save()`` and record it: a creation when there is no ``before``."""
    save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE if before is None else Action.UPDATE,
        obj=obj,
        before=before,
        after=snapshot(obj, fields),
    )
    return obj


# Organisations ------------------------------------------------------------------------------


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None = None,
    unit: str = "",
    community_based: bool = False,
    established_on: datetime.date | None = None,
) -> Organization:
    if kind not in OrgKind.values:
        raise ServiceError(
            _("Unknown organisation kind “%(kind)s”.") % {"kind": kind}, field="kind"
        )
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise ServicePermissionDenied(
                _("Only a site administrator may create a top-level organisation.")
            )
    else:
        require_perm(actor, "manage_structure", parent)
    if not rules.parent_allowed(kind, parent.kind if parent else None):
        raise ServiceError(
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {
                "kind": OrgKind(kind).label,
                "parent": parent.name if parent else _("nothing (top level)"),
            },
            field="parent",
        )
    if Organization.objects.filter(code=code).exists():
        raise ServiceError(
            _("The code “%(code)s” is already used by another organisation.") % {"code": code},
            field="code",
        )
    org = Organization(
        code=code,
        name=name,
        kind=kind,
        unit=unit,
        parent=parent,
        community_based=community_based,
        established_on=established_on,
    )
    full_clean(org)
    return _write_audited(org, actor=actor, org=org, fields=ORG_FIELDS, save=org.save)


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    org: Organization,
    name: str,
    unit: str,
    community_based: bool | None = None,
    established_on: datetime.date | None = None,
) -> Organization:
    require_perm(actor, "manage_organization", org)
    before = snapshot(org, ORG_FIELDS)
    org.name, org.unit, org.established_on = name, unit, established_on
    if community_based is not None:
        org.community_based = community_based
    full_clean(org)
    return _write_audited(
        org,
        actor=actor,
        org=org,
        fields=ORG_FIELDS,
        save=lambda: org.save(update_fields=["name", "unit", "established_on", "community_based"]),
        before=before,
    )


# Party groups -------------------------------------------------------------------------------


def _save_group(group: PartyGroup) -> None:
    full_clean(group, exclude=["organization"])
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise ServiceError(
            _("%(org)s already has a party group named “%(name)s”.")
            % {"org": group.organization.name, "name": group.name},
            field="name",
        ) from None


@transaction.atomic
def party_group_create(
    *,
    actor: Any,
    org: Organization,
    name: str,
    leader_name: str = "",
    established_on: datetime.date | None = None,
    dissolved_on: datetime.date | None = None,
) -> PartyGroup:
    require_perm(actor, "manage_organization", org)
    if not org.is_branch:
        raise ServiceError(_("Party groups belong to a party branch."))
    group = PartyGroup(
        organization=org,
        name=name,
        leader_name=leader_name,
        established_on=established_on,
        dissolved_on=dissolved_on,
    )
    return _write_audited(
        group, actor=actor, org=org, fields=GROUP_FIELDS, save=lambda: _save_group(group)
    )


@transaction.atomic
def party_group_update(*, actor: Any, group: PartyGroup, **changes: Any) -> PartyGroup:
    require_perm(actor, "manage_organization", group.organization)
    before = snapshot(group, GROUP_FIELDS)
    _assign(group, GROUP_FIELDS, changes)
    return _write_audited(
        group,
        actor=actor,
        org=group.organization,
        fields=GROUP_FIELDS,
        save=lambda: _save_group(group),
        before=before,
    )


# Honours ------------------------------------------------------------------------------------


@transaction.atomic
def honor_create(
    *,
    actor: Any,
    org: Organization,
    awarded_on: datetime.date,
    title: str,
    issuer: str = "",
    rank: str = "",
) -> Honor:
    require_perm(actor, "manage_organization", org)
    honor = Honor(organization=org, awarded_on=awarded_on, title=title, issuer=issuer, rank=rank)
    return _write_audited(
        honor, actor=actor, org=org, fields=HONOR_FIELDS, save=lambda: _save_honor(honor)
    )


@transaction.atomic
def honor_update(*, actor: Any, honor: Honor, **changes: Any) -> Honor:
    require_perm(actor, "manage_organization", honor.organization)
    before = snapshot(honor, HONOR_FIELDS)
    _assign(honor, HONOR_FIELDS, changes)
    return _write_audited(
        honor,
        actor=actor,
        org=honor.organization,
        fields=HONOR_FIELDS,
        save=lambda: _save_honor(honor),
        before=before,
    )


@transaction.atomic
def honor_delete(*, actor: Any, honor: Honor) -> None:
    require_perm(actor, "manage_organization", honor.organization)
    audit_record(
        actor=actor,
        organization=honor.organization,
        action=Action.DELETE,
        obj=honor,
        before=snapshot(honor, HONOR_FIELDS),
    )
    honor.delete()


def _save_honor(honor: Honor) -> None:
    full_clean(honor)
    service_check(
        DateKind.EVENT,
        honor.awarded_on,
        field="awarded_on",
        label=Honor._meta.get_field("awarded_on").verbose_name,
        org=honor.organization,
    )
    honor.save()


# Accounts and roles -------------------------------------------------------------------------


@transaction.atomic
def account_create(
    *,
    actor: Any,
    org: Organization,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
) -> Any:
    """A login account created by whoever manages roles in ``org``, for someone about to get a
    role there."""
    require_perm(actor, "manage_roles", org)
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            _("The login name “%(username)s” is taken.") % {"username": username},
            field="username",
        )
    user = User(username=username, first_name=full_name, email=email)
    user.set_password(password)
    full_clean(user, exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=user,
        after={"username": username, "first_name": full_name, "email": email},
    )
    return user


def _sync_permissions(user: Any, org: Organization) -> None:
    """Make the user's guardian permissions on ``org`` exactly those its roles there imply."""
    from branch.models import OrganizationUserObjectPermission

    roles = set(
        RoleAssignment.objects.filter(user=user, organization=org).values_list("role", flat=True)
    )
    wanted = rules.permissions_for_roles(roles)
    held = set(
        OrganizationUserObjectPermission.objects.filter(user=user, content_object=org).values_list(
            "permission__codename", flat=True
        )
    )
    for codename in sorted(wanted - held):
        assign_perm(f"branch.{codename}", user, org)
    for codename in sorted(held - wanted):
        remove_perm(f"branch.{codename}", user, org)
    forget_grants(user)


@transaction.atomic
def role_grant(*, actor: Any, org: Organization, user: Any, role: str) -> RoleAssignment:
    require_perm(actor, "manage_roles", org)
    if actor is not None and user.pk == actor.pk and not actor.is_superuser:
        # A higher administrator could otherwise make itself a branch's secretary and read
        # what only the secretary may read.
        raise ServiceError(
            _("You cannot grant a role to yourself: ask whoever manages roles above you."),
            field="username",
        )
    if role not in Role.values:
        raise ServiceError(_("Unknown role “%(role)s”.") % {"role": role}, field="role")
    if not rules.role_allowed_on(role, org.kind):
        raise ServiceError(
            _("The role “%(role)s” cannot be held in a %(kind)s.")
            % {"role": Role(role).label, "kind": org.get_kind_display()},
            field="role",
        )
    if RoleAssignment.objects.filter(user=user, organization=org, role=role).exists():
        raise ServiceError(
            _("%(user)s already holds the role “%(role)s” in %(org)s.")
            % {"user": _display_name(user), "role": Role(role).label, "org": org.name},
            field="role",
        )
    assignment = RoleAssignment.objects.create(
        user=user, organization=org, role=role, granted_by=actor
    )
    _sync_permissions(user, org)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.GRANT,
        obj=assignment,
        after={"user": user.username, "role": role},
    )
    if actor is not None:  # grants by the system itself (set-up, commands) need no telling
        _notify_grant(assignment, actor)
    return assignment


def _notify_grant(assignment: RoleAssignment, actor: Any) -> None:
    """Every grant is told to the organisation's secretaries (and to the person), so a role
    given from above never goes unnoticed."""
    org = assignment.organization
    secretaries = RoleAssignment.objects.filter(
        organization=org, role=Role.SECRETARY, user__is_active=True
    ).values_list("user_id", flat=True)
    recipients = set(secretaries) | {assignment.user_id}
    recipients.discard(getattr(actor, "pk", None))
    title = _("%(user)s now holds the role “%(role)s” in %(org)s") % {
        "user": _display_name(assignment.user),
        "role": Role(assignment.role).label,
        "org": org.name,
    }
    body = _("Granted by %(actor)s.") % {"actor": _display_name(actor)} if actor is not None else ""
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                organization=org,
                key=f"role-granted:{assignment.pk}",
                title=title,
                body=body,
                level="info",
            )
            for user_id in sorted(recipients)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    org = assignment.organization
    require_perm(actor, "manage_roles", org)
    if (
        actor is not None
        and assignment.user_id == actor.pk
        and assignment.role in (Role.SECRETARY, Role.HIGHER_ADMIN)
        and not has_org_perm_above(actor, "manage_roles", org)
    ):
        raise ServiceError(
            _("You cannot remove your own role here: you would lose the right to manage roles.")
        )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.REVOKE,
        obj=assignment,
        before={"user": assignment.user.username, "role": assignment.role},
    )
    user = assignment.user
    assignment.delete()
    _sync_permissions(user, org)


def has_org_perm_above(user: Any, perm: str, org: Organization) -> bool:
    """Whether ``user`` holds ``perm`` from a node strictly above ``org``."""
    return org.parent is not None and has_org_perm(user, perm, org.parent)


def _display_name(user: Any) -> str:
    return user.get_full_name() or user.username


# Notifications ------------------------------------------------------------------------------


def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when none is given."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())
