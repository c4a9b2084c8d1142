"""Font discovery runs once per process, not once per printed report."""

from __future__ import annotations

import subprocess

import pytest
from django.utils import timezone

from branch import pdf_fonts
from reports.models import AnnualReport
from reports.pdf import render_annual_report

pytestmark = pytest.mark.skipif(
    not pdf_fonts.installed_cjk_families(), reason="no Chinese font installed (fonts-noto-cjk)"
)


@pytest.fixture
def fc_list_calls(monkeypatch):
    """The fc-list runs from now on, with nothing found yet in this process."""
    monkeypatch.setattr(pdf_fonts, "_found", set())
    calls = []
    run = subprocess.run

    def counting(args, *rest, **kwargs):
        if args and args[0] == "fc-list":
            calls.append(args)
        return run(args, *rest, **kwargs)

    monkeypatch.setattr(pdf_fonts.subprocess, "run", counting)
    return calls


def test_a_second_render_does_not_ask_fontconfig_again(school, fc_list_calls):
    report = AnnualReport(organization=school, year=timezone.localdate().year)
    render_annual_report(report)
    assert len(fc_list_calls) == 1
    render_annual_report(report)
    assert len(fc_list_calls) == 1


def test_an_empty_answer_is_asked_again(monkeypatch):
    answers = [set(), {"Noto Serif CJK SC"}]
    monkeypatch.setattr(pdf_fonts, "_found", set())
    monkeypatch.setattr(pdf_fonts, "_fc_list_cjk", lambda: answers.pop(0))
    assert pdf_fonts.installed_cjk_families() == set()
    assert pdf_fonts.installed_cjk_families() == {"Noto Serif CJK SC"}
    assert pdf_fonts.installed_cjk_families() == {"Noto Serif CJK SC"}
    assert answers == []
