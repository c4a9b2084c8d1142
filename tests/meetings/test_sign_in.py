"""Sign-in from a phone: the code, the refusals, late arrivals, the screen, and the attendance
page that stays the source of truth."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from branch.exceptions import ServiceError
from branch.models import AuditEntry
from meetings import services, signin
from meetings.models import Attendance, Kind
from tests.clock import BEIJING

TODAY = timezone.localdate()


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(TODAY, datetime.time(hour, minute), tzinfo=BEIJING)


@pytest.fixture
def people(make_person, member):
    me = make_person("张党员", user=member)
    others = [make_person(f"党员{i}") for i in range(1, 4)]
    return [me, *others]


@pytest.fixture
def meeting(school, people):
    """A theme day today at 14:30 where everyone is expected."""
    return services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=TODAY,
        starts_at=datetime.time(14, 30),
        topic="主题党日",
    )


def token_url(meeting):
    return reverse("meetings:sign_in", args=["school", signin.sign_in_token(meeting)])


def opened(meeting, secretary, time_machine, when=None):
    time_machine.move_to(when or at(14, 0), tick=False)
    return signin.sign_in_open(actor=secretary, meeting=meeting)


def test_opening_counts_the_expected_absent_until_they_sign_in(meeting, secretary, time_machine):
    opened(meeting, secretary, time_machine)
    statuses = set(meeting.attendances.values_list("status", flat=True))
    assert statuses == {Attendance.Status.ABSENT}


def test_a_member_signs_in_on_time_and_is_present_at_that_time(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine)
    client.force_login(member)
    time_machine.move_to(at(14, 20), tick=False)
    url = token_url(meeting)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200, response.content.decode()
    assert "已签到" in response.content.decode()
    row = meeting.attendances.get(person=people[0])
    assert row.status == Attendance.Status.PRESENT and row.source == Attendance.Source.SELF
    assert timezone.localtime(row.signed_in_at).strftime("%H:%M") == "14:20"
    assert not row.late


def test_after_the_start_time_a_member_is_marked_late(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine, at(14, 30))
    client.force_login(member)
    time_machine.move_to(at(14, 31), tick=False)
    url = token_url(meeting)
    client.post(url)
    assert meeting.attendances.get(person=people[0]).late


def test_signing_twice_changes_nothing(client, meeting, secretary, member, people, time_machine):
    meeting = opened(meeting, secretary, time_machine)
    client.force_login(member)
    time_machine.move_to(at(14, 10), tick=False)
    url = token_url(meeting)
    client.post(url)
    entries = AuditEntry.objects.count()
    time_machine.move_to(at(14, 11), tick=False)
    response = client.post(url)
    assert "已经签到" in response.content.decode()
    row = meeting.attendances.get(person=people[0])
    assert timezone.localtime(row.signed_in_at).strftime("%H:%M") == "14:10"
    assert AuditEntry.objects.count() == entries


def test_someone_not_expected_is_refused_clearly(
    client, school, secretary, member, people, time_machine
):
    committee_only = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=TODAY,
        topic="小范围会议",
        attendance={people[1].pk: (Attendance.Status.PRESENT, "")},
    )
    committee_only = opened(committee_only, secretary, time_machine)
    client.force_login(member)
    response = client.post(token_url(committee_only))
    assert response.status_code == 403
    assert "不在本次会议的出席名单" in response.content.decode()
    assert not committee_only.attendances.filter(person=people[0]).exists()


def test_the_code_expires_after_a_few_minutes(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine)
    client.force_login(member)
    url = token_url(meeting)
    time_machine.move_to(at(14, 0) + datetime.timedelta(seconds=signin.LINK_MAX_AGE + 61))
    response = client.post(url)
    assert response.status_code == 403 and "已过期" in response.content.decode()


def test_the_code_changes_every_minute(meeting, secretary, time_machine):
    meeting = opened(meeting, secretary, time_machine, at(14, 0))
    first = signin.sign_in_token(meeting)
    time_machine.move_to(at(14, 0) + datetime.timedelta(seconds=30), tick=False)
    assert signin.sign_in_token(meeting) == first
    time_machine.move_to(at(14, 1), tick=False)
    assert signin.sign_in_token(meeting) != first


def test_the_link_stops_working_when_the_sign_in_closes(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine)
    url = token_url(meeting)
    signin.sign_in_close(actor=secretary, meeting=meeting)
    client.force_login(member)
    response = client.post(url)
    assert response.status_code == 403 and "已关闭" in response.content.decode()
    # reopening a minute later starts a new series: the old link stays void
    time_machine.move_to(at(14, 1), tick=False)
    signin.sign_in_open(actor=secretary, meeting=meeting)
    assert client.post(url).status_code == 403


def test_an_anonymous_phone_is_sent_to_log_in_and_back(client, meeting, secretary, time_machine):
    meeting = opened(meeting, secretary, time_machine)
    url = token_url(meeting)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=" in response.url


def test_sign_in_opens_only_for_a_meeting_held_today(school, secretary, people):
    past = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=TODAY - datetime.timedelta(days=1),
        topic="昨天的会",
    )
    with pytest.raises(ServiceError, match="当天"):
        signin.sign_in_open(actor=secretary, meeting=past)


def test_the_screen_shows_the_code_and_the_names_as_they_arrive(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine)
    client.force_login(member)
    client.post(token_url(meeting))
    client.force_login(secretary)
    screen = client.get(reverse("meetings:sign_in_screen", args=["school", meeting.pk]))
    html = screen.content.decode()
    assert "<svg" in html and "data-live-refresh" in html
    live = client.get(reverse("meetings:sign_in_live", args=["school", meeting.pk]))
    fragment = live.content.decode()
    assert "张党员" in fragment and "<svg" in fragment
    assert re.search(r"已签到.*1.*4", fragment)
    assert "<html" not in fragment


def test_a_hand_correction_keeps_who_signed_in_and_audits_both(
    client, meeting, secretary, member, people, time_machine
):
    meeting = opened(meeting, secretary, time_machine)
    client.force_login(member)
    time_machine.move_to(at(14, 40), tick=False)
    client.post(token_url(meeting))
    services.attendance_set(
        actor=secretary,
        meeting=meeting,
        attendance={
            people[0].pk: (Attendance.Status.PRESENT, ""),
            people[1].pk: (Attendance.Status.PRESENT, ""),
            people[2].pk: (Attendance.Status.LEAVE, "出差"),
            people[3].pk: (Attendance.Status.ABSENT, ""),
        },
    )
    me = meeting.attendances.get(person=people[0])
    assert me.source == Attendance.Source.SELF and me.late
    assert meeting.attendances.get(person=people[1]).source == Attendance.Source.HAND
    entry = AuditEntry.objects.filter(actor=secretary, object_id=str(meeting.pk)).first()
    after = entry.changes["attendance"][1]
    assert "张党员（迟到）" in after and "本人签到" in after
