"""The 党费 sheet of the branch workbook: payments recorded through the ledger's rules, the amount
paid taken as the amount due where no base is set, bad amounts and months refused in their
column, all or nothing, idempotence, and the export of what stands paid."""

from __future__ import annotations

import datetime
import io
from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone, translation

from branch.models import AuditEntry, Honor
from branch.workbook_export import export_workbook
from dues import services, services_bases
from dues.models import Charge, DuesCategory, Method, Payment, PaymentKind
from members.models import Stage
from tests.branch.test_workbook import HONOR_HEADERS, write_workbook
from tests.members.test_workbook_members import TODAY, run
from tests.members.test_workbook_roundtrip import sheet_rows

YEAR = TODAY.year - 1
SHEET = "党费"
DUES_HEADERS = ["姓名", "月份", "金额", "缴纳日期", "方式"]


def dues(*rows: list) -> dict[str, list[list]]:
    return {SHEET: [DUES_HEADERS, *rows]}


@pytest.fixture
def people(make_person):
    return {
        "张三": make_person("张三"),
        "新来的": make_person("新来的", joined_on=date(YEAR, 6, 1)),
        "申请人": make_person("申请人", stage=Stage.APPLICANT),
    }


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Charge, Payment, Honor, AuditEntry)}


def ledger(org) -> list[tuple]:
    return [
        (p.person.name, p.month, p.amount, p.kind, p.method, p.paid_on)
        for p in Payment.objects.filter(organization=org)
        .select_related("person")
        .order_by("person__name", "month")
    ]


GOOD_DUES = dues(
    ["张三", f"{YEAR}-01", 30, "", ""],
    ["张三", f"{YEAR}/2", "¥30.00", date(YEAR, 3, 5), "转账"],
    ["新来的", datetime.datetime(YEAR, 6, 1), 12.5, "", "线上"],
)


# Without a base: the amount paid is the amount due ------------------------------------------


def test_it_records_payments_taking_the_amount_paid_as_due_where_no_base_is_set(school, people):
    result, errors = run(school, GOOD_DUES)
    assert errors == []
    assert [(s.name, s.created) for s in result.sheets] == [(SHEET, 3)]
    assert ledger(school) == [
        (
            "张三",
            date(YEAR, 1, 1),
            Decimal("30.00"),
            PaymentKind.REGULAR,
            Method.CASH,
            date(YEAR, 1, 10),
        ),
        (
            "张三",
            date(YEAR, 2, 1),
            Decimal("30.00"),
            PaymentKind.BACK,
            Method.TRANSFER,
            date(YEAR, 3, 5),
        ),
        (
            "新来的",
            date(YEAR, 6, 1),
            Decimal("12.50"),
            PaymentKind.REGULAR,
            Method.ONLINE,
            date(YEAR, 6, 10),
        ),
    ]
    assert sorted(
        Charge.objects.filter(organization=school).values_list("person__name", "month", "amount")
    ) == [
        ("张三", date(YEAR, 1, 1), Decimal("30.00")),
        ("张三", date(YEAR, 2, 1), Decimal("30.00")),
        ("新来的", date(YEAR, 6, 1), Decimal("12.50")),
    ]
    assert services.paid_for(people["张三"], date(YEAR, 2, 1)) == Decimal("30.00")
    assert len(set(Payment.objects.values_list("receipt", flat=True))) == 3


def test_the_same_sheet_twice_changes_nothing_the_second_time(school, people):
    run(school, GOOD_DUES)
    before = counts()
    result, errors = run(school, GOOD_DUES)
    assert errors == []
    assert [(s.created, s.updated, s.unchanged) for s in result.sheets] == [(0, 0, 3)]
    assert counts() == before


