"""Names in pinyin for the short ASCII identifiers the site makes from Chinese names: an
organisation's code (initials) and a login name (the whole name)."""

from __future__ import annotations

from collections.abc import Container

from pypinyin import Style, lazy_pinyin


def pinyin_slug(
    name: str, *, taken: Container[str], initials: bool = False, fallback: str, limit: int
) -> str:
    """青山镇党委 → qszdw (initials) or 王建国 → wangjianguo; a number is added while the slug
    is taken (qszdw2, …)."""
    style = Style.FIRST_LETTER if initials else Style.NORMAL
    letters = "".join(lazy_pinyin(name, style=style, errors="ignore")).lower()
    base = "".join(ch for ch in letters if ch.isascii() and ch.isalnum())[:limit] or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}{n}"
    return slug
