"""Guard rail 6, the importer: workbooks whose cells hold generated values (empty, huge strings,
unicode, negative numbers, dates far out of range, wrong choices, numbers where text is
expected, datetimes, booleans, formulas) fed to the import service and to the upload page.

Whatever the file holds: no exception and no 5xx; a refused import writes nothing (the row
count of every model is the same before and after); every problem names its sheet, its row and
its column, in Chinese. Each test runs ``EXAMPLES`` generated workbooks (``WORKBOOK_EXAMPLES``
in the environment changes it).
"""

from __future__ import annotations

import datetime
import io
import os
import re
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch.workbook import Problem, registered_sheets
from branch.workbook_cells import clean_text
from branch.workbook_import import import_workbook
from members.models import Stage

EXAMPLES = int(os.environ.get("WORKBOOK_EXAMPLES", "40"))
PROPERTIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # The same examples on every run, so a failure can be run again; WORKBOOK_RANDOM=1 explores.
    derandomize=not os.environ.get("WORKBOOK_RANDOM"),
)

CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
# Formats a Chinese message shows as they are typed
ALLOWED_WORDS = {"YYYY", "xlsx"}
# Django's own messages, which name no column a secretary could find
DJANGO_STOCK = ("确保该变量", "这个值", "约束", "__all__")
NAMES = ["张三", "李四", "王五", "申请人"]
TODAY = timezone.localdate()

# Text openpyxl can write: no control characters, no lone surrogates.
LEGAL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
)
HUGE_TEXT = st.builds(lambda part, n: (part or "党") * n, LEGAL_TEXT, st.integers(300, 1200))
FORMULAS = st.sampled_from(["=1/0", "=SUM(A1:A3)", "=A2", '=HYPERLINK("x")', "=NOW()"])
WRONG = st.one_of(
    st.none(),
    st.just(""),
    st.just("   "),
    LEGAL_TEXT,
    HUGE_TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1800, 1, 1), max_value=datetime.datetime(2200, 1, 1)),
    st.booleans(),
    FORMULAS,
    st.sampled_from(["正式", "男性", "其它", "2020-13-01", "2020-02-30", "1800-01-01", "-5"]),
)
RECENT = st.dates(min_value=TODAY - datetime.timedelta(days=3000), max_value=TODAY)
# Values that pass a column's parser, so the rows reach the services too.
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "姓名": st.sampled_from(NAMES),
    "主持人": st.sampled_from(NAMES),
    "记录人": st.sampled_from(NAMES),
    "主讲人": st.sampled_from([*NAMES, "县委党校陈老师（外请）"]),
    "参加人员": st.sampled_from(["张三、李四", "王五", "张三,李四,王五"]),
    "缺席人员": st.sampled_from(["李四（出差）", "王五", "张三（病假）、王五"]),
    "性别": st.sampled_from(["男", "女"]),
    "党员类别": st.sampled_from(["正式党员", "预备党员", "发展对象", "入党积极分子", "入党申请人"]),
    "人员类别": st.sampled_from(["在职", "离退休", "学生", "农民"]),
    "学历": st.sampled_from(["本科", "大专", "研究生"]),
    "类型": st.sampled_from(
        ["支部党员大会", "党小组会", "党课", "主题党日", "按月", "补交", "自愿多交"]
    ),
    "职务": st.sampled_from(["书记", "组织委员", "其他"]),
    "方式": st.sampled_from(["现金", "转账"]),
    "月份": RECENT.map(lambda d: f"{d:%Y-%m}"),
    "金额": st.sampled_from([30, "12.50", 0.2, "¥30"]),
    "党小组": st.sampled_from(["第一党小组", "第二党小组"]),
    "身份证号": st.sampled_from(["11010519491231002X", "110105199001010013"]),
}


def plausible(column: str) -> st.SearchStrategy[Any]:
    if column == "出生日期":
        return st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2000, 1, 1))
    if column in PLAUSIBLE:
        return PLAUSIBLE[column]
    if column.endswith("日期"):
        return RECENT
    return LEGAL_TEXT


@st.composite
def workbooks(draw) -> dict[str, list[list[Any]]]:
    """One to three sheets, each with its headers and one to four generated rows; now and
    then a sheet of another name beside them."""
    chosen = draw(
        st.lists(st.sampled_from(registered_sheets()), min_size=1, max_size=3, unique_by=id)
    )
    sheets = {}
    for sheet in chosen:
        headers = [c.name for c in sheet.columns]
        rows = []
        for _row in range(draw(st.integers(1, 4))):
            # Mostly plausible cells, so that rows reach the services; one or two generated
            # anyhow, or none.
            wrong = draw(st.sets(st.sampled_from(headers), max_size=2))
            rows.append([draw(WRONG if h in wrong else plausible(h)) for h in headers])
        sheets[sheet.name] = [headers, *rows]
    if draw(st.integers(0, 4)) == 0 and len(chosen) == 1:
        sheets[draw(st.sampled_from(["Sheet1", "党员名单", "会议"]))] = [["姓名"], ["张三"]]
    return sheets


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def texts_of(sheets: dict[str, list[list[Any]]]) -> list[str]:
    """Every text the file holds (a message may quote it): sheet names and cells."""
    cells = [clean_text(v) for rows in sheets.values() for row in rows for v in row]
    return [*sheets, *(t for t in cells if t)]


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def assert_located_and_chinese(problem: Problem, texts: list[str]) -> None:
    """Where the problem is (sheet, row, column) and what it is, in Chinese. A problem of a
    whole sheet (an unknown sheet name) or of the whole file has nothing more precise."""
    sheet_level = problem.row is None
    if not sheet_level:
        assert problem.sheet and problem.column, problem
        assert problem.row >= 2, problem
    with translation.override("zh-hans"):
        shown = str(problem)
    assert CJK.search(shown), shown
    assert not any(stock in shown for stock in DJANGO_STOCK), shown
    # What is left once the cells' own texts are taken out must not be English.
    rest = shown
    for text in sorted(texts, key=len, reverse=True):
        rest = rest.replace(text, "")
    leftover = set(ASCII_WORD.findall(rest)) - ALLOWED_WORDS
    assert not leftover, (shown, leftover)


