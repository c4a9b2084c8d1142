"""The statistics pages. A branch's page: its members over five years, organisational life
and dues per month, the development pipeline. A committee's page: a table of every branch
below it, sortable and a page at a time, with a workbook of it. Each chart comes with its
numbers as a table, for screen readers and for copying."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from branch import dates
from branch.mixins import OrganizationMixin
from dues.views_common import xlsx_response
from members.models import PIPELINE_STAGES, Category, Stage
from stats import charts, selectors
from stats.export import table_workbook
from stats.selectors import LIFE_KINDS, OTHER, BranchRow, life_label

PER_PAGE = 50


def month_label(month: int) -> str:
    return _("M%(month)d") % {"month": month}


def day_label(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return _("today")
    return _("end of %(year)d") % {"year": day.year}


def year_nav(year: int, today: datetime.date) -> dict[str, int | None]:
    return {"previous_year": year - 1, "next_year": year + 1 if year < today.year else None}


class StatsView(OrganizationMixin, TemplateView):
    """Who reads the branch's records (secretary, committee, the committees above) sees its
    statistics; on a committee, who reads the records of the branches below sees the table."""

    page_cache = True
    permission = "view_organization"

    def get_template_names(self) -> list[str]:
        return ["stats/branch.html" if self.org.is_branch else "stats/committee.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = dates.requested_year(self.request, org=self.org)
        context.update(year=year, today=today, **year_nav(year, today))
        if self.org.is_branch:
            context.update(branch_context(self.org, year, today))
        else:
            context.update(committee_context(self.request, self.org, year, today))
        return context


# A branch -----------------------------------------------------------------------------------


def branch_context(org, year: int, today: datetime.date) -> dict[str, Any]:
    snapshots = selectors.members_over_years(org, selectors.snapshot_days(year, today))
    labels = [day_label(s.day, today) for s in snapshots]
    stages = list(Stage)
    categories = list(Category)
    life = selectors.life_by_month(org, year, today)
    dues = selectors.dues_by_month(org, year, today)
    months = [month_label(m.month) for m in life]
    kinds = [*LIFE_KINDS, OTHER]
    last = snapshots[-1] if snapshots else None
    pipeline = [(stage, last.stages[stage] if last else 0) for stage in PIPELINE_STAGES]
    return {
        "snapshots": snapshots,
        "snapshot_rows": [
            {
                "label": label,
                "stages": [s.stages[stage] for stage in stages],
                "stage_total": sum(s.stages[stage] for stage in stages),
                "categories": [s.categories[c] for c in categories],
                "category_total": sum(s.categories[c] for c in categories),
            }
            for label, s in zip(labels, snapshots, strict=True)
        ],
        "stage_labels": [stage.label for stage in stages],
        "category_labels": [c.label for c in categories],
        "stage_chart": charts.bar_chart(
            _("People by stage"),
            labels,
            [charts.Series(str(st.label), [s.stages[st] for s in snapshots]) for st in stages],
            stacked=True,
        ),
        "category_chart": charts.bar_chart(
            _("Party members by category"),
            labels,
            [charts.Series(str(c.label), [s.categories[c] for s in snapshots]) for c in categories],
            stacked=True,
        ),
        "pipeline": [(Stage(stage).label, n) for stage, n in pipeline],
        "pipeline_day": labels[-1] if labels else "",
        "pipeline_chart": charts.bar_chart(
            _("Development pipeline by stage"),
            [str(Stage(stage).label) for stage, _n in pipeline],
            [charts.Series("", [n for _stage, n in pipeline])],
        ),
        "life": life,
        "life_kinds": [life_label(kind) for kind in kinds],
        "life_rows": [
            {"label": label, "month": m, "held": [m.held[kind] for kind in kinds]}
            for label, m in zip(months, life, strict=True)
        ],
        "life_chart": charts.bar_chart(
            _("Meetings held per month"),
            [str(m.month) for m in life],
            [charts.Series(life_label(k), [m.held[k] for m in life]) for k in kinds],
            stacked=True,
        ),
        "rules_chart": charts.bar_chart(
            _("Periods of the rules ending each month"),
            [str(m.month) for m in life],
            [
                charts.Series(_("met"), [m.met for m in life], "chart-ok"),
                charts.Series(_("short"), [m.short for m in life], "chart-bad"),
                charts.Series(_("not over yet"), [m.open for m in life], "chart-open"),
            ],
            stacked=True,
        ),
        "dues": [(label, d) for label, d in zip(months, dues, strict=True)],
        "dues_chart": charts.line_chart(
            _("Dues collection rate per month"),
            [str(d.month) for d in dues],
            [charts.Series("", [float(d.rate) if d.rate is not None else None for d in dues])],
            unit="%",
            top=100,
        ),
    }


# A committee --------------------------------------------------------------------------------

COLUMNS = [
    ("name", gettext_lazy("Branch")),
    ("compliance", gettext_lazy("Compliance")),
    ("short", gettext_lazy("Periods short")),
    ("dues", gettext_lazy("Dues collection rate")),
    ("reports", gettext_lazy("Finalised reports")),
    ("published", gettext_lazy("Items published")),
    ("secretary", gettext_lazy("Secretary in office")),
    ("term", gettext_lazy("Committee term ends on")),
]

# (label, lowest value in the band); a branch without the figure is counted apart
BANDS = [("100%", 100), ("90–99.9%", 90), ("75–89.9%", 75), (gettext_lazy("below 75%"), 0)]


def bands(values: list) -> list[int]:
    counts = [0] * (len(BANDS) + 1)
    for value in values:
        if value is None:
            counts[-1] += 1
            continue
        counts[next(i for i, (_label, low) in enumerate(BANDS) if value >= low)] += 1
    return counts


def committee_context(request, org, year: int, today: datetime.date) -> dict[str, Any]:
    rows, sort = selectors.sort_rows(
        selectors.cached_branch_table(org, year, today), request.GET.get("sort", "")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    band_labels = [str(label) for label, _low in BANDS] + [_("no figure")]
    compliance_bands = bands([r.compliance for r in rows])
    dues_bands = bands([r.dues_rate for r in rows])
    columns = []
    for key, label in COLUMNS:
        current = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        next_sort = f"-{key}" if current and not descending else key
        columns.append(
            {
                "label": label,
                "url": "?" + urlencode({"year": year, "sort": next_sort}),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return {
        "page": page,
        "rows": page.object_list,
        "total": len(rows),
        "sort": sort,
        "columns": columns,
        "query": urlencode({"year": year, "sort": sort}),
        "export_query": urlencode({"year": year, "sort": sort}),
        "without_secretary": sum(not r.has_secretary for r in rows),
        "expiring": sum(r.term_expiring for r in rows),
        "band_labels": band_labels,
        "band_rows": list(zip(band_labels, compliance_bands, dues_bands, strict=True)),
        "bands_chart": charts.bar_chart(
            _("Branches by compliance and by dues collection rate"),
            band_labels,
            [
                charts.Series(_("Compliance"), compliance_bands),
                charts.Series(_("Dues collection rate"), dues_bands),
            ],
        ),
    }


class BranchTableExportView(OrganizationMixin, View):
    """The committee's table as a workbook, in the order of the page."""

    permission = "view_organization"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.org.is_branch:
            raise Http404(_("The table of branches belongs to a committee above them."))
        today = timezone.localdate()
        year = dates.requested_year(request, org=self.org)
        rows: list[BranchRow]
        rows, _sort = selectors.sort_rows(
            selectors.cached_branch_table(self.org, year, today), request.GET.get("sort", "")
        )
        content = table_workbook(_("Branches %(year)d") % {"year": year}, rows)
        return xlsx_response(content, f"{self.org.name}{year}年支部统计.xlsx")
