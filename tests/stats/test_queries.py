"""The statistics run as many queries for a county of two branches as for one of eight, and
for a branch of 12 members as for one of 40 (issue 11): everything is counted by the
database or by the one rule engine of each app, never branch by branch."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from bench.scale_workload import Plan, generate_county
from branch.models import Organization, OrgKind
from dues.selectors import branches_year
from notices import services as notice_services
from tests.branch.test_scale_queries import SHELL

SIZES = {
    "small": Plan(townships=1, branches=2, members=30, large=12, years=2),
    "large": Plan(townships=2, branches=4, members=240, large=40, years=2),
}
LOGINS = {
    "branch": ("sec-scale-big", "scale-big"),
    "township": ("township-1-admin", "scale-t1"),
    "county": ("county-admin", "scale-county"),
}
# the people at each stage and in each category on five days (a query a day); the meetings
# held by month and kind; the compliance calendar (meetings, party groups, tightened rules,
# committee posts); the dues by month
BRANCH = 11
# the branches; the compliance calendars of all of them (meetings, party groups, tightened
# rules, committee posts); the dues of every branch by month; finalised reports, published
# items, secretaries in office, committee terms, each counted per branch in one query; the
# newest audit entry below the committee (the key of the table's cache)
COMMITTEE = 11


@pytest.fixture(params=list(SIZES))
def county(request, db):
    generate_county(SIZES[request.param])
    return request.param


def _client(client, level):
    username, code = LOGINS[level]
    client.force_login(get_user_model().objects.get(username=username))
    client.get(f"/o/{code}/")  # remember the organisation: no session write later
    return client, code


def test_a_branch_page_runs_as_many_queries_for_12_members_as_for_40(
    client, county, django_assert_num_queries
):
    client, code = _client(client, "branch")
    with django_assert_num_queries(SHELL + BRANCH):
        response = client.get(reverse("stats:index", kwargs={"org_code": code}))
    assert response.status_code == 200
    assert response.context["snapshot_rows"][-1]["stage_total"] > 0


@pytest.mark.parametrize("level", ["township", "county"])
def test_the_table_runs_as_many_queries_for_two_branches_as_for_eight(
    client, county, django_assert_num_queries, level
):
    client, code = _client(client, level)
    with django_assert_num_queries(SHELL + COMMITTEE):
        response = client.get(reverse("stats:index", kwargs={"org_code": code}))
    assert response.status_code == 200
    org = Organization.objects.get(code=code)
    below = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH)
    assert response.context["total"] == below.count() > 1
    # the 收缴率 of each branch is the dues home's
    rates = {r.org.pk: r.dues_rate for r in response.context["page"].paginator.object_list}
    year = timezone.localdate().year
    assert rates == {b.pk: summary.rate for b, summary in branches_year(org, year)}
    assert any(rate is not None for rate in rates.values())


def test_the_workbook_runs_as_many_queries_for_two_branches_as_for_eight(
    client, county, django_assert_num_queries
):
    client, code = _client(client, "county")
    # session, user, organisation, the user's grants (no layout: no switcher, no unread count)
    with django_assert_num_queries(4 + COMMITTEE):
        response = client.get(reverse("stats:export", kwargs={"org_code": code}))
    assert response.status_code == 200


def test_the_table_is_read_from_the_cache_until_a_branch_below_writes(
    client, county, django_assert_num_queries
):
    client, code = _client(client, "county")
    url = reverse("stats:index", kwargs={"org_code": code})
    first = client.get(url)
    row = first.context["page"].paginator.object_list[0]
    # the page's shell; the newest audit entry below the county, and nothing added up again
    with django_assert_num_queries(SHELL + 1):
        again = client.get(url, {"sort": "-dues", "page": 1})
    assert again.status_code == 200
    notice = notice_services.notice_create(actor=None, org=row.org, title="党费使用情况")
    notice_services.notice_publish(actor=None, notice=notice, published_on=timezone.localdate())
    with django_assert_num_queries(SHELL + COMMITTEE):
        after = client.get(url)
    rows = {r.org.pk: r for r in after.context["page"].paginator.object_list}
    assert rows[row.org.pk].published == row.published + 1
