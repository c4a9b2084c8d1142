from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from branch.exceptions import ServiceError
from meetings import reviews
from meetings.models import Kind, Rating, Review, ReviewEntry
from members.models import Stage

D = datetime.date
HELD = D(2025, 12, 18)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def people(make_person):
    """Six full members and one probationary member (admitted in 2025)."""
    full = [make_person(f"正式党员{i}") for i in range(1, 7)]
    probationary = make_person("预备党员", stage=Stage.PROBATIONARY, joined_on=D(2025, 3, 1))
    return full, probationary


@pytest.fixture
def review(school, people):
    return reviews.review_open(actor=None, org=school, year=2025, held_on=HELD)


def entry_of(review, person) -> ReviewEntry:
    return review.entries.get(person=person)


def rate(review, ratings: dict) -> None:
    for person, rating in ratings.items():
        reviews.review_entry_update(
            actor=None, entry=entry_of(review, person), self_evaluation="", rating=rating
        )


def test_probationary_members_are_listed_but_not_rated(review, people):
    _full, probationary = people
    assert review.entries.count() == 7
    entry = entry_of(review, probationary)
    assert entry.probationary
    with pytest.raises(ServiceError) as exc:
        reviews.review_entry_update(
            actor=None, entry=entry, self_evaluation="认真学习", rating=Rating.QUALIFIED
        )
    assert exc.value.field == "rating"
    entry.refresh_from_db()
    assert entry.rating == "" and entry.self_evaluation == ""
    # a self-evaluation alone is welcome
    reviews.review_entry_update(actor=None, entry=entry, self_evaluation="认真学习", rating="")


def test_applicants_are_not_under_review(school, people, make_person):
    make_person("入党申请人", stage=Stage.APPLICANT)
    review = reviews.review_open(actor=None, org=school, year=2025, held_on=HELD)
    assert not review.entries.filter(person__name="入党申请人").exists()


def test_exactly_a_third_excellent_is_fine(review, people):
    full, _ = people
    rate(review, {p: Rating.EXCELLENT for p in full[:2]})
    rate(review, {p: Rating.QUALIFIED for p in full[2:]})
    assert reviews.excellent_share_warning(review) is None


def test_one_more_than_a_third_excellent_warns(review, people):
    full, _ = people
    rate(review, {p: Rating.EXCELLENT for p in full[:3]})
    rate(review, {p: Rating.QUALIFIED for p in full[3:]})
    assert reviews.excellent_share_warning(review)


def test_the_review_page_shows_the_warning_and_the_excellent_members(
    english, secretary, review, people
):
    full, probationary = people
    rate(review, {p: Rating.EXCELLENT for p in full[:3]})
    rate(review, {p: Rating.QUALIFIED for p in full[3:]})
    english.force_login(secretary)
    text = english.get(reverse("meetings:review", args=["school", 2025])).content.decode()
    assert "3 of 6 members are rated excellent: more than a third." in text
    excellent = text.split('data-testid="excellent-list"')[1].split("</section>")[0]
    assert all(p.name in excellent for p in full[:3]) and full[3].name not in excellent
    assert probationary.name in text and 'data-testid="not-rated"' in text
    assert f'name="e{entry_of(review, probationary).pk}-rating"' not in text


def test_finalize_is_refused_while_a_full_member_is_unrated(review, people):
    full, _ = people
    rate(review, {p: Rating.QUALIFIED for p in full[:-1]})
    with pytest.raises(ServiceError) as exc:
        reviews.review_finalize(actor=None, review=review, decided_on=D(2025, 12, 20))
    assert full[-1].name in exc.value.message
    review.refresh_from_db()
    assert review.finalized_on is None


def test_finalize_ignores_unrated_probationary_members_and_fixes_the_ratings(review, people):
    full, _probationary = people
    rate(review, {p: Rating.QUALIFIED for p in full})
    reviews.review_finalize(actor=None, review=review, decided_on=D(2025, 12, 20))
    assert review.finalized_on == D(2025, 12, 20)
    with pytest.raises(ServiceError):
        rate(review, {full[0]: Rating.EXCELLENT})
    with pytest.raises(ServiceError):
        reviews.review_finalize(actor=None, review=review, decided_on=D(2025, 12, 28))
    review.refresh_from_db()
    assert review.finalized_on == D(2025, 12, 20)


def test_the_finalize_page_shows_who_is_unrated(english, secretary, review, people):
    full, _ = people
    english.force_login(secretary)
    url = reverse("meetings:review_finalize", args=["school", 2025])
    response = english.post(url, {"decided_on": "2025-12-20"})
    assert response.status_code == 200
    assert "Rate every full member first" in response.content.decode()
    assert full[0].name in response.content.decode()


def test_one_save_enters_every_rating_and_self_evaluation(client, secretary, review, people):
    full, probationary = people
    data = {f"e{entry_of(review, p).pk}-rating": Rating.QUALIFIED for p in full}
    data[f"e{entry_of(review, full[0]).pk}-rating"] = Rating.EXCELLENT
    data[f"e{entry_of(review, probationary).pk}-self_evaluation"] = "按时参加组织生活"
    client.force_login(secretary)
    response = client.post(reverse("meetings:review", args=["school", 2025]), data)
    assert response.status_code == 302
    assert entry_of(review, full[0]).rating == Rating.EXCELLENT
    assert entry_of(review, full[1]).rating == Rating.QUALIFIED
    assert entry_of(review, probationary).self_evaluation == "按时参加组织生活"
    assert entry_of(review, probationary).rating == ""


