"""The dues app's cards on the dashboard (工作台)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.checklist import Step, register_step
from branch.dashboard import Card, register_card
from branch.models import Organization


def dues_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """This month's collection, the year's rate so far and who is in arrears: the year
    summary and the arrears selector, a fixed handful of queries."""
    if not org.is_branch or "view_organization" not in perms:
        return None
    from dues.selectors import arrears, year_summary

    today = timezone.localdate()
    summary = year_summary(org, today.year, today)
    month = summary.by_month[today.month - 1]
    behind = arrears(org, today)
    return Card(
        title=_("Dues"),
        template="dues/_card_branch.html",
        order=30,
        context={
            "org": org,
            "month": month.month,
            "month_due": month.due,
            "month_paid": month.paid,
            "rate": summary.rate,
            "in_arrears": len(behind),
            "flagged": sum(1 for a in behind if a.flagged),
            "can_log": "log_records" in perms,
        },
    )


def my_dues_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """A member, who cannot read the branch's figures, sees what they owe."""
    if not org.is_branch or "view_organization" in perms or "view_public" not in perms:
        return None
    from dues.views_account import owed_to_date
    from members.selectors import person_for_user

    person = person_for_user(request.user, org)
    return Card(
        title=_("My dues"),
        template="dues/_card_mine.html",
        order=30,
        context={
            "org": org,
            "has_person": person is not None,
            "owed": owed_to_date(person, org, timezone.localdate()) if person else None,
        },
    )


def _bases_this_year(org: Organization):
    from dues.models import DuesBase

    return DuesBase.objects.filter(organization=org, year=timezone.localdate().year)


CHECKLIST_STEP = Step(
    order=30,
    title=_("Set this year's dues bases"),
    help=_("Each member's monthly dues follow from the base by the bracket table."),
    url=lambda org: reverse("dues:bases", args=[org.code, timezone.localdate().year]),
    records=_bases_this_year,
)


def register() -> None:
    """Register this app's dashboard cards with ``branch.dashboard``."""
    register_step(CHECKLIST_STEP)
    register_card(dues_card)
    register_card(my_dues_card)
