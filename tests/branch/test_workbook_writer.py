"""The export's own .xlsx writer: what a spreadsheet program (here openpyxl) reads back."""

from __future__ import annotations

import datetime
import decimal
import io

import openpyxl

from branch.workbook_writer import StreamingWorkbook


def test_a_written_workbook_reads_back_cell_for_cell():
    book = StreamingWorkbook()
    book.add_sheet("党员名册", [12, 20])
    book.append(["姓名", "备注"], bold=True)
    day = datetime.date(2020, 2, 29)
    book.append(["王<五>&", day])
    book.append(['=HYPERLINK("x")', "第一行\r\n第二行  "])
    book.append([None, decimal.Decimal("12.50")])
    book.append([3, "a\x01b"])
    book.add_sheet("荣誉", [12])
    book.append(["日期"], bold=True)

    read = openpyxl.load_workbook(io.BytesIO(book.save()))
    assert read.sheetnames == ["党员名册", "荣誉"]
    sheet = read["党员名册"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["姓名", "备注"],
        ["王<五>&", datetime.datetime(2020, 2, 29)],
        ['=HYPERLINK("x")', "第一行\r\n第二行  "],
        [None, 12.5],
        [3, "ab"],
    ]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert not sheet["A2"].quotePrefix
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 20
    assert [c.value for c in read["荣誉"][1]] == ["日期"]
