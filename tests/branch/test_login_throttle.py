"""Wrong passwords in a row lock the login name (and the address) for a while, with a Chinese
page; a site administrator can unlock earlier."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def user(db):
    user = UserFactory(username="wangjg")
    user.set_password("right-password-2026")
    user.save()
    return user


def attempt(client, password, **extra):
    return client.post(reverse("login"), {"username": "wangjg", "password": password}, **extra)


def test_the_login_name_is_locked_after_too_many_wrong_passwords(client, throttled, user):
    for _ in range(throttled.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录失败次数过多" in text and "15" in text
    # even the right password waits now, and from another address too
    assert attempt(client, "right-password-2026", REMOTE_ADDR="10.9.8.7").status_code == 429


def test_the_lock_ends_after_the_cool_off(client, throttled, user):
    for _ in range(throttled.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        assert attempt(client, "right-password-2026").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, throttled, user):
    for n in range(throttled.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert attempt(client, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_the_site_administrator_unlocks_a_login_name(client, throttled, user):
    for _ in range(throttled.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    call_command("axes_reset_username", "wangjg")
    # the address is still counted: unlock it too, as the admin page does
    call_command("axes_reset")
    assert attempt(client, "right-password-2026").status_code == 302


def test_a_right_password_resets_the_count(client, throttled, user):
    for _ in range(throttled.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "right-password-2026").status_code == 302
    client.logout()
    assert attempt(client, "wrong").status_code == 200
