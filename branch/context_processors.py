from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from branch.permissions import org_perms
from branch.selectors import organizations_switchable, unread_notification_count

# The sections of the product, in order. A section shows once its app has the URL
# ``<section>:index`` taking ``org_code`` (dashboard and settings live in ``branch``).
# Each names the permission on the organisation a user needs to see it.
NAV_SECTIONS = [
    ("dashboard", _("Dashboard"), "view_public"),
    ("members", _("Members"), "view_public"),
    ("meetings", _("Organisational life"), "view_public"),
    ("dues", _("Dues"), "view_public"),
    ("reports", _("Duty report"), "view_organization"),
    ("settings", _("Organisation settings"), "view_organization"),
]


def _section_url(key: str, org_code: str) -> str | None:
    url_name = {"dashboard": "branch:dashboard", "settings": "branch:settings"}.get(
        key, f"{key}:index"
    )
    try:
        return reverse(url_name, kwargs={"org_code": org_code})
    except NoReverseMatch:
        return None  # that part of the product is not installed


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
        section = match.namespace if match else ""
        perms = org_perms(user, current)
        for key, label, perm in NAV_SECTIONS:
            url = _section_url(key, current.code) if perm in perms else None
            if url:
                active = (key == section) or (
                    section == "branch"
                    and key == ("dashboard" if match.url_name == "dashboard" else "settings")
                )
                nav.append({"key": key, "label": label, "url": url, "active": active})
    return {
        "site_name": settings.SITE_NAME,
        "switchable_orgs": orgs,
        "current_org": current,
        "nav": nav,
        "unread_count": unread_notification_count(user),
    }
