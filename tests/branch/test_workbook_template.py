"""The empty workbook a new branch downloads from the import page, fills in and imports."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from branch.workbook import EXAMPLE_COLUMN, INSTRUCTIONS_SHEET, registered_sheets
from branch.workbook_import import import_workbook
from branch.workbook_template import template_workbook
from members.models import Person


def test_the_template_has_every_sheet_with_headers_an_example_and_drop_downs():
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheets = registered_sheets()
    assert book.sheetnames == [INSTRUCTIONS_SHEET] + [s.name for s in sheets]
    roster = book["党员名册"]
    headers = [c.value for c in roster[1]]
    assert headers[0] == "姓名*" and headers[-1] == EXAMPLE_COLUMN
    assert "身份证号" in headers and "党员类别*" in headers
    assert roster["A2"].value == "王小明" and roster["A2"].font.italic, "the example row is grey"
    birth = roster.cell(row=2, column=headers.index("出生日期*") + 1)
    assert birth.is_date and birth.number_format == "yyyy-mm-dd"
    lists = {
        str(dv.sqref).split(":")[0][:1]: dv.formula1
        for dv in roster.data_validations.dataValidation
    }
    stage_letter = openpyxl.utils.get_column_letter(headers.index("党员类别*") + 1)
    assert stage_letter in lists and INSTRUCTIONS_SHEET in lists[stage_letter]
    notes = book[INSTRUCTIONS_SHEET]
    allowed = [row for row in notes.iter_cols(values_only=True) if row[0] and "党员类别" in row[0]]
    assert allowed and "预备党员" in allowed[0]


def test_importing_the_untouched_template_imports_nothing_and_says_so(school):
    result = import_workbook(org=school, source=io.BytesIO(template_workbook()), actor=None)
    assert not result.written
    messages = [str(p) for p in result.errors]
    assert any("没有可导入的记录" in m for m in messages), messages
    assert not any(INSTRUCTIONS_SHEET in m for m in messages), "the 说明 sheet is not unknown"
    assert not Person.objects.exists()


def test_a_filled_in_template_imports_its_rows_but_not_the_example(school):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    roster = book["党员名册"]
    headers = [str(c.value).rstrip("*") for c in roster[1]]
    row = {
        "姓名": "李四",
        "性别": "女",
        "出生日期": "1991-02-03",
        "党员类别": "正式党员",
        "入党日期": "2016-06-01",
        "转正日期": "2017-06-01",
    }
    roster.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    result = import_workbook(org=school, source=buffer, actor=None)

    assert result.written, [str(p) for p in result.errors]
    assert list(Person.objects.values_list("name", flat=True)) == ["李四"]


def test_the_import_page_offers_the_template(client, secretary, school):
    client.force_login(secretary)
    page = client.get(reverse("branch:import", args=[school.code])).content.decode()
    url = reverse("branch:import_template", args=[school.code])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_only_those_who_may_import_download_the_template(client, member, school):
    client.force_login(member)
    assert client.get(reverse("branch:import_template", args=[school.code])).status_code == 403
