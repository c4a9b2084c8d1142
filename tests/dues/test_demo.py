"""The demo's dues, seeded once for the module on a fixed day (the demo counts from today, so
a fixed day keeps the collection rate and the arrears the same whenever the suite runs; the
demo on any day is tests/branch/test_demo.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from branch.models import Notification, Organization
from branch.reminders import reminders_send
from dues.charges import wanted_charges
from dues.models import ArrearsNote, DuesBase, Payment, PaymentKind
from dues.selectors import arrears, year_summary
from tests.clock import travel

D = datetime.date
TODAY = D(2026, 11, 26)  # the last month that has ended is 2026-10


def seed_on(day: datetime.date) -> None:
    with travel(day):
        call_command("seed_demo", "--quiet-logins", stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded on ``TODAY``, shared by the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_on(TODAY)
        yield {o.code: o for o in Organization.objects.all()}
        transaction.set_rollback(True)


@pytest.fixture
def school(demo, db):
    return demo["demo-school"]


@pytest.fixture
def village(demo, db):
    return demo["demo-village"]


def test_the_school_collected_most_but_not_all_of_this_year(school):
    rate = year_summary(school, 2026).rate
    assert Decimal("50") <= rate < Decimal("100")


def test_last_year_is_fully_charged_and_collected(school, village):
    for org in (school, village):
        summary = year_summary(org, 2025)
        assert summary.due > 0 and summary.rate == Decimal("100.0")


def test_everyone_charged_has_a_base_and_the_brackets_vary(school, village):
    for org in (school, village):
        for year in (2025, 2026):
            assert wanted_charges(org, year)[1] == []  # nobody without a base
    rates = set(DuesBase.objects.filter(organization=school, year=2026).values_list("rate"))
    assert {r for (r,) in rates} >= {
        Decimal("0.005"),
        Decimal("0.01"),
        Decimal("0.015"),
        Decimal("0.02"),
    }
    village_amounts = {
        b.monthly_amount for b in DuesBase.objects.filter(organization=village, year=2026)
    }
    assert {Decimal("0.50"), Decimal("0.20")} <= village_amounts


def test_one_school_member_is_flagged_and_one_only_warned(school):
    found = {a.person.name: a for a in arrears(school, TODAY)}
    assert found["秦峰"].flagged and len(found["秦峰"].months) >= 6
    assert 3 <= len(found["韩磊"].months) < 6 and not found["韩磊"].flagged


def test_the_village_member_with_a_reason_is_not_flagged(village):
    [behind] = arrears(village, TODAY)
    assert len(behind.months) >= 6 and behind.reason is not None and not behind.flagged


def test_a_payment_for_the_wrong_member_is_reversed_and_recorded_for_the_right_one(school):
    [reversal] = Payment.objects.filter(organization=school, kind=PaymentKind.REVERSAL)
    mistake = reversal.reverses
    assert reversal.amount == -mistake.amount and reversal.reason
    right = Payment.objects.get(
        organization=school,
        month=mistake.month,
        kind=PaymentKind.REGULAR,
        paid_on=mistake.paid_on,
        person__name="陈静",
    )
    assert mistake.person.name == "郑华" and right.receipt != mistake.receipt
    # and 郑华 paid their own month later
    assert Payment.objects.filter(
        person=mistake.person, month=mistake.month, generation=1, kind=PaymentKind.REGULAR
    ).exists()


def test_a_back_payment_of_several_months_is_one_receipt(school):
    backs = Payment.objects.filter(organization=school, kind=PaymentKind.BACK)
    assert backs.count() >= 3 and len({p.receipt for p in backs}) == 1
    assert year_summary(school, 2026).back > 0


def test_a_voluntary_payment_over_1000_goes_to_the_central_committee(school):
    [extra] = Payment.objects.filter(organization=school, kind=PaymentKind.EXTRA)
    assert extra.goes_to_central and extra.amount > 1000


def test_the_daily_job_warns_and_flags_from_the_demo(school):
    """The seed ran the daily job on its day; running it again that day adds nothing."""
    assert reminders_send(today=TODAY) == 0
    dues = Notification.objects.filter(key__startswith="dues:")
    assert {n.level for n in dues.filter(user__username="secretary")} == {"warning", "danger"}
    to_village = dues.filter(user__username="outsider")
    assert [n.level for n in to_village] == ["warning"]  # the reason keeps the flag away


def test_seeding_again_later_only_collects_the_months_that_ended_since(school):
    """Across the new year too: bases for the new year, the arrears run on, and the one-off
    entries are not repeated."""
    one_offs = (PaymentKind.REVERSAL, PaymentKind.BACK, PaymentKind.EXTRA)
    before = {k: Payment.objects.filter(kind=k).count() for k in one_offs}
    for day, ended in ((D(2026, 12, 20), D(2026, 11, 1)), (D(2027, 1, 15), D(2026, 12, 1))):
        newest = Payment.objects.order_by("-pk").values_list("pk", flat=True).first()
        seed_on(day)
        new = Payment.objects.filter(pk__gt=newest)
        assert set(new.values_list("month", flat=True)) == {ended}
    assert {k: Payment.objects.filter(kind=k).count() for k in one_offs} == before
    assert ArrearsNote.objects.count() == 1
    assert wanted_charges(school, 2027)[1] == []  # the new year's bases are set
    today = D(2027, 1, 15)
    streaks = {a.person.name: (len(a.months), a.flagged) for a in arrears(school, today)}
    assert streaks == {"秦峰": (10, True), "韩磊": (6, True)}
