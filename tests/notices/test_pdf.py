"""An item printed as an A4 PDF for the bulletin board, with the report's fonts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from branch.pdf_fonts import installed_cjk_families
from notices.models import Audience
from notices.pdf import render_notice_pdf

pytestmark = pytest.mark.skipif(
    not installed_cjk_families(), reason="no Chinese font installed (fonts-noto-cjk)"
)


def test_an_item_prints_on_a4_with_its_title_text_and_table(school, free, publish, make_person):
    notice = publish(free("关于开展主题党日活动的通知"), audience=Audience.PUBLIC)
    notice.table = {"columns": ["序号", "姓名"], "rows": [["1", "张三"]]}
    reader = PdfReader(io.BytesIO(render_notice_pdf(notice)))
    page = reader.pages[0]
    width_mm = float(page.mediabox.width) * 25.4 / 72
    height_mm = float(page.mediabox.height) * 25.4 / 72
    assert round(width_mm) == 210 and round(height_mm) == 297
    text = page.extract_text()
    assert "主题党日" in text and "张三" in text and school.name in text


def test_the_pdf_page_answers_a_pdf(client_for, school, free, publish):
    notice = publish(free())
    response = client_for("member").get(f"/o/school/notices/{notice.pk}/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
