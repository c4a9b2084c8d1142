"""Every URL of the dues pages × every persona → the status that persona gets."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dues import services, services_bases
from dues.models import DuesCategory, Payment
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

MINE = 302  # a member opening the dues home is sent to their own account
SAVED = 302  # a form that was accepted redirects
TODAY = timezone.localdate()
YEAR = TODAY.year


def url(name, org="school", **kwargs):
    return lazy_url(f"dues:{name}", org_code=org, **kwargs)


MONTH = {"year": YEAR, "month": TODAY.month}
WRITE = expect(LOGIN, 200, 200, 403, 403, 404)  # a log_records form, shown or refused
READ = expect(LOGIN, 200, 200, 403, 200, 404)  # a view_organization page
PUBLIC = expect(LOGIN, 200, 200, 200, 200, 404)  # a view_public page
NOWHERE = expect(LOGIN, 404, 404, 404, 404, 404)

MATRIX = [
    # name, method, url(objects) -> str, expected statuses
    ("index", "get", url("index"), expect(LOGIN, 200, 200, MINE, 200, 404)),
    ("town index", "get", url("index", "town"), expect(LOGIN, 404, 404, 404, 200, 404)),
    ("village index", "get", url("index", "village"), expect(LOGIN, 404, 404, 404, 200, 200)),
    ("recalculate charges", "post", url("index"), expect(LOGIN, SAVED, SAVED, 403, 403, 404)),
    ("month", "get", url("month", **MONTH), READ),
    ("month, no such month", "get", url("month", year=YEAR, month=13), NOWHERE | {M: 403}),
    ("month of the town", "get", url("month", "town", **MONTH), NOWHERE | {T: 404}),
    ("collect (nobody ticked)", "post", url("month", **MONTH), WRITE),
    ("month xlsx", "get", url("month_xlsx", **MONTH), READ),
    ("bases", "get", url("bases", year=YEAR), READ),
    (
        "bases post (no change)",
        "post",
        url("bases", year=YEAR),
        expect(LOGIN, SAVED, SAVED, 403, 403, 404),
    ),
    ("calculator", "get", url("calculator"), PUBLIC),
    ("mine", "get", url("mine"), PUBLIC),
    ("own account", "get", url("person", person_pk=pk("me")), PUBLIC),
    ("another's account", "get", url("person", person_pk=pk("other")), READ),
    (
        "account of a village member",
        "get",
        url("person", person_pk=pk("villager")),
        NOWHERE,
    ),
    ("pay form", "get", url("person_pay", person_pk=pk("other")), WRITE),
    ("pay (no months)", "post", url("person_pay", person_pk=pk("other")), WRITE),
    (
        "pay for a village member",
        "post",
        url("person_pay", person_pk=pk("villager")),
        NOWHERE | {M: 403, T: 403},
    ),
    ("extra (no amount)", "post", url("person_extra", person_pk=pk("other")), WRITE),
    ("exemption (empty)", "post", url("person_exemption", person_pk=pk("other")), WRITE),
    ("arrears note (empty)", "post", url("person_arrears_note", person_pk=pk("other")), WRITE),
    (
        "reverse (no reason)",
        "post",
        url("payment_reverse", person_pk=pk("other"), payment_pk=pk("payment")),
        WRITE,
    ),
    (
        "reverse an entry of another account",
        "post",
        url("payment_reverse", person_pk=pk("me"), payment_pk=pk("payment")),
        NOWHERE | {M: 403, T: 403},
    ),
    ("summary", "get", url("summary", year=YEAR), READ),
    ("summary xlsx", "get", url("summary_xlsx", year=YEAR), READ),
    ("summary of a year to come", "get", url("summary", year=YEAR + 2), NOWHERE | {M: 403}),
    ("notice", "get", url("notice", year=YEAR), PUBLIC),
    ("notice xlsx", "get", url("notice_xlsx", year=YEAR), PUBLIC),
    ("notice of the town", "get", url("notice", "town", year=YEAR), NOWHERE),
]


@pytest.fixture
def objects(school, village, member, make_person):
    me = make_person("张党员", user=member)
    other = make_person("李党员")
    villager = make_person("村党员", org=village)
    for person in (me, other):
        services_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=YEAR,
            category=DuesCategory.EMPLOYED,
            base_amount="4000",
        )
    [payment] = services.payment_record(
        actor=None,
        org=school,
        person=other,
        months=[datetime.date(YEAR, 1, 1)],
        paid_on=TODAY,
    )
    return {"me": me, "other": other, "villager": villager, "payment": payment}


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    before = list(Payment.objects.values_list("pk", "amount"))
    response = check(client_for(persona), method, url(objects), expected, persona, name)
    if name == "index" and persona == M:
        assert response.url == reverse("dues:mine", args=["school"])
    # nothing in the matrix is a valid payment: the ledger stays as it was
    assert list(Payment.objects.values_list("pk", "amount")) == before


@pytest.mark.parametrize("persona", [S, C, T])
@pytest.mark.parametrize("name", ["month xlsx", "summary xlsx", "notice xlsx"])
def test_downloads_are_workbooks(client_for, objects, persona, name):
    row = next(r for r in MATRIX if r[0] == name)
    response = client_for(persona).get(row[2](objects))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


# The ledger cannot be edited through any URL ---------------------------------------------


def ledger_snapshot():
    return list(Payment.objects.order_by("pk").values())


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "page",
    [
        url("person", person_pk=pk("other")),
        url("mine"),
        url("month", year=YEAR, month=1),
        url("summary", year=YEAR),
        url("notice", year=YEAR),
        url("index"),
    ],
    ids=["account", "mine", "month", "summary", "notice", "index"],
)
def test_no_page_that_shows_entries_changes_them(client_for, objects, method, page):
    before = ledger_snapshot()
    payment = objects["payment"]
    data = {"amount": "1", "kind": "reversal", "pk": payment.pk, "people": [payment.person_id]}
    response = getattr(client_for(S), method)(page(objects), data)
    assert response.status_code in (200, 302, 405)
    assert ledger_snapshot() == before


def test_the_admin_refuses_to_change_or_delete_a_payment(client, objects, django_user_model):
    payment = objects["payment"]
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(admin)
    change = f"/admin/dues/payment/{payment.pk}/change/"
    delete = f"/admin/dues/payment/{payment.pk}/delete/"
    before = ledger_snapshot()
    assert client.post(change, {"amount": "1.00", "kind": "extra"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post("/admin/dues/payment/add/", {"amount": "1.00"}).status_code == 403
    assert ledger_snapshot() == before
