"""The duty report's card on the dashboard (工作台)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.dashboard import Card, register_card
from branch.models import Organization, OrgKind
from reports.models import AnnualReport
from reports.views import report_year


def report_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    """A branch: where the report of the year to write now stands (last year's until the end
    of March). A committee node: how many branches below have a final report for last year."""
    if "view_organization" not in perms:
        return None
    today = timezone.localdate()
    if not org.is_branch:
        year = today.year - 1
        branches = Organization.objects.filter(
            path__startswith=org.path, kind=OrgKind.BRANCH
        ).exclude(pk=org.pk)
        done = (
            AnnualReport.objects.filter(
                organization__in=branches, year=year, status=AnnualReport.Status.FINAL
            )
            .values("organization")
            .distinct()
            .count()
        )
        return Card(
            title=_("Duty reports"),
            template="reports/_card_higher.html",
            order=40,
            context={"org": org, "year": year, "done": done, "branches": branches.count()},
        )
    year = report_year(today)
    reports = AnnualReport.objects.filter(organization=org, year=year)
    if "log_records" not in perms:
        # the higher admin reads final versions only
        reports = reports.filter(status=AnnualReport.Status.FINAL)
    latest = reports.order_by("-version").first()
    return Card(
        title=_("Duty report"),
        template="reports/_card.html",
        order=40,
        context={
            "org": org,
            "year": year,
            "report": latest,
            "can_write": "finalize_report" in perms,
        },
    )


def register() -> None:
    register_card(report_card)
