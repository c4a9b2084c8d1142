"""What the dues pages share: the year and month in the URL, the branch-only guard, the
figures "so far" of a year, and the xlsx download response."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from branch.models import Organization
from dues.selectors import ZERO, YearSummary

FIRST_YEAR = 1921  # the party's founding: no ledger can be older
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def latest_year() -> int:
    # bases for next year are set in December, so next year is already a valid page
    return timezone.localdate().year + 1


def year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= latest_year():
        raise Http404(_("There are no dues for %(year)s.") % {"year": year})
    return year


def month_or_404(year: int, month: int) -> datetime.date:
    year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404(_("There is no month %(month)s.") % {"month": month})
    return datetime.date(year, month, 1)


def year_from_query(raw: str | None, default: int | None = None) -> int:
    """``?year=`` of a page; anything that is not a year it can show gives this year."""
    this_year = default or timezone.localdate().year
    if raw and raw.strip().isdigit():
        year = int(raw)
        if FIRST_YEAR <= year <= latest_year():
            return year
    return this_year


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


@dataclass(frozen=True)
class SoFar:
    """A year's figures up to the current month: the whole year's charges include months
    that have not come yet, which would make every rate look low before December."""

    through: datetime.date
    due: Decimal
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return max(self.due - self.paid, ZERO)

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (min(self.paid, self.due) * 100 / self.due).quantize(Decimal("0.1"))


def so_far(summary: YearSummary, today: datetime.date) -> SoFar | None:
    """The figures through this month for the current year; ``None`` for other years."""
    if summary.year != today.year:
        return None
    lines = [m for m in summary.by_month if m.month.month <= today.month]
    return SoFar(
        through=today.replace(day=1),
        due=sum((m.due for m in lines), ZERO),
        paid=sum((min(m.paid, m.due) for m in lines), ZERO),
    )


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["Cache-Control"] = "private, no-store"
    return response
