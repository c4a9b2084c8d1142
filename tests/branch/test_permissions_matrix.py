"""Every URL of the organisation domain × every persona → the status that persona gets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branch.models import RoleAssignment
from tests.factories import HonorFactory, PartyGroupFactory
from tests.permissions import (
    LOGIN,
    check,
    expect,
    for_every_persona,
)

MATRIX = [
    # name, method, url(objects) -> str, expected statuses
    ("home", "get", lambda o: reverse("home"), expect(LOGIN, 302, 302, 302, 302, 302)),
    ("healthz", "get", lambda o: reverse("healthz"), expect(200, 200, 200, 200, 200, 200)),
    (
        "password",
        "get",
        lambda o: reverse("password_change"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    (
        "notifications",
        "get",
        lambda o: reverse("branch:notifications"),
        expect(LOGIN, 200, 200, 200, 200, 200),
    ),
    (
        "dashboard",
        "get",
        lambda o: reverse("branch:dashboard", args=["school"]),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    (
        "town dashboard",
        "get",
        lambda o: reverse("branch:dashboard", args=["town"]),
        expect(LOGIN, 404, 404, 404, 200, 404),
    ),
    (
        "settings",
        "get",
        lambda o: reverse("branch:settings", args=["school"]),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "new organisation",
        "get",
        lambda o: reverse("branch:organization_create", args=["town"]),
        expect(LOGIN, 404, 404, 404, 200, 404),
    ),
    (
        "new group",
        "get",
        lambda o: reverse("branch:group_create", args=["school"]),
        expect(LOGIN, 200, 403, 403, 403, 404),
    ),
    (
        "edit group",
        "get",
        lambda o: reverse("branch:group_update", args=["school", o["group"].pk]),
        expect(LOGIN, 200, 403, 403, 403, 404),
    ),
    (
        "honours",
        "get",
        lambda o: reverse("branch:honors", args=["school"]),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    (
        "new honour",
        "get",
        lambda o: reverse("branch:honor_create", args=["school"]),
        expect(LOGIN, 200, 403, 403, 403, 404),
    ),
    (
        "edit honour",
        "get",
        lambda o: reverse("branch:honor_update", args=["school", o["honor"].pk]),
        expect(LOGIN, 200, 403, 403, 403, 404),
    ),
    (
        "delete honour",
        "post",
        lambda o: reverse("branch:honor_delete", args=["school", o["honor"].pk]),
        expect(LOGIN, 302, 403, 403, 403, 404),
    ),
    (
        "roles",
        "get",
        lambda o: reverse("branch:roles", args=["school"]),
        expect(LOGIN, 200, 403, 403, 200, 404),
    ),
    (
        "revoke role",
        "post",
        lambda o: reverse("branch:role_revoke", args=["school", o["member_role"].pk]),
        expect(LOGIN, 302, 403, 403, 302, 404),
    ),
    (
        "audit log",
        "get",
        lambda o: reverse("branch:audit", args=["school"]),
        expect(LOGIN, 200, 403, 403, 200, 404),
    ),
    (
        "town audit log",
        "get",
        lambda o: reverse("branch:audit", args=["town"]),
        expect(LOGIN, 404, 404, 404, 200, 404),
    ),
]


@pytest.fixture
def objects(school, member):
    return {
        "group": PartyGroupFactory(organization=school),
        "honor": HonorFactory(organization=school),
        "member_role": RoleAssignment.objects.get(user=member, organization=school),
    }


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    check(client_for(persona), method, url(objects), expected, persona, name)
