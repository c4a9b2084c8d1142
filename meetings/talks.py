"""谈心谈话: recording talks and the year's coverage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm
from meetings.models import Talk, TalkCategory
from members.models import Person
from members.selectors import committee_on, people_in, state_of, with_history


@transaction.atomic
def talk_record(
    *,
    actor: Any,
    org: Organization,
    held_on: datetime.date,
    category: str,
    participants: list[Person],
    topic: str,
    summary: str = "",
) -> Talk:
    require_perm(actor, "log_records", org)
    service_check(
        DateKind.EVENT,
        held_on,
        field="held_on",
        label=Talk._meta.get_field("held_on").verbose_name,
        org=org,
    )
    if category not in TalkCategory.values:
        raise ServiceError(_("Choose the kind of talk."), field="category")
    people = {p.pk: p for p in participants}
    if len(people) < 2:
        raise ServiceError(_("A talk has at least two participants."), field="participants")
    if not topic.strip():
        raise ServiceError(_("Give the topic of the talk."), field="topic")
    states = {
        p.pk: state_of(p, held_on)
        for p in with_history(Person.objects.filter(pk__in=list(people)), org)
    }
    for pk, person in people.items():
        state = states[pk]
        if state.membership is None or state.membership.organization_id != org.pk:
            raise ServiceError(
                _("%(person)s was not in %(org)s on %(date)s.")
                % {"person": person.name, "org": org.name, "date": long_date(held_on)},
                field="participants",
            )
    talk = Talk.objects.create(
        organization=org,
        held_on=held_on,
        category=category,
        topic=topic,
        summary=summary,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    talk.participants.set(list(people.values()))
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=talk,
        after={
            "held_on": held_on,
            "category": category,
            "topic": topic,
            "participants": [p.name for p in people.values()],
        },
    )
    return talk


@dataclass
class Coverage:
    year: int
    members: list[Person]  # the party members of the branch that year
    without_talk: list[Person]
    committee: list[Person]
    committee_pairs_missing: list[tuple[Person, Person]]

    @property
    def complete(self) -> bool:
        return not self.without_talk and not self.committee_pairs_missing


def coverage(org: Organization, year: int, today: datetime.date) -> Coverage:
    """Who had no talk in ``year`` yet, and which pairs of committee members have not talked
    with each other (the rule asks every committee member to talk with every other)."""
    day = min(today, datetime.date(year, 12, 31))
    states = [state_of(p, day) for p in with_history(people_in(org, day), org)]
    members = [s.person for s in states if s.is_party_member]
    talks = list(
        Talk.objects.filter(organization=org, held_on__year=year).prefetch_related("participants")
    )
    talked = {p.pk for t in talks for p in t.participants.all()}
    pairs = {
        frozenset(pair)
        for t in talks
        for pair in combinations([p.pk for p in t.participants.all()], 2)
    }
    _term, posts = committee_on(org, day)
    committee = sorted({p.person for p in posts}, key=lambda p: (p.sort_key, p.pk))
    missing = [
        (a, b) for a, b in combinations(committee, 2) if frozenset((a.pk, b.pk)) not in pairs
    ]
    return Coverage(
        year=year,
        members=members,
        without_talk=[p for p in members if p.pk not in talked],
        committee=committee,
        committee_pairs_missing=missing,
    )
