import datetime as dt

from members.models import Person, Stage
from members.selectors import counts_on, state_of, with_history
from members.steps import deadlines_for, probation_end


def test_full_path(school, full_members, make_person, record):
    p = make_person(
        "新人", stage=Stage.APPLICANT, joined_on=dt.date(2022, 1, 1), birth_date=dt.date(2000, 1, 1)
    )
    contacts = full_members[:2]
    record(p, 1, dt.date(2022, 1, 10))
    record(p, 2, dt.date(2022, 2, 10))
    record(p, 3, dt.date(2022, 3, 1))
    record(p, 4, dt.date(2022, 3, 5))
    record(p, 5, dt.date(2022, 3, 6), people=contacts)
    record(p, 6, dt.date(2022, 9, 1))
    record(p, 7, dt.date(2023, 3, 1))
    for n in (8, 9, 10):
        record(p, n, dt.date(2023, 3, 2 + n), people=full_members[2:4] if n == 9 else None)
    record(p, 11, dt.date(2023, 4, 1), training_days=3)
    for n in (12, 13, 14):
        record(p, n, dt.date(2023, 4, 2 + n))
    record(p, 15, dt.date(2023, 5, 1), votes_for=8, votes_against=0, abstentions=1)
    record(p, 16, dt.date(2023, 5, 10))
    record(p, 17, dt.date(2023, 6, 1))
    p = with_history(Person.objects.filter(pk=p.pk), school).get()
    assert state_of(p, dt.date(2023, 5, 2)).stage == Stage.PROBATIONARY
    steps = list(p.steps.all())
    assert probation_end(steps) == dt.date(2024, 5, 1)
    for n in (18, 19, 20):
        record(p, n, dt.date(2023, 6, 1 + n))
    record(p, 22, dt.date(2024, 4, 15))
    record(p, 23, dt.date(2024, 5, 6), votes_for=9, outcome="on_time")
    record(p, 24, dt.date(2024, 6, 1))
    p = with_history(Person.objects.filter(pk=p.pk), school).get()
    assert state_of(p, dt.date(2024, 5, 1)).stage == Stage.FULL
    assert counts_on(school, dt.date(2024, 6, 1))["full"] == 10
    record(p, 25, dt.date(2024, 6, 20))
    assert deadlines_for(Stage.FULL, list(p.steps.all())) == []
