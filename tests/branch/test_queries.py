"""Each list page runs a fixed number of queries, however many rows it shows."""

from __future__ import annotations

import datetime

import pytest

from branch import services
from branch.models import Notification, Role
from tests.factories import HonorFactory, UserFactory

# Every page of an organisation starts with the same six queries:
# session, user, organisation from the URL, the user's grants, the switcher's organisations,
# plus the unread count in the header.
SHELL = 6


@pytest.fixture
def logged_in(client, secretary, school):
    client.force_login(secretary)
    client.get("/o/school/")  # remember the organisation in the session: no session write later
    return client


def add_rows(school, secretary, n):
    for i in range(n):
        HonorFactory(organization=school, awarded_on=datetime.date(2025, 1, 1))
        services.role_grant(actor=secretary, org=school, user=UserFactory(), role=Role.MEMBER)
        Notification.objects.create(
            user=secretary, key=f"k{n}-{i}", title="提醒", organization=school
        )
        services.party_group_create(actor=secretary, org=school, name=f"第{n}-{i}党小组")


PAGES = [
    # url, queries after the shell, what they are
    ("/o/school/honors/", 1, "honours"),
    ("/o/school/roles/", 1, "role assignments with user, organisation and granter joined"),
    ("/o/school/audit/", 3, "people and object types for the filters, entries (not counted)"),
    # organisation card (groups, honours), reminders, recent changes; members (counts);
    # meetings (meetings, groups, rules, secretaries); dues (4); reports (1); the getting-started
    # checklist (1)
    ("/o/school/", 15, "every app's cards"),
    ("/o/school/settings/", 1, "party groups"),
    # no organisation in the URL: one query less in the shell; paginator count, notifications
    ("/notifications/", -1 + 2, "count, notifications with their organisation"),
]


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize(("url", "extra", "what"), PAGES, ids=[p[0] for p in PAGES])
def test_list_pages_run_a_fixed_number_of_queries(
    logged_in, django_assert_num_queries, school, secretary, rows, url, extra, what
):
    add_rows(school, secretary, rows)
    with django_assert_num_queries(SHELL + extra):
        assert logged_in.get(url).status_code == 200
