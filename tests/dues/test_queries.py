"""The dues pages run a fixed number of queries, however many members the branch has."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dues.charges import charges_generate
from dues.models import DuesBase, DuesCategory, Payment, PaymentKind
from members.models import Aspect, Category, Membership, Person, Stage, Standing, StatusChange
from tests.clock import on_day

YEAR = timezone.localdate().year
JOINED = datetime.date(2015, 1, 1)
# Late in the year, so the home page's arrears have people three months behind to name (early
# in the year nobody is, and the page skips those queries).
pytestmark = on_day(datetime.date(YEAR, 11, 26))

# Every page of an organisation starts with the same six queries:
# session, user, organisation from the URL, the user's grants, the switcher's organisations,
# plus the unread count in the header (as in tests/branch/test_queries.py).
SHELL = 6


def branch_of(school, n: int) -> list[Person]:
    """``n`` full members in service since 2015, with a base of 40 yuan a month this year;
    every other one has paid January."""
    people = Person.objects.bulk_create(
        Person(name=f"党员{i:03d}", gender="male", birth_date=datetime.date(1980, 1, 1))
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organization=school, joined_on=JOINED) for p in people
    )
    StatusChange.objects.bulk_create(
        StatusChange(person=p, aspect=aspect, value=value, effective_on=JOINED)
        for p in people
        for aspect, value in (
            (Aspect.STAGE, Stage.FULL),
            (Aspect.STANDING, Standing.NORMAL),
            (Aspect.CATEGORY, Category.EMPLOYED),
        )
    )
    DuesBase.objects.bulk_create(
        DuesBase(
            person=p,
            organization=school,
            year=YEAR,
            category=DuesCategory.EMPLOYED,
            base_amount=Decimal("4000"),
            rate=Decimal("0.01"),
            standard_amount=Decimal("40.00"),
            monthly_amount=Decimal("40.00"),
        )
        for p in people
    )
    charges_generate(actor=None, org=school, year=YEAR)
    Payment.objects.bulk_create(
        Payment(
            person=p,
            organization=school,
            month=datetime.date(YEAR, 1, 1),
            amount=Decimal("40.00"),
            kind=PaymentKind.BACK,
            paid_on=datetime.date(YEAR, 1, 15),
            receipt=f"school-{YEAR}-{i:05d}",
        )
        for i, p in enumerate(people[::2], start=1)
    )
    return people


@pytest.fixture
def logged_in(client, secretary, school):
    client.force_login(secretary)
    client.get("/o/school/")  # remember the organisation in the session: no session write later
    return client


PAGES = [
    # url, queries after the shell, what they are
    (f"/o/school/dues/{YEAR}-1/", 3, "month sheet: charges, payments, people"),
    (
        f"/o/school/dues/?year={YEAR}",
        3 + 2 + 6,
        "year summary (charges, payments, people); without a base (exemptions, people "
        "without a base: none, so no history read); arrears (last month's charges "
        "and payments, then two years' of those who owe for it, notes, people)",
    ),
    (f"/o/school/dues/summary/{YEAR}/", 3, "year summary: charges, payments, people"),
    (f"/o/school/dues/notice/{YEAR}/", 3, "year summary: charges, payments, people"),
    (
        f"/o/school/dues/bases/{YEAR}/",
        5,
        "people + status changes, memberships, party groups; this and last year's bases",
    ),
]


@pytest.mark.parametrize("members", [10, 300])
@pytest.mark.parametrize(("url", "extra", "what"), PAGES, ids=[p[0] for p in PAGES])
def test_dues_pages_run_a_fixed_number_of_queries(
    logged_in, django_assert_num_queries, school, members, url, extra, what
):
    branch_of(school, members)
    with django_assert_num_queries(SHELL + extra):
        response = logged_in.get(url)
    assert response.status_code == 200
    assert "党员000" in response.content.decode()


@pytest.mark.parametrize("members", [10, 300])
def test_an_account_runs_a_fixed_number_of_queries(
    logged_in, django_assert_num_queries, school, members
):
    people = branch_of(school, members)
    # person, charges, payments with what they reverse, exemptions, reasons for arrears
    with django_assert_num_queries(SHELL + 5):
        response = logged_in.get(f"/o/school/dues/people/{people[0].pk}/?year={YEAR}")
    assert response.status_code == 200
