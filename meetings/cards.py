"""The meetings app's cards on the dashboard (工作台)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.checklist import Step, register_step
from branch.dashboard import Card, register_card
from branch.models import Organization
from meetings.compliance import DUE, DUE_SOON, branches_below, calendar, calendars_for


def compliance_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """A branch: this year's shortfalls so far and what is still due in the current period.
    A committee node: how many branches below are behind."""
    if "view_organization" not in perms:
        return None
    today = timezone.localdate()
    if not org.is_branch:
        calendars = calendars_for(branches_below(org), today.year, today)
        return Card(
            title=_("Organisational life of the branches"),
            template="meetings/_card_higher.html",
            order=20,
            context={
                "org": org,
                "branches": len(calendars),
                "behind": sum(1 for cal in calendars.values() if cal.shortfalls),
                "year": today.year,
            },
        )
    cal = calendar(org, today.year, today)
    # the periods running today that still lack a meeting
    due = [
        (row, cell)
        for row in cal.rows
        for cell in row.cells
        if cell.start <= today <= cell.end and cell.status in (DUE, DUE_SOON)
    ]
    return Card(
        title=_("Organisational life"),
        template="meetings/_card_branch.html",
        order=20,
        context={
            "org": org,
            "shortfalls": cal.shortfalls,
            "due": due,
            "lectures": cal.secretary_lectures,
            "year": today.year,
            "can_log": "log_records" in perms,
        },
    )


def my_meetings_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """A member, who cannot open the whole list, reaches the meetings they were expected at."""
    if not org.is_branch or "view_organization" in perms or "view_public" not in perms:
        return None
    return Card(
        title=_("My meetings"),
        template="meetings/_card_mine.html",
        order=20,
        context={"org": org},
    )


def _meetings(org: Organization):
    from meetings.models import Meeting

    return Meeting.objects.filter(organization=org)


CHECKLIST_STEP = Step(
    order=40,
    title=_("Log the first meeting"),
    help=_("A meeting with its attendance: the compliance calendar starts counting."),
    url=lambda org: reverse("meetings:create", args=[org.code]),
    records=_meetings,
)


def register() -> None:
    """Register this app's dashboard cards with ``branch.dashboard``."""
    register_step(CHECKLIST_STEP)
    register_card(compliance_card)
    register_card(my_meetings_card)
