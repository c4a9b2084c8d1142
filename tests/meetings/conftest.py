from __future__ import annotations

import datetime

import pytest

from meetings import services


@pytest.fixture
def log(school):
    """``log(kind, day, **fields)`` logs a meeting in school as the system."""

    def log_meeting(kind, day, topic="学习贯彻党的二十届四中全会精神", org=None, **fields):
        return services.meeting_record(
            actor=None, org=org or school, kind=kind, held_on=day, topic=topic, **fields
        )

    return log_meeting


D = datetime.date


@pytest.fixture
def elect():
    """``elect(org)``: a committee of three full members in office in ``org`` since January
    2025, so that the monthly 支委会 rule applies to it (a branch without one has none)."""
    from members import services as member_services
    from members.models import Category, Gender, Post, Stage

    def elect_committee(org, elected_on=datetime.date(2025, 1, 6)):
        term = member_services.committee_term_create(actor=None, org=org, elected_on=elected_on)
        for i, post in enumerate((Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA)):
            person = member_services.person_create(
                actor=None,
                org=org,
                name=f"{org.code}支委{i + 1}",
                gender=Gender.MALE,
                birth_date=datetime.date(1980, 1, 1),
                joined_on=datetime.date(2010, 1, 1),
                stage=Stage.FULL,
                category=Category.EMPLOYED,
            )
            member_services.committee_post_add(
                actor=None, term=term, person=person, post=post, started_on=elected_on
            )
        return term

    return elect_committee
