"""The dues home names the members charged this year who have no base yet, reading the
history only of those without one."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from dues.charges import people_without_base, wanted_charges
from dues.models import DuesBase, DuesCategory
from members.models import Stage

YEAR = timezone.localdate().year


def base_for(person, school):
    DuesBase.objects.create(
        person=person,
        organization=school,
        year=YEAR,
        category=DuesCategory.EMPLOYED,
        base_amount=Decimal("4000"),
        rate=Decimal("0.01"),
        standard_amount=Decimal("40.00"),
        monthly_amount=Decimal("40.00"),
    )


def test_it_names_the_members_without_a_base_as_the_charges_would(school, make_person):
    based = make_person("有基数")
    base_for(based, school)
    missing = make_person("无基数")
    make_person("积极分子", stage=Stage.ACTIVIST)  # not a member: pays no dues
    assert people_without_base(school, YEAR) == wanted_charges(school, YEAR)[1] == [missing]


def test_the_dues_home_lists_them(client, secretary, school, make_person):
    make_person("无基数")
    base_for(make_person("有基数"), school)
    client.force_login(secretary)
    response = client.get(f"/o/school/dues/?year={YEAR}")
    assert [p.name for p in response.context["without_base"]] == ["无基数"]
