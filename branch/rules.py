"""The organisation's rules as tables: which node kinds may sit under which, which roles may be
granted on which kinds, and which permissions each role carries (DESIGN §3)."""

from __future__ import annotations

from branch.models import OrgKind, Role

# kind of a node -> kinds its parent may have (None: may be a root)
PARENT_KINDS: dict[str, tuple[str | None, ...]] = {
    OrgKind.COMMITTEE: (None, OrgKind.COMMITTEE),
    OrgKind.GENERAL_BRANCH: (OrgKind.COMMITTEE,),
    OrgKind.BRANCH: (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH),
}

# role -> node kinds it may be granted on
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    Role.MEMBER: (OrgKind.BRANCH,),
    Role.COMMITTEE: (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH),
    Role.SECRETARY: (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH),
    Role.HIGHER_ADMIN: (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH),
}

# role -> object permissions (codenames on branch.Organization), inherited by every node below
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.SECRETARY: (
        "view_public",
        "view_organization",
        "log_records",
        "manage_organization",
        "manage_roles",
        "finalize_report",
        "view_audit",
        "view_personal_data",
    ),
    Role.COMMITTEE: ("view_public", "view_organization", "log_records"),
    Role.MEMBER: ("view_public",),
    Role.HIGHER_ADMIN: (
        "view_public",
        "view_organization",
        "approve_higher",
        "view_audit",
        "manage_roles",
        "manage_structure",
    ),
}

ALL_PERMISSIONS: tuple[str, ...] = tuple(
    sorted({perm for perms in ROLE_PERMISSIONS.values() for perm in perms})
)


def permissions_for_roles(roles: set[str] | list[str]) -> set[str]:
    return {perm for role in roles for perm in ROLE_PERMISSIONS[role]}


def role_allowed_on(role: str, kind: str) -> bool:
    return kind in ROLE_KINDS[role]


def parent_allowed(kind: str, parent_kind: str | None) -> bool:
    return parent_kind in PARENT_KINDS[kind]
