"""Looking at an uploaded workbook before anything parses it.

An .xlsx file is a zip archive of XML parts, and both layers can be turned against a reader: a
few megabytes that expand to gigabytes (a zip bomb), entities that expand a thousand million
times (billion laughs), a sheet that declares the whole grid so every row is padded to 16,384
columns, or a million rows that a parser reads in full before any row limit answers. openpyxl
trusts all of that, so the archive is checked first, at the speed of decompression: the sizes
its directory declares (``zipfile`` never inflates a member past its declared size), no
document type declaration in any part, each sheet's declared dimension, and its rows and
elements counted in the raw XML. What passes is small enough to parse in a few seconds and a
few tens of megabytes; XML is then parsed through defusedxml, which openpyxl uses once it is
installed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

# The largest branch workbook (20,000 rows of dues) is under seven megabytes of XML: five
# times more is still a workbook, anything beyond is not.
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024
MAX_PARTS = 500
MAX_SHEETS = 50
# Tags (opening and closing) in the sheets and their shared strings: a sheet of 20,000 rows
# of six filled cells has about 700,000.
MAX_DATA_TAGS = 1_500_000
# Tags in every other part (styles, theme, properties…): a few thousand in a real workbook.
MAX_OTHER_TAGS = 200_000
CHUNK = 1024 * 1024

SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
DATA_PARTS = re.compile(r"^xl/(worksheets/[^/]+|sharedStrings)\.xml$")
# The other parts a read-only reader parses; charts, drawings and pivot caches it leaves alone,
# so their size alone counts.
PARSED_PARTS = re.compile(
    r"^(\[Content_Types\]\.xml|(xl/)?_rels/[^/]*\.rels|xl/(workbook|styles)\.xml"
    r"|xl/theme/[^/]+\.xml|docProps/[^/]+\.xml|xl/externalLinks/.+)$"
)
# A sheet's root element names the namespace prefix its rows carry, if any (``<x:row>``).
ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref\s*=\s*[\"']([^\"']+)")
DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class HostileWorkbook(Exception):
    """The file is not a workbook that can be read safely; the message says why, in the
    user's words."""


def check_archive(source: str | Path | IO[bytes], *, max_rows: int) -> None:
    """Raise ``HostileWorkbook`` unless ``source`` is a zip archive that a workbook reader can
    parse within bounded time and memory, with at most ``max_rows`` rows in any sheet."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise HostileWorkbook(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        _check_directory(archive)
        data_tags = other_tags = 0
        for info in archive.infolist():
            if info.is_dir() or not info.filename.endswith((".xml", ".rels")):
                continue  # images and other binaries: only their size counts
            is_sheet = bool(SHEET_PART.match(info.filename))
            tags, rows = _scan_part(archive, info, is_sheet=is_sheet, max_rows=max_rows)
            if rows > max_rows:
                raise HostileWorkbook(_too_many_rows(max_rows))
            if DATA_PARTS.match(info.filename):
                data_tags += tags
            elif PARSED_PARTS.match(info.filename):
                other_tags += tags
            if data_tags > MAX_DATA_TAGS or other_tags > MAX_OTHER_TAGS:
                raise HostileWorkbook(
                    _(
                        "The workbook holds far more cells than a branch workbook; "
                        "split it or delete what is not records."
                    )
                )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        # a damaged member, a CRC that does not match, an encrypted part
        raise HostileWorkbook(_("The workbook cannot be read; save it again as .xlsx.")) from None
    finally:
        archive.close()
        if hasattr(source, "seek"):
            source.seek(0)


def _check_directory(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise HostileWorkbook(_("The file is not an Excel workbook (.xlsx)."))
    if len(infos) > MAX_PARTS or sum(1 for n in names if SHEET_PART.match(n)) > MAX_SHEETS:
        raise HostileWorkbook(
            _("The workbook has more parts than a branch workbook; save only its records.")
        )
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise HostileWorkbook(
            _(
                "Unpacked, the workbook would take more than %(mb)d MB, far more than a branch "
                "workbook; it is refused unread."
            )
            % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, is_sheet: bool, max_rows: int
) -> tuple[int, int]:
    """The tags and rows of one part, read in chunks; stops early at a forbidden declaration,
    a declared dimension over the limit or one row too many."""
    tags = rows = 0
    tail = b""
    first = True
    row_tag = b"<row"
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            buffer = tail + chunk
            # A tag cut by the chunk's end is counted with the next chunk.
            cut = buffer.rfind(b"<")
            if cut <= 0 or len(buffer) - cut > 4096:
                cut = len(buffer)
            body, tail = buffer[:cut], buffer[cut:]
            if DOCTYPE.search(body):
                raise HostileWorkbook(
                    _("The workbook contains XML declarations that Excel never writes.")
                )
            if is_sheet and first:
                _check_dimension(body, max_rows)
                root = ROOT_PREFIX.search(body)
                row_tag = b"<" + ((root and root.group(1)) or b"") + b"row"
            first = False
            tags += body.count(b"<")
            if is_sheet:
                # counted at the speed of bytes.count, not of a regular expression
                rows += body.count(row_tag)
                if rows > max_rows:
                    return tags, rows
        if tail:
            if DOCTYPE.search(tail):
                raise HostileWorkbook(
                    _("The workbook contains XML declarations that Excel never writes.")
                )
            tags += tail.count(b"<")
            if is_sheet:
                rows += tail.count(row_tag)
    return tags, rows


def _check_dimension(head: bytes, max_rows: int) -> None:
    """A sheet declares its used range before its data (``<dimension ref="A1:F300"/>``)."""
    found = DIMENSION.search(head[:65536])
    if not found:
        return
    try:
        _min_col, min_row, _max_col, max_row = range_boundaries(found.group(1).decode("ascii"))
    except (ValueError, TypeError, UnicodeDecodeError):
        return  # a reader ignores a dimension it cannot read; so do we
    if max_row is not None and min_row is not None and max_row - min_row + 1 > max_rows:
        raise HostileWorkbook(
            _(
                "A sheet declares %(declared)d rows, more than %(n)d; delete the empty rows "
                "below the records, save it again, or split the file."
            )
            % {"declared": max_row - min_row + 1, "n": max_rows - 1}
        )


def _too_many_rows(max_rows: int) -> str:
    return _("More than %(n)d rows; split the file.") % {"n": max_rows - 1}
