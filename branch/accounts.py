"""Closing a login account. Records never go with it: the person, the meetings they logged,
the audit entries that name them all stay; the account can no longer log in."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm


@transaction.atomic
def account_deactivate(*, actor: Any, org: Organization, user: Any) -> None:
    require_perm(actor, "manage_roles", org)
    if not user.role_assignments.filter(organization__path__startswith=org.path).exists():
        raise ServiceError(_("This account holds no role in %(org)s.") % {"org": org.name})
    if actor is not None and user.pk == actor.pk:
        raise ServiceError(_("You cannot close your own account."))
    close(user, actor=actor, org=org)


def close(user: Any, *, actor: Any, org: Organization | None) -> None:
    """The write itself, shared with the admin's action (which answers for no organisation)."""
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=user,
        before={"is_active": True},
        after={"is_active": False},
    )
