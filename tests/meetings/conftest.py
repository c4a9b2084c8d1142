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
