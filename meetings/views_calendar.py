"""The compliance calendar. For a branch: each kind of organisational life by month, quarter
or year, held against required, and the branch's tightened rules. For a committee node: the
higher admin's table of every branch below, the most behind first."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from branch import dates
from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin, apply_service_error
from branch.models import Organization
from meetings import compliance, rules, services
from meetings.compliance import Calendar, Cell, Row, branches_below, calendars_for
from meetings.forms import BranchRuleForm
from meetings.models import BranchRule, Kind, Period
from meetings.rules import FREQUENCIES, Frequency

# statuses of a period that is open or past and still short: "log one" is the useful link
MISSING = (compliance.OVERDUE, compliance.DUE, compliance.DUE_SOON)


def rule_text(frequency: Frequency) -> str:
    period = Period(frequency.period).label
    return ngettext(
        "at least once a %(period)s",
        "at least %(times)d times a %(period)s",
        frequency.times,
    ) % {"times": frequency.times, "period": period}


def period_heading(label: str, period: str) -> str:
    """Months as 1–12 under a "month" caption, quarters as Q1–Q4, the year as itself."""
    if period == Period.QUARTER:
        return _("Q%(n)s") % {"n": label.removeprefix("Q")}
    return label


class CalendarView(OrganizationMixin, TemplateView):
    page_cache = True
    permission = "view_organization"
    post_permission = "manage_organization"
    post_branch_only = True
    post_refusal = gettext_lazy("Only the branch secretary changes the branch's rules.")

    def get_template_names(self) -> list[str]:
        if self.org.is_branch:
            return ["meetings/calendar.html"]
        return ["meetings/calendar_higher.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # the calendar also shows next year, to plan it
        year = dates.requested_year(self.request, org=self.org, ahead=1)
        context.update(
            year=year,
            today=today,
            previous_year=year - 1,
            next_year=year + 1 if year < today.year else None,
        )
        if self.org.is_branch:
            context.update(self.branch_context(year, today, kwargs.get("rule_form")))
        else:
            context.update(higher_table(self.org, year, today))
        return context

    # the branch's calendar ------------------------------------------------------------------

    def branch_context(
        self, year: int, today: datetime.date, rule_form: BranchRuleForm | None
    ) -> dict[str, Any]:
        cal = compliance.calendar(self.org, year, today)
        can_log = "log_records" in self.perms
        can_manage = "manage_organization" in self.perms
        lectures = cal.secretary_lectures
        context: dict[str, Any] = {
            "cal": cal,
            "tables": kind_tables(self.org, cal, can_log),
            "lectures": lectures,
            "lectures_url": self.index_url(
                {"kind": Kind.PARTY_LECTURE, "year": year} if lectures.meeting_ids else None
            ),
            "can_manage": can_manage,
            "statuses": STATUS_LEGEND,
        }
        if can_manage:
            context["rules"] = rule_rows(self.org)
            context["rule_form"] = rule_form or BranchRuleForm()
        return context

    def index_url(self, query: dict[str, Any] | None) -> str | None:
        if query is None:
            return None
        base = reverse("meetings:index", kwargs={"org_code": self.org.code})
        return f"{base}?{urlencode(query)}"

    # tightening a rule ------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        form = BranchRuleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                rule = services.branch_rule_set(
                    actor=request.user,
                    org=self.org,
                    kind=data["kind"],
                    period=data["period"] or None,
                    times=data["times"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                label = Kind(data["kind"]).label
                if rule is None:
                    text = _("%(kind)s: back to the default rule.") % {"kind": label}
                else:
                    text = _("%(kind)s: the branch's rule is now %(rule)s.") % {
                        "kind": label,
                        "rule": rule_text(Frequency(rule.kind, rule.period, rule.times)),
                    }
                messages.success(request, text)
                url = reverse("meetings:calendar", kwargs={"org_code": self.org.code})
                return redirect(
                    f"{url}?year={dates.requested_year(request, org=self.org, ahead=1)}#rules"
                )
        return self.render_to_response(self.get_context_data(rule_form=form))


STATUS_LEGEND = [
    (compliance.OK, gettext_lazy("held")),
    (compliance.OVERDUE, gettext_lazy("overdue")),
    (compliance.DUE_SOON, gettext_lazy("due within a week")),
    (compliance.DUE, gettext_lazy("due")),
    (compliance.FUTURE, gettext_lazy("later")),
]


def cell_links(org: Organization, row: Row, cell: Cell, can_log: bool) -> dict[str, str | None]:
    """A cell with meetings opens them; a missing one offers to log it."""
    group = {"group": row.group.pk} if row.group else {}
    meetings_url = create_url = None
    if cell.held:
        query = {"kind": row.kind, "from": cell.start.isoformat(), "to": cell.end.isoformat()}
        base = reverse("meetings:index", kwargs={"org_code": org.code})
        meetings_url = f"{base}?{urlencode({**query, **group})}"
    elif can_log and cell.status in MISSING:
        base = reverse("meetings:create", kwargs={"org_code": org.code})
        create_url = f"{base}?{urlencode({'kind': row.kind, **group})}"
    return {"meetings_url": meetings_url, "create_url": create_url}


def kind_tables(org: Organization, cal: Calendar, can_log: bool) -> list[dict[str, Any]]:
    """One table per kind: its rows (one per party group for group meetings) × its periods."""
    tables = []
    for kind, base in FREQUENCIES.items():
        rows = [row for row in cal.rows if row.kind == kind]
        frequency = rows[0].frequency if rows else base
        tightened = any(row.tightened for row in rows)
        tables.append(
            {
                "kind": kind,
                "label": Kind(kind).label,
                "rule": rule_text(frequency) if tightened else str(base.text),
                "tightened": tightened,
                "per_group": base.per_group,
                "month_caption": frequency.period == Period.MONTH,
                "headings": [
                    period_heading(label, frequency.period)
                    for label, _start, _end in rules.periods(cal.year, frequency.period)
                ],
                "rows": [
                    {
                        "row": row,
                        "cells": [
                            {"cell": cell, **cell_links(org, row, cell, can_log)}
                            for cell in row.cells
                        ],
                    }
                    for row in rows
                ],
            }
        )
    return tables


def rule_rows(org: Organization) -> list[dict[str, Any]]:
    tightened = {r.kind: r for r in BranchRule.objects.filter(organization=org)}
    rows = []
    for kind, base in FREQUENCIES.items():
        rule = tightened.get(kind)
        rows.append(
            {
                "kind": kind,
                "label": Kind(kind).label,
                "default": str(base.text),
                "branch_rule": rule_text(Frequency(kind, rule.period, rule.times))
                if rule
                else None,
            }
        )
    return rows


# the higher admin's table -------------------------------------------------------------------


def higher_table(org: Organization, year: int, today: datetime.date) -> dict[str, Any]:
    """Every branch below ``org`` with its shortfalls by kind, the most behind first."""
    branches = branches_below(org)
    calendars = calendars_for(branches, year, today)
    kinds = list(FREQUENCIES)
    rows = []
    for branch in branches:
        cal = calendars[branch.pk]
        by_kind = cal.shortfalls_by_kind()
        rows.append(
            {
                "org": branch,
                "shortfalls": [by_kind.get(kind, 0) for kind in kinds],
                "lectures": cal.secretary_lectures,
                "total": cal.shortfalls,
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["org"].path))
    return {
        "kinds": [(kind, Kind(kind).label) for kind in kinds],
        "branch_rows": rows,
        "behind": sum(1 for r in rows if r["total"]),
    }
