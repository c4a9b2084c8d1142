"""Pages read again with nothing changed come from the cache (branch/page_cache.py), and every
change a page shows replaces it: an audited write below or above the organisation, a
notification, a role, a message, the day, the address, the session."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branch import page_cache, services
from branch.models import AuditEntry, Notification, Role, RoleAssignment
from branch.selectors import last_write, page_state
from meetings.models import Kind
from reports import services as report_services
from reports.models import RenderJob
from tests.clock import noon

# the queries of a page served from the cache: session, user, organisation, grants, and one
# for the newest audit entry with the notifications
HIT_QUERIES = 5


def browser(user) -> Client:
    """A client logged in as ``user`` with a CSRF cookie, as a browser has after the login
    page: without one a page is never kept (it would set the cookie)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    return client


def get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), len(queries)


def url(name: str, org, **kwargs) -> str:
    return reverse(name, kwargs={"org_code": org.code, **kwargs})


PAGES = [
    "members:index",
    "members:pipeline",
    "meetings:index",
    "meetings:calendar",
    "dues:index",
    "branch:dashboard",
    "branch:audit",
    "stats:index",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_read_again_comes_from_the_cache(name, school, secretary, make_person):
    make_person("赵一")
    client = browser(secretary)
    first, computed = get(client, url(name, school))
    again, queries = get(client, url(name, school))
    assert again == first
    assert queries == HIT_QUERIES < computed


def test_the_report_editor_is_kept_until_a_file_is_asked_or_finished(school, secretary):
    year = timezone.localdate().year - 1
    client = browser(secretary)
    editor = url("reports:editor", school, year=year)
    get(client, editor)
    _html, queries = get(client, editor)
    assert queries == HIT_QUERIES + 1  # and the state of the year's files
    report = report_services.report_for(actor=secretary, org=school, year=year)
    _html, queries = get(client, editor)
    assert queries > HIT_QUERIES + 1  # the draft was started: an audited write
    get(client, editor)
    job = RenderJob.objects.create(report=report, status=RenderJob.Status.QUEUED)
    _html, queries = get(client, editor)
    assert queries > HIT_QUERIES + 1
    get(client, editor)
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.FAILED)
    _html, queries = get(client, editor)
    assert queries > HIT_QUERIES + 1  # the worker's change, which has no audit entry


def test_an_audited_write_in_the_branch_or_above_replaces_the_page(
    school, town, village, secretary, township_admin, make_person
):
    client = browser(secretary)
    roster = url("members:index", school)
    html, _ = get(client, roster)
    assert "钱二" not in html
    make_person("钱二")  # through the service, which writes an audit entry
    html, queries = get(client, roster)
    assert "钱二" in html and queries > HIT_QUERIES

    make_person("孙三", org=village)  # another branch: nothing of school's changed
    _html, queries = get(client, roster)
    assert queries == HIT_QUERIES

    services.honor_create(  # the committee above
        actor=None, org=town, awarded_on=timezone.localdate(), title="先进基层党组织"
    )
    _html, queries = get(client, roster)
    assert queries > HIT_QUERIES

    # the committee's page counts its branches: a write in any of them replaces it
    admin = browser(township_admin)
    town_roster = url("members:index", town)
    get(admin, town_roster)
    make_person("李四", org=village)
    html, queries = get(admin, town_roster)
    assert "李四" in html and queries > HIT_QUERIES


def test_each_session_has_its_own_page(school, secretary, committee_member):
    roster = url("members:index", school)
    html, _ = get(browser(secretary), roster)
    assert "王书记" in html
    other, queries = get(browser(committee_member), roster)
    assert "李委员" in other and "王书记" not in other
    assert queries > HIT_QUERIES
    # the same person in a second browser: a session and a CSRF token of its own
    _html, queries = get(browser(secretary), roster)
    assert queries > HIT_QUERIES


def test_a_revoked_role_is_refused_though_its_page_was_kept(school, secretary, committee_member):
    client = browser(committee_member)
    roster = url("members:index", school)
    get(client, roster)
    assignment = RoleAssignment.objects.get(user=committee_member, role=Role.COMMITTEE)
    services.role_revoke(actor=secretary, assignment=assignment)
    assert client.get(roster).status_code == 404  # the branch is no longer theirs to see


