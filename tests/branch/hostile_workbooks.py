"""Hostile workbooks, small on disk, written part by part so each test builds its own in a
moment: what an attacker (or a broken program) could upload as a branch workbook."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="荣誉" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>日期</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>名称</t></is></c></row>'
)
SHEET_CLOSE = "</sheetData></worksheet>"


def _package(sheet_parts, extra: dict[str, str] | None = None) -> bytes:
    """An .xlsx holding one sheet (荣誉) whose XML is the concatenation of ``sheet_parts``,
    streamed into the archive so a huge part never sits in memory; ``extra`` adds parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode() if isinstance(part, str) else part)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 256) -> bytes:
    """A sheet padded with ``megabytes`` of blanks between its rows (legal XML): about a
    thousandth of that on disk."""
    chunk = b" " * (1024 * 1024)

    def parts():
        yield SHEET_OPEN + "<sheetData>" + HEADER_ROW
        for _ in range(megabytes):
            yield chunk
        yield SHEET_CLOSE

    return _package(parts())


def billion_laughs() -> bytes:
    """The classic entity expansion: ten levels of ten references, a thousand million laughs."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [
        f'<!ENTITY lol{level} "{"".join(f"&lol{level - 1};" for _ in range(10))}">'
        for level in range(1, 10)
    ]
    doctype = f"<!DOCTYPE worksheet [{''.join(entities)}]>"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + doctype
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<sheetData>"
        + HEADER_ROW
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>2020-01-01</t></is></c>'
        + '<c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_CLOSE
    )
    return _package([sheet])


def huge_dimension() -> bytes:
    """A sheet that declares the whole grid (1,048,576 rows × 16,384 columns) and fills its
    last cell, so a reader that trusts the declaration pads every row to the full width."""
    return _package(
        [
            SHEET_OPEN,
            '<dimension ref="A1:XFD1048576"/><sheetData>',
            HEADER_ROW,
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            SHEET_CLOSE,
        ]
    )


def wide_rows(rows: int = 20_000) -> bytes:
    """Rows of one cell each in the last column (XFD) and no declared dimension: a reader that
    pads rows to the widest one holds 16,384 values per row."""

    def parts():
        yield SHEET_OPEN + "<sheetData>" + HEADER_ROW
        for number in range(2, rows + 2):
            yield f'<row r="{number}"><c r="XFD{number}"><v>1</v></c></row>'
        yield SHEET_CLOSE

    return _package(parts())


def million_rows(rows: int = 1_000_000) -> bytes:
    """A million identical rows under the 荣誉 headers (rows need not be numbered), with no
    declared dimension: well under a megabyte on disk."""
    row = "<row><c><v>1</v></c></row>"
    batch = row * 10_000

    def parts():
        yield SHEET_OPEN + "<sheetData>" + HEADER_ROW
        for _ in range(rows // 10_000):
            yield batch
        yield SHEET_CLOSE

    return _package(parts())


def renamed_text() -> bytes:
    """A text file renamed .xlsx."""
    return "日期,名称\n2020-01-01,先进党支部\n".encode() * 1000


def crowded_rows(rows: int = 20_000, cells: int = 200) -> bytes:
    """Rows within the limit, each crowded with empty cells: four million tags to parse."""
    row = "<row>" + "<c/>" * cells + "</row>"
    batch = row * 1000

    def parts():
        yield SHEET_OPEN + "<sheetData>" + HEADER_ROW
        for _ in range(rows // 1000):
            yield batch
        yield SHEET_CLOSE

    return _package(parts())


def styles_bomb(styles: int = 300_000) -> bytes:
    """A harmless sheet beside a style sheet of 300,000 cell formats, each of which a reader
    turns into an object."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<cellXfs count="{styles}">' + "<xf/>" * styles + "</cellXfs></styleSheet>"
    )
    return _package([SHEET_OPEN, "<sheetData>", HEADER_ROW, SHEET_CLOSE], {"xl/styles.xml": xml})
