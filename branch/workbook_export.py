"""Writing the branch workbook: every registered sheet with its headers and the organisation's
records, in the format ``branch.workbook.import_workbook`` reads back (DESIGN §6: export →
import round-trips). A pure function of the records: the view or a task decides what to do
with the bytes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from branch.models import Organization
from branch.workbook import ExportContext, registered_sheets
from branch.workbook_writer import StreamingWorkbook


def export_workbook(*, org: Organization, personal_data: bool, year: int | None = None) -> bytes:
    """The organisation's records as a workbook that ``import_workbook`` reads back. With
    ``year``, the dated records (meetings, dues, honours) of that year only; the roster and the
    committee are always whole, so the file still imports into an empty branch."""
    ctx = ExportContext(org=org, today=timezone.localdate(), personal_data=personal_data, year=year)
    # Written row by row as the sheets yield them (branch.workbook_writer): a large branch's
    # five years are some 20,000 rows, which openpyxl writes ten times slower.
    book = StreamingWorkbook()
    for sheet in registered_sheets():
        # wide enough for a date or an ID number, and for the header itself
        book.add_sheet(sheet.name, [max(12, 2 * len(c.name) + 2) for c in sheet.columns])
        book.append([c.name for c in sheet.columns], bold=True)
        for record in sheet.export(ctx):
            book.append([_cell(record.get(c.name)) for c in sheet.columns])
    if not book.sheets:
        book.add_sheet("Sheet", [])
    return book.save()


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return value
