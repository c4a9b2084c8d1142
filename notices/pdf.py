"""An item as an A4 PDF for the branch's bulletin board: the report's fonts
(branch.pdf_fonts) and WeasyPrint, a pure function from an item to bytes."""

from __future__ import annotations

from django.template.loader import render_to_string

from branch.pdf_fonts import FAMILIES, check_fonts, font_stack
from notices.checks import notice_period_end
from notices.models import Notice


def notice_html(notice: Notice, font_faces: list | None = None) -> str:
    return render_to_string(
        "notices/print.html",
        {
            "notice": notice,
            "period_end": notice_period_end(notice),
            "paragraphs": [line for line in notice.body.splitlines() if line.strip()],
            "fonts": {role: font_stack(role) for role in FAMILIES},
            "font_faces": font_faces or [],
        },
    )


def render_notice_pdf(notice: Notice) -> bytes:
    """Raises ``ReportFontMissing`` when no Chinese font is installed."""
    from weasyprint import HTML

    faces = check_fonts()
    return HTML(string=notice_html(notice, faces)).write_pdf()
