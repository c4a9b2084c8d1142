"""The ledger cannot be changed behind the services' back: the database refuses every UPDATE and
DELETE of a payment, on SQLite and on PostgreSQL, whichever route the change takes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from dues.models import Payment


def _a_payment(school, make_person) -> Payment:
    import datetime

    person = make_person("赵缴费")
    return Payment.objects.create(
        person=person,
        organization=school,
        month=datetime.date(2024, 3, 1),
        amount=Decimal("0.20"),
        kind="regular",
        paid_on=datetime.date(2024, 3, 5),
        receipt="2024-0001",
    )


ROUTES = {
    "queryset update": lambda p: Payment.objects.filter(pk=p.pk).update(amount=Decimal("9")),
    "queryset delete": lambda p: Payment.objects.filter(pk=p.pk).delete(),
    "bulk_update": lambda p: Payment.objects.bulk_update(
        [_with(p, amount=Decimal("9"))], ["amount"]
    ),
    "raw SQL": lambda p: connection.cursor().execute(
        "UPDATE dues_payment SET amount = 9 WHERE id = %s", [p.pk]
    ),
    "raw delete": lambda p: connection.cursor().execute(
        "DELETE FROM dues_payment WHERE id = %s", [p.pk]
    ),
}


def _with(payment: Payment, **values) -> Payment:
    for name, value in values.items():
        setattr(payment, name, value)
    return payment


@pytest.mark.parametrize("route", list(ROUTES))
def test_the_database_refuses_to_change_a_ledger_entry(school, make_person, route):
    entry = _a_payment(school, make_person)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ROUTES[route](entry)
    stored = Payment.objects.get(pk=entry.pk)
    assert stored.amount == Decimal("0.20")


@pytest.mark.django_db(transaction=True)
def test_flush_alone_may_empty_the_ledger(town, make_person, school):
    _a_payment(school, make_person)
    call_command("flush", interactive=False, verbosity=0)
    assert not Payment.objects.exists()
    # and the lock is back afterwards
    from tests.factories import CommitteeFactory, OrganizationFactory

    branch = OrganizationFactory(code="again", parent=CommitteeFactory(code="town2"))
    entry = _a_payment(branch, lambda name: _person(branch, name))
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.filter(pk=entry.pk).delete()


def _person(org, name):
    import datetime

    from members import services as member_services

    return member_services.person_create(
        actor=None,
        org=org,
        name=name,
        gender="male",
        birth_date=datetime.date(1985, 6, 1),
        joined_on=datetime.date(2015, 1, 1),
        stage="full",
        category="employed",
    )
