"""The statistics on a phone: the secretary opens the branch's charts from the navigation, the
township's administrator opens the table of branches and follows a branch to its page. The
charts scale to the screen, the tables scroll inside their box."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from tests.branch.test_browser import (  # noqa: F401  (browser: the fixture)
    CHROMIUM,
    PASSWORD,
    PHONE,
    browser,
    fits_the_screen,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def chart_widths(page) -> list[float]:
    return page.evaluate(
        "[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)"
    )


@pytest.mark.django_db(transaction=True)
def test_the_secretary_and_the_township_read_the_statistics_on_a_phone(
    live_server,
    browser,  # noqa: F811  (the fixture imported above)
    school,
    village,
    secretary,
    township_admin,
    make_person,
):
    from meetings import services as meeting_services
    from meetings.models import Kind

    for user in (secretary, township_admin):
        user.set_password(PASSWORD)
        user.save()
    make_person("张三")
    make_person("李四", stage="applicant", joined_on=timezone.localdate())
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=timezone.localdate(),
        topic="参观革命纪念馆",
    )
    base = live_server.url
    page = browser.new_context(**PHONE).new_page()
    log_in(page, base, "secretary")
    page.goto(f"{base}/o/school/")
    page.locator("nav.sections a", has_text="统计").click()
    page.wait_for_url(f"{base}/o/school/stats/")
    assert page.get_by_role("heading", name="近五年党员情况").is_visible()
    assert page.locator("svg.chart").count() == 6
    assert all(0 < w <= 390 for w in chart_widths(page))
    assert page.get_by_role("img", name="各月党费收缴率").count() == 1
    stages = page.locator("[data-testid=stages]")
    assert "今天" in stages.inner_text() and "正式党员" in stages.inner_text()
    assert fits_the_screen(page)
    if os.environ.get("STATS_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["STATS_SCREENSHOTS"], "branch.png"), full_page=True
        )

    admin = browser.new_context(**PHONE).new_page()
    log_in(admin, base, "township")
    admin.goto(f"{base}/o/town/stats/")
    table = admin.locator("[data-testid=branches]")
    assert "中心小学党支部" in table.inner_text() and "青山村党支部" in table.inner_text()
    assert fits_the_screen(admin)
    if os.environ.get("STATS_SCREENSHOTS"):
        admin.screenshot(
            path=os.path.join(os.environ["STATS_SCREENSHOTS"], "town.png"), full_page=True
        )
    admin.get_by_role("link", name="组织生活落实率").click()
    admin.wait_for_url(f"{base}/o/town/stats/?*sort=compliance*")
    admin.get_by_role("link", name="中心小学党支部").click()
    admin.wait_for_url(f"{base}/o/school/stats/*")
    assert admin.locator("svg.chart").count() == 6
    assert fits_the_screen(admin)
