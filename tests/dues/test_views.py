"""The dues pages driven through their forms, as a secretary would use them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dues import services, services_bases
from dues.models import DuesBase, DuesCategory, Exemption, Payment, PaymentKind
from members.models import Category
from tests.clock import on_day

TODAY = timezone.localdate()
YEAR = TODAY.year
THIS_MONTH = TODAY.replace(day=1)


def month(m: int) -> datetime.date:
    return datetime.date(YEAR, m, 1)


@pytest.fixture
def en(client_for):
    """``en(persona)``: that persona's client, with the pages in English."""

    def login(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def payers(school, make_person):
    """Three members charged 40 yuan a month this year."""
    people = [make_person(name) for name in ("甲党员", "乙党员", "丙党员")]
    for person in people:
        services_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=YEAR,
            category=DuesCategory.EMPLOYED,
            base_amount="4000",
        )
    return people


def dues_url(name: str, **kwargs) -> str:
    return reverse(f"dues:{name}", kwargs={"org_code": "school", **kwargs})


def page(response) -> str:
    return response.content.decode()


# Collection day ---------------------------------------------------------------------------


def test_collection_day_records_the_ticked_and_the_sheet_shows_them_paid(en, payers, secretary):
    client = en("secretary")
    url = dues_url("month", year=YEAR, month=TODAY.month)
    sheet = page(client.get(url))
    # everyone owing has a checkbox, and none is ticked in advance
    for person in payers:
        assert f'name="people" value="{person.pk}"' in sheet
    assert "checked" not in sheet.split('id="collect"')[1].split("</table>")[0]

    first, second, third = payers
    response = client.post(
        url,
        {"people": [first.pk, second.pk], "paid_on": TODAY.isoformat(), "method": "cash"},
        follow=True,
    )
    text = page(response)
    assert "Recorded as paid for" in text and "甲党员" in text and "乙党员" in text
    paid = Payment.objects.filter(month=THIS_MONTH)
    assert {p.person for p in paid} == {first, second}
    assert {p.kind for p in paid} == {PaymentKind.REGULAR}
    assert f'data-testid="paid-{first.pk}">40.00' in text
    assert f'data-testid="paid-{third.pk}">0.00' in text
    # the two who paid have no checkbox any more; the third still has one
    assert f'name="people" value="{first.pk}"' not in text
    assert f'name="people" value="{third.pk}"' in text


def test_collection_day_reports_who_was_refused_and_why(en, payers, school):
    client = en("secretary")
    first, second, _third = payers
    url = dues_url("month", year=YEAR, month=TODAY.month)
    form = page(client.get(url))
    assert f'value="{first.pk}"' in form
    # meanwhile another committee member records the first one
    services.payment_record(
        actor=None, org=school, person=first, months=[THIS_MONTH], paid_on=TODAY
    )
    response = client.post(
        url,
        {"people": [first.pk, second.pk], "paid_on": TODAY.isoformat(), "method": "cash"},
        follow=True,
    )
    text = page(response)
    assert "Recorded as paid for" in text and "乙党员" in text
    assert "Not recorded for 甲党员" in text and "has already paid" in text
    assert Payment.objects.filter(person=first).count() == 1  # not twice
    assert Payment.objects.filter(person=second).count() == 1


@pytest.mark.parametrize(
    ("ticked", "paid_on", "message"),
    [
        (False, TODAY, "Tick the members who paid."),
        (True, TODAY + datetime.timedelta(days=3), "must be between"),
    ],
)
def test_collection_day_refusals_write_nothing(en, payers, ticked, paid_on, message):
    data = {"paid_on": paid_on.isoformat(), "method": "cash"}
    if ticked:
        data["people"] = [payers[0].pk]
    response = en("secretary").post(
        dues_url("month", year=YEAR, month=TODAY.month), data, follow=True
    )
    assert message in page(response)
    assert not Payment.objects.exists()


def test_the_month_sheet_has_a_tick_all_control_for_those_who_record(en, payers):
    url = dues_url("month", year=YEAR, month=TODAY.month)
    assert "data-check-all" in page(en("secretary").get(url))
    assert "data-check-all" not in page(en("township_admin").get(url))
    assert 'name="people"' not in page(en("township_admin").get(url))


# A member's account -------------------------------------------------------------------------


