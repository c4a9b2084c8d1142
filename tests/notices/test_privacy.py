"""No personal data on a page for the public beyond names: every kind of item, proposed from
records of people with ID numbers, phones and birth dates, published to the public, shows
none of them on the public page, the item's page or its printed PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dues import services as dues_services
from dues import services_bases as dues_bases
from meetings import reviews
from meetings import services as meeting_services
from meetings.models import Kind, Rating
from members import services as member_services
from members.idcard import check_char, mask
from members.models import Post
from notices import services
from notices.models import Audience, NoticeKind
from notices.pdf import notice_html
from notices.rules import date_spellings
from tests.members.pipeline_timeline import advance, new_applicant

D = datetime.date
TODAY = timezone.localdate()
YEAR = TODAY.year - 1


def id_number(birth: datetime.date, serial: int) -> str:
    first17 = f"110105{birth:%Y%m%d}{serial:03d}"
    return first17 + check_char(first17)


@pytest.fixture
def branch_records(school, make_person, full_members, record):
    """People with ID numbers and phones, and a year of every kind of record."""
    people = []
    for i, person in enumerate(full_members):
        birth = D(1970 + i, 3, 10 + i)
        member_services.person_update(
            actor=None,
            person=person,
            org=school,
            birth_date=birth,
            id_number=id_number(birth, 101 + 2 * i),
            phone=f"1391234{5670 + i}",
        )
        person.refresh_from_db()
        people.append(person)
    # dues: a base and a payment
    for person in people[:3]:
        dues_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=YEAR,
            category="employed",
            base_amount=Decimal("4000"),
        )
        dues_services.payment_record(
            actor=None, org=school, person=person, months=[D(YEAR, 1, 1)], paid_on=D(YEAR, 1, 15)
        )
    # organisational life
    meeting = meeting_services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.ORG_LIFE_MEETING,
        held_on=D(YEAR, 12, 10),
        topic="年度组织生活会",
        minutes=f"{people[0].name}的电话是{people[0].phone}",
    )
    # democratic review
    review = reviews.review_open(
        actor=None, org=school, year=YEAR, held_on=D(YEAR, 12, 10), meeting=meeting
    )
    for entry in review.entries.all():
        rating = Rating.EXCELLENT if entry.person == people[0] else Rating.QUALIFIED
        if not entry.probationary:
            reviews.review_entry_update(actor=None, entry=entry, self_evaluation="", rating=rating)
    reviews.review_finalize(actor=None, review=review, decided_on=D(YEAR, 12, 20))
    # committee election
    term = member_services.committee_term_create(actor=None, org=school, elected_on=D(YEAR, 3, 1))
    for person, post in zip(
        people[:3], (Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA), strict=True
    ):
        member_services.committee_post_add(
            actor=None, term=term, person=person, post=post, started_on=D(YEAR, 3, 1)
        )
    # a candidate waiting for the pre-review
    birth = D(2000, 1, 1)
    candidate = new_applicant(
        make_person, "候选人", id_number=id_number(birth, 201), phone="13800001111"
    )
    advance(record, candidate, full_members, until=13)
    return [*people, candidate], candidate


def all_kinds(school, candidate):
    return [
        services.notice_propose(actor=None, org=school, kind=NoticeKind.DUES, year=YEAR),
        services.notice_propose(actor=None, org=school, kind=NoticeKind.MEETINGS, year=YEAR),
        services.notice_propose(actor=None, org=school, kind=NoticeKind.REVIEW, year=YEAR),
        services.notice_propose(actor=None, org=school, kind=NoticeKind.ELECTION),
        services.notice_propose(
            actor=None, org=school, kind=NoticeKind.CANDIDATE, people=[candidate]
        ),
        services.notice_create(
            actor=None, org=school, title="关于开展主题党日的通知", body="全体党员参加。"
        ),
    ]


def test_every_kind_published_to_the_public_shows_names_and_nothing_more(
    client, school, branch_records, publish
):
    people, candidate = branch_records
    notices = [publish(n, audience=Audience.PUBLIC) for n in all_kinds(school, candidate)]
    assert {n.kind for n in notices} == set(NoticeKind.values)
    index = client.get(reverse("notices_public:index", args=["school"])).content.decode()
    pages = [index]
    for notice in notices:
        response = client.get(reverse("notices_public:detail", args=["school", notice.pk]))
        assert response.status_code == 200
        pages.append(response.content.decode())
        pages.append(notice_html(notice))
    text = "\n".join(pages)
    forbidden = []
    for person in people:
        forbidden += [person.id_number, mask(person.id_number), person.phone, mask(person.phone)]
        forbidden += list(date_spellings(person.birth_date))
    for value in forbidden:
        assert value and value not in text, value
    # the names are there: the items say something
    assert people[0].name in text and candidate.name in text
