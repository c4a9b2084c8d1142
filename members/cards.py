"""The members app's cards on the dashboard (工作台)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.checklist import Step, register_step
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


def _memberships(org: Organization):
    from members.models import Membership

    return Membership.objects.filter(organization=org)


def _committee_terms(org: Organization):
    from members.models import CommitteeTerm

    return CommitteeTerm.objects.filter(organization=org)


CHECKLIST = [
    Step(
        order=10,
        title=_("Import or enter the roster"),
        help=_("Fill in the empty workbook and import it, or add people one by one."),
        url=lambda org: reverse("branch:import", args=[org.code]),
        records=_memberships,
    ),
    Step(
        order=20,
        title=_("Set up the committee"),
        help=_("The secretary and, with seven full members or more, the committee."),
        url=lambda org: reverse("members:committee", args=[org.code]),
        records=_committee_terms,
    ),
]


def register() -> None:
    """Register this app's dashboard cards with ``branch.dashboard``."""
    for step in CHECKLIST:
        register_step(step)
    register_card(members_card)
    register_card(my_record_card)
