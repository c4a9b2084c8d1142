"""The lists of 党务公开 run a fixed number of queries, however many items or branches."""

from __future__ import annotations

import pytest

from notices.models import Audience
from tests.factories import OrganizationFactory

# session, user, organisation from the URL, the user's grants, the switcher, unread count
SHELL = 6


def logged_in(client, user, org_code):
    client.force_login(user)
    client.get(f"/o/{org_code}/")  # remember the organisation: no session write later
    return client


@pytest.mark.parametrize("items", [2, 20])
def test_the_branch_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, school, secretary, free, publish, items
):
    for i in range(items):
        notice = free(f"通知{i}")
        if i % 2:
            publish(notice, audience=Audience.PUBLIC)
    client = logged_in(client, secretary, "school")
    # the shell, then the items with their attachment counts
    with django_assert_num_queries(SHELL + 1):
        response = client.get("/o/school/notices/")
    assert len(response.context["notices"]) == items


@pytest.mark.parametrize("items", [2, 20])
def test_the_public_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, school, free, publish, items
):
    for i in range(items):
        publish(free(f"通知{i}"), audience=Audience.PUBLIC)
    # the branch, its items up today
    with django_assert_num_queries(2):
        response = client.get("/p/school/")
    assert len(response.context["notices"]) == items


@pytest.mark.parametrize("branches", [2, 20])
def test_the_township_overview_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, town, township_admin, free, publish, branches
):
    for i in range(branches):
        branch = OrganizationFactory(parent=town, code=f"b{i}")
        publish(free(f"通知{i}", org=branch))
    client = logged_in(client, township_admin, "town")
    # the shell, then the branches and the year's items
    with django_assert_num_queries(SHELL + 2):
        response = client.get("/o/town/notices/")
    assert len(response.context["rows"]) == branches + 1  # and the school
