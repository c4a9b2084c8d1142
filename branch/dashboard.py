"""The dashboard (工作台) is a list of cards. Each app registers card functions from its
``AppConfig.ready``; a card function gets the request, the organisation and the user's
permissions there, and returns a ``Card`` or ``None`` when it has nothing to show that user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.models import Organization

CardFunc = Callable[[HttpRequest, Organization, set[str]], "Card | None"]
_cards: list[CardFunc] = []


@dataclass
class Card:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    wide: bool = False


def register_card(func: CardFunc) -> CardFunc:
    if func not in _cards:
        _cards.append(func)
    return func


def cards_for(request: HttpRequest, org: Organization, perms: set[str]) -> list[Card]:
    cards = [card for func in _cards if (card := func(request, org, perms)) is not None]
    return sorted(cards, key=lambda card: card.order)


def organization_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card:
    this_year = timezone.localdate().year
    return Card(
        title=_("This organisation"),
        template="branch/cards/organization.html",
        order=10,
        context={
            "org": org,
            "party_groups": list(org.party_groups.filter(dissolved_on__isnull=True)),
            "honors_this_year": list(org.honors.filter(awarded_on__year=this_year)),
            "year": this_year,
        },
    )


def structure_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    if org.is_branch:
        return None
    children = list(org.children.order_by("kind", "name"))
    return Card(
        title=_("Organisations below"),
        template="branch/cards/structure.html",
        order=20,
        context={"children": children},
    )


def notifications_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    unread = list(request.user.notifications.filter(read_at__isnull=True, organization=org)[:5])
    if not unread:
        return None
    return Card(
        title=_("Reminders"),
        template="branch/cards/notifications.html",
        order=5,
        context={"unread": unread},
    )


def recent_changes_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    if "view_audit" not in perms:
        return None
    from branch.selectors import audit_entries_for

    return Card(
        title=_("Recent changes"),
        template="branch/cards/recent_changes.html",
        order=90,
        wide=True,
        context={"entries": list(audit_entries_for(org)[:8])},
    )
