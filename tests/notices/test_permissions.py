"""Every URL of 党务公开 × every persona → the status that persona gets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import Audience
from tests.notices.conftest import pdf

A, S, C, M, T, X = (
    "anonymous",
    "secretary",
    "committee_member",
    "member",
    "township_admin",
    "outsider",
)
LOGIN = 302


def expect(*statuses):
    return dict(zip((A, S, C, M, T, X), statuses, strict=True))


def url(name, org="school", **kwargs):
    return lambda o: reverse(
        f"notices:{name}",
        kwargs={"org_code": org, **{k: v(o) if callable(v) else v for k, v in kwargs.items()}},
    )


def public(name, org="school", **kwargs):
    return lambda o: reverse(
        f"notices_public:{name}",
        kwargs={"org_code": org, **{k: v(o) if callable(v) else v for k, v in kwargs.items()}},
    )


def pk(key):
    return lambda o: o[key].pk


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


@pytest.mark.parametrize("persona", [A, S, C, M, T, X])
@pytest.mark.parametrize(
    ("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    client = client_for(persona)
    if method == "post":
        response = client.post(url(objects), POST_DATA.get(name, {}))
    else:
        response = client.get(url(objects))
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
        response.close()
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == LOGIN and persona == A:
        assert response.url.startswith(reverse("login"))
