from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from branch.audit import Action
from branch.models import AuditEntry
from dues import services_bases
from dues.charges import charges_generate
from dues.models import Charge, DuesCategory
from members import services as member_services
from members import transfers
from members.models import Stage
from tests.clock import on_day

D = datetime.date
pytestmark = on_day(D(2026, 11, 26))  # after every transfer and status change the tests record


def months(person):
    return [c.month.month for c in Charge.objects.filter(person=person).order_by("month")]


def base(school, person, year=2026, amount="6000"):
    return services_bases.base_set(
        actor=None,
        org=school,
        person=person,
        year=year,
        category=DuesCategory.EMPLOYED,
        base_amount=amount,
    )


def test_a_full_member_is_charged_every_month(school, make_person):
    person = make_person()
    base(school, person)
    assert months(person) == list(range(1, 13))
    assert set(Charge.objects.values_list("amount", flat=True)) == {Decimal("90.00")}


def test_a_probationary_member_pays_from_the_month_accepted(school, make_person):
    person = make_person(stage=Stage.CANDIDATE, joined_on=D(2024, 1, 1))
    member_services.add_status(person, "stage", Stage.PROBATIONARY, D(2026, 5, 20), None)
    base(school, person)
    assert months(person) == list(range(5, 13))


def test_a_member_transferred_out_mid_year_is_charged_up_to_the_transfer_month(school, make_person):
    person = make_person()
    base(school, person)
    transfers.transfer_out(
        actor=None,
        org=school,
        person=person,
        transferred_on=D(2026, 6, 15),
        letter_number="组转字〔2026〕12号",
        counterpart="某县教育局党委",
        dues_paid_until=D(2026, 6, 1),
    )
    charges_generate(actor=None, org=school, year=2026)
    assert months(person) == [1, 2, 3, 4, 5, 6]


def test_a_member_arriving_from_outside_pays_after_the_letters_month(school, make_person):
    arrival = transfers.transfer_in(
        actor=None,
        org=school,
        transferred_on=D(2026, 3, 10),
        letter_number="外转〔2026〕3号",
        counterpart="外县某支部",
        dues_paid_until=D(2026, 3, 1),
        person_fields={
            "name": "新来的",
            "gender": "male",
            "birth_date": D(1990, 1, 1),
            "stage": Stage.FULL,
            "stage_on": D(2015, 1, 1),
        },
    )
    base(school, arrival.person)
    assert months(arrival.person) == list(range(4, 13))


def test_exempt_months_are_not_charged(school, make_person):
    person = make_person()
    base(school, person)
    services_bases.exemption_add(
        actor=None,
        org=school,
        person=person,
        first_month=D(2026, 3, 1),
        last_month=D(2026, 5, 1),
        reason="重病住院",
        approval_reference="镇党委〔2026〕8号",
    )
    assert months(person) == [1, 2, 6, 7, 8, 9, 10, 11, 12]


def test_regenerating_changes_nothing(school, make_person):
    people = [make_person() for _ in range(3)]
    for person in people:
        base(school, person)
    before = sorted(Charge.objects.values_list("pk", "person_id", "month", "amount"))
    result = charges_generate(actor=None, org=school, year=2026)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert sorted(Charge.objects.values_list("pk", "person_id", "month", "amount")) == before


def test_a_changed_base_updates_the_charges(school, make_person):
    person = make_person()
    base(school, person, amount="6000")
    base(school, person, amount="2000")
    assert set(Charge.objects.values_list("amount", flat=True)) == {Decimal("10.00")}


def test_members_without_a_base_are_listed_not_charged(school, make_person):
    person = make_person()
    result = charges_generate(actor=None, org=school, year=2026)
    assert result.without_base == [person]
    assert not Charge.objects.exists()


def test_charges_of_members_without_a_base_are_kept(school, make_person):
    """Charges imported from a paper ledger (no base that year) survive a regeneration."""
    imported, based = make_person("纸质台账"), make_person("已核定")
    Charge.objects.create(
        person=imported, organization=school, month=D(2026, 2, 1), amount=Decimal("12.00")
    )
    base(school, based)
    assert Charge.objects.filter(person=imported).count() == 1
    assert months(based) == list(range(1, 13))


def test_a_changed_base_rewrites_only_that_members_months(school, make_person):
    year = timezone.localdate().year
    changed, *others = [make_person() for _ in range(3)]
    for person in (changed, *others):
        base(school, person, year=year)
    before = dict(Charge.objects.values_list("pk", "amount"))
    base(school, changed, year=year, amount="2000")
    after = dict(Charge.objects.values_list("pk", "amount"))
    assert after.keys() == before.keys()  # nothing created or deleted
    touched = {pk for pk in after if after[pk] != before[pk]}
    assert touched == set(changed.dues_charges.values_list("pk", flat=True))
    assert len(touched) == 12 and {after[pk] for pk in touched} == {Decimal("10.00")}
    entry = AuditEntry.objects.filter(organization=school).latest("pk")
    assert (entry.object_id, entry.action) == (str(school.pk), Action.UPDATE)
    assert entry.changes == {"dues_charges": [None, f"{year}: +0 ~12 -0"]}


def branch_of(school, make_person, n):
    year = timezone.localdate().year
    people = [make_person() for _ in range(n)]
    for person in people:
        services_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=year,
            category=DuesCategory.EMPLOYED,
            base_amount="6000",
            regenerate=False,
        )
    return people


@pytest.mark.parametrize("members", [2, 20])
def test_generating_runs_the_same_queries_for_any_branch(
    school, make_person, django_assert_num_queries, members
):
    year = timezone.localdate().year
    first, *_rest = branch_of(school, make_person, members)
    ContentType.objects.get_for_model(school)  # the audit entry's type, read once per process
    # savepoint; bases, memberships, status changes, arrivals, exemptions; stored charges
    # summed per person; the one insert (COPY on PostgreSQL); the audit entry; release
    with django_assert_num_queries(10):
        created = charges_generate(actor=None, org=school, year=year)
    assert created.created == 12 * members
    # savepoint; bases, memberships, status changes, arrivals, exemptions; stored charges
    # summed per person; release
    with django_assert_num_queries(8):
        nothing = charges_generate(actor=None, org=school, year=year)
    assert (nothing.created, nothing.updated, nothing.deleted) == (0, 0, 0)
    services_bases.base_set(
        actor=None,
        org=school,
        person=first,
        year=year,
        category=DuesCategory.EMPLOYED,
        base_amount="2000",
        regenerate=False,
    )
    # the same eight, and: the changed member's charges, their update, the audit entry
    with django_assert_num_queries(11):
        one = charges_generate(actor=None, org=school, year=year)
    assert (one.created, one.updated, one.deleted) == (0, 12, 0)
