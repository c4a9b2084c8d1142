"""The 公示 of a candidate for membership holds back the higher committee's pre-review (step
13): registered with ``branch.step_checks``, so the members app never imports this one."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from branch.dates import long_date
from branch.exceptions import ServiceError
from notices.models import Notice, NoticeKind
from notices.rules import NOTICE_PERIODS, PRE_REVIEW_STEP, working_days_end


def notice_period_end(notice: Notice) -> datetime.date | None:
    period = NOTICE_PERIODS.get(notice.kind)
    if period is None or notice.published_on is None:
        return None
    return working_days_end(notice.published_on, period.working_days)


def candidate_notice_served(*, org: Any, person: Any, number: int, done_on: datetime.date) -> None:
    """Refuse step 13 while a published 公示 naming ``person`` has not run its period, or
    when the only 公示 was withdrawn before its end. A person no 公示 names (records kept
    before the branch published here) is not held back."""
    if number != PRE_REVIEW_STEP:
        return
    notices = list(
        Notice.objects.filter(
            organization=org,
            kind=NoticeKind.CANDIDATE,
            people=person,
            published_on__isnull=False,
        ).order_by("published_on", "pk")
    )
    if not notices:
        return
    served, pending = [], []
    for notice in notices:
        end = notice_period_end(notice)
        withdrawn = notice.withdrawn_at is not None and (
            timezone.localdate(notice.withdrawn_at) <= end if end else True
        )
        if withdrawn:
            continue
        (served if end < done_on else pending).append((notice, end))
    if served:
        return
    if pending:
        notice, end = pending[0]
        raise ServiceError(
            _(
                "The public notice of %(person)s as a candidate runs from %(start)s to %(end)s "
                "(%(days)d working days); the pre-review by the higher committee can be "
                "recorded from %(next)s on, not on %(date)s."
            )
            % {
                "person": person.name,
                "start": long_date(notice.published_on),
                "end": long_date(end),
                "days": NOTICE_PERIODS[NoticeKind.CANDIDATE].working_days,
                "next": long_date(end + datetime.timedelta(days=1)),
                "date": long_date(done_on),
            },
            field="done_on",
        )
    raise ServiceError(
        _(
            "The public notice of %(person)s as a candidate was withdrawn before its period "
            "ended: publish a new one and wait for its period before the pre-review."
        )
        % {"person": person.name},
        field="done_on",
    )
