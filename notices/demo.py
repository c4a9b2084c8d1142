"""The demo's 党务公开: the school published last year's dues to the public today and keeps a
draft of last year's 三会一课 summary; the village has published nothing yet, so the
township sees a branch without any item. A second run writes nothing."""

from __future__ import annotations

from django.utils import timezone

from branch.demo import DemoContext
from notices import services
from notices.models import Audience, Notice, NoticeKind


def seed(ctx: DemoContext) -> None:
    school = ctx.orgs["demo-school"]
    last_year = timezone.localdate().year - 1
    if not Notice.objects.filter(
        organization=school, kind=NoticeKind.DUES, source=str(last_year)
    ).exists():
        dues = services.notice_propose(actor=None, org=school, kind=NoticeKind.DUES, year=last_year)
        services.notice_publish(
            actor=None,
            notice=dues,
            published_on=timezone.localdate(),
            audience=Audience.PUBLIC,
        )
    if not Notice.objects.filter(
        organization=school, kind=NoticeKind.MEETINGS, source=str(last_year)
    ).exists():
        services.notice_propose(actor=None, org=school, kind=NoticeKind.MEETINGS, year=last_year)