def test_a_refused_entry_leaves_every_entry_unchanged(
    english, secretary, review, people, monkeypatch
):
    full, _ = people
    original = reviews.review_entry_update
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs["entry"].pk)
        if len(calls) == 2:
            raise ServiceError("Refused for the test.", field="rating")
        return original(**kwargs)

    monkeypatch.setattr(reviews, "review_entry_update", refuse_the_second)
    english.force_login(secretary)
    data = {f"e{entry_of(review, p).pk}-rating": Rating.QUALIFIED for p in full}
    response = english.post(reverse("meetings:review", args=["school", 2025]), data)
    assert response.status_code == 200
    assert "Refused for the test." in response.content.decode()
    assert not review.entries.exclude(rating="").exists()


def test_a_decided_review_shows_no_form(client, secretary, review, people):
    full, _ = people
    rate(review, {p: Rating.QUALIFIED for p in full})
    reviews.review_finalize(actor=None, review=review, decided_on=D(2025, 12, 20))
    client.force_login(secretary)
    text = client.get(reverse("meetings:review", args=["school", 2025])).content.decode()
    assert 'data-testid="finalized"' in text and "-rating" not in text


def test_opening_a_review_through_the_form(client, committee_member, school, people, log):
    meeting = log(Kind.ORG_LIFE_MEETING, HELD, topic="2025年度组织生活会")
    other_year = log(Kind.ORG_LIFE_MEETING, D(2024, 12, 20), topic="2024年度组织生活会")
    client.force_login(committee_member)
    url = reverse("meetings:review_open", args=["school"])
    page = client.get(url, {"year": 2025}).content.decode()
    assert "2025年度组织生活会" in page and "2024年度组织生活会" not in page
    refused = client.post(url, {"year": 2025, "held_on": "2025-12-18", "meeting": other_year.pk})
    assert refused.status_code == 200 and not Review.objects.exists()
    response = client.post(url, {"year": 2025, "held_on": "2025-12-18", "meeting": meeting.pk})
    assert response.status_code == 302
    assert response.url == reverse("meetings:review", args=["school", 2025])
    assert Review.objects.get().meeting == meeting


def test_a_second_review_of_the_same_year_is_refused(english, secretary, review):
    english.force_login(secretary)
    response = english.post(
        reverse("meetings:review_open", args=["school"]), {"year": 2025, "held_on": "2025-12-19"}
    )
    assert response.status_code == 200
    assert "already has a review for 2025" in response.content.decode()


@pytest.fixture
def rated_member(school, member, make_person):
    """The member persona's own person record, with a decided rating for 2025."""
    own = make_person("张党员", user=member)
    other = make_person("李同志")
    review = reviews.review_open(actor=None, org=school, year=2025, held_on=HELD)
    reviews.review_entry_update(
        actor=None, entry=entry_of(review, own), self_evaluation="我的自评", rating=Rating.EXCELLENT
    )
    reviews.review_entry_update(
        actor=None, entry=entry_of(review, other), self_evaluation="他人的自评", rating="basic"
    )
    return review


def test_a_member_sees_their_own_rating_once_decided(english, member, rated_member):
    english.force_login(member)
    url = reverse("meetings:my_review", args=["school"])
    text = english.get(url).content.decode()
    assert "我的自评" in text and "not decided yet" in text and 'data-testid="rating"' not in text
    reviews.review_finalize(actor=None, review=rated_member, decided_on=D(2025, 12, 20))
    text = english.get(url).content.decode()
    assert 'data-testid="rating">excellent<' in text
    assert "他人的自评" not in text and "basically qualified" not in text


def test_a_member_cannot_open_the_branch_review(client, member, rated_member):
    client.force_login(member)
    assert client.get(reverse("meetings:review", args=["school", 2025])).status_code == 403


def test_an_account_without_a_person_gets_a_clear_message(client, township_admin, school):
    client.force_login(township_admin)
    response = client.get(reverse("meetings:my_review", args=["school"]))
    assert response.status_code == 200 and 'data-testid="no-person"' in response.content.decode()


def test_the_reviews_page_runs_a_fixed_number_of_queries(
    client, secretary, review, school, django_assert_num_queries
):
    reviews.review_open(actor=None, org=school, year=2024, held_on=D(2024, 12, 20))
    client.force_login(secretary)
    url = reverse("meetings:reviews", args=["school"])
    client.get(url)  # the first visit stores the current organisation in the session
    # session, user, org, grants; reviews with their counts; switcher orgs, unread count
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


def test_the_review_page_runs_a_fixed_number_of_queries(
    client, secretary, review, django_assert_num_queries
):
    client.force_login(secretary)
    url = reverse("meetings:review", args=["school", 2025])
    client.get(url)  # the first visit stores the current organisation in the session
    # session, user, org, grants; review + entries with their people; switcher orgs, unread
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
