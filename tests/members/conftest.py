"""Factories for people in the members app's tests."""

from __future__ import annotations

import datetime

import pytest

from members import services
from members.models import Category, Gender, Stage
from members.pipeline import step_record


@pytest.fixture
def make_person(school):
    """``make_person("张三", stage="full", joined_on=…)`` creates a person in ``school``."""
    counter = iter(range(1, 10_000))

    def make(
        name: str | None = None,
        *,
        org=None,
        stage: str = Stage.FULL,
        joined_on: datetime.date = datetime.date(2015, 1, 1),
        stage_on: datetime.date | None = None,
        birth_date: datetime.date = datetime.date(1985, 6, 1),
        gender: str = Gender.MALE,
        **fields,
    ):
        return services.person_create(
            actor=None,
            org=org or school,
            name=name or f"党员{next(counter)}",
            gender=gender,
            birth_date=birth_date,
            joined_on=joined_on,
            stage=stage,
            stage_on=stage_on,
            category=fields.pop("category", Category.EMPLOYED),
            **fields,
        )

    return make


@pytest.fixture
def full_members(make_person):
    """Nine full members of school since 2015: enough to vote and to name contacts."""
    return [make_person(f"正式党员{i}") for i in range(1, 10)]


@pytest.fixture
def record(school):
    """``record(person, number, day, **data)`` records a step as the system."""

    def rec(person, number, day, *, people=None, notes="", **data):
        return step_record(
            actor=None,
            org=school,
            person=person,
            number=number,
            done_on=day,
            data=data,
            people=people or [],
            notes=notes,
        )

    return rec
