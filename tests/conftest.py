"""Fixtures every test knows: the organisation tree and the personas of STYLE.md.

town (基层党委)
├── school (党支部)  ← secretary, committee_member, member
└── village (党支部) ← outsider (its secretary)
township_admin holds the higher-admin role on town.
"""

from __future__ import annotations

import pytest

from branch import services
from branch.models import Role
from tests.factories import CommitteeFactory, OrganizationFactory, UserFactory

PERSONAS = ["anonymous", "secretary", "committee_member", "member", "township_admin", "outsider"]


@pytest.fixture
def town(db):
    return CommitteeFactory(code="town", name="青山镇党委")


@pytest.fixture
def school(town):
    return OrganizationFactory(code="school", name="中心小学党支部", parent=town)


@pytest.fixture
def village(town):
    return OrganizationFactory(code="village", name="青山村党支部", parent=town)


def _person(username, full_name, org, role):
    user = UserFactory(username=username, first_name=full_name)
    services.role_grant(actor=None, org=org, user=user, role=role)
    return user


@pytest.fixture
def secretary(school):
    return _person("secretary", "王书记", school, Role.SECRETARY)


@pytest.fixture
def committee_member(school):
    return _person("committee", "李委员", school, Role.COMMITTEE)


@pytest.fixture
def member(school):
    return _person("member", "张党员", school, Role.MEMBER)


@pytest.fixture
def township_admin(town):
    return _person("township", "陈管理员", town, Role.HIGHER_ADMIN)


@pytest.fixture
def outsider(village):
    return _person("outsider", "刘书记", village, Role.SECRETARY)


@pytest.fixture
def personas(secretary, committee_member, member, township_admin, outsider):
    return {
        "anonymous": None,
        "secretary": secretary,
        "committee_member": committee_member,
        "member": member,
        "township_admin": township_admin,
        "outsider": outsider,
    }


@pytest.fixture
def client_for(client, personas):
    """``client_for("member")``: the test client logged in as that persona."""

    def login(persona: str):
        client.logout()
        user = personas[persona]
        if user is not None:
            client.force_login(user)
        return client

    return login
