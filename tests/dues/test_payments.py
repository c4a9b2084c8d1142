from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections

from branch.exceptions import ServiceError
from dues import services, services_bases
from dues.models import DuesCategory, LedgerIsAppendOnly, Payment, PaymentKind
from dues.selectors import account, arrears, month_sheet, year_summary
from tests.clock import on_day

D = datetime.date
PAID_ON = D(2026, 6, 10)
pytestmark = on_day(D(2026, 11, 26))  # after every payment the tests record


@pytest.fixture
def payer(school, make_person):
    person = make_person("缴费人", joined_on=D(2015, 1, 1))
    services_bases.base_set(
        actor=None,
        org=school,
        person=person,
        year=2026,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )  # 40.00 a month
    return person


def pay(school, person, *months, **kw):
    return services.payment_record(
        actor=None,
        org=school,
        person=person,
        months=[D(2026, m, 1) for m in months],
        paid_on=kw.pop("paid_on", PAID_ON),
        **kw,
    )


def nothing_written():
    return not Payment.objects.exists()


def test_a_payment_for_the_current_month_is_regular(school, payer):
    [payment] = pay(school, payer, 6)
    assert (payment.kind, payment.amount) == (PaymentKind.REGULAR, Decimal("40.00"))
    assert payment.receipt == "school-2026-00001"


def test_one_receipt_covers_several_months(school, payer):
    payments = pay(school, payer, 6, 7, 8)
    assert {p.receipt for p in payments} == {"school-2026-00001"}
    assert [p.kind for p in payments] == ["regular", "advance", "advance"]


def test_past_months_are_a_back_payment(school, payer):
    payments = pay(school, payer, 2, 3)
    assert {p.kind for p in payments} == {PaymentKind.BACK}
    assert year_summary(school, 2026).back == Decimal("80.00")


@pytest.mark.parametrize("amount", ["-40", "0", "四十", "abc", "100000.01", "40.001"])
def test_bad_amounts_are_refused(school, payer, amount):
    with pytest.raises(ServiceError):
        pay(school, payer, 6, amount=amount)
    assert nothing_written()


def test_a_wrong_amount_is_refused_with_what_is_owed(school, payer):
    with pytest.raises(ServiceError, match=r"40\.00"):
        pay(school, payer, 6, amount="30")
    assert nothing_written()


def test_a_month_before_the_membership_is_refused(school, make_person):
    late = make_person("新党员", joined_on=D(2026, 4, 1))
    services_bases.base_set(
        actor=None,
        org=school,
        person=late,
        year=2026,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )
    with pytest.raises(ServiceError):
        pay(school, late, 3)
    assert nothing_written()


def test_more_than_six_months_ahead_is_refused(school, payer):
    with pytest.raises(ServiceError):
        pay(school, payer, 6, 7, 8, 9, 10, 11, 12, paid_on=D(2026, 5, 31))
    assert nothing_written()
    assert len(pay(school, payer, 6, 7, 8, 9, 10, 11, paid_on=D(2026, 5, 31))) == 6


def test_more_than_six_back_months_need_a_reason(school, payer):
    with pytest.raises(ServiceError):
        pay(school, payer, 1, 2, 3, 4, 5, 6, 7, paid_on=D(2026, 8, 5))
    assert nothing_written()
    assert (
        len(
            pay(
                school,
                payer,
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                paid_on=D(2026, 8, 5),
                reason="外出务工半年，返乡后补交",
            )
        )
        == 7
    )


def test_a_paid_month_is_refused_the_second_time(school, payer):
    pay(school, payer, 6)
    with pytest.raises(ServiceError):
        pay(school, payer, 6)
    assert Payment.objects.count() == 1


def test_the_database_lets_only_one_payment_per_month_in(school, payer):
    first = pay(school, payer, 6)[0]
    with pytest.raises(IntegrityError):
        Payment.objects.create(
            person=payer,
            organization=school,
            month=first.month,
            amount=first.amount,
            kind=PaymentKind.REGULAR,
            paid_on=PAID_ON,
            receipt="x",
            generation=0,
        )


