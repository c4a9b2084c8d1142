from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notices import services
from notices.models import Audience


def pdf(name="通知.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 notice", content_type="application/pdf")


@pytest.fixture
def publish():
    """``publish(notice, audience=…)``: published today by the system."""

    def publish_notice(notice, audience=Audience.PARTY, **kwargs):
        return services.notice_publish(
            actor=None,
            notice=notice,
            published_on=kwargs.pop("published_on", timezone.localdate()),
            audience=audience,
            **kwargs,
        )

    return publish_notice


@pytest.fixture
def free(school):
    """``free(title, org=…, files=…)``: a free draft."""

    def make(title="关于开展主题党日活动的通知", org=None, **kwargs):
        return services.notice_create(
            actor=None, org=org or school, title=title, body="请全体党员按时参加。", **kwargs
        )

    return make
