"""``manage.py annual_report``: the contract operators' cron jobs call (DESIGN §6)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def test_it_writes_the_pdf_of_a_branch(school, make_person, tmp_path, capsys):
    make_person("党员甲")
    output = tmp_path / "F.pdf"
    call_command("annual_report", "--org", "school", "--year", "2026", "--output", str(output))
    content = output.read_bytes()
    assert content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "中心小学党支部" in text.replace("\n", "")
    assert str(output) in capsys.readouterr().out


def test_an_unknown_code_is_refused_with_a_clear_message(db, tmp_path):
    output = tmp_path / "F.pdf"
    with pytest.raises(CommandError, match="nowhere"):
        call_command("annual_report", "--org", "nowhere", "--year", "2026", "--output", str(output))
    assert not output.exists()


def test_a_committee_node_is_refused(town, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "annual_report", "--org", "town", "--year", "2026", "--output", str(tmp_path / "F.pdf")
        )
