from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from branch.permissions import org_perms
from branch.selectors import organizations_switchable, unread_notification_count

# The sections of the product, in order: each lists (permission, URL name) pairs, and the
# first one the user holds on the organisation is where the section leads (a member's
# "Members" is their own record). A section shows once its app has that URL.
NAV_SECTIONS = [
    ("dashboard", _("Dashboard"), [("view_public", "branch:dashboard")]),
    (
        "members",
        _("Members"),
        [("view_organization", "members:index"), ("view_public", "members:me")],
    ),
    (
        "meetings",
        _("Organisational life"),
        [("view_organization", "meetings:index"), ("view_public", "meetings:mine")],
    ),
    ("dues", _("Dues"), [("view_organization", "dues:index"), ("view_public", "dues:mine")]),
    ("reports", _("Duty report"), [("view_organization", "reports:index")]),
    ("notices", _("Public affairs"), [("view_public", "notices:index")]),
    ("stats", _("Statistics"), [("view_organization", "stats:index")]),
    ("settings", _("Organisation settings"), [("view_organization", "branch:settings")]),
]


# Pages of the branch app that belong to no section of the navigation: none is highlighted.
OUTSIDE_SECTIONS = {"notifications", "notification_read", "notifications_read_all"}


def _active_section(match) -> str | None:
    """The section whose tab is highlighted: an app's pages are its section; the branch app's
    are the dashboard, the notifications (no tab) or the organisation settings."""
    if match is None:
        return None
    if match.namespace != "branch":
        return match.namespace
    if match.url_name in OUTSIDE_SECTIONS:
        return None
    return "dashboard" if match.url_name == "dashboard" else "settings"


def _section_url(choices: list[tuple[str, str]], perms: set[str], org_code: str) -> str | None:
    for perm, url_name in choices:
        if perm not in perms:
            continue
        try:
            return reverse(url_name, kwargs={"org_code": org_code})
        except NoReverseMatch:
            return None  # that part of the product is not installed
    return None


def shell(request):
    """What the base layout needs: navigation, the organisation switcher, unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.SITE_NAME}
    match = getattr(request, "resolver_match", None)
    org_code = (match.kwargs.get("org_code") if match else None) or request.session.get(
        "current_org"
    )
    orgs = organizations_switchable(user)
    current = next((o for o in orgs if o.code == org_code), None)
    nav = []
    if current is not None:
        section = _active_section(match)
        perms = org_perms(user, current)
        for key, label, choices in NAV_SECTIONS:
            url = _section_url(choices, perms, current.code)
            if url:
                nav.append({"key": key, "label": label, "url": url, "active": key == section})
    # counted already where a kept page's key was made (branch/page_cache.py)
    unread = getattr(request, "unread_notifications", None)
    if unread is None:
        unread = unread_notification_count(user)
    return {
        "site_name": settings.SITE_NAME,
        "switchable_orgs": orgs,
        "current_org": current,
        "nav": nav,
        "unread_count": unread,
        "on_notifications": bool(match) and match.url_name == "notifications",
    }
