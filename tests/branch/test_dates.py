"""One rule for plausible dates (branch.dates), held by the forms, the services and the
importer: nothing before the Party was founded, no birth date over 120 years ago, no meeting,
honour or payment before the branch existed, nothing in the future that has already happened."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation

from branch import services as branch_services
from branch.dates import DateKind, InvalidYear, check_date, parse_year
from branch.exceptions import ServiceError
from branch.models import Honor
from dues import services as dues_services
from meetings import services as meeting_services
from meetings.models import Kind, Meeting
from members.models import Membership, Person, Stage
from tests.members.test_workbook_members import _set, good_sheets, run

TODAY = timezone.localdate()
LONG_AGO = datetime.date(1800, 1, 1)


def zh(callable_, *args, **kwargs) -> str:
    with translation.override("zh-hans"), pytest.raises(ServiceError) as caught:
        callable_(*args, **kwargs)
    return caught.value.message


def test_the_table_gives_each_kind_its_range():
    earliest = TODAY - relativedelta(years=120)
    check_date(DateKind.BIRTH, earliest, label="x")
    check_date(DateKind.PARTY, datetime.date(1921, 7, 1), label="x")
    for kind, day in [
        (DateKind.BIRTH, earliest - datetime.timedelta(days=1)),
        (DateKind.PARTY, datetime.date(1921, 6, 30)),
        (DateKind.JOINED, TODAY + datetime.timedelta(days=1)),
        (DateKind.EVENT, TODAY + datetime.timedelta(days=1)),
    ]:
        with pytest.raises(ValueError):
            check_date(kind, day, label="x")


def test_a_meeting_in_1800_is_refused_naming_the_field_and_range(school):
    message = zh(
        meeting_services.meeting_record,
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=LONG_AGO,
        topic="主题党日",
    )
    assert message.startswith("日期须在1921年7月1日至")
    assert f"{TODAY.year}年" in message
    assert not Meeting.objects.exists()


def test_a_meeting_before_the_branch_was_established_is_refused(school):
    school.established_on = TODAY - datetime.timedelta(days=30)
    school.save()
    message = zh(
        meeting_services.meeting_record,
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=TODAY - datetime.timedelta(days=31),
        topic="主题党日",
    )
    start = school.established_on
    assert f"{start.year}年{start.month}月{start.day}日" in message


def test_an_honour_in_1800_is_refused(school):
    message = zh(
        branch_services.honor_create, actor=None, org=school, awarded_on=LONG_AGO, title="先进"
    )
    assert "获得日期须在1921年7月1日至" in message
    assert not Honor.objects.exists()


def test_a_birth_date_in_1800_is_refused(make_person):
    message = zh(make_person, "老人", birth_date=LONG_AGO)
    earliest = TODAY - relativedelta(years=120)
    assert message.startswith(f"出生日期须在{earliest.year}年")
    assert not Person.objects.exists()


def test_a_payment_dated_1800_is_refused_for_its_date_not_as_a_prepayment(school, make_person):
    person = make_person("张三")
    message = zh(
        dues_services.payment_record,
        actor=None,
        org=school,
        person=person,
        months=[TODAY.replace(day=1)],
        paid_on=LONG_AGO,
    )
    assert "1921年7月1日" in message and "预交" not in message


def test_a_person_joining_the_branch_in_the_future_is_refused_on_the_form(client_for, school):
    client = client_for("secretary")
    future = TODAY + relativedelta(years=4)
    response = client.post(
        reverse("members:person_create", args=["school"]),
        {
            "name": "未来人",
            "gender": "male",
            "birth_date": "1990-01-01",
            "ethnicity": "汉族",
            "joined_on": future.isoformat(),
            "stage": Stage.APPLICANT,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "加入本支部日期" in errors["joined_on"][0] or "须在" in errors["joined_on"][0]
    assert not Person.objects.exists() and not Membership.objects.exists()


def test_the_importer_names_sheet_row_and_column_of_an_implausible_date(school):
    sheets = good_sheets()
    _set(sheets, "党员名册", 2, "出生日期", "1800-01-01")
    result, _errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("党员名册", 2, "出生日期")]
    sheets = good_sheets()
    _set(sheets, "荣誉", 2, "日期", "1800-01-01")
    result, errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("荣誉", 2, "日期")]
    assert "1921" in errors[0]
    assert not Person.objects.exists()


def test_a_year_is_parsed_within_the_branch_s_years(school):
    assert parse_year(str(TODAY.year), org=school) == TODAY.year
    assert parse_year("", org=school, default=2020) == 2020
    for raw in ("1800", "20x5", "２０２５", str(TODAY.year + 1), "99999"):
        with translation.override("zh-hans"), pytest.raises(InvalidYear) as caught:
            parse_year(raw, org=school)
        assert f"1921年至{TODAY.year}年" in caught.value.message
    school.established_on = datetime.date(2015, 3, 1)
    with pytest.raises(InvalidYear):
        parse_year("2014", org=school)
