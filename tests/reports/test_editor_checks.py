"""The editor beside each paragraph: the records it was written from, and a flag on the
secretary's own text when its numbers are not the records' numbers."""

from __future__ import annotations

import datetime

from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.checks import unmatched_numbers
from reports.facts import gather_facts

YEAR = timezone.localdate().year - 1
D = datetime.date


def test_a_number_the_records_do_not_hold_is_unmatched(school, make_person):
    for i in range(6):
        make_person(f"党员{i}")
    facts = gather_facts(school, YEAR)
    assert unmatched_numbers("支部共有党员6名，均为正式党员。", facts) == []
    # the old proposal's inconsistent problem: 12 required, 11 periods short, 0 held
    assert unmatched_numbers("支部共有党员9名，有11个周期未达到要求。", facts) == ["9", "11"]


def test_the_editor_links_each_section_to_its_records(client_for, school, secretary):
    client = client_for("secretary")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reports:editor", args=["school", YEAR])).content.decode()
    assert 'data-testid="sources-dues"' in html
    assert reverse("dues:summary", args=["school", YEAR]) in html
    assert reverse("meetings:calendar", args=["school"]) + f"?year={YEAR}" in html
    assert reverse("members:transfers", args=["school"]) in html


def test_an_edited_paragraph_whose_numbers_no_longer_match_is_flagged(
    client_for, school, secretary, make_person
):
    for i in range(6):
        make_person(f"党员{i}")
    report = services.report_for(actor=None, org=school, year=YEAR)
    services.section_save(
        actor=None, report=report, key="basics", text="截至年底，支部共有党员6名，均为正式党员。"
    )
    client = client_for("secretary")
    url = reverse("reports:editor", args=["school", YEAR])
    assert 'data-testid="stale-basics"' not in client.get(url).content.decode()
    make_person("年中转入", joined_on=D(YEAR, 6, 1))  # the records now hold 7 members
    services.section_save(
        actor=None, report=report, key="basics", text="截至年底，支部共有党员8名，均为正式党员。"
    )
    html = client.get(url).content.decode()
    assert 'data-testid="stale-basics"' in html
    assert "8" in html.split('data-testid="stale-basics"')[1].split("</p>")[0]
