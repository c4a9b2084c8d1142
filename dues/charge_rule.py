"""Who is charged for which month (应缴): the rule, on plain rows.

A member is charged for month *m* by the branch that keeps their records on the first day of
*m* — so the sending branch collects the month of a transfer out — when on that day they are
a party member in normal standing, and by the branch that admitted them from the month the
general assembly accepted them (probationary members pay from that month). A branch that
receives a member from outside this system charges from the month after the letter's "dues
paid up to". Exempt months are not charged.

``dues.charges`` reads a branch's year in flat rows and applies it to every member at once.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Iterable, Sequence

from members.models import Aspect, Stage, Standing

PAYING_STAGES = (Stage.PROBATIONARY, Stage.FULL)

Month = datetime.date
# (organization id, joined on, left on) of one membership
Stay = tuple[int, datetime.date, datetime.date | None]
# (aspect, effective on, id, value) of one status change
Change = tuple[str, datetime.date, int, str]


@functools.cache
def _months_of(year: int) -> tuple[datetime.date, ...]:
    return tuple(datetime.date(year, m, 1) for m in range(1, 13))


def months_of(year: int) -> list[datetime.date]:
    return list(_months_of(year))


def month_end(month: datetime.date) -> datetime.date:
    following = (
        datetime.date(month.year + 1, 1, 1)
        if month.month == 12
        else datetime.date(month.year, month.month + 1, 1)
    )
    return following - datetime.timedelta(days=1)


def _active(stay: Stay, day: datetime.date) -> bool:
    _org, joined_on, left_on = stay
    return joined_on <= day and (left_on is None or day < left_on)


class Timeline:
    """A person's stage and standing over time, looked up by date with bisect."""

    def __init__(self, changes: Iterable[Change]) -> None:
        self.points: dict[str, tuple[list[datetime.date], list[str]]] = {
            Aspect.STAGE: ([], []),
            Aspect.STANDING: ([], []),
        }
        for aspect, day, _pk, value in sorted(changes, key=lambda c: (c[1], c[2])):
            if aspect in self.points:  # the category changes nothing here
                dates, values = self.points[aspect]
                dates.append(day)
                values.append(value)
        stages = self.points[Aspect.STAGE]
        self.admitted = next(
            (d for d, v in zip(*stages, strict=True) if v == Stage.PROBATIONARY), None
        )

    def value(self, aspect: str, day: datetime.date) -> str | None:
        dates, values = self.points[aspect]
        i = bisect.bisect_right(dates, day)
        return values[i - 1] if i else None

    def steady(self, first: datetime.date, last: datetime.date) -> bool:
        """No change of stage or standing takes effect after ``first`` up to ``last``."""
        return all(
            bisect.bisect_right(dates, first) == bisect.bisect_right(dates, last)
            for dates, _values in self.points.values()
        )

    def paying_on(self, day: datetime.date) -> bool:
        return (
            self.value(Aspect.STAGE, day) in PAYING_STAGES
            and self.value(Aspect.STANDING, day) == Standing.NORMAL
        )


def months_charged(
    timeline: Timeline,
    org_id: int,
    year: int,
    stays: Sequence[Stay],
    paid_before: datetime.date | None,
    exempt: Sequence[tuple[datetime.date, datetime.date]],
) -> list[datetime.date]:
    """The module's rule on plain rows: the months of ``year`` the organisation ``org_id``
    charges a person with this history."""
    ours = [s for s in stays if s[0] == org_id]
    first, december = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    if (
        not exempt
        and paid_before is None
        and any(j <= first and (left is None or left > december) for _o, j, left in ours)
        and timeline.steady(first, datetime.date(year, 12, 31))
    ):
        # The usual member, in the branch all year with nothing changing: the rules below
        # give every month or none, so the month-by-month walk is skipped.
        return months_of(year) if timeline.paying_on(first) else []
    elsewhere = [s for s in stays if s[0] != org_id]
    months = []
    for month in months_of(year):
        end = month_end(month)
        if any(first <= month <= last for first, last in exempt):
            continue
        if paid_before is not None and month <= paid_before:
            continue  # the letter says the member paid this month before arriving
        if any(_active(s, month) for s in ours) and timeline.paying_on(month):
            months.append(month)
            continue
        admitted = timeline.admitted
        if (
            admitted is not None
            and month <= admitted <= end
            and any(_active(s, admitted) for s in ours)
            and timeline.paying_on(admitted)
        ):
            months.append(month)  # probationary members pay from the month they were accepted
            continue
        arrived_from_outside = (
            paid_before is not None
            and any(month < s[1] <= end for s in ours)
            and not any(_active(s, month) for s in elsewhere)
        )
        if arrived_from_outside and timeline.paying_on(end):
            months.append(month)
    return months


def paid_before(
    arrivals: Iterable[tuple[int | None, datetime.date | None]],
) -> datetime.date | None:
    """The latest "dues paid up to" of the letters of members arriving from outside."""
    return max(
        (until for counterpart, until in arrivals if counterpart is None and until), default=None
    )
