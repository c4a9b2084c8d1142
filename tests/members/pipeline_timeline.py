"""A development that keeps every rule, step by step, for tests that need a person at a given
point of the 25 steps. Step 21 (the repeatable assessment in probation) is left out: tests that
want it record it themselves."""

from __future__ import annotations

import datetime as dt

from members.models import Stage

D = dt.date

# step -> (date, data); steps 5 and 9 also name people (the first two / next two full members)
TIMELINE: dict[int, tuple[dt.date, dict]] = {
    1: (D(2022, 1, 10), {}),
    2: (D(2022, 2, 10), {}),
    3: (D(2022, 3, 1), {}),
    4: (D(2022, 3, 5), {}),
    5: (D(2022, 3, 6), {}),
    6: (D(2022, 9, 1), {}),
    7: (D(2023, 3, 1), {}),
    8: (D(2023, 3, 5), {}),
    9: (D(2023, 3, 6), {}),
    10: (D(2023, 3, 10), {}),
    11: (D(2023, 4, 1), {"training_days": 3}),
    12: (D(2023, 4, 10), {}),
    13: (D(2023, 4, 15), {}),
    14: (D(2023, 4, 20), {}),
    15: (D(2023, 5, 1), {"votes_for": 8, "abstentions": 1}),
    16: (D(2023, 5, 10), {}),
    17: (D(2023, 6, 1), {}),
    18: (D(2023, 6, 10), {}),
    19: (D(2023, 6, 15), {}),
    20: (D(2023, 7, 1), {}),
    22: (D(2024, 4, 15), {}),
    23: (D(2024, 5, 6), {"votes_for": 9, "outcome": "on_time"}),
    24: (D(2024, 6, 1), {}),
    25: (D(2024, 6, 20), {}),
}
ADMITTED_ON = TIMELINE[15][0]  # the probation (and party age) runs from the assembly's vote
PROBATION_END = D(2024, 5, 1)


def new_applicant(make_person, name: str = "新同志", **fields):
    """A person in school since 2022-01-01, born 2000-01-01, who has not applied yet."""
    fields.setdefault("birth_date", D(2000, 1, 1))
    return make_person(name, stage=Stage.APPLICANT, joined_on=D(2022, 1, 1), **fields)


def advance(record, person, full_members, until: int) -> None:
    """Record every step of the timeline before step ``until`` that the person lacks."""
    done = set(person.steps.values_list("number", flat=True))
    for number, (day, data) in TIMELINE.items():
        if number >= until:
            return
        if number in done:
            continue
        people = {5: full_members[:2], 9: full_members[2:4]}.get(number)
        record(person, number, day, people=people, **data)
