"""Reads about people, always "as of" a day: who was in the branch, at which stage, in which
group. Everything is computed from the periods and the status history, so a past day shows
the branch as it was then."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from branch.models import Organization, PartyGroup
from branch.permissions import has_org_perm
from members.models import (
    PARTY_MEMBER_STAGES,
    Aspect,
    CommitteePost,
    CommitteeTerm,
    GroupMembership,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
)


def value_on(changes: Iterable[StatusChange], aspect: str, day: datetime.date) -> str | None:
    """The value of ``aspect`` in force on ``day``: the last change that took effect by then."""
    current = None
    for change in sorted(
        (c for c in changes if c.aspect == aspect), key=lambda c: (c.effective_on, c.pk or 0)
    ):
        if change.effective_on > day:
            break
        current = change.value
    return current


def date_entered(changes: Iterable[StatusChange], aspect: str, value: str) -> datetime.date | None:
    """When ``aspect`` first took ``value`` (入党日期 is when the stage became probationary)."""
    dates = [c.effective_on for c in changes if c.aspect == aspect and c.value == value]
    return min(dates) if dates else None


@dataclass
class PersonState:
    """A person as they stood on one day."""

    person: Person
    day: datetime.date
    stage: str | None
    category: str | None
    standing: str | None
    membership: Membership | None
    group: PartyGroup | None

    @property
    def is_party_member(self) -> bool:
        """A probationary or full member in good standing (suspended members still count)."""
        return self.stage in PARTY_MEMBER_STAGES and self.standing in (
            Standing.NORMAL,
            Standing.SUSPENDED,
        )

    @property
    def may_vote(self) -> bool:
        """Full members with their rights intact vote; probationary members do not."""
        return self.stage == Stage.FULL and self.standing == Standing.NORMAL

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""

    @property
    def category_label(self) -> str:
        from members.models import Category

        return str(Category(self.category).label) if self.category else ""

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label) if self.standing else ""

    @property
    def joined_party_on(self) -> datetime.date | None:
        return date_entered(self.person.status_changes.all(), Aspect.STAGE, Stage.PROBATIONARY)

    @property
    def full_member_on(self) -> datetime.date | None:
        return date_entered(self.person.status_changes.all(), Aspect.STAGE, Stage.FULL)


def _active(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def people_in(org: Organization, day: datetime.date) -> QuerySet[Person]:
    """People whose records ``org`` (or a branch below it) kept on ``day``."""
    return Person.objects.filter(
        Q(memberships__organization__path__startswith=org.path) & _active(day, "memberships__")
    ).distinct()


def with_history(qs: QuerySet[Person], org: Organization) -> QuerySet[Person]:
    """Prefetch what a ``PersonState`` needs: three queries, however many people."""
    return qs.prefetch_related(
        "status_changes",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(
                organization__path__startswith=org.path
            ).select_related("organization"),
        ),
        Prefetch(
            "group_memberships",
            queryset=GroupMembership.objects.select_related("party_group"),
        ),
    )


def state_of(person: Person, day: datetime.date) -> PersonState:
    changes = person.status_changes.all()
    membership = next((m for m in person.memberships.all() if m.active_on(day)), None)
    group_membership = next((g for g in person.group_memberships.all() if g.active_on(day)), None)
    return PersonState(
        person=person,
        day=day,
        stage=value_on(changes, Aspect.STAGE, day),
        category=value_on(changes, Aspect.CATEGORY, day),
        standing=value_on(changes, Aspect.STANDING, day),
        membership=membership,
        group=group_membership.party_group if group_membership else None,
    )


def roster(
    org: Organization,
    day: datetime.date,
    *,
    q: str = "",
    stage: str = "",
    category: str = "",
    group: int | None = None,
    standing: str = "",
) -> list[PersonState]:
    """The branch on ``day``, filtered. Name search runs in the database; the other filters
    depend on the history and run on the computed states."""
    qs = people_in(org, day)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(unit_and_post__icontains=q))
    states = [state_of(p, day) for p in with_history(qs.order_by("sort_key", "pk"), org)]
    return [
        s
        for s in states
        if (not stage or s.stage == stage)
        and (not category or s.category == category)
        and (not group or (s.group and s.group.pk == group))
        and (not standing or s.standing == standing)
    ]


def counts_on(org: Organization, day: datetime.date) -> Counter:
    """How many people at each stage on ``day`` (standing normal or suspended), plus
    ``"members"`` (probationary + full) and ``"voters"`` (full members in good standing)."""
    counts: Counter = Counter()
    for state in (state_of(p, day) for p in with_history(people_in(org, day), org)):
        if state.standing not in (Standing.NORMAL, Standing.SUSPENDED):
            continue
        counts[state.stage] += 1
        counts["members"] += state.is_party_member
        counts["voters"] += state.may_vote
    return counts


def voters_on(org: Organization, day: datetime.date) -> list[Person]:
    """Full members entitled to vote in ``org`` on ``day``."""
    return [
        s.person
        for s in (state_of(p, day) for p in with_history(people_in(org, day), org))
        if s.may_vote
    ]


def person_get_for_user(
    user: Any, org: Organization, pk: int, *, perm: str = "view_organization"
) -> Person:
    """A person whose records ``org`` keeps or kept. Anyone else's answers 404; the person
    themself may always read their own record, others need ``perm``."""
    person = (
        Person.objects.filter(pk=pk, memberships__organization__path__startswith=org.path)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404(_("No such person in %(org)s.") % {"org": org.name})
    if person.user_id == getattr(user, "pk", None) and perm == "view_organization":
        return person
    if not has_org_perm(user, perm, org):
        raise PermissionDenied(_("Your role in %(org)s does not allow this.") % {"org": org.name})
    return person


def person_for_user(user: Any, org: Organization) -> Person | None:
    """The person record linked to the user's account, if ``org`` keeps it."""
    if not user.is_authenticated:
        return None
    return (
        Person.objects.filter(user=user, memberships__organization__path__startswith=org.path)
        .distinct()
        .first()
    )


def committee_on(org: Organization, day: datetime.date) -> tuple[CommitteeTerm | None, list]:
    """The committee term in office on ``day`` and its posts held that day."""
    term = (
        CommitteeTerm.objects.filter(organization=org, elected_on__lte=day)
        .order_by("-elected_on")
        .first()
    )
    if term is None:
        return None, []
    posts = [
        p
        for p in CommitteePost.objects.filter(term=term).select_related("person")
        if p.active_on(day)
    ]
    return term, posts
