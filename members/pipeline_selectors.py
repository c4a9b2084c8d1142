"""Reads for the development pipeline: who is at a pipeline stage on a day, with their steps,
what they did last, what is due next and which step comes next. Used by the pipeline board
and by the daily reminders, so both say the same thing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from branch.models import Organization
from members.models import PIPELINE_STAGES, DevelopmentStep, Membership, Person, Stage, Standing
from members.rules import STEPS, Deadline
from members.selectors import (
    PersonState,
    ids_at_stages,
    people_with_state,
    state_of,
    with_history,
)
from members.steps import deadlines_for, latest, next_cycle, succeeded

DUE_SOON = datetime.timedelta(days=30)  # the board shows a due date this close in amber


@dataclass
class DeadlineOn:
    """A ``Deadline`` seen from one day: overdue, soon, or later."""

    deadline: Deadline
    day: datetime.date

    @property
    def step(self) -> int:
        return self.deadline.step

    @property
    def overdue(self) -> bool:
        return self.deadline.due_on < self.day

    @property
    def soon(self) -> bool:
        return not self.overdue and self.deadline.due_on <= self.day + DUE_SOON

    @property
    def level(self) -> str:
        """The CSS level of the board (``level-danger`` / ``level-warning``)."""
        return "danger" if self.overdue else "warning" if self.soon else ""


@dataclass
class PipelineEntry:
    state: PersonState
    steps: list[DevelopmentStep]
    deadlines: list[DeadlineOn]
    next_step: int | None

    @property
    def person(self) -> Person:
        return self.state.person

    @property
    def last_step(self) -> DevelopmentStep | None:
        return self.steps[-1] if self.steps else None


def next_step(stage: str | None, steps: list[DevelopmentStep]) -> int | None:
    """The lowest step a secretary can record next for a person at ``stage``: not done yet
    (or, for a failed vote or a new round after an extended probation, to be done again) and
    with the steps it follows done. The repeated assessments (6, 21) do not hold up the steps
    after them once they have a first record."""
    for number, rule in STEPS.items():
        if rule.stage != stage or next_cycle(steps, number) is None:
            continue
        if rule.repeatable and latest(steps, number) is not None:
            continue
        if all(succeeded(latest(steps, r)) for r in rule.required_steps):
            return number
    return None


def pipeline_queryset(
    org: Organization, day: datetime.date, *, q: str = "", stage: str = ""
) -> QuerySet[Person]:
    """Everyone in ``org``'s records on ``day`` at a pipeline stage (or at ``stage``), found in
    the database: a township keeps thousands of members and a few hundred people on the way.
    ``q`` finds a name or the name of the branch."""
    stages = [stage] if stage in PIPELINE_STAGES else PIPELINE_STAGES
    qs = (
        people_with_state(org, day)
        .filter(pk__in=ids_at_stages(org, day, stages))
        .filter(
            Q(standing_on__isnull=True) | Q(standing_on__in=(Standing.NORMAL, Standing.SUSPENDED))
        )
    )
    if q:
        in_branch = Membership.objects.filter(
            organization__path__startswith=org.path, organization__name__icontains=q
        )
        qs = qs.filter(Q(name__icontains=q) | Q(pk__in=in_branch.values("person_id")))
    return qs.order_by("sort_key", "pk")


def stage_totals(people: QuerySet[Person]) -> dict[str, int]:
    """How many of ``people_with_state`` rows at each stage, counted by the database."""
    rows = people.order_by().values("stage_on").annotate(n=Count("pk"))
    return {row["stage_on"]: row["n"] for row in rows}


def pipeline_people(
    org: Organization, day: datetime.date, people: QuerySet[Person] | None = None
) -> list[PersonState]:
    """The states of ``people`` (a page of ``pipeline_queryset``; all of it by default), with
    their steps prefetched (``person.steps.all()``): five queries, however many people."""
    qs = with_history(pipeline_queryset(org, day) if people is None else people, org)
    qs = qs.prefetch_related(
        Prefetch("steps", queryset=DevelopmentStep.objects.order_by("done_on", "number", "cycle"))
    )
    return [state_of(p, day) for p in qs]


def pipeline_board(
    org: Organization, day: datetime.date, people: QuerySet[Person] | None = None
) -> list[PipelineEntry]:
    entries = []
    for state in pipeline_people(org, day, people):
        steps = list(state.person.steps.all())
        deadlines = [DeadlineOn(d, day) for d in deadlines_for(state.stage, steps)]
        entries.append(
            PipelineEntry(
                state=state,
                steps=steps,
                deadlines=sorted(deadlines, key=lambda d: d.deadline.due_on),
                next_step=next_step(state.stage, steps),
            )
        )
    return entries


def board_by_stage(entries: list[PipelineEntry]) -> list[tuple[str, str, list[PipelineEntry]]]:
    """``[(stage, label, entries)]`` in the order of the stages, each shown even when empty."""
    return [
        (stage, str(Stage(stage).label), [e for e in entries if e.state.stage == stage])
        for stage in PIPELINE_STAGES
    ]
