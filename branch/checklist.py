"""Getting started: the first things a new branch sets up, ticked from its records.

Each app registers its steps from its ``AppConfig.ready`` (the organisation domain knows none
of the others); the checklist card shows them on an empty branch's dashboard to whoever runs
the branch, and leaves the dashboard once every step is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branch.dashboard import Card, register_card
from branch.models import Organization, Role


@dataclass(frozen=True)
class Step:
    order: int
    title: str
    url: Callable[[Organization], str]
    # the records whose existence means the step is done
    records: Callable[[Organization], QuerySet]
    help: str = ""


_steps: list[Step] = []


def register_step(step: Step) -> None:
    if step not in _steps:
        _steps.append(step)


def steps_for(org: Organization) -> list[dict]:
    """Every step with whether it is done, in one query."""
    steps = sorted(_steps, key=lambda s: s.order)
    done = (
        Organization.objects.filter(pk=org.pk)
        .values(**{f"step{i}": Exists(step.records(org)) for i, step in enumerate(steps)})
        .get()
    )
    return [
        {
            "title": step.title,
            "help": step.help,
            "url": step.url(org),
            "done": done[f"step{i}"],
        }
        for i, step in enumerate(steps)
    ]


def checklist_card(request: HttpRequest, org: Organization, perms: set[str]) -> Card | None:
    if not org.is_branch or "manage_organization" not in perms:
        return None
    steps = steps_for(org)
    if all(step["done"] for step in steps):
        return None
    return Card(
        title=_("Getting started"),
        template="branch/cards/checklist.html",
        order=1,
        wide=True,
        context={
            "steps": steps,
            "done": sum(step["done"] for step in steps),
            "total": len(steps),
        },
    )


def _committee_accounts(org: Organization) -> QuerySet:
    return org.role_assignments.filter(role=Role.COMMITTEE)


def register() -> None:
    register_card(checklist_card)
    register_step(
        Step(
            order=50,
            title=_("Give the committee members their accounts"),
            help=_("So that they can log meetings and dues themselves."),
            url=lambda org: reverse("branch:roles", args=[org.code]),
            records=_committee_accounts,
        )
    )
