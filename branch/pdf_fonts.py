"""Fonts of the printed documents: the annual report and an item for the bulletin board.
GB/T 9704 asks for 仿宋, 黑体, 楷体 and 小标宋; where an operator has licensed copies they put
them in REPORT_FONT_DIR, otherwise the free faces Debian ships take their place (Noto
Serif/Sans CJK SC from fonts-noto-cjk, LXGW WenKai from fonts-lxgw-wenkai).
A document never renders without a CJK font: it fails with the package to install.

Discovering the fonts (``fc-list``, reading REPORT_FONT_DIR's files) happens once per process:
a render asks for what the first one found."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}

# role -> families in order of preference (licensed first, then the free faces)
FAMILIES = {
    "title": ["FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "Noto Serif CJK SC"],
    "body": [
        "FangSong_GB2312",
        "仿宋_GB2312",
        "FangSong",
        "仿宋",
        "STFangsong",
        "Noto Serif CJK SC",
    ],
    "heading1": ["SimHei", "黑体", "STHeiti", "Noto Sans CJK SC"],
    "heading2": [
        "KaiTi_GB2312",
        "楷体_GB2312",
        "KaiTi",
        "楷体",
        "STKaiti",
        "LXGW WenKai",
        "Noto Serif CJK SC",
    ],
    "page_number": ["SimSun", "宋体", "Noto Serif CJK SC"],
}


class ReportFontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path


def font_dir_faces() -> list[FontFace]:
    """The fonts an operator put in REPORT_FONT_DIR, with the family names they declare."""
    folder = getattr(settings, "REPORT_FONT_DIR", "")
    return list(_faces_in(str(folder))) if folder else []


@functools.cache
def _faces_in(folder: str) -> tuple[FontFace, ...]:
    from fontTools.ttLib import TTCollection, TTFont

    faces = []
    for path in sorted(Path(folder).glob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        fonts = (
            TTCollection(path).fonts
            if path.suffix.lower() in (".ttc", ".otc")
            else [TTFont(path, lazy=True)]
        )
        for font in fonts:
            for record in font["name"].names:
                if record.nameID in (1, 16):
                    faces.append(FontFace(record.toUnicode(), path))
    return tuple(faces)


# What fc-list found, once found: fonts are installed with the system, not while it runs.
_found: set[str] = set()


def installed_cjk_families() -> set[str]:
    """Families fontconfig knows that cover Chinese. Asked once per process; only an empty
    answer is asked again, so a server where the fonts were just installed finds them."""
    if not _found:
        _found.update(_fc_list_cjk())
    return set(_found)


def _fc_list_cjk() -> set[str]:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def check_fonts() -> list[FontFace]:
    """Raise ``ReportFontMissing`` unless some CJK face is available; return the faces of
    REPORT_FONT_DIR to declare with @font-face."""
    faces = font_dir_faces()
    if not faces and not installed_cjk_families():
        raise ReportFontMissing(
            _(
                "No Chinese font is installed, so the report cannot be printed without empty "
                "boxes. Install the package fonts-noto-cjk (apt-get install fonts-noto-cjk) or "
                "put licensed fonts in REPORT_FONT_DIR."
            )
        )
    return faces


def font_stack(role: str) -> str:
    return ", ".join(f'"{family}"' for family in FAMILIES[role]) + ", serif"
