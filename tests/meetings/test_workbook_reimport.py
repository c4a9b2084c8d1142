"""An exported workbook edited and imported again: what a row of 会议活动 says differently from
the record is applied and shown in the preview with its columns; an unknown name in a row of a
meeting already logged is a row error; a meeting that took decisions keeps its attendance."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branch import services as branch_services
from branch.models import AuditEntry
from branch.workbook_export import export_workbook
from meetings import services
from meetings.models import Attendance, DecisionCategory, Kind, Meeting
from members import services as member_services
from members.models import Post
from tests.members.test_workbook_members import TODAY, run

YEAR = TODAY.year - 1
SHEET = "会议活动"


@pytest.fixture
def logged(school, make_person):
    """Five members, an assembly that took a decision and a theme day."""
    people = {name: make_person(name) for name in ("张三", "李四", "王五", "赵六", "钱七")}
    assembly = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.GENERAL_ASSEMBLY,
        held_on=date(YEAR, 3, 5),
        topic="第一季度党员大会",
        host=people["张三"],
        place="党员活动室",
    )
    services.decision_record(
        actor=None,
        meeting=assembly,
        title="年度工作计划",
        category=DecisionCategory.ORDINARY,
        votes_for=5,
    )
    services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=date(YEAR, 7, 1),
        topic="重温入党誓词",
        host=people["张三"],
        place="党员活动室",
        attendance={
            people["张三"].pk: (Attendance.Status.PRESENT, ""),
            people["李四"].pk: (Attendance.Status.PRESENT, ""),
            people["王五"].pk: (Attendance.Status.LEAVE, "出差"),
        },
    )
    return people


def edited(content: bytes, topic: str, **cells: str) -> bytes:
    """The exported file with the cells of one 会议活动 row changed (by header)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[SHEET]
    headers = [c.value for c in sheet[1]]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[headers.index("主题")].value == topic]
    for header, value in cells.items():
        row[headers.index(header)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_edited_meeting_row_previews_as_an_update_naming_its_columns(school, logged):
    content = edited(
        export_workbook(org=school, personal_data=True), "重温入党誓词", 主持人="李四", 地点="礼堂"
    )
    before = AuditEntry.objects.count()
    preview, errors = run(school, content, dry_run=True)
    assert errors == []
    meetings = next(s for s in preview.sheets if s.name == SHEET)
    assert [(r.label, r.change, r.columns) for r in meetings.changed_rows] == [
        (f"{date(YEAR, 7, 1).isoformat()} 重温入党誓词", "updated", ["地点", "主持人"])
    ]
    assert (meetings.updated, meetings.unchanged) == (1, 1)
    assert Meeting.objects.get(topic="重温入党誓词").place == "党员活动室"  # a dry run
    assert AuditEntry.objects.count() == before

    _result, errors = run(school, content)
    assert errors == []
    theme_day = Meeting.objects.select_related("host").get(topic="重温入党誓词")
    assert (theme_day.place, theme_day.host) == ("礼堂", logged["李四"])
    assert AuditEntry.objects.filter(action="update", object_repr__contains="重温入党誓词").exists()
    again, _errors = run(school, content)
    assert sum(s.updated + s.created for s in again.sheets) == 0


def test_an_edited_attendance_and_lecture_are_applied(school, logged):
    content = edited(
        export_workbook(org=school, personal_data=True),
        "重温入党誓词",
        参加人员="张三、李四、王五",
        缺席人员="赵六（病假）",
        学习文件="《中国共产党章程》",
    )
    result, errors = run(school, content)
    assert errors == []
    [row] = next(s for s in result.sheets if s.name == SHEET).changed_rows
    assert row.columns == ["学习文件", "参加人员", "缺席人员"]
    theme_day = Meeting.objects.get(topic="重温入党誓词")
    assert theme_day.documents_studied == "《中国共产党章程》"
    assert {a.person.name: (a.status, a.reason) for a in theme_day.attendances.all()} == {
        "张三": ("present", ""),
        "李四": ("present", ""),
        "王五": ("present", ""),
        "赵六": ("leave", "病假"),
    }


@pytest.mark.parametrize("column", ["主持人", "记录人", "主讲人", "参加人员", "缺席人员"])
def test_an_unknown_name_in_a_row_of_a_logged_meeting_is_a_row_error(school, logged, column):
    content = edited(
        export_workbook(org=school, personal_data=True), "重温入党誓词", **{column: "张叁"}
    )
    before = AuditEntry.objects.count()
    result, errors = run(school, content)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 3, column)]
    assert errors == [
        f"Sheet 会议活动, row 3, column {column}: 张叁 is not on the roster of 中心小学党支部."
    ]
    assert AuditEntry.objects.count() == before


