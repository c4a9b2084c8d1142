"""The people of a branch through one year, read for the annual duty report: who was kept on
the report's day at which stage, the committee, the changes of stage, development steps,
transfers and leavers. Plain rows computed by the database (the stage in force, when someone
became an activist, whether a first stage was the one a member arrived with) rather than a
model instance and a history per person; a fixed number of queries whatever the size of the
branch."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery

from branch.models import Organization
from members.models import (
    PARTY_MEMBER_STAGES,
    Aspect,
    CommitteePost,
    CommitteeTerm,
    DevelopmentStep,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
    Transfer,
)
from members.selectors import _memberships_on, _value_in_force, counts_on


@dataclass(frozen=True)
class PersonOn:
    """A person kept on the report's day, as the database computed them."""

    pk: int
    name: str
    sort_key: str
    stage: str | None
    standing: str | None
    branch_id: int  # the branch keeping them that day (the earliest membership if two)
    activist_since: datetime.date | None  # when their stage first became activist

    @property
    def counted(self) -> bool:
        """In the branch's figures: standing normal or suspended (not left, not expelled)."""
        return self.standing in (Standing.NORMAL, Standing.SUSPENDED)

    @property
    def is_party_member(self) -> bool:
        return self.counted and self.stage in PARTY_MEMBER_STAGES

    @property
    def may_vote(self) -> bool:
        return self.stage == Stage.FULL and self.standing == Standing.NORMAL


def people_on(org: Organization, day: datetime.date) -> list[PersonOn]:
    """Everyone ``org`` (or a branch below it) kept on ``day``, in roster order: one query."""
    first_membership = (
        _memberships_on(org, day).filter(person=OuterRef("pk")).order_by("joined_on", "pk")
    )
    became_activist = StatusChange.objects.filter(
        person=OuterRef("pk"), aspect=Aspect.STAGE, value=Stage.ACTIVIST
    ).order_by("effective_on")
    rows = (
        Person.objects.filter(pk__in=_memberships_on(org, day).values("person_id"))
        .annotate(
            stage_on=_value_in_force(Aspect.STAGE, day),
            standing_on=_value_in_force(Aspect.STANDING, day),
            branch_on=Subquery(first_membership.values("organization_id")[:1]),
            activist_since=Subquery(became_activist.values("effective_on")[:1]),
        )
        .order_by("sort_key", "pk")
        .values_list(
            "pk", "name", "sort_key", "stage_on", "standing_on", "branch_on", "activist_since"
        )
    )
    return [PersonOn(*row) for row in rows]


@dataclass(frozen=True)
class StageChange:
    pk: int
    person_id: int
    name: str
    value: str
    effective_on: datetime.date
    # the person's first stage, recorded the day they joined a branch: the stage a party
    # member arrived with (a transfer in, a roster taken over), not a step of development
    first_on_joining: bool

    @property
    def arrived_with(self) -> bool:
        return self.first_on_joining and self.value in (Stage.PROBATIONARY, Stage.FULL)


def stage_changes(
    branches: list[Organization], start: datetime.date, end: datetime.date
) -> list[StageChange]:
    """Changes of stage from ``start`` to ``end`` of everyone the branches ever kept: one
    query."""
    earlier = StatusChange.objects.filter(person=OuterRef("person_id"), aspect=Aspect.STAGE).filter(
        Q(effective_on__lt=OuterRef("effective_on"))
        | Q(effective_on=OuterRef("effective_on"), pk__lt=OuterRef("pk"))
    )
    joined = Membership.objects.filter(
        person=OuterRef("person_id"), joined_on=OuterRef("effective_on")
    )
    rows = (
        StatusChange.objects.filter(
            aspect=Aspect.STAGE,
            effective_on__gte=start,
            effective_on__lte=end,
            person_id__in=Membership.objects.filter(organization__in=branches).values("person_id"),
        )
        .annotate(first_on_joining=~Exists(earlier) & Exists(joined))
        .order_by("effective_on", "pk")
        .values_list("pk", "person_id", "person__name", "value", "effective_on", "first_on_joining")
    )
    return [StageChange(*row) for row in rows]


@dataclass
class MembersYear:
    people: list[PersonOn]  # kept on the report's day
    terms: list[CommitteeTerm]  # of every branch, newest first
    posts: list[CommitteePost]  # of every branch, with person and term
    changes: list[StageChange]  # from 1 January of the year before to the report's day
    steps: list[DevelopmentStep]  # every development step recorded, with its person
    transfers: list[Transfer]  # of the year, with their person
    left: list[Membership]  # memberships that ended in the year, with their person
    members_last_year: int  # party members on 31 December of the year before


def members_year(
    org: Organization, branches: list[Organization], year: int, day: datetime.date
) -> MembersYear:
    """What the report states about the people of ``branches`` (``org`` itself or a 党总支's
    branches) in ``year`` up to ``day``: eight queries."""
    return MembersYear(
        people=people_on(org, day),
        terms=sorted(
            CommitteeTerm.objects.filter(organization__in=branches),
            key=lambda t: t.elected_on,
            reverse=True,
        ),
        posts=list(
            CommitteePost.objects.filter(term__organization__in=branches).select_related(
                "person", "term"
            )
        ),
        changes=stage_changes(branches, datetime.date(year - 1, 1, 1), day),
        steps=list(
            DevelopmentStep.objects.filter(organization__in=branches)
            .select_related("person")
            .order_by("done_on", "pk")
        ),
        transfers=list(
            Transfer.objects.filter(organization__in=branches, transferred_on__year=year)
            .select_related("person")
            .order_by("transferred_on", "pk")
        ),
        left=list(
            Membership.objects.filter(organization__in=branches, left_on__year=year)
            .select_related("person")
            .order_by("left_on", "pk")
        ),
        members_last_year=counts_on(org, datetime.date(year - 1, 12, 31))["members"],
    )
