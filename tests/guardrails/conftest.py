"""The demo organisation, loaded once per module, for the guard-rail suites.

``seed_demo`` takes several seconds, so the crawler and the form properties load it once for
their module and empty the database again when the module is done, the way a transactional
test leaves it: the tests of other modules never see the demo.
"""

from __future__ import annotations

import contextlib
import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from branch.demo import PERSONAS as DEMO_PERSONAS
from tests.clock import travel

# login → the organisation whose dashboard it opens
DEMO_LOGINS = {username: code for username, _name, _role, code in DEMO_PERSONAS}


@pytest.fixture(scope="module")
def demo(request, django_db_setup, django_db_blocker):
    """The demo loaded by ``seed_demo``; yields the demo users by login.

    A module that needs the demo as it stands on a given day of the run's year (say, with
    that year's democratic review open) names it as ``DEMO_DAY = (month, day)``: the demo is
    seeded and the module's tests run on that day.

    The tests using it must be marked ``django_db``: pytest-django creates the test database
    only for a run that has such tests."""
    demo_day = getattr(request.module, "DEMO_DAY", None)
    day = datetime.date(timezone.localdate().year, *demo_day) if demo_day else None
    with travel(day) if day else contextlib.nullcontext(), django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
        call_command("seed_demo", "--quiet-logins", stdout=StringIO())
        users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
        try:
            yield users
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_client(demo, db):
    """``demo_client("member")``: a client logged in as that demo login."""

    def login(username: str) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(demo[username])
        return client

    return login
