"""Object permissions on the organisation tree.

Roles are stored as guardian object permissions on an ``Organization`` (direct foreign-key
tables). A permission granted on a node covers the node and every node below it, so a check
looks at the node's ancestors; the user's grants are read once per request and kept on the
user object.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.db.models import Q, QuerySet

from branch.models import Organization, OrganizationUserObjectPermission

_CACHE_ATTR = "_organization_grants"


def grants(user: Any) -> dict[str, list[str]]:
    """codename -> paths of the nodes on which the user holds it directly, read once per
    request and kept on the user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        rows = OrganizationUserObjectPermission.objects.filter(user_id=user.pk).values_list(
            "permission__codename", "content_object__path"
        )
        for codename, path in rows:
            cached.setdefault(codename, []).append(path)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    """Drop the per-request cache after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _codename(perm: str) -> str:
    return perm.split(".", 1)[1] if "." in perm else perm


def organization_of(obj: Any) -> Organization | None:
    if isinstance(obj, Organization):
        return obj
    org = getattr(obj, "organization", None)
    return org if isinstance(org, Organization) else None


def has_org_perm(user: Any, perm: str, org: Organization) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = grants(user).get(_codename(perm), ())
    return any(org.path.startswith(path) for path in paths)


def org_perms(user: Any, org: Organization) -> set[str]:
    """Every codename the user holds on ``org`` (inherited from above included)."""
    if user.is_superuser:
        from branch.rules import ALL_PERMISSIONS

        return set(ALL_PERMISSIONS)
    return {
        codename
        for codename, paths in grants(user).items()
        if any(org.path.startswith(path) for path in paths)
    }


def organizations_for_user(user: Any, perm: str = "view_public") -> QuerySet[Organization]:
    """Every organisation the user holds ``perm`` on, directly or from a node above."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    paths = grants(user).get(_codename(perm), [])
    if not paths:
        return Organization.objects.none()
    condition = Q()
    for path in _outermost(paths):
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)


def _outermost(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie below another path of the list: their prefix query is redundant."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


class OrganizationRoleBackend(BaseBackend):
    """Lets ``user.has_perm("branch.log_records", org_or_object)`` answer with inheritance."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is None or not perm.startswith("branch."):
            return False
        org = organization_of(obj)
        return org is not None and has_org_perm(user_obj, perm, org)
