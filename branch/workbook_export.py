"""Writing the branch workbook: every registered sheet with its headers and the organisation's
records, in the format ``branch.workbook.import_workbook`` reads back (DESIGN §6: export →
import round-trips). A pure function of the records: the view or a task decides what to do
with the bytes."""

from __future__ import annotations

import datetime
from typing import Any

import openpyxl
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from branch.models import Organization
from branch.workbook import ExportContext, registered_sheets
from branch.xlsx import workbook_bytes


def export_workbook(*, org: Organization, personal_data: bool, year: int | None = None) -> bytes:
    """The organisation's records as a workbook that ``import_workbook`` reads back. With
    ``year``, the dated records (meetings, dues, honours) of that year only; the roster and the
    committee are always whole, so the file still imports into an empty branch."""
    ctx = ExportContext(org=org, today=timezone.localdate(), personal_data=personal_data, year=year)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in registered_sheets():
        ws = book.create_sheet(sheet.name)
        ws.append([c.name for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for record in sheet.export(ctx):
            ws.append([_cell(record.get(c.name)) for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            # wide enough for a date or an ID number, and for the header itself
            width = max(12, 2 * len(column.name) + 2)
            ws.column_dimensions[get_column_letter(index)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    if not book.worksheets:
        book.create_sheet("Sheet")
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return "" if value is None else value
