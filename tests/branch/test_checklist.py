"""An empty branch's dashboard tells its secretary what to set up first, ticked from the
records, and the list leaves once everything is done."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from branch.models import Role
from dues import services_bases as dues_bases
from meetings import services as meeting_services
from members import services as member_services
from tests.conftest import _person


def checklist(client, org):
    page = client.get(reverse("branch:dashboard", args=[org.code])).content.decode()
    if 'data-testid="checklist"' not in page:
        return None
    block = page.split('data-testid="checklist"', 1)[1].split("</ol>", 1)[0]
    return [item for item in block.split("<li")[1:]]


def test_an_empty_branch_shows_the_five_first_steps_to_its_secretary(client, secretary, school):
    client.force_login(secretary)
    items = checklist(client, school)
    assert items is not None and len(items) == 5
    assert not any('class="done"' in item for item in items)
    assert reverse("branch:import", args=[school.code]) in items[0]
    assert reverse("meetings:create", args=[school.code]) in items[3]


def test_the_committee_and_the_members_do_not_see_the_checklist(
    client, committee_member, member, school
):
    for user in (committee_member, member):
        client.force_login(user)
        assert checklist(client, school) is None


def test_each_step_is_ticked_from_the_records_and_the_list_leaves_when_all_are_done(
    client, secretary, school, make_person
):
    client.force_login(secretary)
    today = timezone.localdate()
    person = make_person("赵一")
    assert 'class="done"' in checklist(client, school)[0]

    member_services.committee_term_create(
        actor=None, org=school, elected_on=today - datetime.timedelta(days=30)
    )
    dues_bases.base_set(
        actor=None,
        org=school,
        person=person,
        year=today.year,
        category="low_income",
    )
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind="theme_day",
        held_on=today - datetime.timedelta(days=1),
        topic="学习党章",
    )
    items = checklist(client, school)
    assert [('class="done"' in item) for item in items] == [True, True, True, True, False]

    _person("weiyuan", "孙委员", school, Role.COMMITTEE)
    assert checklist(client, school) is None
