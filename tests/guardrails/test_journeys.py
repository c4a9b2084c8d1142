"""Guard rail 7: the demo's people do their work in a real browser (headless Debian
Chromium), from the dashboard on, with the attendance and dues pages on a phone-size screen.

Each journey runs on 30 November of the run's year (the demo is counted back from "today",
and on that day the current month's dues are charged and a member is eight months behind), so
the journeys do not depend on the day the suite runs.
"""

from __future__ import annotations

import datetime
import re
import shutil
import zoneinfo
from io import StringIO
from urllib.parse import urljoin

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from tests.guardrails.html import read_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def journey_day():
    """30 November of the run's year, 10:00 in Beijing, the clock ticking."""
    year = timezone.localdate().year
    moment = datetime.datetime(year, 11, 30, 10, tzinfo=BEIJING)
    with time_machine.travel(moment, tick=True):
        yield moment.date()


@pytest.fixture
def demo_site(journey_day, live_server):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    return live_server.url


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    # synchronous and safe.
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
            connections.close_all()


def log_in(browser, site: str, login: str):
    from branch.demo import DEMO_PASSWORD

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{site}/")
    page.fill("#id_username", login)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/o/[\w-]+/$"))
    return page


def assert_clean(page) -> None:
    """The page shows no markup, no template syntax and no server error."""
    text = read_page(page.content()).text
    for fragment in ('="', "{%", "{{", "__all__", "&lt;", "Traceback", "Server Error"):
        assert fragment not in text, f"{fragment!r} on {page.url}"


