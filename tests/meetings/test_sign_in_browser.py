"""Sign-in on a phone: the secretary opens the sign-in on a screen, a member scans the code's
link, logs in, signs in, and the screen shows the name without a reload by hand."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.branch.test_browser import CHROMIUM, browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "is_mobile": True}
PASSWORD = "correct-horse-battery"


def log_in(page, username):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_member_signs_in_from_a_phone_and_the_screen_shows_the_name(
    live_server,
    browser,  # noqa: F811  (the fixture imported above)
    school,
    secretary,
    member,
    make_person,
):
    from meetings import services
    from meetings.models import Attendance, Kind

    for user in (secretary, member):
        user.set_password(PASSWORD)
        user.save()
    make_person("张党员", user=member)
    make_person("李党员")
    meeting = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=timezone.localdate(),
        starts_at=datetime.time(23, 59),
        topic="主题党日",
    )
    base = live_server.url
    screen = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    screen.goto(f"{base}/o/school/meetings/{meeting.pk}/")
    log_in(screen, "secretary")
    screen.get_by_role("link", name="签到", exact=True).click()
    screen.get_by_role("button", name="开启签到").click()
    screen.wait_for_selector("[data-testid=sign-in-qr] svg")
    link = screen.locator("[data-testid=sign-in-link]").inner_text().strip()
    assert "没有人签到" in screen.locator("[data-testid=arrivals]").inner_text()

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(link)
    assert "/accounts/login/" in phone.url
    log_in(phone, "member")
    assert "主题党日" in phone.content()
    phone.locator("[data-testid=sign-in-button]").click()
    assert "已签到" in phone.locator("[data-testid=sign-in-done]").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the screen refreshes its part every few seconds (static/js/app.js, no inline script)
    screen.locator("[data-testid=arrivals]", has_text="张党员").wait_for(timeout=15_000)
    row = meeting.attendances.get(person__name="张党员")
    assert row.status == Attendance.Status.PRESENT and row.source == Attendance.Source.SELF
