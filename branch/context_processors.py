from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from branch.selectors import organizations_switchable, unread_notification_count

# The sections of the product, in order. A section shows once its app has the URL
# ``<section>:index`` taking ``org_code`` (dashboard and settings live in ``branch``).
NAV_SECTIONS = [
    ("dashboard", _("Dashboard")),
    ("members", _("Members")),
    ("meetings", _("Organisational life")),
    ("dues", _("Dues")),
    ("reports", _("Duty report")),
    ("settings", _("Organisation settings")),
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
        for key, label in NAV_SECTIONS:
            url = _section_url(key, current.code)
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
