"""The suite's clock. A run happens on one day (``tests/conftest.py`` travels there before
collection); a test that needs a particular moment of the year travels there itself:

    pytestmark = on_day(D(2026, 11, 26))    # a whole module

    with travel(D(2027, 1, 2)):             # a block
        call_command("seed_demo")

Both come back to the run's day afterwards. Noon in Beijing keeps ``timezone.localdate()`` on
that day whatever the machine's time zone, and the clock ticks, so timestamps still advance.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=BEIJING)


def travel(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(noon(day), tick=True)


def on_day(day: datetime.date) -> pytest.MarkDecorator:
    """``pytestmark = on_day(D(2026, 11, 26))``: the module's tests run on that day, for
    tests written around fixed dates (records dated then, "today" passed explicitly)."""
    return pytest.mark.time_machine(noon(day), tick=True)
