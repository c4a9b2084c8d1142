"""ID and phone numbers stay with those entitled to them: the secretary (``view_personal_data``)
and the person themself, in every page, form, audit entry and message."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from branch.exceptions import ServiceError
from branch.models import AuditEntry
from branch.workbook_export import export_workbook
from members.models import Gender, Person
from members.services import person_update, status_change_record
from members.transfers import transfer_within
from tests.members.roster_helpers import make_id

D = dt.date
ID_NUMBER = make_id(D(1980, 5, 17), "female")
PHONE = "13912345678"


@pytest.fixture
def zhao(make_person):
    return make_person(
        "赵敏", gender=Gender.FEMALE, birth_date=D(1980, 5, 17), id_number=ID_NUMBER, phone=PHONE
    )


def edit_url(person, org="school"):
    return reverse("members:person_update", args=[org, person.pk])


def test_the_committee_edits_a_person_without_seeing_the_id_and_phone(client_for, zhao):
    response = client_for("committee_member").get(edit_url(zhao))
    html = response.content.decode()
    assert response.status_code == 200
    assert ID_NUMBER not in html and PHONE not in html
    assert ID_NUMBER[-4:] not in html and PHONE[-4:] not in html
    assert "id_number" not in response.context["form"].fields


def test_a_save_by_the_committee_leaves_the_id_and_phone_as_they_were(client_for, zhao):
    client = client_for("committee_member")
    form = client.get(edit_url(zhao)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    # posted anyway: a form without the fields ignores them
    data.update(unit_and_post="中心小学 教师", phone="13700000000", id_number="")
    response = client.post(edit_url(zhao), data)
    assert response.status_code == 302
    zhao = Person.objects.get(pk=zhao.pk)
    assert (zhao.id_number, zhao.phone, zhao.unit_and_post) == (ID_NUMBER, PHONE, "中心小学 教师")


def test_the_secretary_edits_the_id_and_phone(client_for, zhao):
    client = client_for("secretary")
    response = client.get(edit_url(zhao))
    assert ID_NUMBER in response.content.decode() and PHONE in response.content.decode()
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.pop("photo", None)
    data["phone"] = "13700000000"
    assert client.post(edit_url(zhao), data).status_code == 302
    assert Person.objects.get(pk=zhao.pk).phone == "13700000000"


# The audit log --------------------------------------------------------------------------------


def test_the_audit_log_keeps_id_and_phone_numbers_masked(client_for, secretary, zhao):
    person_update(
        actor=secretary, org=zhao.memberships.get().organization, person=zhao, phone="13800005678"
    )
    entries = AuditEntry.objects.filter(object_id=str(zhao.pk), action__in=["create", "update"])
    stored = json.dumps([e.changes for e in entries], ensure_ascii=False)
    assert ID_NUMBER not in stored and PHONE not in stored and "13800005678" not in stored
    assert f"{ID_NUMBER[:4]}**********{ID_NUMBER[-4:]}" in stored
    assert "139****5678" in stored and "138****5678" in stored
    html = client_for("township_admin").get(reverse("branch:audit", args=["town"])).content.decode()
    assert "138****5678" in html
    assert ID_NUMBER not in html and PHONE not in html and "13800005678" not in html


# An ID number someone else holds ---------------------------------------------------------------

VILLAGER_ID = make_id(D(1975, 3, 9), "male", seq="42")


@pytest.fixture
def villager(make_person, village):
    return make_person("周某某", org=village, birth_date=D(1975, 3, 9), id_number=VILLAGER_ID)


def refused_without_naming(response):
    assert response.status_code == 200
    form = response.context["form"]
    said = " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert form.errors["id_number"]
    assert "周某某" not in said and "青山村" not in said
    # the page says nothing of them either, beyond what was typed
    html = response.content.decode().replace('value="周某某"', "")
    assert "周某某" not in html and "青山村" not in html


NEW_PERSON = {
    "name": "新党员",
    "id_number": VILLAGER_ID,
    "ethnicity": "汉族",
    "joined_on": "2024-05-06",
    "stage": "full",
    "joined_party_on": "2004-07-01",
    "full_member_on": "2005-07-01",
}


def test_a_new_person_with_a_registered_id_number_names_nobody(client_for, villager):
    response = client_for("secretary").post(
        reverse("members:person_create", args=["school"]), NEW_PERSON
    )
    refused_without_naming(response)
    assert not Person.objects.filter(name="新党员").exists()


def test_an_edit_to_a_registered_id_number_names_nobody(client_for, villager, make_person):
    person = make_person("钱某", birth_date=D(1975, 3, 9))
    client = client_for("secretary")
    data = {
        k: v
        for k, v in client.get(edit_url(person)).context["form"].initial.items()
        if v is not None and k != "photo"
    }
    response = client.post(edit_url(person), {**data, "id_number": VILLAGER_ID})
    refused_without_naming(response)
    assert Person.objects.get(pk=person.pk).id_number == ""


@pytest.mark.parametrize("name", ["随便一个名字", "周某某"])
def test_a_transfer_in_with_a_registered_id_number_names_nobody(client_for, villager, name):
    data = {
        **NEW_PERSON,
        "name": name,
        "transferred_on": "2024-05-06",
        "letter_number": "外2024-11",
        "counterpart": "某县某村党支部",
    }
    response = client_for("secretary").post(reverse("members:transfer_in", args=["school"]), data)
    refused_without_naming(response)
    assert villager.memberships.count() == 1


# A branch the person has left for another ---------------------------------------------------------


@pytest.fixture
def moved(secretary, school, village, zhao):
    """赵敏 moved from school to village through the system."""
    transfer_within(
        actor=secretary,
        org=school,
        person=zhao,
        to_org=village,
        transferred_on=timezone.localdate() - dt.timedelta(days=30),
        letter_number="组转1号",
    )
    return zhao


@pytest.mark.parametrize("name", ["person_update", "status_change", "group_assign", "step_record"])
def test_the_former_branch_cannot_write_the_records_of_someone_who_moved(client_for, moved, name):
    client = client_for("secretary")
    url = reverse(f"members:{name}", args=["school", moved.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"phone": "13700000000", "aspect": "standing"}).status_code == 403


def test_a_back_dated_expulsion_by_the_former_branch_is_refused(secretary, school, moved):
    with pytest.raises(ServiceError):
        status_change_record(
            actor=secretary,
            org=school,
            person=moved,
            aspect="standing",
            value="expelled",
            effective_on=timezone.localdate() - dt.timedelta(days=60),
        )
    with pytest.raises(ServiceError):
        person_update(actor=secretary, org=school, person=moved, phone="13700000000")
    moved = Person.objects.get(pk=moved.pk)
    assert moved.phone == PHONE
    assert not moved.status_changes.filter(value="expelled").exists()


def test_the_former_branch_still_reads_its_past_records(client_for, moved):
    response = client_for("secretary").get(reverse("members:person", args=["school", moved.pk]))
    assert response.status_code == 200
    assert not response.context["can_log"]
    # the numbers are the new branch's to keep now
    assert ID_NUMBER not in response.content.decode() and PHONE not in response.content.decode()
    assert reverse("members:person_update", args=["school", moved.pk]) not in (
        response.content.decode()
    )


def test_the_new_branch_writes_and_both_logs_show_the_transfer(client_for, outsider, moved):
    person_update(
        actor=outsider, org=moved.memberships.last().organization, person=moved, phone="13700000000"
    )
    for persona, org in (("secretary", "school"), ("outsider", "village")):
        page = client_for(persona).get(reverse("branch:audit", args=[org]))
        assert "组转1号" in page.content.decode(), org


def test_the_former_branchs_export_leaves_out_the_numbers_of_someone_who_moved(
    school, make_person, moved
):
    stayed = make_person("孙留", phone="13600001111")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(org=school, personal_data=True)))
    cells = [str(c) for row in book["党员名册"].iter_rows(values_only=True) for c in row if c]
    assert "赵敏" in cells and stayed.phone in cells
    assert ID_NUMBER not in cells and PHONE not in cells
