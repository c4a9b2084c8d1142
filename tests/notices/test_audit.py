"""The audit log reads the entries of 党务公开 and of sign-in in Chinese."""

from __future__ import annotations

import datetime

from django.utils import timezone

from meetings import services as meeting_services
from meetings import signin
from meetings.models import Kind
from notices import services
from tests.notices.conftest import pdf


def test_the_audit_log_shows_publishing_withdrawal_and_sign_in_readably(
    client_for, school, secretary, member, make_person, free, publish, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    notice = publish(free("通知", files=[pdf()]))
    services.notice_withdraw(actor=secretary, notice=notice, reason="内容有误")
    make_person("张党员", user=member)
    meeting = meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=timezone.localdate(),
        starts_at=datetime.time(0, 0),
        topic="主题党日",
    )
    meeting = signin.sign_in_open(actor=secretary, meeting=meeting)
    signin.sign_in_record(user=member, token=signin.sign_in_token(meeting), org=school)
    response = client_for("secretary").get("/o/school/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("撤回原因", "公开日期", "公开范围", "文件名", "签到开启时间", "签到时间", "迟到"):
        assert label in page, label
    assert "withdrawal_reason" not in page and "signed_in_at" not in page
