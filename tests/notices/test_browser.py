"""党务公开 on a phone: the secretary drafts an item from the records and publishes it to the
public; a visitor without an account reads it on the branch's public page."""

from __future__ import annotations

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


@pytest.mark.django_db(transaction=True)
def test_the_secretary_publishes_a_draft_from_the_records_and_a_visitor_reads_it(
    live_server,
    browser,  # noqa: F811  (the fixture imported above)
    school,
    secretary,
    make_person,
):
    from meetings import services as meeting_services
    from meetings.models import Kind

    secretary.set_password(PASSWORD)
    secretary.save()
    make_person("张三")
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
    page.locator("nav.sections a", has_text="党务公开").click()
    page.wait_for_url(f"{base}/o/school/notices/")
    page.get_by_role("link", name="根据记录生成草稿").click()
    page.get_by_role("button", name="年度至今“三会一课”开展情况").click()
    page.wait_for_url(f"{base}/o/school/notices/*/")
    assert "参观革命纪念馆" in page.content()
    assert "草稿" in page.locator("[data-testid=notice-state]").inner_text()
    assert fits_the_screen(page)
    page.get_by_role("link", name="公开", exact=True).click()
    page.select_option("select[name=audience]", "public")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/o/school/notices/*/")
    assert "已公开" in page.content()

    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(f"{base}/p/school/")
    visitor.get_by_role("link", name="“三会一课”开展情况").click()
    assert "参观革命纪念馆" in visitor.content()
    assert "/accounts/login/" not in visitor.url
    assert fits_the_screen(visitor)