@pytest.fixture
def people(make_person):
    for name in NAMES[:3]:
        make_person(name)
    make_person("申请人", stage=Stage.APPLICANT, joined_on=TODAY - datetime.timedelta(days=400))


EXAMPLES_RUN: dict[str, int] = {}


@PROPERTIES
@given(data=workbooks())
def test_the_importer_answers_any_workbook_with_located_chinese_problems(school, people, data):
    content, texts = xlsx(data), texts_of(data)
    EXAMPLES_RUN["service"] = EXAMPLES_RUN.get("service", 0) + 1
    with transaction.atomic():
        before = row_counts()
        result = import_workbook(org=school, source=io.BytesIO(content), actor=None)
        outcome = "written" if result.written else "refused"
        EXAMPLES_RUN[outcome] = EXAMPLES_RUN.get(outcome, 0) + 1
        if not result.written:
            assert row_counts() == before
        for problem in result.errors:
            assert_located_and_chinese(problem, texts)
        transaction.set_rollback(True)


@PROPERTIES
@given(data=workbooks(), confirm=st.booleans())
def test_the_upload_page_never_fails_and_a_refusal_writes_nothing(
    client, secretary, school, people, settings, tmp_path, data, confirm
):
    content = xlsx(data)
    EXAMPLES_RUN["page"] = EXAMPLES_RUN.get("page", 0) + 1
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(secretary)
    with transaction.atomic():
        before = row_counts()
        response = client.post(
            reverse("branch:import", args=["school"]),
            {"file": SimpleUploadedFile("台账.xlsx", content)},
        )
        assert response.status_code == 200
        assert row_counts() == before  # a preview writes nothing
        pending = response.context["pending"]
        if confirm and pending:
            response = client.post(
                reverse("branch:import_confirm", args=["school"]), {"token": pending["token"]}
            )
            assert response.status_code in (200, 302)
            if response.status_code == 200:  # refused at the confirmation
                assert row_counts() == before
        transaction.set_rollback(True)


@PROPERTIES
@given(content=st.one_of(st.binary(max_size=2000), st.just(b"PK\x03\x04" + b"\0" * 100)))
def test_a_file_that_is_no_workbook_is_refused_in_chinese(school, content):
    EXAMPLES_RUN["bytes"] = EXAMPLES_RUN.get("bytes", 0) + 1
    result = import_workbook(org=school, source=io.BytesIO(content), actor=None)
    assert not result.written and result.errors
    with translation.override("zh-hans"):
        assert all(CJK.search(str(p)) for p in result.errors)


def test_the_number_of_generated_examples_is_reported():
    """Runs last in this module: how many examples each property ran (shown with ``-s``)."""
    print(f"\nworkbook property examples run: {EXAMPLES_RUN}")


@pytest.mark.parametrize(
    ("sheet", "headers", "row", "column", "limit"),
    [
        ("会议活动", ["日期", "类型", "主题"], [TODAY, "主题党日", "题" * 201], "主题", 200),
        (
            "会议活动",
            ["日期", "类型", "主题", "地点"],
            [TODAY, "主题党日", "植树", "地" * 300],
            "地点",
            100,
        ),
        (
            "会议活动",
            ["日期", "类型", "主题", "主讲人"],
            [TODAY, "党课", "党史", "陈" * 61 + "（外请）"],
            "主讲人",
            60,
        ),
        ("荣誉", ["日期", "名称"], [TODAY, "荣" * 500], "名称", 120),
        (
            "党员名册",
            ["姓名", "性别", "出生日期", "党员类别"],
            ["名" * 100, "男", datetime.date(1990, 1, 1), "入党申请人"],
            "姓名",
            None,
        ),
    ],
)
def test_an_overlong_cell_is_refused_in_its_own_words(
    school, people, sheet, headers, row, column, limit
):
    before = row_counts()
    result = import_workbook(
        org=school, source=io.BytesIO(xlsx({sheet: [headers, row]})), actor=None
    )
    [problem] = result.errors
    assert (problem.sheet, problem.row, problem.column) == (sheet, 2, column)
    with translation.override("zh-hans"):
        shown = str(problem)
    assert "确保该变量" not in shown and "最多" in shown, shown
    if limit:
        assert f"最多{limit}个字" in shown, shown
    assert row_counts() == before
