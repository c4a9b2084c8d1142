"""Guard rails on the templates' markup: table headers say what they head, what belongs in the
page's head is put there, and an input is tied to its help and its errors for a screen reader."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        yield path.relative_to(TEMPLATES).as_posix(), path.read_text(encoding="utf-8")


def test_every_table_header_cell_has_a_scope():
    offenders = []
    for name, text in _templates():
        for match in re.finditer(r"<th(?=[\s>])[^>]*>", text):
            if not re.search(r'\sscope="(col|row|colgroup|rowgroup)"', match.group(0)):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{name}:{line}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_pages_put_links_and_meta_in_the_head_block():
    offenders = []
    for name, text in _templates():
        if '{% extends "base.html" %}' not in text:
            continue  # a page of its own (500.html, print templates) writes its whole <head>
        outside = re.sub(r"{% block head %}.*?{% endblock %}", "", text, flags=re.S)
        for tag in re.findall(r"<(?:link|meta)\b[^>]*>", outside):
            offenders.append(f"{name}: {tag}")
    assert not offenders, "\n".join(offenders)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("aria-describedby"):
            self.described[a.get("name") or tag] = a["aria-describedby"].split()


def test_an_input_with_an_error_is_described_by_its_message(client, secretary):
    client.force_login(secretary)
    response = client.post("/o/school/honors/new/", {"title": "", "awarded_on": ""})
    assert response.status_code == 200
    page = _Ids()
    page.feed(response.content.decode())
    assert "title_error" in " ".join(page.described.get("title", []))
    for name, ids in page.described.items():
        missing = [i for i in ids if i not in page.ids]
        assert not missing, f"{name} is described by {missing}, which the page does not have"
    error = response.content.decode().split('id="id_title_error"', 1)[1].split("</div>", 1)[0]
    assert "这个字段是必填项。" in error
