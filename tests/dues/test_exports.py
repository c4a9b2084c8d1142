"""The dues workbooks open in openpyxl and hold the figures of the pages they copy."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dues import services, services_bases
from dues.models import DuesCategory
from dues.rules import collection_rate
from tests.clock import on_day

# Late in the run's year, so "due up to this month" is most of the year and the expected rate
# below holds whatever day the suite runs on.
TODAY = datetime.date(timezone.localdate().year, 11, 26)
YEAR = TODAY.year
pytestmark = on_day(TODAY)


def month(m: int) -> datetime.date:
    return datetime.date(YEAR, m, 1)


@pytest.fixture
def ledger(school, make_person):
    """甲 40 a month, paid January to March (one receipt) and 1500 extra; 乙 90 a month,
    paid January, which was then reversed."""
    first, second = make_person("甲党员"), make_person("乙党员")
    for person, base in ((first, "4000"), (second, "6000")):
        services_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=YEAR,
            category=DuesCategory.EMPLOYED,
            base_amount=base,
        )
    services.payment_record(
        actor=None, org=school, person=first, months=[month(1), month(2), month(3)], paid_on=TODAY
    )
    services.extra_payment_record(
        actor=None, org=school, person=first, amount="1500", paid_on=TODAY
    )
    [payment] = services.payment_record(
        actor=None, org=school, person=second, months=[month(1)], paid_on=TODAY
    )
    services.payment_reverse(actor=None, payment=payment, reason="记错")
    return first, second


def download(client, name: str, **kwargs):
    response = client.get(reverse(f"dues:{name}", kwargs={"org_code": "school", **kwargs}))
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content))


def rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def as_money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_month_sheet_workbook(client_for, ledger):
    response, wb = download(client_for("secretary"), "month_xlsx", year=YEAR, month=1)
    disposition = unquote(response["Content-Disposition"])
    assert f"中心小学党支部{YEAR}年1月党费收缴表.xlsx" in disposition
    ws = wb.active
    table = rows(ws)
    assert table[0][0] == f"中心小学党支部{YEAR}年1月党费收缴表"
    assert table[1] == ("序号", "姓名", "应缴金额（元）", "实缴金额（元）", "欠缴金额（元）")
    by_name = {r[1]: [as_money(v) for v in r[2:5]] for r in table[2:]}
    assert by_name["甲党员"] == [Decimal("40.00"), Decimal("40.00"), Decimal("0.00")]
    # the reversed payment counts for nothing
    assert by_name["乙党员"] == [Decimal("90.00"), Decimal("0.00"), Decimal("90.00")]
    assert by_name["合计"] == [Decimal("130.00"), Decimal("40.00"), Decimal("90.00")]
    assert ws["C3"].number_format == "0.00"


def test_the_year_summary_workbook(client_for, ledger):
    response, wb = download(client_for("township_admin"), "summary_xlsx", year=YEAR)
    assert f"{YEAR}年度党费收缴汇总.xlsx" in unquote(response["Content-Disposition"])
    assert wb.sheetnames == ["汇总", "按党员", "按月份"]
    totals = {r[0]: r[1] for r in rows(wb["汇总"])[2:]}
    assert as_money(totals["应缴"]) == Decimal("1560.00")  # (40 + 90) × 12
    assert as_money(totals["实缴"]) == Decimal("120.00")
    assert as_money(totals["自愿多交"]) == Decimal("1500.00")
    assert as_money(totals["上缴中央（单笔1000元以上）"]) == Decimal("1500.00")
    expected_back = Decimal("120.00") if month(3) < TODAY.replace(day=1) else None
    if expected_back is not None:
        assert as_money(totals["其中补交"]) == expected_back
    members = {r[1]: r for r in rows(wb["按党员"])[2:]}
    assert [as_money(v) for v in members["甲党员"][2:6]] == [
        Decimal("480.00"),
        Decimal("120.00"),
        Decimal("360.00"),
        Decimal("1500.00"),
    ]
    by_month = {r[0]: r for r in rows(wb["按月份"])[2:]}
    assert len(by_month) == 13  # twelve months and the total
    assert as_money(by_month[f"{YEAR}-01"][2]) == Decimal("40.00")
    assert as_money(by_month["合计"][1]) == Decimal("1560.00")


def test_the_notice_workbook_names_members_and_their_dues_only(client_for, ledger, member):
    response, wb = download(client_for("member"), "notice_xlsx", year=YEAR)
    assert f"{YEAR}年度党费收缴情况公示.xlsx" in unquote(response["Content-Disposition"])
    table = rows(wb.active)
    assert table[0][0] == f"中心小学党支部{YEAR}年度党费收缴情况公示"
    assert table[1] == ("序号", "姓名", "应缴（元）", "实缴（元）")
    people = {r[1]: r for r in table[2:4]}
    assert [as_money(v) for v in people["乙党员"][2:4]] == [Decimal("1080.00"), Decimal("0.00")]
    total = next(r for r in table if r[1] == "合计")
    assert [as_money(v) for v in total[2:4]] == [Decimal("1560.00"), Decimal("120.00")]
    flat = [str(v) for r in table for v in r if v is not None]
    # the one 收缴率 (120 paid of what was due up to this month), as on the pages
    assert f"{collection_rate(Decimal('120'), Decimal(130 * TODAY.month))}%" in flat
    assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in flat
    # no personal data beyond names: no receipts, no ID or phone numbers
    assert not any("school-" in v for v in flat)


def test_a_member_may_not_download_the_month_sheet(client_for, ledger, member):
    url = reverse("dues:month_xlsx", kwargs={"org_code": "school", "year": YEAR, "month": 1})
    assert client_for("member").get(url).status_code == 403
