"""What each reader sees of 党务公开: the branch's list, the township's overview, the public
page."""

from __future__ import annotations

from notices import services
from notices.models import Audience


def test_members_see_the_items_up_today_and_the_committee_sees_drafts_too(
    client_for, school, free, publish
):
    draft = free("草稿通知")
    live = publish(free("党内通知"))
    gone = publish(free("撤回的通知"))
    services.notice_withdraw(actor=None, notice=gone, reason="重复")
    member_page = client_for("member").get("/o/school/notices/").content.decode()
    assert live.title in member_page
    assert draft.title not in member_page and gone.title not in member_page
    committee_page = client_for("committee_member").get("/o/school/notices/").content.decode()
    assert all(n.title in committee_page for n in (draft, live, gone))
    assert "草稿" in committee_page and "已撤回" in committee_page


def test_the_township_sees_which_branches_published_what_this_year(
    client_for, school, village, free, publish
):
    publish(free("中心小学党费公示"), audience=Audience.PUBLIC)
    free("村里的草稿", org=village)
    response = client_for("township_admin").get("/o/town/notices/")
    page = response.content.decode()
    assert "中心小学党费公示" in page
    assert "村里的草稿" not in page
    assert "1个党支部今年未公开任何事项" in page


def test_the_public_page_shows_public_items_only_and_needs_no_login(client, school, free, publish):
    public = publish(free("公开的通知"), audience=Audience.PUBLIC)
    inside = publish(free("党内的通知"))
    page = client.get("/p/school/").content.decode()
    assert public.title in page and inside.title not in page
    assert "登录" not in page.split("<main", 1)[1]
