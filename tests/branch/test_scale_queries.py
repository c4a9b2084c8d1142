"""At county scale (issue 11) every main page runs the same number of queries for a county of
two branches as for one of eight, and for a branch of 12 members as for one of 40; the lists
above a branch come a page at a time. The county is the one ``seed_scale`` builds, small."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.scale_workload import Plan, generate_county
from branch.models import Organization

# session, user, organisation from the URL, the user's grants, the switcher's organisations,
# unread count
SHELL = 6
# The meetings page lists one year: last year's is whole on any day (in the first days of
# January this year's is still empty, and the page reads one query less).
LAST_YEAR = f"?year={timezone.localdate().year - 1}"
SIZES = {
    "small": Plan(townships=1, branches=2, members=30, large=12, years=2),
    "large": Plan(townships=2, branches=4, members=240, large=40, years=2),
}
LOGINS = {
    "branch": ("sec-scale-big", "scale-big"),
    "township": ("township-1-admin", "scale-t1"),
    "county": ("county-admin", "scale-county"),
}
# page, level -> queries after the shell, and what they are
PAGES = {
    # count for the pager, a page of people with their stage, category and standing,
    # their memberships and party groups that day; the counts by stage; party groups
    ("members:index", "branch"): 6,
    ("members:index", "township"): 6,
    ("members:index", "county"): 6,
    # the ids of the people on the way (one window over the status history); count for the
    # pager, a page of them, their status changes, memberships, group memberships, steps; the
    # totals by stage
    ("members:pipeline", "branch"): 8,
    ("members:pipeline", "township"): 8,
    ("members:pipeline", "county"): 8,
    # count for the pager, a page of meetings with their attendance counts
    ("meetings:index", "branch"): 2,
    ("meetings:index", "township"): 2,
    ("meetings:index", "county"): 2,
    # the year's meetings, party groups, tightened rules, secretaries' posts (the branches
    # below a committee at once); the rules again for the table of rules
    ("meetings:calendar", "branch"): 5,
    ("meetings:calendar", "township"): 5,
    ("meetings:calendar", "county"): 5,
    # year summary (charges, payments, people); without a base (exemptions, people without a
    # base — the probationary members on the way — with their status changes, memberships,
    # transfers); arrears (last month's charges and payments, two years of those who owe for
    # it, notes, people)
    ("dues:index", "branch"): 14,
    # the branches, then their due and paid added up in one query
    ("dues:index", "township"): 2,
    ("dues:index", "county"): 2,
    # notifications, recent changes, the checklist's existence test, counts by stage; the
    # compliance card (meetings by branch, groups, rules, secretaries' posts); the dues card
    # (year summary 3, arrears 6); the report card; the checklist's organisation
    ("branch:dashboard", "branch"): 20,
    # the branches, notifications, recent changes, the branches again; the compliance card
    # (4); the reports card (reports, branches counted, branches)
    ("branch:dashboard", "township"): 12,
    ("branch:dashboard", "county"): 12,
    # people and object types for the filters, entries
    ("branch:audit", "branch"): 3,
    ("branch:audit", "township"): 3,
    ("branch:audit", "county"): 3,
}


@pytest.fixture(params=list(SIZES))
def county(request, db):
    generate_county(SIZES[request.param])
    return request.param


def _client(client, level):
    username, code = LOGINS[level]
    client.force_login(get_user_model().objects.get(username=username))
    client.get(f"/o/{code}/")  # remember the organisation: no session write later
    return client, code


def test_pages_run_as_many_queries_for_a_county_of_two_branches_as_of_eight(
    client, county, settings
):
    # what computing each page costs (the page cache's own queries: test_page_cache.py); one
    # county for every page, as building it takes longer than all the pages
    settings.PAGE_CACHE = False
    counted = {}
    for name, level in PAGES:
        client, code = _client(client, level)
        url = reverse(name, kwargs={"org_code": code})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + (LAST_YEAR if name == "meetings:index" else ""))
        assert response.status_code == 200, (name, level)
        counted[name, level] = len(queries) - SHELL
    wrong = {page: (PAGES[page], n) for page, n in counted.items() if n != PAGES[page]}
    assert not wrong, f"queries after the shell (expected, counted): {wrong}"


def test_the_report_editor_runs_as_many_queries_for_a_branch_of_12_as_of_40(
    client, county, django_assert_num_queries, settings
):
    client, code = _client(client, "branch")
    url = reverse("reports:editor", kwargs={"org_code": code, "year": timezone.localdate().year})
    client.get(url)
    # the report and its versions, the newest audit entry (the cache key of the facts), the
    # state of the year's files (part of the page's key, branch/page_cache.py), and the facts
    # gathered in the fixed set of reports.facts (people, committee, meetings, talks, review,
    # dues, honours, notices) when the cache does not hold them
    cache.clear()
    with django_assert_num_queries(SHELL + 35):
        assert client.get(url).status_code == 200
    # no write since: the whole page from the cache (session, user, organisation, grants, the
    # newest audit entry with the notifications, the files)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    # computed again, the facts from their cache
    settings.PAGE_CACHE = False
    with django_assert_num_queries(SHELL + 4):
        assert client.get(url).status_code == 200


def test_county_lists_come_a_page_at_a_time(client, db):
    generate_county(Plan(townships=2, branches=3, members=230, large=30, years=1))
    client, code = _client(client, "county")
    roster = client.get(reverse("members:index", kwargs={"org_code": code}))
    assert len(roster.context["states"]) == 100
    assert roster.context["total"] > 230  # the members and the people on the way
    assert "page=2" in roster.content.decode()
    second = client.get(reverse("members:index", kwargs={"org_code": code}) + "?page=3")
    assert len(second.context["states"]) == roster.context["total"] - 200
    meetings = client.get(reverse("meetings:index", kwargs={"org_code": code}) + LAST_YEAR)
    assert len(meetings.context["meetings"]) == 100 < meetings.context["total"]
    board = client.get(reverse("members:pipeline", kwargs={"org_code": code}))
    assert board.context["total"] == sum(n for *_rest, n in board.context["stages"])


def test_county_roster_finds_a_branch_by_its_name_and_a_stage(client, db):
    generate_county(Plan(townships=2, branches=3, members=60, large=10, years=1))
    client, code = _client(client, "county")
    url = reverse("members:index", kwargs={"org_code": code})
    branch = Organization.objects.get(code="scale-t2-b03")
    found = client.get(url, {"q": branch.name}).context["states"]
    assert found and {s.membership.organization for s in found} == {branch}
    applicants = client.get(url, {"stage": "applicant"}).context["states"]
    assert applicants and {s.stage for s in applicants} == {"applicant"}


def test_seed_scale_refuses_a_database_with_organisations(db, town):
    with pytest.raises(CommandError, match="already has organisations"):
        call_command("seed_scale", "--townships=1", "--branches=1", "--members=5", "--large=3")
    assert not Organization.objects.filter(code="scale-county").exists()
    call_command(
        "seed_scale",
        "--force",
        "--townships=1",
        "--branches=2",
        "--members=10",
        "--large=4",
        "--years=1",
        stdout=io.StringIO(),
    )
    assert Organization.objects.filter(path__startswith=town.path).count() == 1
    assert Organization.objects.get(code="scale-county").descendants().count() == 4
