"""The rules of 党务公开 as tables: how long each kind of item stays up as a 公示, what may
never appear on a page for the public."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

import holidays

from notices.models import NoticeKind


@dataclass(frozen=True)
class NoticePeriod:
    working_days: int


# kind -> the period of its 公示. A candidate for membership (发展对象) is publicly notified
# for five working days (common practice) before the higher committee's pre-review (step 13).
NOTICE_PERIODS: dict[str, NoticePeriod] = {
    NoticeKind.CANDIDATE: NoticePeriod(working_days=5),
}
PRE_REVIEW_STEP = 13  # held back until the candidate's 公示 has run its period


# What a page for the public must never show (beyond names): ID numbers, mobile and fixed-line
# phone numbers. Birth dates are looked for as the dates of the branch's people.
ID_NUMBER = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?![0-9])")


@functools.cache
def _calendar() -> holidays.HolidayBase:
    """China's public holidays and the weekend days worked in their place (调休), as the State
    Council publishes them each year; the years load as they are asked for."""
    return holidays.China()


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday unless a public holiday, and a weekend day worked in place of one."""
    return _calendar().is_working_day(day)


def working_days_end(start: datetime.date, working_days: int) -> datetime.date:
    """The last day of a period of ``working_days`` working days that starts on ``start``
    (counted from the next working day when ``start`` is not one): public holidays do not
    count, a weekend day worked in place of one does."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == working_days:
                return day
        day += datetime.timedelta(days=1)


def date_spellings(day: datetime.date) -> set[str]:
    """The ways a date is written in a Chinese text."""
    y, m, d = day.year, day.month, day.day
    return {
        day.isoformat(),
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y}.{m}.{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}{m:02d}{d:02d}",
    }
