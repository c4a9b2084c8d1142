"""Hostile workbooks are refused before they are parsed: quickly, in little memory, in Chinese,
and with nothing written — through the importer, the command and the upload page."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from branch.models import Honor
from branch.workbook_import import import_workbook, read_workbook
from tests.branch import hostile_workbooks as hostile

# Measured generously: on a quiet machine each refusal takes well under a second.
SECONDS = 10
MEGABYTES = 200

HOSTILE = [
    pytest.param(lambda: hostile.zip_bomb(40), "解压后超过32 MB", id="zip-bomb"),
    pytest.param(hostile.billion_laughs, "XML声明", id="billion-laughs"),
    pytest.param(hostile.huge_dimension, "声明了1048576行", id="huge-dimension"),
    pytest.param(hostile.million_rows, "超过20000行", id="million-rows"),
    pytest.param(hostile.crowded_rows, "单元格远多于支部台账", id="crowded-rows"),
    pytest.param(hostile.styles_bomb, "单元格远多于支部台账", id="styles-bomb"),
    pytest.param(hostile.renamed_text, "不是Excel文件", id="renamed-text"),
]


@pytest.mark.parametrize(("make", "message"), HOSTILE)
def test_a_hostile_workbook_is_refused_quickly_in_little_memory(school, make, message):
    content = make()
    tracemalloc.start()
    started = time.monotonic()
    try:
        with translation.override("zh-hans"):
            result = import_workbook(org=school, source=io.BytesIO(content), actor=None)
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.errors) == 1
    assert message in result.errors[0].message
    assert elapsed < SECONDS
    assert peak < MEGABYTES * 1024 * 1024
    assert not result.written
    assert not Honor.objects.exists()


def test_rows_padded_to_the_last_column_are_read_only_as_far_as_they_hold_values(db):
    # Rows of one cell at XFD: before, each row was padded to 16,384 values (20,000 such rows
    # took 2.6 GB).
    tracemalloc.start()
    try:
        sheets = read_workbook(io.BytesIO(hostile.wide_rows(5_000)))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(sheets["荣誉"]) == 5_001
    assert max(len(row) for row in sheets["荣誉"]) == 2
    assert peak < MEGABYTES * 1024 * 1024


def test_the_command_refuses_a_million_rows_at_once(school, tmp_path):
    path = tmp_path / "million.xlsx"
    path.write_bytes(hostile.million_rows())
    started = time.monotonic()
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command("import_records", "--org", "school", str(path), stderr=io.StringIO())
    assert time.monotonic() - started < SECONDS
    assert not Honor.objects.exists()


def test_the_upload_page_refuses_a_zip_bomb_in_chinese(
    client, secretary, school, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(secretary)
    bomb = SimpleUploadedFile("台账.xlsx", hostile.zip_bomb(40))
    started = time.monotonic()
    response = client.post(reverse("branch:import", args=["school"]), {"file": bomb})
    assert time.monotonic() - started < SECONDS
    assert response.status_code == 200
    assert "解压后超过32 MB" in response.content.decode()
    assert response.context["pending"] is None
    assert not list((tmp_path / "media" / "imports").iterdir())