def test_one_payment_for_several_months_through_the_form(en, payers):
    person = payers[0]
    client = en("secretary")
    months = [month(1), month(2), month(3)]
    response = client.post(
        dues_url("person_pay", person_pk=person.pk) + f"?year={YEAR}",
        {
            "months": [m.isoformat() for m in months],
            "method": "transfer",
            "paid_on": TODAY.isoformat(),
            "amount": "120",
        },
        follow=True,
    )
    payments = list(Payment.objects.filter(person=person).order_by("month"))
    assert [p.month for p in payments] == months
    assert len({p.receipt for p in payments}) == 1
    assert all(p.method == "transfer" for p in payments)
    text = page(response)
    assert f"Recorded 120.00 yuan for January {YEAR}、February {YEAR}、March {YEAR}" in text
    assert payments[0].receipt in text


def test_a_payment_with_the_wrong_amount_is_refused_on_the_form(en, payers):
    person = payers[0]
    response = en("secretary").post(
        dues_url("person_pay", person_pk=person.pk) + f"?year={YEAR}",
        {
            "months": [month(1).isoformat(), month(2).isoformat()],
            "method": "cash",
            "paid_on": TODAY.isoformat(),
            "amount": "40",
        },
    )
    assert response.status_code == 200
    assert "owes 80.00 yuan for those months, not 40" in page(response)
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-50", "An amount must be more than zero."),
        ("0", "An amount must be more than zero."),
        ("五十", "is not an amount of money."),
        ("abc", "is not an amount of money."),
        ("100000.01", "is more than any single payment can be"),
    ],
)
def test_bad_amounts_on_the_extra_payment_form_write_nothing(en, payers, amount, message):
    response = en("secretary").post(
        dues_url("person_extra", person_pk=payers[0].pk),
        {"amount": amount, "method": "cash", "paid_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert message in page(response)
    assert not Payment.objects.exists()


def test_a_large_voluntary_payment_is_marked_for_the_central_committee(en, payers):
    response = en("secretary").post(
        dues_url("person_extra", person_pk=payers[0].pk),
        {"amount": "2000", "method": "transfer", "paid_on": TODAY.isoformat()},
        follow=True,
    )
    payment = Payment.objects.get()
    assert payment.kind == PaymentKind.EXTRA and payment.goes_to_central
    text = page(response)
    assert "handed on in full to the Central Committee" in text
    assert "to the Central Committee</span>" in text


def test_a_reversal_through_the_form_keeps_both_entries(en, payers, school):
    person = payers[0]
    [payment] = services.payment_record(
        actor=None, org=school, person=person, months=[month(1)], paid_on=TODAY
    )
    response = en("secretary").post(
        dues_url("payment_reverse", person_pk=person.pk, payment_pk=payment.pk),
        {"reason": "收款记错人"},
        follow=True,
    )
    entries = list(Payment.objects.filter(person=person).order_by("pk"))
    assert [(e.kind, e.amount) for e in entries] == [
        (PaymentKind.BACK if month(1) < THIS_MONTH else PaymentKind.REGULAR, Decimal("40.00")),
        (PaymentKind.REVERSAL, Decimal("-40.00")),
    ]
    assert entries[1].reverses == payment
    text = page(response)
    assert "both entries stay in the ledger" in text
    # both shown: the original struck through, the reversal beside it with the same receipt
    original_row = text.split(f'data-testid="entry-{payment.pk}"')[1].split("</tr>")[0]
    assert "<del>" in original_row and "reversed" in original_row
    assert f'data-testid="entry-{entries[1].pk}"' in text
    assert text.count(f">{payment.receipt}<") == 2
    # the month is owed again
    assert 'data-testid="month-1"' in text


@pytest.mark.parametrize(
    ("of_reversal", "reason", "message"),
    [
        (False, "  ", "Give the reason for the reversal."),
        (True, "再冲", "A reversal cannot itself be reversed"),
    ],
)
def test_a_refused_reversal_says_why(en, payers, school, of_reversal, reason, message):
    [payment] = services.payment_record(
        actor=None, org=school, person=payers[0], months=[month(1)], paid_on=TODAY
    )
    if of_reversal:
        payment = services.payment_reverse(actor=None, payment=payment, reason="错")
    before = Payment.objects.count()
    response = en("secretary").post(
        dues_url("payment_reverse", person_pk=payers[0].pk, payment_pk=payment.pk),
        {"reason": reason},
    )
    assert response.status_code == 200
    assert message in page(response).split('data-testid="reverse-error"')[1]
    assert Payment.objects.count() == before


def test_an_exemption_through_the_form_removes_the_charges(en, payers):
    person = payers[0]
    response = en("secretary").post(
        dues_url("person_exemption", person_pk=person.pk) + f"?year={YEAR}",
        {
            "first_month": f"{YEAR}-01",
            "last_month": f"{YEAR}-03",
            "reason": "重病住院",
            "approval_reference": "镇党委〔2026〕5号",
        },
        follow=True,
    )
    assert Exemption.objects.filter(person=person).exists()
    assert 'data-testid="month-1"' in page(response)
    assert not person.dues_charges.filter(month__lte=month(3)).exists()


def test_an_exemption_month_must_be_a_month(en, payers):
    response = en("secretary").post(
        dues_url("person_exemption", person_pk=payers[0].pk),
        {
            "first_month": "March",
            "last_month": f"{YEAR}-03",
            "reason": "病",
            "approval_reference": "1",
        },
    )
    assert "Give a month as YYYY-MM" in page(response)
    assert not Exemption.objects.exists()


def test_an_exemption_beyond_next_year_is_refused_with_the_years_it_may_cover(client_for, payers):
    response = client_for("secretary").post(
        dues_url("person_exemption", person_pk=payers[0].pk),
        {
            "first_month": f"{YEAR}-12",
            "last_month": "9999-12",
            "reason": "病",
            "approval_reference": "1",
        },
    )
    assert response.status_code == 200
    assert f"{YEAR + 1}" in page(response) and "9999年12月" in page(response)
    assert not Exemption.objects.exists()


def test_a_member_reads_their_own_account_without_forms(en, payers, member, school):
    me = payers[0]
    me.user = member
    me.save()
    text = page(en("member").get(dues_url("mine")))
    assert "Dues of 甲党员" in text
    assert "Record a payment" not in text and "Reverse" not in text


def test_mine_says_so_when_no_person_is_linked(en, payers):
    text = page(en("member").get(dues_url("mine")))
    assert 'data-testid="no-person"' in text
    assert "No person record" in text


# The dues home ------------------------------------------------------------------------------


def test_the_home_shows_the_year_and_who_has_no_base(en, payers, make_person, school):
    make_person("无基数党员")
    services.payment_record(
        actor=None, org=school, person=payers[0], months=[month(1)], paid_on=TODAY
    )
    text = page(en("secretary").get(dues_url("index") + f"?year={YEAR}"))
    assert 'data-testid="fig-due">1440.00' in text  # 3 members × 12 months × 40
    assert 'data-testid="fig-paid">40.00' in text
    assert "无基数党员" in text.split('data-testid="without-base"')[1].split("</ul>")[0]
    assert dues_url("bases", year=YEAR) in text
    assert dues_url("month", year=YEAR, month=1) in text


@on_day(datetime.date(YEAR, 12, 31))  # eleven months of the year have ended, none paid
def test_the_home_flags_six_unpaid_months_in_red(en, payers):
    text = page(en("secretary").get(dues_url("index")))
    arrears = text.split('data-testid="arrears"')[1].split("</ul>")[0]
    assert arrears.count("level-danger flagged") == 3
    assert "Party Constitution, Article 9" in text


# The batch of bases ---------------------------------------------------------------------------


@pytest.fixture
def two_members(make_person):
    return (
        make_person("赵党员", category=Category.EMPLOYED),
        make_person("钱党员", category=Category.RETIRED),
    )


def bases_post(first, second, **second_fields):
    data = {
        f"p{first.pk}-category": "employed",
        f"p{first.pk}-base_amount": "6000",
        f"p{second.pk}-category": "retired",
        f"p{second.pk}-base_amount": "4000",
    }
    data.update({f"p{second.pk}-{k}": v for k, v in second_fields.items()})
    return data


def test_the_bases_page_suggests_the_category_from_the_roster(en, two_members):
    _first, second = two_members
    text = page(en("secretary").get(dues_url("bases", year=YEAR)))
    row = text.split(f'data-testid="base-row-{second.pk}"')[1].split("</tr>")[0]
    assert '<option value="retired" selected>' in row


def test_the_bases_page_saves_every_row_and_shows_the_working(en, two_members):
    first, second = two_members
    response = en("secretary").post(
        dues_url("bases", year=YEAR), bases_post(first, second), follow=True
    )
    bases = {b.person: b for b in DuesBase.objects.filter(year=YEAR)}
    assert bases[first].monthly_amount == Decimal("90.00")  # 6000 × 1.5%
    assert bases[second].monthly_amount == Decimal("20.00")  # pension 4000 × 0.5%
    text = page(response)
    working = text.split(f'data-testid="working-{first.pk}"')[1].split("</td>")[0]
    assert "over 5000 up to 10000" in working and "1.5%" in working and "90.00" in working


def test_a_reduction_without_approval_is_refused_with_the_name_and_nothing_saved(en, two_members):
    first, second = two_members
    response = en("secretary").post(
        dues_url("bases", year=YEAR),
        bases_post(first, second, monthly_amount="5", reduction_reason="生活困难"),
    )
    assert response.status_code == 200
    error = page(response).split('data-testid="bases-error"')[1].split("</div>")[0]
    assert "钱党员" in error and "approval reference" in error
    assert not DuesBase.objects.exists()


def test_an_unchanged_batch_writes_nothing(en, two_members, school):
    first, second = two_members
    client = en("secretary")
    client.post(dues_url("bases", year=YEAR), bases_post(first, second))
    saved = {b.pk: b.set_at for b in DuesBase.objects.all()}
    response = client.post(dues_url("bases", year=YEAR), bases_post(first, second), follow=True)
    assert "Nothing was changed." in page(response)
    assert {b.pk: b.set_at for b in DuesBase.objects.all()} == saved


def test_next_years_bases_start_from_this_years(en, two_members):
    first, second = two_members
    client = en("secretary")
    client.post(dues_url("bases", year=YEAR), bases_post(first, second))
    text = page(client.get(dues_url("bases", year=YEAR + 1)))
    row = text.split(f'data-testid="base-row-{first.pk}"')[1].split("</tr>")[0]
    assert 'value="6000.00"' in row and "from last year" in row


def test_a_member_whose_base_is_still_blank_is_left_out_of_the_batch(en, two_members, make_person):
    first, second = two_members
    third = make_person("孙党员")
    response = en("secretary").post(
        dues_url("bases", year=YEAR),
        {**bases_post(first, second), f"p{third.pk}-category": "employed"},
        follow=True,
    )
    assert {b.person for b in DuesBase.objects.all()} == {first, second}
    assert "Left out, as their base is still blank: 孙党员." in page(response)


# The calculator ------------------------------------------------------------------------------


def test_the_calculator_shows_the_working(en, member):
    text = page(en("member").get(dues_url("calculator") + "?category=employed&base=4000"))
    assert 'data-testid="working-bracket">over 3000 up to 5000' in text
    assert 'data-testid="working-rate">1%' in text
    assert 'data-testid="working-amount">40.00' in text


def test_the_calculator_charges_the_upper_bound_at_the_lower_rate(en, member):
    text = page(en("member").get(dues_url("calculator") + "?category=employed&base=3000"))
    assert 'data-testid="working-amount">15.00' in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("category=employed&base=abc", "is not an amount of money."),
        ("category=employed&base=-100", "An amount must be more than zero."),
        ("category=employed&base=", "Give the base"),
        ("category=farmer&base=5", "between 0.20 and 1.00 yuan"),
        ("category=nobody&base=100", "Select a valid choice"),
    ],
)
def test_the_calculator_explains_bad_input(en, member, query, message):
    text = page(en("member").get(dues_url("calculator") + "?" + query))
    assert message in text
    assert 'data-testid="working"' not in text


def test_the_bases_page_saves_a_branch_of_210_members_at_once(en, make_person):
    # five fields a member: 1,050 fields, over Django's default limit of 1,000
    people = [make_person(f"党员{i:03d}", category=Category.EMPLOYED) for i in range(210)]
    data = {}
    for person in people:
        data |= {
            f"p{person.pk}-category": "employed",
            f"p{person.pk}-base_amount": "4000",
            f"p{person.pk}-monthly_amount": "",
            f"p{person.pk}-reduction_reason": "",
            f"p{person.pk}-approval_reference": "",
        }
    response = en("secretary").post(dues_url("bases", year=YEAR), data)
    assert response.status_code == 302
    assert DuesBase.objects.filter(year=YEAR).count() == 210