def test_a_month_paid_with_another_amount_is_refused(school, people):
    run(school, GOOD_DUES)
    result, errors = run(school, dues(["张三", f"{YEAR}-01", 35, "", ""]))
    assert [(p.row, p.column) for p in result.errors] == [(2, "金额")]
    assert errors == [
        f"Sheet 党费, row 2, column 金额: The ledger records January {YEAR} as paid already, with "
        "30.00 here; a recorded payment is corrected by a reversal on the member's account."
    ]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (["张三", f"{YEAR}-02", 30, date(YEAR, 3, 6), "转账"], "缴纳日期"),
        (["张三", f"{YEAR}-02", 30, date(YEAR, 3, 5), "现金"], "方式"),
        (["张三", f"{YEAR}-02", 30, date(YEAR, 3, 5), "转账", "按月"], "类型"),
    ],
)
def test_a_settled_month_given_another_day_method_or_kind_is_refused(school, people, row, column):
    run(school, GOOD_DUES)
    before = counts()
    result, _errors = run(school, {SHEET: [[*DUES_HEADERS, "类型"], row]})
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 2, column)]
    assert counts() == before


def test_a_kind_that_contradicts_the_dates_is_refused_in_its_column(school, people):
    row = ["张三", f"{YEAR}-01", 30, date(YEAR, 3, 5), "", "按月"]
    result, errors = run(school, {SHEET: [[*DUES_HEADERS, "类型"], row]})
    assert [(p.row, p.column) for p in result.errors] == [(2, "类型")]
    assert "“补交”" in errors[0]
    assert not Payment.objects.exists()


def test_voluntary_payments_are_imported_once_beside_the_months_dues(school, people):
    sheet = {
        SHEET: [
            [*DUES_HEADERS, "类型"],
            ["张三", f"{YEAR}-07", 30, date(YEAR, 7, 10), "", "按月"],
            ["张三", f"{YEAR}-07", 2000, date(YEAR, 7, 1), "转账", "自愿多交"],
            ["张三", f"{YEAR}-07", 100, "", "", "自愿多交"],
        ]
    }
    _result, errors = run(school, sheet)
    assert errors == []
    assert [(p.kind, p.amount, p.paid_on) for p in Payment.objects.order_by("pk")] == [
        (PaymentKind.REGULAR, Decimal("30.00"), date(YEAR, 7, 10)),
        (PaymentKind.EXTRA, Decimal("2000.00"), date(YEAR, 7, 1)),
        (PaymentKind.EXTRA, Decimal("100.00"), date(YEAR, 7, 10)),
    ]
    before = counts()
    again, errors = run(school, sheet)
    assert errors == [] and [s.unchanged for s in again.sheets] == [3]
    assert counts() == before


def test_a_voluntary_payment_paid_in_another_month_is_refused(school, people):
    row = ["张三", f"{YEAR}-07", 100, date(YEAR, 8, 1), "", "自愿多交"]
    result, _errors = run(school, {SHEET: [[*DUES_HEADERS, "类型"], row]})
    assert [(p.row, p.column) for p in result.errors] == [(2, "缴纳日期")]
    assert not Payment.objects.exists()


def test_the_paid_date_is_today_when_the_10th_is_still_to_come(school, people):
    today = timezone.localdate()
    ahead = (today + relativedelta(months=1)).replace(day=1)
    _result, errors = run(school, dues(["张三", f"{ahead:%Y-%m}", 30, "", ""]))
    assert errors == []
    payment = Payment.objects.get()
    assert (payment.paid_on, payment.kind) == (today, PaymentKind.ADVANCE)


# With a base: the amount must be what is owed ------------------------------------------------


def test_with_a_base_the_amount_must_be_what_is_owed(school, people):
    services_bases.base_set(
        actor=None,
        org=school,
        person=people["张三"],
        year=YEAR,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )
    charges = counts()["Charge"]
    result, errors = run(school, dues(["张三", f"{YEAR}-03", 30, "", ""]))
    assert [(p.row, p.column) for p in result.errors] == [(2, "金额")]
    assert errors == [
        "Sheet 党费, row 2, column 金额: 张三 owes 40.00 yuan for those months, not 30.00."
    ]
    assert not Payment.objects.exists()

    _result, errors = run(school, dues(["张三", f"{YEAR}-03", "40", "", ""]))
    assert errors == []
    assert Payment.objects.get().amount == Decimal("40.00")
    assert counts()["Charge"] == charges  # the charges are the base's, none added


