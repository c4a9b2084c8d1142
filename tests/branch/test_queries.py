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


@pytest.mark.parametrize("rows", [2, 20])
def test_honour_list_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell, honours
    with django_assert_num_queries(SHELL + 1):
        assert logged_in.get("/o/school/honors/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_roles_page_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell, role assignments with user, organisation and granter joined
    with django_assert_num_queries(SHELL + 1):
        assert logged_in.get("/o/school/roles/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_audit_log_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell, content types and people for the filters, count, entries with actor/org/type
    with django_assert_num_queries(SHELL + 4):
        assert logged_in.get("/o/school/audit/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_notification_list_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell without an organisation from the URL, paginator count, notifications with org
    with django_assert_num_queries(SHELL - 1 + 2):
        assert logged_in.get("/notifications/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_dashboard_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell, groups and honours of the year, unread reminders, recent changes
    with django_assert_num_queries(SHELL + 4):
        assert logged_in.get("/o/school/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_settings_queries(logged_in, django_assert_num_queries, school, secretary, rows):
    add_rows(school, secretary, rows)
    # shell, party groups
    with django_assert_num_queries(SHELL + 1):
        assert logged_in.get("/o/school/settings/").status_code == 200
