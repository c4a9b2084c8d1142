from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from branch.exceptions import ServiceError
from meetings.models import Talk, TalkCategory
from meetings.talks import coverage, talk_record
from members import services as member_services
from members.models import Post, Stage
from tests.clock import on_day

D = datetime.date
YEAR_END = D(2026, 12, 31)
pytestmark = on_day(YEAR_END)


@pytest.fixture
def committee(school, make_person):
    """A committee of three elected in 2025: 书记, 组织委员, 宣传委员."""
    people = [make_person(name) for name in ("书记甲", "组织乙", "宣传丙")]
    term = member_services.committee_term_create(actor=None, org=school, elected_on=D(2025, 1, 5))
    for person, post in zip(
        people, [Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA], strict=True
    ):
        member_services.committee_post_add(
            actor=None, term=term, person=person, post=post, started_on=D(2025, 1, 5)
        )
    return people


def talk(school, day, people, category=TalkCategory.COMMITTEE_MEMBER, topic="思想动态"):
    return talk_record(
        actor=None, org=school, held_on=day, category=category, participants=people, topic=topic
    )


def test_coverage_lists_the_members_without_a_talk(school, committee, make_person):
    first, second = make_person("党员丁"), make_person("党员戊")
    talk(school, D(2026, 3, 2), [committee[0], first])
    result = coverage(school, 2026, YEAR_END)
    assert second in result.without_talk and first not in result.without_talk
    assert committee[0] not in result.without_talk


def test_a_talk_last_year_does_not_count_this_year(school, committee, make_person):
    person = make_person("党员丁")
    talk(school, D(2025, 12, 30), [committee[0], person])
    assert person in coverage(school, 2026, YEAR_END).without_talk


def test_coverage_lists_committee_pairs_that_have_not_talked(school, committee):
    secretary, organisation, publicity = committee
    talk(school, D(2026, 2, 1), [secretary, organisation], TalkCategory.COMMITTEE_COMMITTEE)
    result = coverage(school, 2026, YEAR_END)
    missing = {frozenset((a.pk, b.pk)) for a, b in result.committee_pairs_missing}
    assert missing == {
        frozenset((secretary.pk, publicity.pk)),
        frozenset((organisation.pk, publicity.pk)),
    }
    assert not result.complete


def test_a_talk_of_three_covers_every_pair_among_them(school, committee):
    talk(school, D(2026, 2, 1), committee, TalkCategory.COMMITTEE_COMMITTEE)
    result = coverage(school, 2026, YEAR_END)
    assert result.committee_pairs_missing == [] and result.complete


def test_applicants_are_not_counted_as_members_without_a_talk(school, committee, make_person):
    applicant = make_person("申请人", stage=Stage.APPLICANT)
    assert applicant not in coverage(school, 2026, YEAR_END).without_talk


def test_a_talk_with_one_participant_is_refused(school, committee):
    with pytest.raises(ServiceError, match=r"两|two") as exc:
        talk(school, D(2026, 3, 2), [committee[0]])
    assert exc.value.field == "participants"
    # the same person ticked twice is still one participant
    with pytest.raises(ServiceError):
        talk(school, D(2026, 3, 2), [committee[0], committee[0]])
    assert not Talk.objects.exists()


def test_a_participant_not_in_the_branch_on_the_day_is_refused(school, committee, make_person):
    newcomer = make_person("新调入", joined_on=D(2026, 6, 1))
    with pytest.raises(ServiceError) as exc:
        talk(school, D(2026, 5, 20), [committee[0], newcomer])
    assert "新调入" in exc.value.message and exc.value.field == "participants"
    assert not Talk.objects.exists()


def test_a_participant_from_another_branch_is_refused(school, village, committee, make_person):
    stranger = make_person("外支部党员", org=village)
    with pytest.raises(ServiceError):
        talk(school, D(2026, 5, 20), [committee[0], stranger])


def test_the_talks_page_shows_the_year_and_who_is_missing(client, secretary, school, committee):
    quiet = committee[2]
    talk(school, D(2026, 3, 2), committee[:2], TalkCategory.COMMITTEE_COMMITTEE, "班子分工")
    talk(school, D(2025, 3, 2), committee, TalkCategory.COMMITTEE_COMMITTEE, "去年的谈话")
    client.force_login(secretary)
    page = client.get(reverse("meetings:talks", args=["school"]), {"year": 2026})
    text = page.content.decode()
    assert "班子分工" in text and "去年的谈话" not in text
    without = text.split('data-testid="without-talk"')[1].split("</section>")[0]
    assert quiet.name in without and committee[0].name not in without
    pairs = text.split('data-testid="pairs-missing"')[1].split("</section>")[0]
    assert f"{committee[0].name} — {quiet.name}" in pairs


def test_recording_a_talk_through_the_form(client, committee_member, school, committee):
    client.force_login(committee_member)
    url = reverse("meetings:talk_create", args=["school"])
    response = client.post(
        url,
        {
            "held_on": "2026-04-08",
            "category": TalkCategory.COMMITTEE_COMMITTEE,
            "participants": [committee[0].pk, committee[2].pk],
            "topic": "宣传工作",
            "summary": "交流了宣传阵地管理。",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("meetings:talks", args=["school"]) + "?year=2026"
    recorded = Talk.objects.get()
    assert set(recorded.participants.all()) == {committee[0], committee[2]}
    assert recorded.recorded_by == committee_member


def test_the_form_shows_the_refusal_of_a_lone_participant(client, secretary, school, committee):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:talk_create", args=["school"]),
        {
            "held_on": "2026-04-08",
            "category": TalkCategory.COMMITTEE_MEMBER,
            "participants": [committee[0].pk],
            "topic": "谈心",
        },
    )
    assert response.status_code == 200
    assert "A talk has at least two participants." in response.content.decode()
    assert not Talk.objects.exists()


def test_the_talks_page_runs_a_fixed_number_of_queries(
    client, secretary, school, committee, make_person, django_assert_num_queries
):
    for i in range(3):
        talk(school, D(2026, 3, 2 + i), [committee[0], make_person(f"党员{i}")], topic=f"谈话{i}")
    client.force_login(secretary)
    url = reverse("meetings:talks", args=["school"])
    client.get(url)  # the first visit stores the current organisation in the session
    # session, user, org, grants; coverage: people + 3 histories, talks + participants,
    # committee term + posts; the layout: switcher orgs, unread count; talks + participants
    with django_assert_num_queries(16):
        response = client.get(url, {"year": 2026})
    assert response.status_code == 200
