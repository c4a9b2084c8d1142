"""The demo secretary logs in through headless Chromium and reaches the dashboard."""

from __future__ import annotations

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A phone, for the pages a secretary or a member opens on one; the personas' password.
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "is_mobile": True}
PASSWORD = "correct-horse-battery"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # Inside Playwright's event loop Django's connections are local to that context;
            # close them here, or they keep the test database open after the test.
            connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_the_demo_secretary_logs_in_and_sees_the_dashboard(live_server, browser, tmp_path):
    from branch.demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=StringIO())
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "secretary")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/o/demo-school/")
    assert page.locator("h1").first.inner_text().startswith("青山镇中心小学党支部")
    assert page.locator("nav.sections a[aria-current=page]").inner_text() == "工作台"
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], "dashboard.png"), full_page=True
        )
    # the live server keeps the suite's clock: "this year" on the card is the run's year
    assert f"{timezone.localdate().year}年所获荣誉" in page.content()
    # the card names this year's honours (none before 1 July); all of them are a click away
    page.locator("a[href='/o/demo-school/honors/']").first.click()
    page.wait_for_url(f"{live_server.url}/o/demo-school/honors/")
    assert "五星级党支部" in page.content()


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_refused_in_chinese(live_server, browser):
    call_command("seed_demo", stdout=StringIO())
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "登录名或密码错误" in page.locator("[role=alert]").inner_text()


def log_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
