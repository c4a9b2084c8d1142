"""Every URL of 党务公开 × every persona → the status that persona gets."""

from __future__ import annotations

import pytest
from django.utils import timezone

from notices.models import Audience
from tests.notices.conftest import pdf
from tests.permissions import (
    LOGIN,
    check,
    expect,
    for_every_persona,
    lazy_url,
    pk,
)


def url(name, org="school", **kwargs):
    return lazy_url(f"notices:{name}", org_code=org, **kwargs)


def public(name, org="school", **kwargs):
    return lazy_url(f"notices_public:{name}", org_code=org, **kwargs)


MATRIX = [
    ("index", "get", url("index"), expect(LOGIN, 200, 200, 200, 200, 404)),
    ("town overview", "get", url("index", "town"), expect(LOGIN, 404, 404, 404, 200, 404)),
    ("village index", "get", url("index", "village"), expect(LOGIN, 404, 404, 404, 200, 200)),
    ("new", "get", url("create"), expect(LOGIN, 200, 200, 403, 403, 404)),
    ("new post", "post", url("create"), expect(LOGIN, 200, 200, 403, 403, 404)),
    ("propose", "get", url("propose"), expect(LOGIN, 200, 200, 403, 403, 404)),
    ("propose post", "post", url("propose"), expect(LOGIN, 302, 302, 403, 403, 404)),
    ("draft", "get", url("detail", pk=pk("draft")), expect(LOGIN, 200, 200, 403, 200, 404)),
    ("live", "get", url("detail", pk=pk("live")), expect(LOGIN, 200, 200, 200, 200, 404)),
    (
        "withdrawn",
        "get",
        url("detail", pk=pk("withdrawn")),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "village item asked for in the school",
        "get",
        url("detail", pk=pk("village")),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    ("edit draft", "get", url("update", pk=pk("draft")), expect(LOGIN, 200, 200, 403, 403, 404)),
    ("publish", "get", url("publish", pk=pk("draft")), expect(LOGIN, 200, 403, 403, 403, 404)),
    (
        "publish post",
        "post",
        url("publish", pk=pk("draft")),
        expect(LOGIN, 302, 403, 403, 403, 404),
    ),
    ("withdraw", "get", url("withdraw", pk=pk("live")), expect(LOGIN, 200, 403, 403, 403, 404)),
    (
        "withdraw post",
        "post",
        url("withdraw", pk=pk("live")),
        expect(LOGIN, 302, 403, 403, 403, 404),
    ),
    (
        "pdf of a live item",
        "get",
        url("pdf", pk=pk("live")),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    ("pdf of a draft", "get", url("pdf", pk=pk("draft")), expect(LOGIN, 200, 200, 403, 200, 404)),
    (
        "attachment of a live item",
        "get",
        url("attachment", pk=pk("live"), att_pk=pk("live_attachment")),
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
    (
        "attachment of a draft",
        "get",
        url("attachment", pk=pk("draft"), att_pk=pk("draft_attachment")),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "attachment under the wrong item",
        "get",
        url("attachment", pk=pk("live"), att_pk=pk("draft_attachment")),
        expect(LOGIN, 404, 404, 404, 404, 404),
    ),
    # the public page: the same for everyone, logged in or not
    ("public page", "get", public("index"), expect(200, 200, 200, 200, 200, 200)),
    (
        "public page of the town",
        "get",
        public("index", "town"),
        expect(404, 404, 404, 404, 404, 404),
    ),
    ("public item", "get", public("detail", pk=pk("public")), expect(200, 200, 200, 200, 200, 200)),
    ("public pdf", "get", public("pdf", pk=pk("public")), expect(200, 200, 200, 200, 200, 200)),
    (
        "public attachment",
        "get",
        public("attachment", pk=pk("public"), att_pk=pk("public_attachment")),
        expect(200, 200, 200, 200, 200, 200),
    ),
    (
        "party item on the public page",
        "get",
        public("detail", pk=pk("live")),
        expect(404, 404, 404, 404, 404, 404),
    ),
    (
        "draft on the public page",
        "get",
        public("detail", pk=pk("draft")),
        expect(404, 404, 404, 404, 404, 404),
    ),
    (
        "withdrawn item on the public page",
        "get",
        public("detail", pk=pk("withdrawn_public")),
        expect(404, 404, 404, 404, 404, 404),
    ),
    (
        "school item under the village's public page",
        "get",
        public("detail", "village", pk=pk("public")),
        expect(404, 404, 404, 404, 404, 404),
    ),
    (
        "attachment of a party item on the public page",
        "get",
        public("attachment", pk=pk("live"), att_pk=pk("live_attachment")),
        expect(404, 404, 404, 404, 404, 404),
    ),
]

POST_DATA = {
    "new post": {},  # refused: a title is needed, nothing written
    "propose post": {"kind": "meetings", "year": str(timezone.localdate().year)},
    "publish post": {"audience": Audience.PARTY, "published_on": timezone.localdate().isoformat()},
    "withdraw post": {"reason": "内容有误"},
}


@pytest.fixture
def objects(school, village, free, publish, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # the PDF's fonts are another test's business: the matrix checks who may have it
    monkeypatch.setattr("notices.views.render_notice_pdf", lambda notice: b"%PDF-1.4")
    draft = free("草稿", files=[pdf("草稿.pdf")])
    live = publish(free("党内通知", files=[pdf("党内.pdf")]))
    withdrawn = publish(free("已撤回"))
    from notices import services

    services.notice_withdraw(actor=None, notice=withdrawn, reason="重复发布")
    public_item = publish(free("公开通知", files=[pdf("公开.pdf")]), audience=Audience.PUBLIC)
    withdrawn_public = publish(free("撤回的公开通知"), audience=Audience.PUBLIC)
    services.notice_withdraw(actor=None, notice=withdrawn_public, reason="重复发布")
    village_item = publish(free("村通知", org=village))
    return {
        "draft": draft,
        "draft_attachment": draft.attachments.get(),
        "live": live,
        "live_attachment": live.attachments.get(),
        "withdrawn": withdrawn,
        "public": public_item,
        "public_attachment": public_item.attachments.get(),
        "withdrawn_public": withdrawn_public,
        "village": village_item,
    }


@for_every_persona(MATRIX)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    data = POST_DATA.get(name)
    check(client_for(persona), method, url(objects), expected, persona, name, data)
