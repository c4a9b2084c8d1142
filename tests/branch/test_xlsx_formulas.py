"""No workbook the site writes holds a live formula: a name or a topic typed as ``=…``, ``+…``,
``-…`` or ``@…`` is written as text, and still imports back as it was typed."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from branch.workbook_export import export_workbook
from branch.workbook_import import import_workbook
from branch.xlsx import workbook_bytes
from dues import services as dues_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory
from meetings import services as meeting_services
from meetings.models import Kind, Meeting

NAME = '=cmd|"/c calc"!A0'
TOPIC = "+SUM(1,2)"
HOSTILE = {NAME, TOPIC, "-2+3", "@SUM(1)"}
YEAR = timezone.localdate().year


def formulas(content: bytes) -> list[str]:
    """The formulas in the file's sheets, as a spreadsheet program would find them."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            formula
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(r"<f[ >][^<]*", archive.read(name).decode())
        ]


def text_cells(content: bytes) -> dict[str, openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value: cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def assert_written_as_text(content: bytes, *values: str) -> None:
    assert formulas(content) == []
    cells = text_cells(content)
    for value in values:
        assert cells[value].data_type == "s"
        assert cells[value].quotePrefix  # as if typed after an apostrophe: stays text on edit


def test_every_text_that_looks_like_a_formula_is_written_as_text_and_numbers_stay_numbers():
    book = openpyxl.Workbook()
    book.active.append([*sorted(HOSTILE), -5, Decimal("-1.50"), "普通文字", "—"])
    content = workbook_bytes(book)
    assert_written_as_text(content, *HOSTILE)
    row = next(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows())
    assert [c.value for c in row][4:] == [-5, -1.5, "普通文字", "—"]
    assert [c.data_type for c in row][4:6] == ["n", "n"]
    assert not row[6].quotePrefix


@pytest.fixture
def hostile_records(school, make_person):
    person = make_person(NAME)
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=datetime.date(YEAR - 1, 3, 15),
        topic=TOPIC,
    )
    dues_bases.base_set(
        actor=None,
        org=school,
        person=person,
        year=YEAR,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )
    dues_services.payment_record(
        actor=None,
        org=school,
        person=person,
        months=[datetime.date(YEAR, 1, 1)],
        paid_on=timezone.localdate(),
    )
    return person


def test_the_branch_workbook_writes_a_hostile_name_and_topic_as_text_and_imports_them_back(
    school, village, hostile_records
):
    content = export_workbook(org=school, personal_data=True)
    assert_written_as_text(content, NAME, TOPIC)
    # the same file imports into an empty branch with the name and topic as typed
    result = import_workbook(org=village, source=io.BytesIO(content), actor=None)
    assert result.ok, [str(p) for p in result.errors]
    assert Meeting.objects.get(organization=village).topic == TOPIC
    assert village.memberships.get().person.name == NAME


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("month_xlsx", {"year": YEAR, "month": 1}),
        ("summary_xlsx", {"year": YEAR}),
        ("notice_xlsx", {"year": YEAR}),
    ],
)
def test_the_dues_workbooks_write_a_hostile_name_as_text(client_for, hostile_records, name, kwargs):
    url = reverse(f"dues:{name}", kwargs={"org_code": "school", **kwargs})
    response = client_for("secretary").get(url)
    assert response.status_code == 200
    assert_written_as_text(response.content, NAME)
    # money stays money
    cells = [
        c.value
        for sheet in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets
        for row in sheet.iter_rows()
        for c in row
    ]
    assert any(isinstance(v, int | float) and v == 40 for v in cells)


def test_an_organisation_named_like_a_formula_heads_its_sheets_as_text(client_for, school):
    school.name = "=1+1党支部"
    school.save()
    url = reverse("dues:notice_xlsx", kwargs={"org_code": "school", "year": YEAR})
    response = client_for("secretary").get(url)
    assert formulas(response.content) == []
    assert f"=1+1党支部{YEAR}年度党费收缴情况公示" in text_cells(response.content)


def test_every_workbook_writer_saves_through_the_one_function(settings):
    from pathlib import Path

    base = Path(settings.BASE_DIR)
    writers = [
        path
        for app in ("branch", "members", "meetings", "dues", "reports", "notices")
        for path in (base / app).rglob("*.py")
        if re.search(r"\bWorkbook\(\)", path.read_text())
    ]
    assert writers  # the exports and the template
    for path in writers:
        source = path.read_text()
        assert "workbook_bytes(" in source, path
        assert not re.search(r"\.save\((buffer|io\.|out|stream)", source), path
