"""The members app's cards on the dashboard (工作台)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.dashboard import Card, register_card
from branch.models import Organization


def members_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """How many people at each stage today, for those who may open the roster."""
    if not org.is_branch or "view_organization" not in perms:
        return None
    from members.views import stage_counts

    return Card(
        title=_("Members today"),
        template="members/_card_counts.html",
        order=15,
        context={"org": org, "counts": stage_counts(org, timezone.localdate())},
    )


def my_record_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """A member who cannot open the roster reaches their own record from here."""
    if not org.is_branch or "view_organization" in perms or "view_public" not in perms:
        return None
    return Card(
        title=_("My record"),
        template="members/_card_me.html",
        order=15,
        context={"org": org},
    )


def register() -> None:
    """Register this app's dashboard cards with ``branch.dashboard``."""
    register_card(members_card)
    register_card(my_record_card)