def test_a_new_notification_shows_on_a_kept_page(school, secretary):
    client = browser(secretary)
    dashboard = url("branch:dashboard", school)
    html, _ = get(client, dashboard)
    assert 'data-testid="unread-count"' not in html
    get(client, dashboard)
    Notification.objects.create(user=secretary, organization=school, key="k", title="季度党员大会")
    html, _ = get(client, dashboard)
    assert 'data-testid="unread-count">1<' in html
    services.notification_mark_read(user=secretary)
    html, _ = get(client, dashboard)
    assert 'data-testid="unread-count"' not in html


def test_a_message_is_shown_once_and_never_kept(school, secretary):
    client = browser(secretary)
    calendar = url("meetings:calendar", school)
    get(client, calendar)
    response = client.post(calendar, {"kind": Kind.PARTY_LECTURE, "period": "month", "times": 1})
    assert response.status_code == 302
    notice = 'class="msg msg-success"'
    html, _ = get(client, response.url)
    assert notice in html
    html, _ = get(client, response.url)
    assert notice not in html
    html, queries = get(client, response.url)
    assert notice not in html and queries == HIT_QUERIES


def test_the_address_and_the_day_are_part_of_the_key(school, secretary, make_person, settings):
    settings.SESSION_COOKIE_AGE = 3 * 24 * 3600  # the login outlives the night
    make_person("赵一")
    make_person("钱二")
    client = browser(secretary)
    roster = url("members:index", school)
    everyone, _ = get(client, roster)
    found, queries = get(client, roster + "?q=赵")
    assert "赵一" in found and "钱二" not in found and queries > HIT_QUERIES
    assert "钱二" in everyone
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with time_machine.travel(noon(tomorrow), tick=True):
        _html, queries = get(client, roster)
    assert queries > HIT_QUERIES


def test_no_page_is_kept_without_a_csrf_cookie_or_with_the_cache_off(school, secretary, settings):
    roster = url("members:index", school)
    client = Client()
    client.force_login(secretary)
    client.get(url("branch:dashboard", school))  # the session remembers the branch
    del client.cookies[settings.CSRF_COOKIE_NAME]
    # the page sets the cookie: it is not kept before the browser has one
    _html, computed = get(client, roster)
    _html, queries = get(client, roster)
    assert queries > HIT_QUERIES
    _html, queries = get(client, roster)
    assert queries == HIT_QUERIES

    settings.PAGE_CACHE = False
    for _ in range(2):
        _html, queries = get(client, roster)
        assert queries == computed


def test_the_code_version_follows_the_templates(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<p>一</p>")
    before = page_cache._code_version([tmp_path])
    assert page_cache._code_version([tmp_path]) == before
    template.write_text("<p>一二</p>")
    assert page_cache._code_version([tmp_path]) != before


def test_the_header_follows_a_renamed_account(school, secretary):
    client = browser(secretary)
    roster = url("members:index", school)
    html, _ = get(client, roster)
    assert "王书记" in html
    # the Django admin renames the account: no audit entry, but the key has the name
    type(secretary).objects.filter(pk=secretary.pk).update(first_name="王新书记")
    html, _ = get(client, roster)
    assert "王新书记" in html


def test_the_page_state_is_the_newest_entry_below_and_above_and_the_notifications(
    town, school, village, secretary, make_person
):
    make_person("赵一")  # school
    make_person("钱二", org=village)
    newest = AuditEntry.objects.latest("pk").pk
    assert page_state(town, secretary).last_write == newest == last_write(town)
    assert page_state(village, secretary).last_write == newest == last_write(village)
    in_school = AuditEntry.objects.filter(organization__in=[school, town]).latest("pk").pk
    assert page_state(school, secretary).last_write == in_school == last_write(school) < newest
    first = Notification.objects.create(user=secretary, organization=school, key="a", title="一")
    Notification.objects.create(user=secretary, organization=school, key="b", title="二")
    services.notification_mark_read(user=secretary, notification=first)
    state = page_state(school, secretary)
    assert (state.newest_notification, state.unread_notifications) == (
        Notification.objects.latest("pk").pk,
        1,
    )
