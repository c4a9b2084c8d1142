"""Saving a workbook the site writes (exports, sheets, the empty template).

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
so a name or a topic typed as ``=HYPERLINK(…)`` would run in the 公示 every member downloads.
Every text cell that could be taken for a formula is written as text, marked the way a
spreadsheet marks text typed after an apostrophe; the value itself is unchanged, so an export
still imports back as it was. Numbers, dates and money stay what they are."""

from __future__ import annotations

import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formulas(book: Workbook) -> None:
    """Make every text cell of ``book`` that a spreadsheet could read as a formula plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # openpyxl types a str starting with "=" as a formula
                    cell.quotePrefix = True


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of ``book``, with no text cell that could run as a formula."""
    neutralise_formulas(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
