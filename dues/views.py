"""Pages of the branch's dues: the home of a year, the month sheet with the collection-day
form, the year summary, the yearly public notice and the calculator. A member's account is
in ``views_account``, the batch of bases in ``views_bases``, the downloads in
``views_exports``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from branch.dates import long_month, requested_year
from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin, ServiceFormView
from dues import rules, services
from dues.charges import charges_generate, people_without_base
from dues.forms import CalculatorForm, CollectForm
from dues.models import DuesCategory
from dues.selectors import SheetRow, arrears, branches_year, month_sheet, year_summary
from dues.views_common import (
    AHEAD,
    BranchOnlyMixin,
    month_or_404,
    so_far,
    year_neighbours,
    year_or_404,
)


class IndexView(OrganizationMixin, TemplateView):
    """党费 home for a year. A member, who may not read the branch's figures, is sent to their
    own account; a committee node sees its branches side by side."""

    page_cache = True
    permission = "view_organization"
    own_page = "dues:mine"
    post_permission = "log_records"
    post_branch_only = True
    template_name = "dues/index.html"

    def post(self, request, *args, **kwargs):
        """Bring the year's charges in line with the bases and the membership (a member who
        joined or left since the bases were set)."""
        year = requested_year(request, org=self.org, ahead=AHEAD, data=request.POST)
        try:
            result = charges_generate(actor=request.user, org=self.org, year=year)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Charges of %(year)s brought up to date: %(created)d added, %(updated)d "
                    "changed, %(deleted)d removed."
                )
                % {
                    "year": year,
                    "created": result.created,
                    "updated": result.updated,
                    "deleted": result.deleted,
                },
            )
        return redirect(f"{reverse('dues:index', args=[self.org.code])}?year={year}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = requested_year(self.request, org=self.org, ahead=AHEAD)
        context.update(year=year, this_year=today.year, previous_year=year - 1)
        context["next_year"] = year + 1 if year < today.year + 1 else None
        if not self.org.is_branch:
            context["branches"] = branches_year(self.org, year, today)
            return context
        summary = year_summary(self.org, year)
        without_base = people_without_base(self.org, year)
        context.update(
            summary=summary,
            so_far=so_far(summary, today),
            arrears=arrears(self.org, today),
            warn_months=rules.WARN_UNPAID_MONTHS,
            flag_months=rules.FLAG_UNPAID_MONTHS,
            without_base=sorted(without_base, key=lambda p: (p.sort_key, p.pk)),
            can_log="log_records" in self.perms,
            today=today,
        )
        return context


class MonthView(BranchOnlyMixin, ServiceFormView):
    """月度收缴表: everyone charged or paying in the month, and the collection-day form for
    those who may record payments. Reading runs a fixed number of queries."""

    permission = "view_organization"
    post_permission = "log_records"
    template_name = "dues/month.html"
    form_class = CollectForm

    @cached_property
    def month(self) -> datetime.date:
        return month_or_404(self.kwargs["year"], self.kwargs["month"])

    @cached_property
    def rows(self) -> list[SheetRow]:
        return month_sheet(self.org, self.month)

    @property
    def owing(self) -> list[SheetRow]:
        return [row for row in self.rows if row.line.owed > 0]

    def get_form_kwargs(self) -> dict[str, Any]:
        # Everyone charged is a valid choice, not only who owes as the page was drawn: a
        # colleague may record someone meanwhile, and the service then says so by name.
        charged = [row.person for row in self.rows if row.line.due > 0]
        return {**super().get_form_kwargs(), "people": charged}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        month = self.month
        ticked = set()
        form = context["form"]
        if form.is_bound:
            ticked = {str(v) for v in form.data.getlist("people")}
        totals = {
            "due": sum((r.line.due for r in self.rows), Decimal("0")),
            "paid": sum((r.line.paid for r in self.rows), Decimal("0")),
            "owed": sum((r.line.owed for r in self.rows), Decimal("0")),
        }
        context.update(
            month=month,
            rows=self.rows,
            owing_count=len(self.owing),
            ticked=ticked,
            totals=totals,
            can_log="log_records" in self.perms,
            previous_month=_shift(month, -1),
            next_month=_shift(month, 1),
        )
        return context

    def perform(self, form: CollectForm) -> services.Collection:
        by_pk = {row.person.pk: row.person for row in self.rows}
        result = services.month_collect(
            actor=self.request.user,
            org=self.org,
            month=self.month,
            people=[by_pk[pk] for pk in form.cleaned_data["people"]],
            paid_on=form.cleaned_data["paid_on"],
            method=form.cleaned_data["method"],
        )
        if result.payments:
            names = "、".join(dict.fromkeys(p.person.name for p in result.payments))
            messages.success(
                self.request,
                _("Recorded as paid for %(month)s: %(names)s.")
                % {"month": long_month(self.month), "names": names},
            )
        for person, reason in result.refused:
            messages.error(
                self.request,
                _("Not recorded for %(name)s: %(reason)s")
                % {"name": person.name, "reason": reason},
            )
        return result

    def get_success_url(self) -> str:
        return self.request.path


def _shift(month: datetime.date, delta: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + delta
    return datetime.date(index // 12, index % 12 + 1, 1)


class YearSummaryView(BranchOnlyMixin, OrganizationMixin, TemplateView):
    """A page of the year in the URL, by member: ``summary`` and its ``per_person`` rows with
    the ``columns`` the page may show."""

    columns = ("person", "due", "paid", "extra", "owed")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_or_404(self.kwargs["year"])
        summary = year_summary(self.org, year)
        rows = (
            {"person": person, "due": due, "paid": paid, "extra": extra, "owed": due - paid}
            for person, due, paid, extra in summary.per_person
        )
        per_person = [{key: row[key] for key in self.columns} for row in rows]
        context.update(year=year, summary=summary, per_person=per_person)
        return context


class SummaryView(YearSummaryView):
    """年度汇总: the year by member and by month."""

    permission = "view_organization"
    template_name = "dues/summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            **year_neighbours(context["year"]),
            so_far=so_far(context["summary"], timezone.localdate()),
        )
        return context


class NoticeView(YearSummaryView):
    """党费收缴公示: what a branch publishes once a year. Members read it, so it names people
    and their dues, nothing more."""

    columns = ("person", "due", "paid")
    template_name = "dues/notice.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            published_on=timezone.localdate(),
            can_read_all="view_organization" in self.perms,
        )
        return context


class CalculatorView(OrganizationMixin, TemplateView):
    """党费计算器: the monthly amount the rules give for a category and a base, with the
    working. Anyone of the branch may use it."""

    template_name = "dues/calculator.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        asked = "category" in self.request.GET
        form = CalculatorForm(self.request.GET if asked else None)
        working, problem = None, ""
        if asked and form.is_valid():
            working, problem = _calculate(form.cleaned_data["category"], form.cleaned_data["base"])
            if problem:
                form.add_error("base", problem)
        context.update(
            form=form,
            working=working,
            category_label=DuesCategory(working.category).label if working else "",
            brackets=_bracket_table(),
        )
        return context


def _calculate(category: str, raw_base: str) -> tuple[rules.Working | None, str]:
    """(working, "") or (None, the message that says what is wrong with the base)."""
    base = None
    if category in rules.BRACKETS and not raw_base.strip():
        return None, _("Give the base: the regular monthly pay after tax, or the basic pension.")
    if raw_base.strip():
        try:
            base = services.parse_amount(raw_base, field="base")
        except ServiceError as exc:
            return None, exc.message
    try:
        return rules.standard_amount(category, base), ""
    except ValueError:
        low, high = rules.FIXED[category]
        return None, _(
            "The fixed amount for this category is between %(low)s and %(high)s yuan."
        ) % {
            "low": low,
            "high": high,
        }


def _bracket_table() -> list[dict[str, Any]]:
    """The rules as the calculator page lists them beside the form."""
    table = []
    for category, brackets in rules.BRACKETS.items():
        lower = None
        for upper, rate in brackets:
            table.append(
                {
                    "category": DuesCategory(category).label,
                    "bracket": rules._bracket_label(lower, upper),
                    "rate": f"{(rate * 100).normalize():f}%",
                }
            )
            lower = upper
    for category, (low, high) in rules.FIXED.items():
        table.append(
            {
                "category": DuesCategory(category).label,
                "bracket": _("fixed amount"),
                "rate": f"{low}" if low == high else f"{low}–{high}",
            }
        )
    return table
