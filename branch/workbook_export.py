"""Writing the branch workbook: every registered sheet with its headers and the organisation's
records, in the format ``branch.workbook.import_workbook`` reads back (DESIGN §6: export →
import round-trips). A pure function of the records: the view or a task decides what to do
with the bytes."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from branch.models import Organization
from branch.workbook import ExportContext, registered_sheets
from branch.xlsx import FORMULA_STARTS

BOLD = Font(bold=True)


def export_workbook(*, org: Organization, personal_data: bool, year: int | None = None) -> bytes:
    """The organisation's records as a workbook that ``import_workbook`` reads back. With
    ``year``, the dated records (meetings, dues, honours) of that year only; the roster and the
    committee are always whole, so the file still imports into an empty branch."""
    ctx = ExportContext(org=org, today=timezone.localdate(), personal_data=personal_data, year=year)
    # Written row by row as the sheets yield them: a large branch's five years are some
    # 20,000 rows, which a workbook held whole in memory writes several times slower.
    book = openpyxl.Workbook(write_only=True)
    for sheet in registered_sheets():
        ws = book.create_sheet(sheet.name)
        for index, column in enumerate(sheet.columns, start=1):
            # wide enough for a date or an ID number, and for the header itself
            width = max(12, 2 * len(column.name) + 2)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.append([_header(ws, c.name) for c in sheet.columns])
        for record in sheet.export(ctx):
            ws.append([_cell(ws, record.get(c.name)) for c in sheet.columns])
    if not book.worksheets:
        book.create_sheet("Sheet")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(ws: Any, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=name)
    cell.font = BOLD
    return cell


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # text, never a formula (branch.xlsx): a name typed as "=HYPERLINK(…)" stays a name
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value
