"""The dues workbooks: the month sheet, the year summary and the yearly 公示. Pure functions
from the selectors' results to the bytes of an .xlsx file.

Sheet and column titles are Chinese on purpose: they copy the party's paper forms, which the
higher committee expects whatever language the screen is in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from branch.models import Organization
from branch.xlsx import workbook_bytes
from dues.selectors import ZERO, SheetRow, YearSummary

MONEY = "0.00"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _sheet(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: Sequence[Any] | None = None,
    widths: Sequence[int] = (),
) -> None:
    """A title line, a header line, the rows and an optional total line; money columns are
    formatted to the fen."""
    ws.append([title])
    ws.cell(1, 1).font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(list(headers))
    for cell in ws[2]:
        cell.font = BOLD
    for row in rows:
        ws.append(list(row))
    if total is not None:
        ws.append(list(total))
        for cell in ws[ws.max_row]:
            cell.font = BOLD
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"


def _bytes(wb: Workbook) -> bytes:
    return workbook_bytes(wb)


def _rate(summary: YearSummary) -> str:
    """The one 收缴率 (``dues.selectors.Collection``), as the pages show it."""
    return "—" if summary.rate is None else f"{summary.rate}%"


def month_workbook(org: Organization, month: datetime.date, rows: list[SheetRow]) -> bytes:
    """党费收缴表 of one month: per member due, paid, owed, and the totals."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{month:%Y-%m}"
    due = sum((r.line.due for r in rows), ZERO)
    paid = sum((r.line.paid for r in rows), ZERO)
    owed = sum((r.line.owed for r in rows), ZERO)
    _sheet(
        ws,
        f"{org.name}{month.year}年{month.month}月党费收缴表",
        ["序号", "姓名", "应缴金额（元）", "实缴金额（元）", "欠缴金额（元）"],
        (
            [i, r.person.name, r.line.due, r.line.paid, r.line.owed]
            for i, r in enumerate(rows, start=1)
        ),
        ["", "合计", due, paid, owed],
        widths=(6, 14, 16, 16, 16),
    )
    return _bytes(wb)


def summary_workbook(summary: YearSummary) -> bytes:
    """党费收缴年度汇总: the totals, then one sheet by member and one by month."""
    org, year = summary.organization, summary.year
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    _sheet(
        ws,
        f"{org.name}{year}年度党费收缴汇总",
        ["项目", "金额（元）"],
        [
            ["应缴", summary.due],
            ["实缴", summary.paid],
            ["欠缴", summary.owed],
            ["收缴率", _rate(summary)],
            ["其中补交", summary.back],
            ["自愿多交", summary.extra],
            ["上缴中央（单笔1000元以上）", summary.to_central],
        ],
        widths=(28, 16),
    )
    _sheet(
        wb.create_sheet("按党员"),
        f"{org.name}{year}年度党费收缴（按党员）",
        ["序号", "姓名", "应缴（元）", "实缴（元）", "欠缴（元）", "自愿多交（元）"],
        (
            [i, person.name, due, paid, max(due - paid, ZERO), extra]
            for i, (person, due, paid, extra) in enumerate(summary.per_person, start=1)
        ),
        [
            "",
            "合计",
            sum((r[1] for r in summary.per_person), ZERO),
            sum((r[2] for r in summary.per_person), ZERO),
            sum((max(r[1] - r[2], ZERO) for r in summary.per_person), ZERO),
            sum((r[3] for r in summary.per_person), ZERO),
        ],
        widths=(6, 14, 14, 14, 14, 16),
    )
    _sheet(
        wb.create_sheet("按月份"),
        f"{org.name}{year}年度党费收缴（按月份）",
        ["月份", "应缴（元）", "实缴（元）", "其中补交（元）", "自愿多交（元）"],
        ([f"{m.month:%Y-%m}", m.due, m.paid, m.back, m.extra] for m in summary.by_month),
        [
            "合计",
            sum((m.due for m in summary.by_month), ZERO),
            sum((m.paid for m in summary.by_month), ZERO),
            sum((m.back for m in summary.by_month), ZERO),
            sum((m.extra for m in summary.by_month), ZERO),
        ],
        widths=(10, 14, 14, 16, 16),
    )
    return _bytes(wb)


def notice_workbook(summary: YearSummary, published_on: datetime.date) -> bytes:
    """党费收缴情况公示: the year's totals and each member's due and paid, names only."""
    org, year = summary.organization, summary.year
    wb = Workbook()
    ws = wb.active
    ws.title = "公示"
    _sheet(
        ws,
        f"{org.name}{year}年度党费收缴情况公示",
        ["序号", "姓名", "应缴（元）", "实缴（元）"],
        (
            [i, person.name, due, paid]
            for i, (person, due, paid, _extra) in enumerate(summary.per_person, start=1)
        ),
        [
            "",
            "合计",
            sum((r[1] for r in summary.per_person), ZERO),
            sum((r[2] for r in summary.per_person), ZERO),
        ],
        widths=(6, 14, 14, 14),
    )
    ws.append([])
    ws.append(["收缴率", _rate(summary)])
    ws.append(["其中补交（元）", summary.back])
    ws.append(["自愿多交（元）", summary.extra])
    ws.append(["上缴中央（元）", summary.to_central])
    for row in ws.iter_rows(min_row=ws.max_row - 2):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY
    ws.append([])
    ws.append([org.name])
    ws.append([f"{published_on.year}年{published_on.month}月{published_on.day}日"])
    return _bytes(wb)
