"""``members.steps`` reads a person's steps without the database: the deadlines and limits it
gives come from the rows of ``members.rules``, so a new rule is a new row."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation

from branch.exceptions import ServiceError
from members import rules
from members.choices import Stage
from members.models import DevelopmentStep
from members.rules import Deadline, TimeRule
from members.steps import check_time_rules, deadlines_for, next_cycle, succeeded


def step(number: int, done_on: dt.date, cycle: int = 1, **data) -> DevelopmentStep:
    return DevelopmentStep(number=number, cycle=cycle, done_on=done_on, data=data)


@pytest.fixture
def start():
    return timezone.localdate() - relativedelta(years=3)


def test_an_application_waits_for_the_talk_one_month_on(start):
    steps = [step(1, start)]
    assert deadlines_for(Stage.APPLICANT, steps) == [
        Deadline(2, start + relativedelta(months=1), str(rules.STEPS[2].title))
    ]


def test_an_activist_is_assessed_every_six_months_from_the_day_they_became_one(start):
    steps = [step(n, start) for n in (1, 2, 3, 4, 5)]
    (due,) = deadlines_for(Stage.ACTIVIST, steps)
    assert (due.step, due.due_on) == (6, start + relativedelta(months=6))
    steps.append(step(6, start + relativedelta(months=5)))
    (due,) = deadlines_for(Stage.ACTIVIST, steps)
    assert due.due_on == start + relativedelta(months=11)


def test_a_failed_vote_sets_no_deadline_for_the_approval(start):
    steps = [step(n, start) for n in range(1, 15)] + [step(15, start, passed=False)]
    assert not succeeded(steps[-1])
    assert 17 not in [d.step for d in deadlines_for(Stage.CANDIDATE, steps)]
    assert next_cycle(steps, 15) == 2  # the assembly may vote again


def test_a_new_time_rule_row_gives_a_deadline_and_a_limit(monkeypatch, start):
    """A rule the pipeline did not know: the higher committee files an activist (step 4)
    within two weeks of the recommendation (step 3)."""
    row = TimeRule(4, 3, "max", relativedelta(weeks=2), "the activist is filed within two weeks")
    monkeypatch.setitem(rules.TIME_RULES_BY_STEP, 4, [row])
    steps = [step(n, start) for n in (1, 2, 3)]
    assert [(d.step, d.due_on) for d in deadlines_for(Stage.ACTIVIST, steps)] == [
        (4, start + relativedelta(weeks=2)),
        (6, start + relativedelta(months=6)),
    ]
    check_time_rules(steps, 4, start + relativedelta(weeks=2), late_reason="")
    with translation.override("en"), pytest.raises(ServiceError) as late:
        check_time_rules(steps, 4, start + relativedelta(weeks=2, days=1), late_reason="")
    assert late.value.field == "late_reason"
    assert "filed within two weeks" in late.value.message
