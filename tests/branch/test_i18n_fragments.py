"""English fragments in the Chinese UI: a message built around an f-string is never extracted
into the catalog, so it stays English whatever the language."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "_l"}


def _sources() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "*.py"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [Path(settings.BASE_DIR) / p for p in out if not p.startswith(("tests/", ".venv/"))]


def test_no_message_is_translated_inside_an_f_string():
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert found == []


def test_the_step_dropdown_is_chinese():
    from members.forms_pipeline import step_choices

    with translation.override("zh-hans"):
        labels = [label for _value, label in step_choices()]
    assert not [label for label in labels if "higher committee" in label]
    assert any("（上级党委）" in label or "(上级党委)" in label for label in labels)


def test_the_lectures_fact_names_the_secretary_in_chinese(client, secretary, school, make_person):
    import datetime

    from django.utils import timezone

    from meetings import services
    from meetings.models import Kind

    year = timezone.localdate().year - 1
    lecturer = make_person("王书记本人")
    services.meeting_record(
        actor=secretary,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=datetime.date(year, 5, 6),
        topic="党课",
        lecturer=lecturer,
        lecture_title="学习党章",
    )
    from members import services as member_services
    from members.models import Post

    term = member_services.committee_term_create(
        actor=secretary, org=school, elected_on=datetime.date(year, 1, 2)
    )
    member_services.committee_post_add(
        actor=secretary,
        term=term,
        person=lecturer,
        post=Post.SECRETARY,
        started_on=datetime.date(year, 1, 2),
    )
    client.force_login(secretary)
    with translation.override("zh-hans"):
        text = client.get(f"/o/school/reports/{year}/").content.decode()
    assert "学习党章" in text
    assert "by the secretary" not in text
