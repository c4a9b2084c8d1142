"""One 收缴率: paid against due up to the current month (a past year: the whole year), the same
figure on the dashboard card, the dues home, the summary, the export and the report's facts."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dues import services, services_bases
from dues.models import DuesCategory
from dues.selectors import year_summary
from reports.facts import gather_facts

YEAR = timezone.localdate().year
D = datetime.date
MID_JUNE = datetime.datetime(YEAR, 6, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def ledger(school, make_person):
    """Two members at 40.00 a month. By mid-June 480.00 was due: one paid January–May and
    July in advance, the other January–March and an extra 50.00."""
    with time_machine.travel(MID_JUNE, tick=False):
        first, second = make_person("甲"), make_person("乙")
        for person in (first, second):
            services_bases.base_set(
                actor=None,
                org=school,
                person=person,
                year=YEAR,
                category=DuesCategory.EMPLOYED,
                base_amount="4000",
            )
        services.payment_record(
            actor=None,
            org=school,
            person=first,
            months=[D(YEAR, m, 1) for m in (1, 2, 3, 4, 5, 7)],
            paid_on=D(YEAR, 6, 10),
        )
        services.payment_record(
            actor=None,
            org=school,
            person=second,
            months=[D(YEAR, m, 1) for m in (1, 2, 3)],
            paid_on=D(YEAR, 6, 10),
        )
        services.extra_payment_record(
            actor=None, org=school, person=second, amount="50", paid_on=D(YEAR, 6, 10)
        )
    return first, second


EXPECTED = "66.7"  # 320.00 of 480.00; not 37.5 (July and the whole year's charges counted)


def _figure(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert found, testid
    return found.group(1).strip()


def test_every_page_shows_the_same_rate(client, secretary, school, ledger):
    with time_machine.travel(MID_JUNE, tick=False):
        client.force_login(secretary)  # then: a session begun later has expired by mid-June
        summary = year_summary(school, YEAR)
        assert summary.rate == Decimal(EXPECTED)
        assert (summary.collection.due, summary.collection.paid) == (
            Decimal("480.00"),
            Decimal("320.00"),
        )
        dashboard = client.get("/o/school/").content.decode()
        home = client.get(reverse("dues:index", args=["school"])).content.decode()
        page = client.get(reverse("dues:summary", args=["school", YEAR])).content.decode()
        export = client.get(reverse("dues:summary_xlsx", args=["school", YEAR]))
        facts = gather_facts(school, YEAR)
    assert _figure(dashboard, "card-rate") == f"{EXPECTED}%"
    assert _figure(home, "fig-rate") == f"{EXPECTED}%"
    assert f"({EXPECTED}%)" in _so_far(home)
    assert _figure(page, "sum-rate") == f"{EXPECTED}%"
    assert facts.dues_rate == EXPECTED
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rates = [row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] == "收缴率"]
    assert rates == [f"{EXPECTED}%"]


def _so_far(html: str) -> str:
    found = re.search(r'data-testid="so-far">(.*?)</p>', html, flags=re.S)
    assert found
    return found.group(1)


def test_a_past_year_counts_the_whole_year(school, ledger):
    with time_machine.travel(datetime.datetime(YEAR + 1, 2, 1, 10, tzinfo=datetime.UTC)):
        summary = year_summary(school, YEAR)
        facts = gather_facts(school, YEAR)
    # 360.00 counted (July now counts) of 960.00 due in the year
    assert summary.rate == Decimal("37.5")
    assert facts.dues_rate == "37.5"


def test_the_card_and_the_home_page_use_one_label(client, secretary, school, ledger):
    with time_machine.travel(MID_JUNE, tick=False):
        client.force_login(secretary)
        dashboard = client.get("/o/school/").content.decode()
    assert "本年度累计收缴率" not in dashboard
    assert re.search(r"<dt>收缴率</dt>", dashboard)
