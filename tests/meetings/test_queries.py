"""The meeting lists and both calendars run a fixed number of queries, however many
meetings or branches they show."""

from __future__ import annotations

import datetime

import pytest

from branch.models import PartyGroup
from meetings import services
from meetings.models import Kind
from tests.factories import OrganizationFactory

# Every page of an organisation starts with the same six queries: session, user,
# organisation from the URL, the user's grants, the switcher's organisations, unread count.
SHELL = 6
YEAR = 2025
KINDS = [Kind.GENERAL_ASSEMBLY, Kind.COMMITTEE_MEETING, Kind.THEME_DAY, Kind.STUDY_SESSION]


def logged_in(client, user, org_code):
    client.force_login(user)
    client.get(f"/o/{org_code}/")  # remember the organisation: no session write later
    return client


def log_meetings(org, n, group=None):
    """``n`` meetings of several kinds spread over the year, with attendance."""
    people = list(org.memberships.values_list("person_id", flat=True))
    for i in range(n):
        kind = KINDS[i % len(KINDS)] if group is None or i % 2 else Kind.GROUP_MEETING
        services.meeting_record(
            actor=None,
            org=org,
            kind=kind,
            held_on=datetime.date(YEAR, i % 12 + 1, i % 28 + 1),
            topic=f"会议{i}",
            party_group=group if kind == Kind.GROUP_MEETING else None,
            attendance={pk: ("present", "") for pk in people},
        )


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_list_of_a_year_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, school, secretary, make_person, meetings
):
    for i in range(3):
        make_person(f"党员{i}")
    log_meetings(school, meetings)
    client = logged_in(client, secretary, "school")
    # the shell, then the count for the pager and a page of meetings with their attendance
    # counts and organisation
    with django_assert_num_queries(SHELL + 2):
        response = client.get(f"/o/school/meetings/?year={YEAR}")
    assert response.status_code == 200
    assert len(response.context["meetings"]) == meetings


@pytest.mark.parametrize("meetings", [3, 30])
def test_the_branch_calendar_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, school, secretary, make_person, meetings
):
    make_person("党员")
    groups = [PartyGroup.objects.create(organization=school, name=f"第{i}党小组") for i in range(3)]
    log_meetings(school, meetings, group=groups[0])
    client = logged_in(client, secretary, "school")
    # the shell; the year's meetings, party groups, tightened rules, secretaries' posts;
    # the rules again for the secretary's table of rules
    with django_assert_num_queries(SHELL + 4 + 1):
        response = client.get(f"/o/school/calendar/?year={YEAR}")
    assert response.status_code == 200


@pytest.mark.parametrize("branches", [2, 20])
def test_the_higher_table_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, town, township_admin, branches
):
    for i in range(branches):
        branch = OrganizationFactory(parent=town, code=f"b{i}")
        PartyGroup.objects.create(organization=branch, name="第一党小组")
        log_meetings(branch, 3)
    client = logged_in(client, township_admin, "town")
    # the shell; the branches below; meetings, party groups, rules, secretaries of them all
    with django_assert_num_queries(SHELL + 1 + 4):
        response = client.get(f"/o/town/calendar/?year={YEAR}")
    assert response.status_code == 200
    assert len(response.context["branch_rows"]) == branches


@pytest.mark.parametrize("meetings", [3, 30])
def test_my_meetings_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, school, member, make_person, meetings
):
    make_person("张党员", user=member)
    log_meetings(school, meetings)
    client = logged_in(client, member, "school")
    # the shell, the user's person record, their attendance with the meetings
    with django_assert_num_queries(SHELL + 2):
        response = client.get("/o/school/my-meetings/")
    assert response.status_code == 200
    assert len(response.context["attendances"]) == meetings
