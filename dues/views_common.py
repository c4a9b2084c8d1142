"""What the dues pages share: the year and month in the URL, the branch-only guard, the
figures "so far" of a year, and the xlsx download response."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from branch.dates import FIRST_YEAR, year_allowed
from branch.models import Organization
from dues.rules import YEARS_AHEAD
from dues.selectors import Collection, YearSummary, collection

AHEAD = YEARS_AHEAD  # bases for next year are set in December: next year is a valid page
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def latest_year() -> int:
    return timezone.localdate().year + AHEAD


def year_or_404(year: int) -> int:
    if not year_allowed(year, ahead=AHEAD):
        raise Http404(_("There are no dues for %(year)s.") % {"year": year})
    return year


def year_neighbours(year: int) -> dict[str, int | None]:
    """The years a page of ``year`` links to: none outside the years that have a page."""
    return {
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < latest_year() else None,
    }


def month_or_404(year: int, month: int) -> datetime.date:
    year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404(_("There is no month %(month)s.") % {"month": month})
    return datetime.date(year, month, 1)


def require_branch(org: Organization) -> None:
    """Dues are kept by branches: a committee node has no ledger of its own."""
    if not org.is_branch:
        raise Http404(_("Dues are kept by the branches; open one of the branches below."))


class BranchOnlyMixin:
    """Put before the view's base classes. ``get_form`` and ``get_context_data`` run on every
    request of a form or template view, after ``OrganizationMixin`` has fetched the org."""

    org: Organization

    def get_form(self, form_class=None):
        require_branch(self.org)
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        require_branch(self.org)
        return super().get_context_data(**kwargs)


def so_far(summary: YearSummary, today: datetime.date) -> Collection | None:
    """The 收缴率's figures through this month for the current year; ``None`` for other years
    (their rate is the whole year's, shown as ``summary.rate``)."""
    if summary.year != today.year:
        return None
    return collection(summary, today)


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "private, no-store"
    return response
