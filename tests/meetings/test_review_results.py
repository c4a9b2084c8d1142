"""reviews.review_results_record: a review page's changes are saved all together or, when one
entry is refused, not at all, and the refusal names the entry."""

from __future__ import annotations

import pytest
from django.utils import timezone

from meetings import reviews
from meetings.models import Rating
from members.models import Stage


@pytest.fixture
def review(school, make_person):
    make_person("正式党员甲")
    make_person("正式党员乙")
    make_person("预备党员丙", stage=Stage.PROBATIONARY)
    today = timezone.localdate()
    return reviews.review_open(actor=None, org=school, year=today.year, held_on=today)


def entries(review) -> dict[str, object]:
    return {e.person.name: e for e in review.entries.select_related("person")}


def test_it_saves_every_change_of_the_page(review):
    by_name = entries(review)
    results = {
        by_name["正式党员甲"].pk: ("认真学习", Rating.EXCELLENT),
        by_name["预备党员丙"].pk: ("积极参加", ""),
    }
    assert reviews.review_results_record(actor=None, review=review, results=results) == 2
    by_name = entries(review)
    assert (by_name["正式党员甲"].self_evaluation, by_name["正式党员甲"].rating) == (
        "认真学习",
        Rating.EXCELLENT,
    )
    assert by_name["预备党员丙"].self_evaluation == "积极参加"


def test_a_refused_entry_names_itself_and_nothing_is_saved(review):
    by_name = entries(review)
    refused = by_name["预备党员丙"].pk  # a probationary member is not rated
    results = {
        by_name["正式党员甲"].pk: ("", Rating.QUALIFIED),
        refused: ("", Rating.QUALIFIED),
    }
    with pytest.raises(reviews.EntryRefused) as exc:
        reviews.review_results_record(actor=None, review=review, results=results)
    assert exc.value.entry_id == refused and exc.value.field == "rating"
    assert not review.entries.exclude(rating="").exists()


def test_an_entry_of_another_review_is_refused(review):
    with pytest.raises(reviews.ServiceError):
        reviews.review_results_record(actor=None, review=review, results={-1: ("", "")})
