"""Fixtures every test knows: the organisation tree and the personas of STYLE.md.

town (基层党委)
├── school (党支部)  ← secretary, committee_member, member
└── village (党支部) ← outsider (its secretary)
township_admin holds the higher-admin role on town.
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
import time_machine

from branch import services
from branch.models import Role
from members import services as member_services
from members.models import Category, Gender, Stage
from members.pipeline import step_record
from tests.clock import BEIJING, travel
from tests.factories import CommitteeFactory, OrganizationFactory, UserFactory

PERSONAS = ["anonymous", "secretary", "committee_member", "member", "township_admin", "outsider"]


# The clock -----------------------------------------------------------------------------------
#
# The whole run happens on one day: ZHIBU_TODAY (YYYY-MM-DD), else today in Beijing, from noon
# Beijing time on (tests/clock.py). The clock ticks, so a run that crosses midnight keeps one
# "today". It starts in pytest_configure, before collection imports the test modules, so a
# module-level ``TODAY = timezone.localdate()`` reads it too, and so does the live server's
# thread.


def _run_day() -> tuple[datetime.date, str]:
    raw = os.environ.get("ZHIBU_TODAY", "").strip()
    if not raw:
        return datetime.datetime.now(BEIJING).date(), "today in Beijing"
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw), "ZHIBU_TODAY"
    except ValueError:
        raise pytest.UsageError(
            f"ZHIBU_TODAY={raw!r} is not a date: write it as YYYY-MM-DD, "
            "e.g. ZHIBU_TODAY=2027-01-01, or unset it to run on today's date."
        ) from None


CLOCK = pytest.StashKey[tuple[time_machine.travel, datetime.date, str]]()


def pytest_configure(config):
    day, source = _run_day()
    clock = travel(day)
    clock.start()
    config.stash[CLOCK] = (clock, day, source)


def pytest_unconfigure(config):
    if CLOCK in config.stash:
        config.stash[CLOCK][0].stop()


def pytest_report_header(config):
    _clock, day, source = config.stash[CLOCK]
    return f"clock: {day.isoformat()} 12:00 Asia/Shanghai, ticking ({source})"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused from one test to the next, so a
    value cached under an id (the report editor's facts) could otherwise be another test's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def town(db):
    return CommitteeFactory(code="town", name="青山镇党委")


@pytest.fixture
def school(town):
    return OrganizationFactory(code="school", name="中心小学党支部", parent=town)


@pytest.fixture
def village(town):
    return OrganizationFactory(code="village", name="青山村党支部", parent=town)


def _person(username, full_name, org, role):
    user = UserFactory(username=username, first_name=full_name)
    services.role_grant(actor=None, org=org, user=user, role=role)
    return user


@pytest.fixture
def secretary(school):
    return _person("secretary", "王书记", school, Role.SECRETARY)


@pytest.fixture
def committee_member(school):
    return _person("committee", "李委员", school, Role.COMMITTEE)


@pytest.fixture
def member(school):
    return _person("member", "张党员", school, Role.MEMBER)


@pytest.fixture
def township_admin(town):
    return _person("township", "陈管理员", town, Role.HIGHER_ADMIN)


@pytest.fixture
def outsider(village):
    return _person("outsider", "刘书记", village, Role.SECRETARY)


@pytest.fixture
def personas(secretary, committee_member, member, township_admin, outsider):
    return {
        "anonymous": None,
        "secretary": secretary,
        "committee_member": committee_member,
        "member": member,
        "township_admin": township_admin,
        "outsider": outsider,
    }


@pytest.fixture
def client_for(client, personas):
    """``client_for("member")``: the test client logged in as that persona."""

    def login(persona: str):
        client.logout()
        user = personas[persona]
        if user is not None:
            client.force_login(user)
        return client

    return login


# People of the members app ----------------------------------------------------------------


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
        return member_services.person_create(
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


@pytest.fixture(autouse=True)
def _chinese_first():
    """Every test starts in the site's language, whatever language an earlier test (or a
    management command it called) left active in this thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
