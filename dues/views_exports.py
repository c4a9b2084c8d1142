"""The dues workbooks as downloads, with the permissions of the pages they copy."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import View

from branch.mixins import OrganizationMixin
from dues.exports import month_workbook, notice_workbook, summary_workbook
from dues.selectors import month_sheet, year_summary
from dues.views_common import month_or_404, require_branch, xlsx_response, year_or_404


class MonthExportView(OrganizationMixin, View):
    permission = "view_organization"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        require_branch(self.org)
        month = month_or_404(kwargs["year"], kwargs["month"])
        content = month_workbook(self.org, month, month_sheet(self.org, month))
        return xlsx_response(
            content, f"{self.org.name}{month.year}年{month.month}月党费收缴表.xlsx"
        )


class SummaryExportView(OrganizationMixin, View):
    permission = "view_organization"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        require_branch(self.org)
        year = year_or_404(kwargs["year"])
        content = summary_workbook(year_summary(self.org, year))
        return xlsx_response(content, f"{self.org.name}{year}年度党费收缴汇总.xlsx")


class NoticeExportView(OrganizationMixin, View):
    """The 公示 as a workbook: members may read the notice, so they may download it."""

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        require_branch(self.org)
        year = year_or_404(kwargs["year"])
        content = notice_workbook(year_summary(self.org, year), timezone.localdate())
        return xlsx_response(content, f"{self.org.name}{year}年度党费收缴情况公示.xlsx")