def assert_fits(page) -> None:
    """Nothing is wider than the phone's screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide on a phone"


def click_link(page, href_end: str) -> None:
    page.locator(f'main a[href$="{href_end}"]').first.click()
    page.wait_for_load_state()


def test_the_secretary_logs_a_committee_meeting_with_attendance_and_a_decision(demo_site, browser):
    page = log_in(browser, demo_site, "secretary")
    click_link(page, "/meetings/new/")
    page.select_option("#id_kind", "committee_meeting")
    page.fill("#id_topic", "研究部署十二月主题党日活动")
    page.fill("#id_place", "学校三楼会议室")
    page.select_option("#id_host", label="王建国")
    page.select_option("#id_recorder", label="李红梅")
    page.locator("#meeting-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/meetings/\d+/attendance/$"))

    page.set_viewport_size(PHONE)
    assert_clean(page)
    assert_fits(page)
    rows = page.locator("li.attendance-row")
    assert rows.count() >= 3, "the committee is expected at a 支委会"
    away = rows.nth(1)
    away_name = away.locator(".who strong").inner_text()
    away.locator("label.seg-leave").click()
    away.locator("input[name^=reason_]").fill("外出参加县教研活动")
    page.locator(".attendance-page button[type=submit]").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert_clean(page)
    leave = page.locator("[data-testid=status-leave]")
    assert away_name in leave.inner_text()
    assert "外出参加县教研活动" in leave.inner_text()
    present = int(page.locator("[data-testid=quorum] dd").nth(1).inner_text())

    page.set_viewport_size(DESKTOP)
    click_link(page, "/decisions/new/")
    page.fill("#id_title", "同意十二月主题党日赴革命纪念馆开展现场教学")
    page.fill("#id_votes_for", str(present))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert_clean(page)
    assert "同意十二月主题党日赴革命纪念馆开展现场教学" in page.content()


def test_the_secretary_records_a_months_dues_and_a_back_payment_with_its_reason(
    demo_site, browser, journey_day
):
    page = log_in(browser, demo_site, "secretary")
    page.set_viewport_size(PHONE)
    click_link(page, f"/dues/{journey_day.year}-{journey_day.month}/")
    assert_clean(page)
    assert_fits(page)
    boxes = page.locator("#collect input[name=people]")
    assert boxes.count() >= 4, "the month is owed by the branch"
    ticked = []
    for i in range(3):
        box = boxes.nth(i)
        ticked.append(box.get_attribute("value"))
        box.check()
    page.locator("#collect button[type=submit]").click()
    page.wait_for_load_state()
    assert_clean(page)
    for pk in ticked:
        paid = page.locator(f"[data-testid=paid-{pk}]").inner_text()
        assert float(paid) > 0, f"person {pk} is not shown as paid"

    # 秦峰 is eight months behind: paying them all at once is a 补交 of more than six
    # months, which needs its reason.
    page.locator("[data-testid=sheet] tr", has_text="秦峰").locator("a").first.click()
    page.wait_for_load_state()
    assert_clean(page)
    assert_fits(page)
    this_month = journey_day.replace(day=1).isoformat()
    months = page.locator("#pay input[name=months]")
    behind = [
        months.nth(i)
        for i in range(months.count())
        if months.nth(i).get_attribute("value") < this_month
    ]
    assert len(behind) > 6, "秦峰 is more than six months behind in the demo"
    for box in behind:
        box.check()
    page.locator("#pay button[type=submit]").click()
    page.wait_for_load_state()
    refusal = page.locator("#pay .error, #pay [role=alert]").first.inner_text()
    assert re.search(r"[\u4e00-\u9fff]", refusal), refusal
    assert "原因" in refusal or "六个月" in refusal, refusal

    months = page.locator("#pay input[name=months]")
    for i in range(months.count()):
        if months.nth(i).get_attribute("value") < this_month:
            months.nth(i).check()
    page.fill("#pay input[name=reason]", "长期在外地医院陪护家人，返校后一次补交")
    page.locator("#pay button[type=submit]").click()
    page.wait_for_load_state()
    assert_clean(page)
    ledger = page.locator("[data-testid=ledger]").inner_text()
    assert "补交" in ledger
    assert "长期在外地医院陪护家人，返校后一次补交" in ledger


def test_the_secretary_edits_finalises_and_downloads_the_report(demo_site, browser, journey_day):
    # on 30 November the report to write is this year's: the dashboard leads to it
    year = journey_day.year
    page = log_in(browser, demo_site, "secretary")
    click_link(page, f"/reports/{year}/")
    assert_clean(page)
    opening = page.locator("textarea[name$='-text']").first
    opening.fill(f"{year}年，支部在镇党委的领导下，坚持以党建引领学校发展。")
    opening.locator("xpath=ancestor::form").locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_clean(page)
    assert f"{year}年，支部在镇党委的领导下" in page.content()

    finalize = page.locator("[data-testid=finalize]")
    finalize.locator("input[name=author]").fill("王建国")
    finalize.locator("input[name=signed_on]").fill(journey_day.isoformat())
    finalize.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert_clean(page)
    assert page.locator("[data-testid=status] .tag-ok").count() == 1, "the report is final"

    for label, kind, magic in (
        ("PDF", "application/pdf", b"%PDF"),
        ("Word", "officedocument.wordprocessingml", b"PK"),
    ):
        fmt = "pdf" if label == "PDF" else "docx"
        page.locator(f"form[action$='render/?format={fmt}'] button").click()
        page.wait_for_load_state()
        download_link = page.locator("[data-testid=download]")
        download_link.wait_for()
        with page.expect_download() as info:
            download_link.click()
        path = info.value.path()
        with open(path, "rb") as f:
            assert f.read(4).startswith(magic), label
        response = page.request.get(urljoin(page.url, download_link.get_attribute("href")))
        assert response.status == 200 and kind in response.headers["content-type"]
        page.go_back()
        page.wait_for_load_state()


def test_a_member_finds_their_record_dues_and_review_from_the_dashboard(demo_site, browser):
    page = log_in(browser, demo_site, "member")
    dashboard = page.url
    click_link(page, "/me/")
    assert_clean(page)
    assert "张伟" in page.locator("main").inner_text()

    page.goto(dashboard)
    click_link(page, "/dues/mine/")
    assert_clean(page)
    assert "张伟" in page.locator("main h1").inner_text()
    assert page.locator("[data-testid=account-months]").count() == 1

    page.goto(dashboard)
    click_link(page, "/my-review/")
    assert_clean(page)
    assert "民主评议" in page.locator("main").inner_text()


def test_the_township_opens_the_calendar_of_all_branches_and_the_report_overview(
    demo_site, browser
):
    page = log_in(browser, demo_site, "township")
    dashboard = page.url
    assert dashboard.endswith("/o/demo-town/")
    click_link(page, "/o/demo-town/calendar/")
    assert_clean(page)
    table = page.locator("[data-testid=branches]")
    assert "青山镇中心小学党支部" in table.inner_text()
    assert "青山村党支部" in table.inner_text()

    page.goto(dashboard)
    click_link(page, "/o/demo-town/reports/")
    assert_clean(page)
    count = page.locator("[data-testid=finals-count]").inner_text()
    assert re.search(r"\d+个党支部", count), count
