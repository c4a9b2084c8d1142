"""The committee's table of its branches as a workbook (``branch.xlsx`` writes it, so no
branch name can run as a formula)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from branch.xlsx import workbook_bytes
from stats.selectors import BranchRow


def headers() -> list[str]:
    return [
        _("Branch"),
        _("Periods met"),
        _("Periods short"),
        _("Compliance (%)"),
        _("Dues collection rate (%)"),
        _("Finalised reports"),
        _("Items published"),
        _("Secretary in office"),
        _("Committee term ends on"),
        _("Term ending or ended"),
    ]


def table_workbook(title: str, rows: list[BranchRow]) -> bytes:
    """One sheet: a header row, then a row per branch; numbers as numbers, dates as dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers())
    yes, no = _("yes"), _("no")
    for r in rows:
        sheet.append(
            [
                r.org.name,
                r.met,
                r.short,
                float(r.compliance) if r.compliance is not None else None,
                float(r.dues_rate) if r.dues_rate is not None else None,
                r.final_reports,
                r.published,
                yes if r.has_secretary else no,
                r.term_ends_on,
                yes if r.term_expiring else no,
            ]
        )
    for column in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 28 if column == 1 else 14
    for cell in sheet["I"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    return workbook_bytes(book)
