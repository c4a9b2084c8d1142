"""党务公开: drafts from the records, publishing, withdrawal, and the candidates' 公示 that holds
back the pre-review (step 13)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from branch.dates import long_date
from branch.exceptions import ServiceError
from branch.models import AuditEntry
from meetings import services as meeting_services
from meetings.models import Kind
from notices import services
from notices.models import Audience, Notice, NoticeKind, Status
from notices.rules import working_days_end
from tests.clock import travel
from tests.members.pipeline_timeline import advance, new_applicant

D = datetime.date
TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def test_five_working_days_skip_the_weekend():
    monday = D(2026, 11, 23)
    assert working_days_end(monday, 5) == D(2026, 11, 27)
    assert working_days_end(D(2026, 11, 25), 5) == D(2026, 12, 1)  # Wednesday to Tuesday
    assert working_days_end(D(2026, 11, 28), 5) == D(2026, 12, 4)  # from a Saturday


def test_public_holidays_do_not_count_and_a_weekend_worked_in_their_place_does():
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
    assert working_days_end(D(2025, 9, 26), 5) == D(2025, 10, 9)  # Fri, Sun 28, Mon, Tue, Thu 9
    assert working_days_end(D(2025, 9, 30), 3) == D(2025, 10, 10)  # Tue 30, Thu 9, Fri 10
    assert working_days_end(D(2025, 10, 9), 3) == D(2025, 10, 11)  # the Saturday worked


def test_a_proposed_draft_is_not_published_by_itself(school, make_person):
    make_person("张三")
    notice = services.notice_propose(actor=None, org=school, kind=NoticeKind.MEETINGS, year=YEAR)
    assert notice.status == Status.DRAFT
    assert notice.published_on is None


def test_the_same_record_gives_one_draft_until_it_is_published(school, publish):
    first = services.notice_propose(actor=None, org=school, kind=NoticeKind.DUES, year=YEAR)
    again = services.notice_propose(actor=None, org=school, kind=NoticeKind.DUES, year=YEAR)
    assert again.pk == first.pk
    publish(first)
    third = services.notice_propose(actor=None, org=school, kind=NoticeKind.DUES, year=YEAR)
    assert third.pk != first.pk


def test_the_meetings_summary_has_dates_and_topics_never_minutes_or_attendance(school, make_person):
    people = [make_person(f"党员{i}") for i in range(3)]
    meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.COMMITTEE_MEETING,
        held_on=D(YEAR, 3, 5),
        topic="研究发展党员工作",
        minutes="会议纪要：绝密的讨论内容",
        attendance={p.pk: ("present", "") for p in people},
    )
    notice = services.notice_propose(actor=None, org=school, kind=NoticeKind.MEETINGS, year=YEAR)
    text = notice.body + str(notice.table)
    assert "研究发展党员工作" in text and f"{YEAR}年3月5日" in text
    assert "绝密" not in text
    assert not any(p.name in text for p in people)


def test_publishing_is_the_secretarys_and_drafting_the_committees(
    school, secretary, committee_member
):
    notice = services.notice_create(actor=committee_member, org=school, title="通知")
    with pytest.raises(ServiceError):
        services.notice_publish(actor=committee_member, notice=notice, published_on=TODAY)
    services.notice_publish(actor=secretary, notice=notice, published_on=TODAY)
    assert Notice.objects.get(pk=notice.pk).status == Status.LIVE


def test_an_item_is_not_published_with_a_past_date(school, secretary, free):
    with pytest.raises(ServiceError, match="已过"):
        services.notice_publish(
            actor=secretary, notice=free(), published_on=TODAY - datetime.timedelta(days=1)
        )


def test_a_published_item_no_longer_changes(school, secretary, free, publish):
    notice = publish(free())
    with pytest.raises(ServiceError):
        services.notice_update(
            actor=secretary, notice=notice, title="改过", body="", audience=Audience.PARTY
        )


def test_a_withdrawal_keeps_the_record_and_is_audited(school, secretary, free, publish):
    notice = publish(free("要撤回的通知"))
    with pytest.raises(ServiceError, match="原因"):
        services.notice_withdraw(actor=secretary, notice=notice, reason=" ")
    services.notice_withdraw(actor=secretary, notice=notice, reason="内容有误")
    notice.refresh_from_db()
    assert notice.status == Status.WITHDRAWN
    assert notice.withdrawal_reason == "内容有误"
    entry = AuditEntry.objects.filter(object_id=str(notice.pk)).first()
    assert entry.actor == secretary and entry.changes["withdrawal_reason"] == ["", "内容有误"]
    labels = [label for label, _before, _after in entry.readable_changes()]
    assert "withdrawal_reason" not in labels


def test_an_item_ends_on_its_end_date(school, free, publish):
    notice = publish(free(), ends_on=TODAY)
    assert notice.status_on(TODAY) == Status.LIVE
    assert notice.status_on(TODAY + datetime.timedelta(days=1)) == Status.ENDED


def test_a_public_item_with_a_phone_or_id_number_is_refused(school, secretary, free):
    notice = services.notice_create(
        actor=secretary, org=school, title="联系方式", body="请联系13912345678"
    )
    with pytest.raises(ServiceError, match="电话"):
        services.notice_publish(
            actor=secretary, notice=notice, published_on=TODAY, audience=Audience.PUBLIC
        )
    # within the party it may go
    services.notice_publish(
        actor=secretary, notice=notice, published_on=TODAY, audience=Audience.PARTY
    )


def test_a_public_item_with_a_members_birth_date_is_refused(school, secretary, make_person):
    make_person("李四", birth_date=D(1979, 4, 3))
    notice = services.notice_create(
        actor=secretary, org=school, title="生日会", body="祝李四同志（1979年4月3日生）生日快乐"
    )
    with pytest.raises(ServiceError, match="出生日期"):
        services.notice_publish(
            actor=secretary, notice=notice, published_on=TODAY, audience=Audience.PUBLIC
        )


# The candidates' 公示 and step 13 ------------------------------------------------------------


@pytest.fixture
def candidate(make_person, full_members, record):
    """A 发展对象 whose committee review (step 12) is done, waiting for the pre-review."""
    person = new_applicant(make_person)
    advance(record, person, full_members, until=13)
    return person


def test_the_candidates_notice_names_them_and_their_introducers(school, candidate, full_members):
    notice = services.notice_propose(
        actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate]
    )
    assert candidate.name in notice.title
    assert list(notice.people.all()) == [candidate]
    row = notice.table["rows"][0]
    assert row[1] == candidate.name
    assert full_members[2].name in row[3] and full_members[3].name in row[3]


def test_a_candidate_already_pre_reviewed_is_not_offered(school, make_person, full_members, record):
    person = new_applicant(make_person)
    advance(record, person, full_members, until=14)
    with pytest.raises(ServiceError):
        services.notice_propose(actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[person])


def test_the_pre_review_waits_for_the_notice_period(school, candidate, record, publish):
    notice = services.notice_propose(
        actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate]
    )
    notice = publish(notice)
    end = working_days_end(TODAY, 5)
    assert notice.ends_on == end
    with pytest.raises(ServiceError) as refused:
        record(candidate, 13, TODAY)
    message = refused.value.message
    assert "公示" in message and long_date(end) in message
    assert long_date(end + datetime.timedelta(days=1)) in message
    with travel(end), pytest.raises(ServiceError):
        record(candidate, 13, end)
    after = end + datetime.timedelta(days=1)
    with travel(after):
        step = record(candidate, 13, after)
    assert step.number == 13


def test_a_notice_shorter_than_its_period_is_refused(school, candidate, secretary):
    notice = services.notice_propose(
        actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate]
    )
    with pytest.raises(ServiceError, match="工作日"):
        services.notice_publish(actor=secretary, notice=notice, published_on=TODAY, ends_on=TODAY)


def test_a_notice_withdrawn_before_its_end_holds_back_the_pre_review(
    school, candidate, record, publish
):
    notice = publish(
        services.notice_propose(
            actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate]
        )
    )
    services.notice_withdraw(actor=None, notice=notice, reason="收到反映，需核实")
    later = working_days_end(TODAY, 5) + datetime.timedelta(days=3)
    with travel(later), pytest.raises(ServiceError, match="撤回"):
        record(candidate, 13, later)


def test_a_draft_notice_does_not_hold_back_the_pre_review(school, candidate, record):
    services.notice_propose(actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate])
    assert record(candidate, 13, TODAY).number == 13