def test_a_reversal_keeps_both_entries_and_the_balance_is_right(school, payer):
    [payment] = pay(school, payer, 6)
    services.payment_reverse(actor=None, payment=payment, reason="误记，实为7月")
    assert Payment.objects.count() == 2
    june = account(payer, school, 2026).months[5]
    assert (june.due, june.paid, june.owed) == (Decimal("40.00"), Decimal("0.00"), Decimal("40.00"))
    [again] = pay(school, payer, 6)
    assert again.generation == 1
    assert account(payer, school, 2026).months[5].owed == 0
    with pytest.raises(ServiceError):
        services.payment_reverse(actor=None, payment=payment, reason="再次冲销")


def test_the_ledger_cannot_be_edited_or_deleted(school, payer):
    [payment] = pay(school, payer, 6)
    payment.amount = Decimal("1")
    with pytest.raises(LedgerIsAppendOnly):
        payment.save()
    with pytest.raises(LedgerIsAppendOnly):
        payment.delete()
    assert Payment.objects.get().amount == Decimal("40.00")


def test_an_extra_payment_over_1000_goes_to_the_central_committee(school, payer):
    small = services.extra_payment_record(
        actor=None, org=school, person=payer, amount="500", paid_on=PAID_ON
    )
    large = services.extra_payment_record(
        actor=None, org=school, person=payer, amount="1000.01", paid_on=PAID_ON
    )
    assert (small.goes_to_central, large.goes_to_central) == (False, True)
    assert year_summary(school, 2026).to_central == Decimal("1000.01")


def test_collection_day_records_the_ticked_and_reports_the_already_paid(school, payer, make_person):
    other = make_person("另一人")
    services_bases.base_set(
        actor=None,
        org=school,
        person=other,
        year=2026,
        category=DuesCategory.RETIRED,
        base_amount="3000",
    )
    pay(school, payer, 6)
    result = services.month_collect(
        actor=None, org=school, month=D(2026, 6, 1), people=[payer, other], paid_on=PAID_ON
    )
    assert [p.person for p in result.payments] == [other]
    assert [person for person, _msg in result.refused] == [payer]


def test_the_month_sheet_and_summary(school, payer):
    pay(school, payer, 1, 2, 3, paid_on=D(2026, 3, 5))
    sheet = month_sheet(school, D(2026, 4, 1))
    assert [(r.person, r.line.due, r.line.owed) for r in sheet] == [
        (payer, Decimal("40.00"), Decimal("40.00"))
    ]
    summary = year_summary(school, 2026, D(2026, 12, 31))  # the rate of the whole year
    assert (summary.due, summary.paid, summary.rate) == (
        Decimal("480.00"),
        Decimal("120.00"),
        Decimal("25.0"),
    )


def test_arrears_warn_at_three_and_flag_at_six_months(school, payer):
    assert [a.person for a in arrears(school, D(2026, 4, 2))] == [payer]  # Jan–Mar unpaid
    assert not arrears(school, D(2026, 3, 2))  # only Jan–Feb ended
    six = arrears(school, D(2026, 7, 1))[0]
    assert len(six.months) == 6 and six.flagged
    services.arrears_note_add(
        actor=None, org=school, person=payer, noted_on=D(2026, 3, 1), reason="长期外出务工，已联系"
    )
    assert not arrears(school, D(2026, 7, 1))[0].flagged


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_recordings_make_one_payment(school, payer):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs two real connections (PostgreSQL)")
    barrier = threading.Barrier(2)
    outcomes = []

    def record():
        try:
            barrier.wait()
            pay(school, payer, 6)
            outcomes.append("recorded")
        except ServiceError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Payment.objects.filter(person=payer, month=D(2026, 6, 1)).count() == 1
    assert len(outcomes) == 2 and outcomes.count("recorded") == 1
