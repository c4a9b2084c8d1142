"""The empty branch workbook a new branch fills in (DESIGN §6): every registered sheet with its
headers, one example row in grey, drop-down lists for the fixed values, date cells formatted as
dates, and a 说明 sheet with the rules. Importing it untouched imports nothing: the importer
skips the 说明 sheet and every row marked as an example in the 填写说明 column."""

from __future__ import annotations

import datetime
from typing import Any

import openpyxl
from django.utils import timezone
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from branch.workbook import EXAMPLE_COLUMN, EXAMPLE_MARK, INSTRUCTIONS_SHEET, registered_sheets
from branch.workbook_cells import date, month, past_date
from branch.xlsx import workbook_bytes

# Rows prepared with drop-down lists and date formats below the headers.
PREPARED_ROWS = 500
GREY = Font(color="808080", italic=True)
HEADER = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _examples(today: datetime.date) -> dict[str, dict[str, Any]]:
    """One plausible row per sheet, dated last year so every date rule accepts it."""
    last_year = today.year - 1
    return {
        "党员名册": {
            "姓名": "王小明",
            "性别": "男",
            "民族": "汉族",
            "出生日期": datetime.date(1990, 5, 1),
            "党员类别": "正式党员",
            "入党日期": datetime.date(2015, 7, 1),
            "转正日期": datetime.date(2016, 7, 1),
            "人员类别": "在职",
            "党小组": "第一党小组",
            "工作单位及职务": "青山镇中心小学 教师",
            "加入本支部日期": datetime.date(2018, 9, 1),
        },
        "支委会": {
            "姓名": "王小明",
            "职务": "书记",
            "任职日期": datetime.date(last_year, 1, 10),
            "分工": "主持支部全面工作",
        },
        "会议活动": {
            "日期": datetime.date(last_year, 3, 15),
            "类型": "支部党员大会",
            "主题": "学习贯彻党的二十大精神",
            "地点": "学校会议室",
            "主持人": "王小明",
            "参加人员": "王小明、李红",
            "缺席人员": "张伟（出差）",
        },
        "党费": {
            "姓名": "王小明",
            "月份": f"{last_year}-03",
            "金额": 42.5,
            "缴纳日期": datetime.date(last_year, 3, 5),
            "类型": "按月",
        },
        "荣誉": {
            "日期": datetime.date(last_year, 7, 1),
            "名称": "先进基层党组织",
            "授予单位": "青山镇党委",
            "等次": "县级",
        },
    }


RULES = [
    "每张工作表的第一行是列标题，请勿修改；带“*”的列必须填写，黄色底色。",
    "灰色斜体的一行是示例，导入时不会读入，可以保留也可以删除。",
    "日期填写为日期格式或“2024-03-15”；党费的月份填写为“2024-03”。",
    "带下拉箭头的列只能填写列表中的值（见本表右侧的“可选值”）。",
    "多个姓名用顿号“、”或逗号分隔；缺席人员的原因写在姓名后的括号中，如“张三（出差）”。",
    "会议活动中的主持人、主讲人、参加人员和缺席人员须是党员名册中的人；外请主讲人在姓名后写“（外请）”。",
    "党员名册或会议活动中写到的党小组如尚不存在，导入时在本支部中建立。",
    "没有核定基数的年份，导入的党费金额即作为当月应缴金额。",
    "可以只填写其中几张工作表；整个文件全部正确时才会导入，有错误时不写入任何记录，并逐条指出工作表、行和列。",
]


def template_workbook(*, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    examples = _examples(today)
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = INSTRUCTIONS_SHEET
    notes.column_dimensions["A"].width = 100
    notes.append(["支部通 党支部台账导入模板 填写说明"])
    notes["A1"].font = Font(bold=True, size=14)
    for line in RULES:
        notes.append([line])
    lists_at = 3  # the columns of allowed values start at C
    for sheet in registered_sheets():
        ws = book.create_sheet(sheet.name)
        headers = [c.name + ("*" if c.required else "") for c in sheet.columns]
        ws.append([*headers, EXAMPLE_COLUMN])
        example = examples.get(sheet.name, {})
        ws.append([example.get(c.name) for c in sheet.columns] + [EXAMPLE_MARK])
        ws.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            head = ws.cell(row=1, column=index)
            head.font = HEADER
            if column.required:
                head.fill = REQUIRED_FILL
            ws.column_dimensions[letter].width = max(12, 2 * len(column.name) + 4)
            ws.cell(row=2, column=index).font = GREY
            cells = f"{letter}2:{letter}{PREPARED_ROWS + 1}"
            if column.parse in (date, past_date) or getattr(column.parse, "is_date", False):
                for row in range(2, PREPARED_ROWS + 2):
                    ws.cell(row=row, column=index).number_format = "yyyy-mm-dd"
            elif column.parse is month:
                for row in range(2, PREPARED_ROWS + 2):
                    ws.cell(row=row, column=index).number_format = "@"
            labels = getattr(column.parse, "labels", None)
            if labels:
                list_letter = get_column_letter(lists_at)
                notes.cell(row=1, column=lists_at, value=f"可选值：{sheet.name}·{column.name}")
                notes.cell(row=1, column=lists_at).font = HEADER
                for offset, label in enumerate(labels, start=2):
                    notes.cell(row=offset, column=lists_at, value=label)
                notes.column_dimensions[list_letter].width = max(14, 2 * len(column.name) + 8)
                source = (
                    f"{quote_sheetname(INSTRUCTIONS_SHEET)}!"
                    f"${list_letter}$2:${list_letter}${len(labels) + 1}"
                )
                check = DataValidation(type="list", formula1=source, allow_blank=True)
                check.error = f"请从列表中选择{column.name}。"
                check.errorTitle = column.name
                check.showErrorMessage = True
                ws.add_data_validation(check)
                check.add(cells)
                lists_at += 1
        mark = ws.cell(row=2, column=len(sheet.columns) + 1)
        mark.font = GREY
        ws.column_dimensions[get_column_letter(len(sheet.columns) + 1)].width = 24
    return workbook_bytes(book)
