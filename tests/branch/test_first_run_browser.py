"""A real secretary's first minutes, in headless Chromium on a fresh database: the set-up page,
the empty workbook filled in and imported, accounts for the roster, and a committee member
who logs in, chooses a password and logs a meeting."""

from __future__ import annotations

import datetime
import io
import re
import time

import openpyxl
import pytest
from django.utils import timezone

from branch.models import Organization
from meetings.models import Meeting
from members.selectors import people_in
from tests.branch.test_browser import CHROMIUM, browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def fill_template(content: bytes) -> bytes:
    """What the secretary types into the downloaded workbook: three people and the committee."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    roster = book["党员名册"]
    headers = [str(c.value).rstrip("*") for c in roster[1]]
    for name, gender, birth, joined in [
        ("周文华", "女", "1980-03-02", "2005-06-20"),
        ("吴建军", "男", "1978-11-15", "2001-07-01"),
        ("郑秀英", "女", "1986-09-09", "2012-05-04"),
    ]:
        row = {
            "姓名": name,
            "性别": gender,
            "出生日期": birth,
            "党员类别": "正式党员",
            "入党日期": joined,
            "人员类别": "在职",
        }
        roster.append([row.get(h) for h in headers])
    committee = book["支委会"]
    headers = [str(c.value).rstrip("*") for c in committee[1]]
    elected = (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    committee.append(
        [{"姓名": "吴建军", "职务": "组织委员", "任职日期": elected}.get(h) for h in headers]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_from_a_fresh_install_to_a_committee_member_logging_a_meeting(
    live_server,
    browser,  # noqa: F811
    tmp_path,
):
    started = time.monotonic()
    page = browser.new_page(locale="zh-CN", accept_downloads=True)

    # 1. The set-up page opens by itself on a fresh install.
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/setup/")
    page.fill("#id_branch_name", "青山镇第二小学党支部")
    page.fill("#id_unit", "青山镇第二小学")
    page.fill("#id_committee_name", "青山镇党委")
    page.fill("#id_full_name", "周文华")
    page.fill("#id_username", "zhouwh")
    page.fill("#id_password1", "erxiao-2026-pass")
    page.fill("#id_password2", "erxiao-2026-pass")
    page.click("button[type=submit]")
    branch = Organization.objects.get(kind="branch")
    page.wait_for_url(f"{live_server.url}/o/{branch.code}/")
    assert page.locator("[data-testid=checklist]").is_visible()

    # 2. The empty workbook, filled in and imported.
    page.goto(f"{live_server.url}/o/{branch.code}/import/")
    with page.expect_download() as download:
        page.click("a[href$='/import/template.xlsx']")
    filled = tmp_path / "台账.xlsx"
    filled.write_bytes(fill_template(download.value.path().read_bytes()))
    page.set_input_files("input[type=file]", str(filled))
    page.click("form[enctype] button[type=submit]")
    page.click("form[action$='/import/confirm/'] button.primary")
    page.wait_for_load_state()
    assert sorted(people_in(branch, timezone.localdate()).values_list("name", flat=True)) == [
        "吴建军",
        "周文华",
        "郑秀英",
    ]

    # 3. Accounts for everyone on the roster.
    page.goto(f"{live_server.url}/o/{branch.code}/members/accounts/")
    page.check("thead input[type=checkbox]")
    page.click("form:has(input[name=people]) button.primary")
    issued = page.locator("[data-testid=issued]").inner_text()
    match = re.search(r"吴建军\s+(\S+)\s+(\S+)\s+支委", issued)
    assert match, issued
    username, password = match.groups()

    # 4. The committee member logs in, must choose a password, then logs a meeting.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/password/$"))
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "wujj-own-2026")
    page.fill("#id_new_password2", "wujj-own-2026")
    page.click("form:has(#id_old_password) button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/password/done/$"))
    page.goto(f"{live_server.url}/o/{branch.code}/meetings/new/")
    page.select_option("#id_kind", "committee_meeting")
    page.fill("#id_topic", "研究本季度发展党员工作")
    page.click("form:has(#id_topic) button.primary")
    page.wait_for_url(re.compile(r".*/attendance/$"))
    page.click("form:has(fieldset) button.primary")
    page.wait_for_load_state()

    meeting = Meeting.objects.get(organization=branch)
    assert meeting.topic == "研究本季度发展党员工作"
    assert meeting.created_by.username == username
    print(f"first-run path in the browser: {time.monotonic() - started:.1f} s")
