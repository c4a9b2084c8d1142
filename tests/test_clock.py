"""The suite's clock (tests/conftest.py): one day per run, read before collection."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from tests.clock import on_day, travel
from tests.conftest import CLOCK, _run_day

TODAY = timezone.localdate()  # read while the module was collected


def test_the_whole_run_is_on_one_day_from_noon_and_the_clock_ticks(pytestconfig):
    _clock, day, _source = pytestconfig.stash[CLOCK]
    assert TODAY == timezone.localdate() == datetime.date.today() == day
    now = timezone.localtime()
    assert now.date() == day and now.hour >= 12
    time.sleep(0.01)
    assert timezone.localtime() > now


@pytest.mark.parametrize("raw", ["2027-01-01", " 2027-01-01 "])
def test_zhibu_today_names_the_day(monkeypatch, raw):
    monkeypatch.setenv("ZHIBU_TODAY", raw)
    assert _run_day() == (datetime.date(2027, 1, 1), "ZHIBU_TODAY")


@pytest.mark.parametrize("raw", ["", "  "])
def test_without_zhibu_today_the_run_is_on_todays_date_in_beijing(monkeypatch, raw):
    monkeypatch.setenv("ZHIBU_TODAY", raw)
    day, source = _run_day()
    assert source == "today in Beijing" and isinstance(day, datetime.date)


@pytest.mark.parametrize("raw", ["2027-13-01", "2027-02-30", "20270101", "2027-1-1", "tomorrow"])
def test_a_bad_zhibu_today_stops_the_run_with_the_format(monkeypatch, raw):
    monkeypatch.setenv("ZHIBU_TODAY", raw)
    with pytest.raises(pytest.UsageError, match="is not a date: write it as YYYY-MM-DD"):
        _run_day()


def test_a_block_travels_and_comes_back():
    with travel(datetime.date(2030, 2, 28)):
        assert timezone.localdate() == datetime.date(2030, 2, 28)
    assert timezone.localdate() == TODAY


@on_day(datetime.date(2030, 12, 31))
def test_a_test_can_run_on_its_own_day():
    assert timezone.localdate() == datetime.date(2030, 12, 31)
