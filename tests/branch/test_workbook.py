"""The branch workbook: reading cells, the all-or-nothing import, the command, the upload page
with its preview and confirmation, the export, and who may use them."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from branch.models import AuditEntry, Honor
from branch.workbook_cells import CellError, choice, date, month, text_list
from branch.workbook_import import import_workbook

HONOR_HEADERS = ["日期", "名称", "授予单位", "等次"]


def make_workbook(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with one sheet per entry: its rows, headers first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    path.write_bytes(make_workbook(sheets))
    return path


def honours(*rows: list) -> dict[str, list[list]]:
    return {"荣誉": [HONOR_HEADERS, *rows]}


def run(org, content: bytes, **kwargs):
    with translation.override("en"):
        result = import_workbook(org=org, source=io.BytesIO(content), actor=None, **kwargs)
        return result, [str(p) for p in result.errors]


GOOD_HONOURS = honours(
    [datetime.date(2025, 6, 28), "先进基层党组织", "青山镇党委", "镇级"],
    ["2024/07/01", "五星级党支部", "清河县委组织部", "县级"],
    [datetime.datetime(2023, 7, 1, 0, 0), "优秀党支部", "", ""],
)


# Cells --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2020, 7, 1),
        datetime.datetime(2020, 7, 1, 0, 0),
        "2020-07-01",
        "2020/7/1",
        "2020.07.01",
        " 2020年7月1日 ",
    ],
)
def test_it_reads_dates_written_in_the_usual_ways(value):
    assert date(value) == datetime.date(2020, 7, 1)


@pytest.mark.parametrize("value", ["2020-13-01", "01/07/2020", "七月一日", 20200701])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError):
        date(value)


def test_it_reads_months_and_lists():
    assert month("2025-03") == datetime.date(2025, 3, 1)
    assert month(datetime.datetime(2025, 3, 9)) == datetime.date(2025, 3, 1)
    assert text_list("张三、李四,王五，赵六") == ["张三", "李四", "王五", "赵六"]


def test_a_choice_names_what_it_accepts():
    parse = choice({"男": "male", "女": "female"})
    assert parse(" 女 ") == "female"
    with translation.override("en"), pytest.raises(CellError, match="男/女"):
        parse("未知")


# Importing ----------------------------------------------------------------------------------


def test_it_imports_honours_and_writes_the_audit_trail(school):
    result, errors = run(school, make_workbook(GOOD_HONOURS))
    assert errors == []
    assert result.written
    assert [(s.name, s.created, s.updated, s.unchanged) for s in result.sheets] == [
        ("荣誉", 3, 0, 0)
    ]
    honor = Honor.objects.get(organization=school, title="五星级党支部")
    assert (honor.awarded_on, honor.issuer, honor.rank) == (
        datetime.date(2024, 7, 1),
        "清河县委组织部",
        "县级",
    )
    assert AuditEntry.objects.filter(organization=school, action="create").count() == 3


def test_the_same_file_twice_changes_nothing_the_second_time(school):
    run(school, make_workbook(GOOD_HONOURS))
    audit_before = AuditEntry.objects.count()
    result, errors = run(school, make_workbook(GOOD_HONOURS))
    assert errors == []
    assert [(s.created, s.updated, s.unchanged) for s in result.sheets] == [(0, 0, 3)]
    assert Honor.objects.filter(organization=school).count() == 3
    assert AuditEntry.objects.count() == audit_before


def test_a_changed_rank_updates_the_honour_found_by_date_and_title(school):
    run(school, make_workbook(GOOD_HONOURS))
    result, _errors = run(
        school, make_workbook(honours(["2025-06-28", "先进基层党组织", "", "县级"]))
    )
    assert [(s.created, s.updated) for s in result.sheets] == [(0, 1)]
    honor = Honor.objects.get(organization=school, title="先进基层党组织")
    assert (honor.issuer, honor.rank) == ("青山镇党委", "县级")  # a blank cell keeps the issuer


def test_one_bad_row_writes_nothing_and_names_sheet_row_and_column(school):
    bad = honours(
        ["2025-06-28", "先进基层党组织", "", ""],
        ["2025-02-30", "五星级党支部", "", ""],
        ["2023-07-01", "", "", ""],
    )
    result, errors = run(school, make_workbook(bad))
    assert not result.written
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [
        ("荣誉", 3, "日期"),
        ("荣誉", 4, "名称"),
    ]
    assert errors[0].startswith("Sheet 荣誉, row 3, column 日期:")
    assert not Honor.objects.exists()


def test_an_error_found_while_writing_rolls_back_the_rows_before_it(school):
    far_future = timezone.localdate() + datetime.timedelta(days=400)
    bad = honours(["2025-06-28", "先进基层党组织", "", ""], ["2025-07-01", "优" * 121, "", ""])
    result, _errors = run(school, make_workbook(bad))
    assert [(p.row, p.column) for p in result.errors] == [(3, "名称")]
    assert not Honor.objects.exists()
    result, _errors = run(school, make_workbook(honours([far_future, "未来", "", ""])))
    assert [(p.row, p.column) for p in result.errors] == [(2, "日期")]


def test_the_same_honour_twice_in_one_file_is_a_row_error(school):
    twice = honours(["2025-06-28", "先进", "", ""], ["2025/6/28", "先进", "", ""])
    result, errors = run(school, make_workbook(twice))
    assert [(p.row, p.column) for p in result.errors] == [(3, "名称")]
    assert "row 2" in errors[0]
    assert not Honor.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(school):
    result, errors = run(school, b"name,date\n\xe5\xbc\xa0,2020-01-01\n")
    assert errors == ["The file is not an Excel workbook (.xlsx)."]
    assert not result.written


def test_wrong_headers_name_the_sheet_and_the_missing_columns(school):
    wrong = {"荣誉": [["时间", "标题", "等次"], ["2025-06-28", "先进", ""]]}
    _result, errors = run(school, make_workbook(wrong))
    assert errors == ["Sheet 荣誉: Required columns are missing: 日期、名称."]
    assert not Honor.objects.exists()


def test_headers_may_carry_a_star_and_extra_columns_are_ignored(school):
    sheet = {"荣誉": [["日期*", "名称*", "备注"], ["2025-06-28", "先进", "随便写"]]}
    _result, errors = run(school, make_workbook(sheet))
    assert errors == []
    assert Honor.objects.filter(title="先进").exists()


def test_an_empty_sheet_is_reported(school):
    result, errors = run(school, make_workbook({"荣誉": [HONOR_HEADERS]}))
    with translation.override("en"):
        notices = [str(n) for n in result.notices]
    assert notices == ["Sheet 荣誉: No data rows; nothing to import."]
    assert errors == ["The workbook holds no records to import."]


def test_an_empty_sheet_beside_others_is_only_a_notice(school):
    sheets = {**GOOD_HONOURS, "支委会": [["姓名", "职务", "任职日期"]]}
    result, errors = run(school, make_workbook(sheets))
    assert errors == []
    assert [n.sheet for n in result.notices] == ["支委会"]
    assert Honor.objects.count() == 3


def test_an_unknown_sheet_is_reported_and_nothing_is_written(school):
    sheets = {**GOOD_HONOURS, "会员名单": [["姓名"], ["张三"]]}
    _result, errors = run(school, make_workbook(sheets))
    assert len(errors) == 1
    assert errors[0].startswith("Sheet 会员名单: Unknown sheet")
    assert "党员名册" in errors[0]
    assert not Honor.objects.exists()


def test_a_dry_run_reports_but_writes_nothing(school):
    result, errors = run(school, make_workbook(GOOD_HONOURS), dry_run=True)
    assert errors == []
    assert [s.created for s in result.sheets] == [3]
    assert not result.written
    assert not Honor.objects.exists()
    assert not AuditEntry.objects.filter(organization=school).exists()


# The command --------------------------------------------------------------------------------


def test_the_command_imports_and_prints_what_it_did(school, tmp_path):
    path = write_workbook(tmp_path / "台账.xlsx", GOOD_HONOURS)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_records", "--org", "school", str(path), stdout=out)
    assert "荣誉: 3 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Honor.objects.filter(organization=school).count() == 3


def test_the_command_dry_run_writes_nothing(school, tmp_path):
    path = write_workbook(tmp_path / "台账.xlsx", GOOD_HONOURS)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_records", "--org", "school", str(path), "--dry-run", stdout=out)
    assert "荣誉: 3 to create" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert not Honor.objects.exists()


def test_the_command_prints_each_problem_and_exits_non_zero(school, tmp_path):
    bad = honours(["2025-06-28", "先进", "", ""], ["不是日期", "优秀", "", ""])
    path = write_workbook(tmp_path / "台账.xlsx", bad)
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("import_records", "--org", "school", str(path), stderr=err)
    # manage.py exits with a CommandError's return code (run_from_argv closes the database
    # connection afterwards, which a test inside a transaction cannot afford, so not run here)
    assert failure.value.returncode != 0
    assert "Nothing was imported: 1 problem." in str(failure.value)
    assert "Sheet 荣誉, row 3, column 日期:" in err.getvalue()
    assert not Honor.objects.exists()


def test_the_command_refuses_an_unknown_organisation_and_a_missing_file(school, tmp_path):
    with translation.override("en"):
        with pytest.raises(CommandError, match="no-such"):
            call_command("import_records", "--org", "no-such", str(tmp_path / "x.xlsx"))
        with pytest.raises(CommandError, match="Cannot open"):
            call_command("import_records", "--org", "school", str(tmp_path / "x.xlsx"))


def test_row_numbers_are_those_excel_shows_even_after_blank_rows(school):
    sheet = honours(
        ["2025-06-28", "先进", "", ""], ["", "", "", ""], ["2025-02-30", "优秀", "", ""]
    )
    result, _errors = run(school, make_workbook(sheet))
    assert [(p.row, p.column) for p in result.errors] == [(4, "日期")]


def test_a_sheet_given_twice_is_refused(school):
    sheets = {**GOOD_HONOURS, "荣誉 ": GOOD_HONOURS["荣誉"]}
    _result, errors = run(school, make_workbook(sheets))
    assert errors == ["Sheet 荣誉 : This sheet appears twice in the workbook."]
    assert not Honor.objects.exists()


def test_people_go_to_a_branch_but_a_committee_may_import_its_honours(town):
    sheets = {**GOOD_HONOURS, "党员名册": [["姓名", "性别", "出生日期", "党员类别"]]}
    _result, errors = run(town, make_workbook(sheets))
    assert errors == ["Sheet 党员名册: 青山镇党委 is not a party branch."]
    _result, errors = run(town, make_workbook(GOOD_HONOURS))
    assert errors == []
    assert Honor.objects.filter(organization=town).count() == 3
