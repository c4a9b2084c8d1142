"""The members app's reminder sources for the daily ``send_due_reminders`` job: development
steps that are due or overdue, and a branch's committee that is missing, the wrong size or at
the end of its term."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from branch import reminders
from branch.dates import long_date
from branch.models import Organization, OrgKind, Role
from branch.reminders import Reminder, role_holders
from members.committee import committee_problems
from members.pipeline_selectors import pipeline_board
from members.rules import HIGHER, STEPS

# A step is announced this long before it is due (and every due step once it is overdue).
DUE_AHEAD = datetime.timedelta(days=7)
BRANCH_ROLES = [Role.SECRETARY, Role.COMMITTEE]


def _branches():
    return Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path")


def pipeline_deadlines(today: datetime.date) -> Iterator[Reminder]:
    """One reminder per person, step and due date; the higher committee's steps go to its
    administrators, the branch's to its secretary and committee."""
    for org in _branches():
        entries = [e for e in pipeline_board(org, today) if e.deadlines]
        if not entries:
            continue
        branch_people = role_holders(org, BRANCH_ROLES)
        higher_people = role_holders(org, [Role.HIGHER_ADMIN], above=True)
        for entry in entries:
            person = entry.person
            url = reverse("members:person", kwargs={"org_code": org.code, "pk": person.pk})
            for d in entry.deadlines:
                if d.deadline.due_on > today + DUE_AHEAD:
                    continue
                values = {
                    "person": person.name,
                    "n": d.step,
                    "title": STEPS[d.step].title,
                    "date": long_date(d.deadline.due_on),
                }
                title = (
                    _("%(person)s: step %(n)d (%(title)s) overdue since %(date)s")
                    if d.overdue
                    else _("%(person)s: step %(n)d (%(title)s) due by %(date)s")
                ) % values
                yield Reminder(
                    key=f"members:step:{person.pk}:{d.step}:{d.deadline.due_on.isoformat()}",
                    organization=org,
                    title=title,
                    body=_("%(org)s, development of %(person)s.")
                    % {"org": org.name, "person": person.name},
                    url=url,
                    level="danger" if d.overdue else "warning",
                    recipients=higher_people if STEPS[d.step].actor == HIGHER else branch_people,
                )


def committee_reminders(today: datetime.date) -> Iterator[Reminder]:
    """The branch's secretary and the higher committee's administrators, who call the
    election, hear of each committee problem once."""
    for org in _branches():
        problems = committee_problems(org, today)
        if not problems:
            continue
        recipients = role_holders(org, [Role.SECRETARY]) + role_holders(
            org, [Role.HIGHER_ADMIN], above=True
        )
        url = reverse("members:committee", kwargs={"org_code": org.code})
        for problem in problems:
            yield Reminder(
                key=f"members:committee:{org.pk}:{problem.code}",
                organization=org,
                title=f"{org.name}：{problem.text}",
                body=problem.text,
                url=url,
                level=problem.level,
                recipients=recipients,
            )


def register() -> None:
    """Register this app's reminder sources with ``branch.reminders``."""
    reminders.register(pipeline_deadlines, "members.pipeline_deadlines")
    reminders.register(committee_reminders, "members.committee")
