from __future__ import annotations

import datetime

import pytest
from django.core import mail

from branch import reminders
from branch.models import Notification, Role, RoleAssignment
from branch.reminders import Reminder, reminders_send
from branch.tasks import send_due_reminders
from tests.clock import on_day

TODAY = datetime.date(2026, 11, 26)
pytestmark = on_day(TODAY)


@pytest.fixture
def orphan_branch(village, outsider):
    """village with its secretary role removed."""
    RoleAssignment.objects.filter(organization=village, role=Role.SECRETARY).delete()
    return village


def test_a_branch_without_secretary_notifies_the_higher_admin(
    orphan_branch, township_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = send_due_reminders.delay().get()
    assert created == 1
    notification = Notification.objects.get(user=township_admin)
    assert "青山村党支部" in notification.title
    assert notification.url == "/o/village/roles/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [township_admin.email]
    assert "/o/village/roles/" in mail.outbox[0].body


def test_a_second_run_notifies_nobody_again(
    orphan_branch, township_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders.delay().get() == 0
    assert Notification.objects.filter(user=township_admin).count() == 1
    assert len(mail.outbox) == 1


def test_reminders_send_notifies_in_the_app_only(
    orphan_branch, township_admin, django_capture_on_commit_callbacks
):
    """The demo seed runs it: the daily task is the one that e-mails."""
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == 1
    assert Notification.objects.filter(user=township_admin).count() == 1
    assert mail.outbox == []


@pytest.fixture
def only_this_source(monkeypatch):
    """The other apps' sources would remind of their own things; these tests are about one."""
    monkeypatch.setattr(reminders, "_sources", {"orphans": reminders.branches_without_secretary})


def test_branches_with_a_secretary_are_quiet(school, secretary, township_admin, only_this_source):
    assert reminders_send(today=TODAY) == 0


def test_a_failing_source_does_not_silence_the_others(
    monkeypatch, school, secretary, orphan_branch, township_admin, only_this_source
):
    def broken(today):
        raise RuntimeError("source bug")

    monkeypatch.setattr(reminders, "_sources", {"broken": broken, **reminders.sources()})
    assert reminders_send(today=TODAY) == 1


def test_a_registered_source_reaches_each_recipient_once(monkeypatch, school, secretary, member):
    def source(today):
        yield Reminder(
            key=f"test:quarter:{today:%Y}",
            organization=school,
            title="本季度支部党员大会尚未召开",
            recipients=[secretary, member, secretary],
            level="danger",
        )

    monkeypatch.setattr(reminders, "_sources", {"test": source})
    assert reminders_send(today=TODAY) == 2
    assert reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(key="test:quarter:2026").count() == 2


def test_the_unread_count_shows_in_the_header(client, school, secretary):
    Notification.objects.create(user=secretary, key="k1", title="提醒一", organization=school)
    Notification.objects.create(user=secretary, key="k2", title="提醒二", organization=school)
    client.force_login(secretary)
    page = client.get("/o/school/").content.decode()
    assert 'data-testid="unread-count">2<' in page


def test_marking_read_clears_the_count(client, school, secretary):
    n = Notification.objects.create(user=secretary, key="k1", title="提醒", organization=school)
    client.force_login(secretary)
    client.post(f"/notifications/{n.pk}/read/")
    n.refresh_from_db()
    assert n.read_at is not None
    assert "unread-count" not in client.get("/notifications/").content.decode()


def test_nobody_marks_another_users_notification(client, school, secretary, member):
    n = Notification.objects.create(user=secretary, key="k1", title="提醒", organization=school)
    client.force_login(member)
    assert client.post(f"/notifications/{n.pk}/read/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None
