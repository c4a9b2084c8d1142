"""新增人员 and its edit form: 入党日期 and 转正日期 are asked for and checked (转正 a year or
more after 入党, only for party members) and never invented; phone numbers are Chinese phone
numbers, in the form, the service and the importer alike; a text over its limit is refused
with the field's name and the limit."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from branch.exceptions import ServiceError
from branch.models import AuditEntry
from members import services
from members.models import Person, Stage, StatusChange
from tests.members.test_workbook_members import _set, good_sheets, run

D = datetime.date


def create_url() -> str:
    return reverse("members:person_create", args=["school"])


def person_post(**extra) -> dict:
    return {
        "name": "赵敏",
        "gender": "female",
        "birth_date": "1985-04-03",
        "ethnicity": "汉族",
        "joined_on": "2019-07-01",
        "stage": Stage.FULL,
        **extra,
    }


def stages(person: Person) -> list[tuple[str, datetime.date]]:
    rows = StatusChange.objects.filter(person=person, aspect="stage").order_by("effective_on")
    return [(c.value, c.effective_on) for c in rows]


def test_a_full_member_gets_both_party_dates_as_given(client_for, school):
    client = client_for("secretary")
    response = client.post(
        create_url(), person_post(joined_party_on="2010-06-20", full_member_on="2011-06-20")
    )
    assert response.status_code == 302
    person = Person.objects.get(name="赵敏")
    assert stages(person) == [("probationary", D(2010, 6, 20)), ("full", D(2011, 6, 20))]


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({}, "joined_party_on", "入党日期"),
        ({"joined_party_on": "2010-06-20"}, "full_member_on", "转正日期"),
        (
            {"joined_party_on": "2010-06-20", "full_member_on": "2011-01-01"},
            "full_member_on",
            "不能早于2011年6月20日（入党日期为2010年6月20日）",
        ),
        (
            {"stage": Stage.ACTIVIST, "joined_party_on": "2010-06-20"},
            "joined_party_on",
            "只有正式党员和预备党员",
        ),
        (
            {
                "stage": Stage.PROBATIONARY,
                "joined_party_on": "2020-06-20",
                "full_member_on": "2021-06-20",
            },
            "full_member_on",
            "预备党员尚无",
        ),
        (
            {"joined_party_on": "1900-01-01", "full_member_on": "1901-01-01"},
            "joined_party_on",
            "1921年7月1日",
        ),
    ],
)
def test_party_dates_are_checked_on_the_form(client_for, school, extra, field, words):
    client = client_for("secretary")
    response = client.post(create_url(), person_post(**extra))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert words in " ".join(errors[field]), errors
    assert not Person.objects.exists()


def test_the_edit_form_shows_and_corrects_the_party_dates(client_for, school):
    person = services.person_create(
        actor=None,
        org=school,
        name="钱进",
        gender="male",
        birth_date=D(1980, 1, 1),
        joined_on=D(2015, 1, 1),
        stage=Stage.FULL,
        joined_party_on=D(2005, 7, 1),
        full_member_on=D(2006, 7, 1),
    )
    client = client_for("secretary")
    url = reverse("members:person_update", args=["school", person.pk])
    form = client.get(url).context["form"]
    assert (form.initial["joined_party_on"], form.initial["full_member_on"]) == (
        D(2005, 7, 1),
        D(2006, 7, 1),
    )
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data.update(joined_party_on="2005-06-01", full_member_on="2006-06-01")
    assert client.post(url, data).status_code == 302
    assert stages(person) == [("probationary", D(2005, 6, 1)), ("full", D(2006, 6, 1))]
    entry = AuditEntry.objects.filter(action="update").latest("pk")
    assert entry.changes["joined_party_on"] == ["2005-07-01", "2005-06-01"]


@pytest.mark.parametrize("phone", ["abcdefg", "123", "2345678901", "1381234567"])
def test_a_wrong_phone_number_is_refused_on_the_form(client_for, school, phone):
    client = client_for("secretary")
    response = client.post(
        create_url(),
        person_post(joined_party_on="2010-06-20", full_member_on="2011-06-20", phone=phone),
    )
    assert "不是有效的电话号码" in " ".join(response.context["form"].errors["phone"])
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0571-87654321", "0571-87654321"),
        ("010-62345678-123", "010-62345678-123"),
    ],
)
def test_good_phone_numbers_are_kept(make_person, phone, stored):
    assert make_person("孙立", phone=phone).phone == stored


def test_the_service_refuses_a_wrong_phone_number(make_person):
    with pytest.raises(ServiceError) as caught:
        make_person("孙立", phone="abcdefg")
    assert caught.value.field == "phone"


def test_the_importer_names_the_phone_column(school):
    sheets = good_sheets()
    _set(sheets, "党员名册", 2, "联系电话", "abcdefg")
    result, _errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("党员名册", 2, "联系电话")]


def test_an_over_long_name_is_refused_with_the_field_and_its_limit(client_for, school):
    client = client_for("secretary")
    response = client.post(
        create_url(),
        person_post(name="赵" * 41, joined_party_on="2010-06-20", full_member_on="2011-06-20"),
    )
    message = " ".join(response.context["form"].errors["name"])
    assert "最多40个字，现有41个字" in message and "确保" not in message