# Refused rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["-5", 0, "0.00", "三十", "100001", 100000.01, "12.345", ""])
def test_a_bad_amount_writes_nothing_and_is_named(school, people, amount):
    before = counts()
    sheets = {
        **dues(["张三", f"{YEAR}-01", 30, "", ""], ["张三", f"{YEAR}-02", amount, "", ""]),
        "荣誉": [HONOR_HEADERS, [date(YEAR, 7, 1), "先进基层党组织", "", ""]],
    }
    result, errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 3, "金额")], errors
    assert counts() == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        # before the membership: the ledger's own refusal
        (
            ["新来的", f"{YEAR}-05", 30, "", ""],
            "月份",
            f"新来的 was not in 中心小学党支部 in May {YEAR}.",
        ),
        (["申请人", f"{YEAR}-05", 30, "", ""], "月份", "申请人 owes nothing for"),
        (
            ["张叁", f"{YEAR}-05", 30, "", ""],
            "姓名",
            "张叁 is not on the roster of 中心小学党支部.",
        ),
        (["张三", f"{YEAR}-13", 30, "", ""], "月份", None),
        (
            ["张三", f"{YEAR}-05", 30, "", "支付宝"],
            "方式",
            "“支付宝” is not one of 现金/转账/线上.",
        ),
        (["张三", f"{YEAR}-05", 30, TODAY + datetime.timedelta(days=30), ""], "缴纳日期", None),
        # more than six months ahead of the date paid
        (["张三", f"{YEAR}-12", 30, date(YEAR, 3, 1), ""], "月份", None),
    ],
)
def test_a_refused_row_writes_nothing_and_names_its_column(school, people, row, column, message):
    before = counts()
    result, errors = run(school, dues(["张三", f"{YEAR}-01", 30, "", ""], row))
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 3, column)], errors
    if message:
        assert errors[0].startswith(f"Sheet 党费, row 3, column {column}: {message}")
    assert counts() == before


def test_the_same_month_twice_in_one_file_is_a_row_error(school, people):
    result, errors = run(
        school, dues(["张三", f"{YEAR}-01", 30, "", ""], ["张三", f"{YEAR}/1", 30, "", ""])
    )
    assert [(p.row, p.column) for p in result.errors] == [(3, "月份")]
    assert "row 2" in errors[0]
    assert not Payment.objects.exists()


# The export ---------------------------------------------------------------------------------


def test_the_export_writes_what_stands_paid_of_the_year_asked(school, people):
    run(school, GOOD_DUES)
    wrong = Payment.objects.get(month=date(YEAR, 1, 1))
    services.payment_reverse(actor=None, payment=wrong, reason="记错")
    services.extra_payment_record(
        actor=None, org=school, person=people["张三"], amount="500", paid_on=date(YEAR, 7, 1)
    )
    run(school, dues(["张三", f"{YEAR - 1}-12", 30, "", ""]))

    rows = sheet_rows(export_workbook(org=school, personal_data=False, year=YEAR))[SHEET]
    assert rows == [
        (*DUES_HEADERS, "类型"),
        ("张三", f"{YEAR}-02", 30, datetime.datetime(YEAR, 3, 5), "转账", "补交"),
        ("新来的", f"{YEAR}-06", 12.5, datetime.datetime(YEAR, 6, 10), "线上", "按月"),
        ("张三", f"{YEAR}-07", 500, datetime.datetime(YEAR, 7, 1), "现金", "自愿多交"),
    ]
    everything = sheet_rows(export_workbook(org=school, personal_data=False))[SHEET]
    assert [r[1] for r in everything[1:]] == [
        f"{YEAR - 1}-12",
        f"{YEAR}-02",
        f"{YEAR}-06",
        f"{YEAR}-07",
    ]


def test_the_command_imports_the_dues_sheet(school, people, tmp_path):
    path = write_workbook(tmp_path / "台账.xlsx", GOOD_DUES)
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_records", "--org", "school", str(path), stdout=out)
    assert "党费: 3 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Payment.objects.filter(organization=school).count() == 3
