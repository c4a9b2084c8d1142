from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_the_zh_hans_catalog_is_complete():
    catalog = polib.pofile(str(PO))
    assert not catalog.untranslated_entries()
    assert not catalog.fuzzy_entries()
    assert catalog.percent_translated() == 100


def test_the_compiled_catalog_matches_the_source():
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(MO))}
    for entry in polib.pofile(str(PO)).translated_entries():
        assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid


def test_every_ui_string_is_in_the_catalog(tmp_path):
    """makemessages on the current code finds no message the catalog lacks."""
    sources = subprocess.run(
        ["git", "ls-files", "*.py", "*.html"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    sources = [s for s in sources if not s.startswith("tests/")]
    py = [s for s in sources if s.endswith(".py")]
    html = [s for s in sources if s.endswith(".html")]
    known = {entry.msgid for entry in polib.pofile(str(PO))}
    from django.utils.translation import templatize

    found: set[str] = set()
    for path in html:
        text = (Path(settings.BASE_DIR) / path).read_text()
        found |= _xgettext(templatize(text, origin=path), tmp_path)
    for path in py:
        found |= _xgettext((Path(settings.BASE_DIR) / path).read_text(), tmp_path)
    assert found - known == set()


def _xgettext(source: str, tmp_path: Path) -> set[str]:
    src = tmp_path / "src.py"
    src.write_text(source)
    out = tmp_path / "out.po"
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            "-o",
            str(out),
            "--keyword=gettext_noop",
            "--keyword=gettext_lazy",
            "--keyword=ngettext_lazy:1,2",
            "--keyword=pgettext:1c,2",
            "--keyword=npgettext:1c,2,3",
            "--keyword=pgettext_lazy:1c,2",
            "--keyword=_",
            "--keyword=gettext",
            str(src),
        ],
        check=True,
    )
    return {entry.msgid for entry in polib.pofile(str(out))} if out.exists() else set()


def test_pages_speak_chinese_by_default(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录名" in page and "密码" in page


def test_english_is_available(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert "Login name" in page
