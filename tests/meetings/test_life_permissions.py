"""Every URL of talks and the democratic review × every persona → the status that persona gets."""

from __future__ import annotations

import datetime

import pytest

from meetings import reviews
from meetings.models import TalkCategory
from tests.permissions import (
    LOGIN,
    check,
    expect,
    for_every_persona,
    lazy_url,
)

D = datetime.date


def url(name, *args):
    return lazy_url(f"meetings:{name}", *args)


READ = expect(LOGIN, 200, 200, 403, 200, 404)  # view_organization
LOG_FORM = expect(LOGIN, 200, 200, 403, 403, 404)  # log_records
LOG_POST = expect(LOGIN, 302, 302, 403, 403, 404)
NO_DATA = lambda o: {}  # noqa: E731

MATRIX = [
    # name, method, url(objects), data(objects), expected statuses
    ("talks", "get", url("talks", "school"), NO_DATA, READ),
    ("town talks", "get", url("talks", "town"), NO_DATA, expect(LOGIN, 404, 404, 404, 200, 404)),
    ("new talk", "get", url("talk_create", "school"), NO_DATA, LOG_FORM),
    (
        "record talk",
        "post",
        url("talk_create", "school"),
        lambda o: {
            "held_on": "2025-05-06",
            "category": TalkCategory.MEMBER_MEMBER,
            "participants": [p.pk for p in o["people"]],
            "topic": "谈心",
        },
        LOG_POST,
    ),
    ("reviews", "get", url("reviews", "school"), NO_DATA, READ),
    ("new review", "get", url("review_open", "school"), NO_DATA, LOG_FORM),
    (
        "open review",
        "post",
        url("review_open", "school"),
        lambda o: {"year": 2024, "held_on": "2024-12-20"},
        LOG_POST,
    ),
    ("review", "get", url("review", "school", 2025), NO_DATA, READ),
    (
        "review of a year without one",
        "get",
        url("review", "school", 2020),
        NO_DATA,
        expect(LOGIN, 404, 404, 403, 404, 404),
    ),
    (
        "village review",
        "get",
        url("review", "village", 2025),
        NO_DATA,
        expect(LOGIN, 404, 404, 404, 200, 200),
    ),
    (
        "save ratings",
        "post",
        url("review", "school", 2025),
        lambda o: {f"e{e.pk}-rating": "qualified" for e in o["review"].entries.all()},
        LOG_POST,
    ),
    ("finalize form", "get", url("review_finalize", "school", 2025), NO_DATA, LOG_FORM),
    (
        "finalize",
        "post",
        url("review_finalize", "school", 2025),
        lambda o: {"decided_on": "2025-12-20"},
        LOG_POST,
    ),
    (
        "my review",
        "get",
        url("my_review", "school"),
        NO_DATA,
        expect(LOGIN, 200, 200, 200, 200, 404),
    ),
]


@pytest.fixture
def objects(school, village, make_person):
    people = [make_person("党员甲"), make_person("党员乙")]
    review = reviews.review_open(actor=None, org=school, year=2025, held_on=D(2025, 12, 18))
    for entry in review.entries.all():
        reviews.review_entry_update(actor=None, entry=entry, self_evaluation="", rating="qualified")
    reviews.review_open(actor=None, org=village, year=2025, held_on=D(2025, 12, 19))
    return {"people": people, "review": review}


@for_every_persona(MATRIX, ("name", "method", "url", "data", "expected"))
def test_permission_matrix(client_for, objects, persona, name, method, url, data, expected):
    check(client_for(persona), method, url(objects), expected, persona, name, data(objects))
