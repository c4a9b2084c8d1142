"""Rendering the report: a pure function from a report to the bytes of its PDF (WeasyPrint)
or Word file (python-docx). Nothing here knows about HTTP or Celery."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from branch.pdf_fonts import FAMILIES, check_fonts, font_stack
from reports.document import Document, build_document
from reports.facts import Facts
from reports.models import AnnualReport


def report_html(doc: Document, font_faces: list | None = None) -> str:
    return render_to_string(
        "reports/print.html",
        {
            "doc": doc,
            "fonts": {role: font_stack(role) for role in FAMILIES},
            "font_faces": font_faces or [],
        },
    )


def render_html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_annual_report(report: AnnualReport, facts: Facts | None = None) -> bytes:
    """The report as a PDF in official-document format. Raises ``ReportFontMissing`` when no
    Chinese font is installed rather than print empty boxes."""
    faces = check_fonts()
    return render_html_to_pdf(report_html(build_document(report, facts), faces))


def render_annual_report_docx(report: AnnualReport, facts: Facts | None = None) -> bytes:
    """The same report as a Word file the secretary can edit: the same headings and text, the
    official fonts named (Word substitutes them where they are missing)."""
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = build_document(report, facts)
    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    word.core_properties.title = doc.title
    word.core_properties.author = doc.author
    word.core_properties.language = "zh-CN"

    def paragraph(text: str, font: str, size: float, *, align=None, indent: bool = True):
        par = word.add_paragraph()
        par.paragraph_format.line_spacing = Pt(28.95)
        par.paragraph_format.space_after = Pt(0)
        if indent:
            par.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            par.alignment = align
        run = par.add_run(text)
        run.font.size = Pt(size)
        run.font.name = font
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        return par

    for line in doc.title_lines or [doc.title]:
        paragraph(line, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    fonts = {"h1": "黑体", "h2": "楷体_GB2312", "p": "仿宋_GB2312"}
    for block in doc.blocks:
        paragraph(block.text, fonts[block.kind], 16)
    for line in (doc.organization, doc.author, doc.date):
        if line:
            paragraph(line, "仿宋_GB2312", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
