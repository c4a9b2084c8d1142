"""The annual report's facts name what the branch published (党务公开)."""

from __future__ import annotations

from django.utils import timezone

from notices import services
from notices.models import Audience
from reports.facts import gather_facts

TODAY = timezone.localdate()


def test_the_facts_list_the_items_published_in_the_year_not_the_withdrawn(school, free, publish):
    kept = publish(free("党费收缴公示"), audience=Audience.PUBLIC)
    gone = publish(free("发错的通知"))
    services.notice_withdraw(actor=None, notice=gone, reason="发错了")
    free("还是草稿")
    facts = gather_facts(school, TODAY.year)
    assert facts.published == [
        {
            "date": TODAY.isoformat(),
            "title": kept.title,
            "kind": "free",
            "audience": "public",
        }
    ]
    assert gather_facts(school, TODAY.year - 1).published == []
