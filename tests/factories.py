"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from branch.models import Honor, Organization, OrgKind, PartyGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"同志{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("secret-pass-123")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = OrgKind.BRANCH
    unit = "某单位"
    parent = None


class CommitteeFactory(OrganizationFactory):
    kind = OrgKind.COMMITTEE
    name = factory.Sequence(lambda n: f"第{n}基层党委")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")
    established_on = datetime.date(2020, 1, 1)


class HonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honor

    organization = factory.SubFactory(OrganizationFactory)
    awarded_on = datetime.date(2025, 7, 1)
    title = factory.Sequence(lambda n: f"先进基层党组织{n}")
    issuer = "某镇党委"
    rank = "镇级"
