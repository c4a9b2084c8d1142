"""Every URL of the roster, the person record, the committee and transfers × every persona,
and who sees ID and phone numbers in full."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from members.models import Gender
from members.transfers import transfer_out
from tests.members.roster_helpers import make_id, png_upload
from tests.permissions import (
    LOGIN,
    C,
    M,
    S,
    T,
    check,
    expect,
    for_every_persona,
    lazy_url,
    pk,
)

D = dt.date
ID_NUMBER = make_id(D(1980, 5, 17), "female")
PHONE = "13912345678"
OWN_ID = make_id(D(1990, 1, 2), "male", seq="07")


READ_ORG = expect(LOGIN, 200, 200, 403, 200, 404)  # view_organization
LOG = expect(LOGIN, 200, 200, 403, 403, 404)  # log_records
PUBLIC = expect(LOGIN, 200, 200, 200, 200, 404)  # view_public


def url(name, *args):
    return lazy_url(f"members:{name}", *args)


MATRIX = [
    # name, method, url(objects), expected statuses
    ("roster", "get", url("index", "school"), READ_ORG),
    ("town roster", "get", url("index", "town"), expect(LOGIN, 404, 404, 404, 200, 404)),
    ("person", "get", url("person", "school", pk("person")), READ_ORG),
    ("own record", "get", url("person", "school", pk("own")), PUBLIC),
    ("photo", "get", url("photo", "school", pk("person")), READ_ORG),
    ("own photo", "get", url("photo", "school", pk("own")), PUBLIC),
    ("me", "get", url("me", "school"), PUBLIC),
    (
        "village person under school",
        "get",
        url("person", "school", pk("villager")),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    (
        "village person",
        "get",
        url("person", "village", pk("villager")),
        expect(LOGIN, 404, 404, 404, 200, 200),
    ),
    ("new person", "get", url("person_create", "school"), LOG),
    ("new person sent empty", "post", url("person_create", "school"), LOG),
    ("edit person", "get", url("person_update", "school", pk("person")), LOG),
    ("edit own record", "get", url("person_update", "school", pk("own")), LOG),
    ("status change", "get", url("status_change", "school", pk("person")), LOG),
    ("status change sent empty", "post", url("status_change", "school", pk("person")), LOG),
    ("party group", "get", url("group_assign", "school", pk("person")), LOG),
    ("transfer out", "get", url("transfer_out", "school", pk("person")), LOG),
    (
        "transfer out of a village person",
        "get",
        url("transfer_out", "school", pk("villager")),
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("transfer in", "get", url("transfer_in", "school"), LOG),
    ("transfers", "get", url("transfers", "school"), READ_ORG),
    ("return slip", "get", url("return_slip", "school", pk("transfer")), LOG),
    (
        "return slip of a village transfer",
        "get",
        url("return_slip", "school", pk("village_transfer")),
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("committee", "get", url("committee", "school"), READ_ORG),
    (
        "committee sent empty",
        "post",
        url("committee", "school"),
        expect(LOGIN, 200, 403, 403, 403, 404),
    ),
]


@pytest.fixture
def objects(school, village, member, outsider, make_person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    leaver = make_person("调出者")
    villager = make_person("村民党员", org=village)
    return {
        "person": make_person(
            "赵敏",
            gender=Gender.FEMALE,
            birth_date=D(1980, 5, 17),
            id_number=ID_NUMBER,
            phone=PHONE,
            photo=png_upload(),
        ),
        "own": make_person(
            "张党员",
            birth_date=D(1990, 1, 2),
            id_number=OWN_ID,
            phone="13700001111",
            user=member,
            photo=png_upload(),
        ),
        "villager": villager,
        "transfer": transfer_out(
            actor=None,
            org=school,
            person=leaver,
            transferred_on=D(2024, 3, 1),
            letter_number="2024-3",
            counterpart="某市某支部",
        ),
        "village_transfer": transfer_out(
            actor=None,
            org=village,
            person=villager,
            transferred_on=D(2024, 3, 1),
            letter_number="2024-4",
            counterpart="某县某支部",
        ),
    }


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    check(client_for(persona), method, url(objects), expected, persona, name)


# Who sees personal data in full ---------------------------------------------------------------


def page(client, o, key="person"):
    return client.get(reverse("members:person", args=["school", o[key].pk])).content.decode()


def test_the_secretary_sees_the_full_id_and_phone(client_for, objects):
    html = page(client_for(S), objects)
    assert ID_NUMBER in html and PHONE in html


@pytest.mark.parametrize("persona", [C, T])
def test_others_who_may_read_see_them_masked(client_for, objects, persona):
    html = page(client_for(persona), objects)
    assert ID_NUMBER not in html and PHONE not in html
    assert "110***********" + ID_NUMBER[-4:] in html
    assert "139****5678" in html


def test_the_person_sees_their_own_in_full(client_for, objects):
    client = client_for(M)
    assert OWN_ID in page(client, objects, "own")
    assert OWN_ID in client.get(reverse("members:me", args=["school"])).content.decode()


def test_a_committee_member_sees_the_own_record_of_a_member_masked(client_for, objects):
    html = page(client_for(C), objects, "own")
    assert OWN_ID not in html and "13700001111" not in html


@pytest.mark.parametrize("persona", [S, C, T])
def test_the_roster_masks_phone_numbers_for_everyone(client_for, objects, persona):
    html = client_for(persona).get(reverse("members:index", args=["school"])).content.decode()
    assert "赵敏" in html
    assert PHONE not in html and "139****5678" in html
    assert ID_NUMBER not in html and OWN_ID not in html


def test_the_photo_is_served_to_readers_only_through_the_view(client_for, objects):
    response = client_for(S).get(reverse("members:photo", args=["school", objects["person"].pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    response.close()
    assert "private" in response["Cache-Control"]


def test_a_person_without_a_photo_has_none(client_for, objects):
    response = client_for(S).get(reverse("members:photo", args=["school", objects["villager"].pk]))
    assert response.status_code == 404  # not in school at all
    bare = objects["transfer"].person
    response = client_for(S).get(reverse("members:photo", args=["school", bare.pk]))
    assert response.status_code == 404


def test_a_member_cannot_open_someone_elses_record(client_for, objects):
    response = client_for(M).get(reverse("members:person", args=["school", objects["person"].pk]))
    assert response.status_code == 403