def test_a_meeting_that_took_decisions_keeps_its_attendance(school, logged):
    content = edited(
        export_workbook(org=school, personal_data=True),
        "第一季度党员大会",
        参加人员="张三、李四、王五、赵六",
        缺席人员="钱七（病假）",
    )
    assembly = Meeting.objects.get(topic="第一季度党员大会")
    present = list(assembly.attendances.values_list("person__name", "status"))
    result, errors = run(school, content)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 2, "参加人员")]
    assert "took decisions" in errors[0]
    assert list(assembly.attendances.values_list("person__name", "status")) == present


def test_the_upload_page_shows_what_an_edited_row_changes(
    client, secretary, school, logged, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    content = edited(
        export_workbook(org=school, personal_data=True), "重温入党誓词", 主持人="李四", 地点="礼堂"
    )
    client.force_login(secretary)
    response = client.post(
        reverse("branch:import", args=["school"]),
        {"file": SimpleUploadedFile("台账.xlsx", content)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "更新（地点、主持人）" in html


def test_the_other_sheets_name_the_columns_an_edited_row_changes(school, logged):
    branch_services.honor_create(
        actor=None, org=school, awarded_on=date(YEAR, 7, 1), title="先进基层党组织"
    )
    term = member_services.committee_term_create(
        actor=None, org=school, elected_on=date(YEAR, 1, 5)
    )
    member_services.committee_post_add(
        actor=None,
        term=term,
        person=logged["张三"],
        post=Post.SECRETARY,
        started_on=date(YEAR, 1, 5),
    )
    content = export_workbook(org=school, personal_data=True)
    book = openpyxl.load_workbook(io.BytesIO(content))
    changes = {
        "荣誉": {"授予单位": "县委组织部", "等次": "县级"},
        "支委会": {"分工": "主持全面工作"},
        "党员名册": {"工作单位及职务": "校长", "联系电话": "13900000000"},
    }
    for name, cells in changes.items():
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        for header, value in cells.items():
            sheet.cell(row=2, column=headers.index(header) + 1).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    result, errors = run(school, buffer.getvalue())
    assert errors == []
    changed = {s.name: [r.columns for r in s.changed_rows] for s in result.sheets}
    assert changed == {
        "党员名册": [["工作单位及职务", "联系电话"]],
        "支委会": [["分工"]],
        "会议活动": [],
        "荣誉": [["授予单位", "等次"]],
    }


def test_a_file_without_the_lecture_title_column_keeps_the_recorded_title(school, logged):
    services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=date(YEAR, 6, 28),
        topic="专题党课：传承红色基因",
        lecturer=logged["张三"],
        lecture_title="传承红色基因",
    )
    sheet = {
        SHEET: [
            ["日期", "类型", "主题", "主讲人"],
            [date(YEAR, 6, 28), "党课", "专题党课：传承红色基因", "张三"],
        ]
    }
    result, errors = run(school, sheet)
    assert errors == [] and [s.unchanged for s in result.sheets] == [1]
    assert Meeting.objects.get(kind=Kind.PARTY_LECTURE).lecture_title == "传承红色基因"
