"""How often each kind of organisational life must happen (DESIGN §4, 《中国共产党支部工作条例
（试行）》 2018), and the quorum and majority rules. A branch may tighten a rule
(``meetings.models.BranchRule``) but never loosen it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meetings.models import Kind, Period


@dataclass(frozen=True)
class Frequency:
    kind: str
    period: str
    times: int = 1
    per_group: bool = False  # counted for each party group separately
    text: str = ""


FREQUENCIES: dict[str, Frequency] = {
    f.kind: f
    for f in [
        Frequency(Kind.GENERAL_ASSEMBLY, Period.QUARTER, text=_("at least once a quarter")),
        Frequency(Kind.COMMITTEE_MEETING, Period.MONTH, text=_("at least once a month")),
        Frequency(
            Kind.GROUP_MEETING,
            Period.MONTH,
            per_group=True,
            text=_("at least once a month in each party group"),
        ),
        Frequency(Kind.PARTY_LECTURE, Period.QUARTER, text=_("at least once a quarter")),
        Frequency(Kind.THEME_DAY, Period.MONTH, text=_("once a month")),
        Frequency(Kind.ORG_LIFE_MEETING, Period.YEAR, text=_("at least once a year")),
    ]
}

# Kinds whose meetings may take decisions, and who is entitled to vote at them.
DECIDING_KINDS = (Kind.GENERAL_ASSEMBLY, Kind.COMMITTEE_MEETING)
SECRETARY_LECTURES_PER_YEAR = 1
DUE_SOON_DAYS = 7
REVIEW_EXCELLENT_SHARE = (1, 3)  # 优秀 usually no more than a third of those rated

PERIOD_ORDER = {Period.MONTH: 1, Period.QUARTER: 2, Period.YEAR: 3}


def is_stricter(base: Frequency, period: str, times: int) -> bool:
    """Whether ``times`` per ``period`` asks at least as much as the default rule."""
    per_year = {Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}
    return (
        PERIOD_ORDER[period] <= PERIOD_ORDER[base.period]
        and per_year[period] * times >= per_year[base.period] * base.times
    )


def periods(year: int, period: str) -> list[tuple[str, datetime.date, datetime.date]]:
    """(label, first day, last day) of each period of ``year``."""
    if period == Period.YEAR:
        return [(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))]
    if period == Period.QUARTER:
        out = []
        for q in range(4):
            start = datetime.date(year, 3 * q + 1, 1)
            end = (
                datetime.date(year, 3 * q + 4, 1) - datetime.timedelta(days=1)
                if q < 3
                else datetime.date(year, 12, 31)
            )
            out.append((f"Q{q + 1}", start, end))
        return out
    out = []
    for m in range(1, 13):
        start = datetime.date(year, m, 1)
        end = (
            datetime.date(year, m + 1, 1) - datetime.timedelta(days=1)
            if m < 12
            else datetime.date(year, 12, 31)
        )
        out.append((f"{m}", start, end))
    return out


def more_than_half(part: int, whole: int) -> bool:
    """Quorum and majority: strictly more than half (exactly half is not enough)."""
    return whole > 0 and part * 2 > whole
