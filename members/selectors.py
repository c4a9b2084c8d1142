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
from django.db import connection
from django.db.models import (
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
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


def _value_in_force(aspect: str, day: datetime.date) -> Subquery:
    """``value_on`` in the database: the value of the last change of ``aspect`` by ``day``."""
    return Subquery(
        StatusChange.objects.filter(person=OuterRef("pk"), aspect=aspect, effective_on__lte=day)
        # one change of an aspect a day (members_statuschange_one_per_day): the date decides
        .order_by("-effective_on")
        .values("value")[:1]
    )


def _memberships_on(org: Organization, day: datetime.date) -> QuerySet[Membership]:
    return Membership.objects.filter(_active(day), organization__path__startswith=org.path)


def people_with_state(org: Organization, day: datetime.date) -> QuerySet[Person]:
    """``people_in`` with the stage, category and standing in force on ``day`` computed by the
    database (``stage_on``, ``category_on``, ``standing_on``), so lists can be filtered, counted
    and paginated there without loading anybody's history."""
    return Person.objects.filter(pk__in=_memberships_on(org, day).values("person_id")).annotate(
        stage_on=_value_in_force(Aspect.STAGE, day),
        category_on=_value_in_force(Aspect.CATEGORY, day),
        standing_on=_value_in_force(Aspect.STANDING, day),
    )


def roster_queryset(
    org: Organization,
    day: datetime.date,
    *,
    q: str = "",
    stage: str = "",
    category: str = "",
    group: int | None = None,
    standing: str = "",
) -> QuerySet[Person]:
    """The people of the roster on ``day``, filtered in the database, in roster order. ``q``
    finds a name, a unit and post, or the name of the branch that keeps the person."""
    qs = people_with_state(org, day)
    if q:
        in_branch = _memberships_on(org, day).filter(organization__name__icontains=q)
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(unit_and_post__icontains=q)
            | Q(pk__in=in_branch.values("person_id"))
        )
    if stage:
        qs = qs.filter(stage_on=stage)
    if category:
        qs = qs.filter(category_on=category)
    if standing:
        qs = qs.filter(standing_on=standing)
    if group:
        in_group = GroupMembership.objects.filter(_active(day), party_group_id=group)
        qs = qs.filter(pk__in=in_group.values("person_id"))
    return qs.order_by("sort_key", "pk")


def states_of(people: list[Person], org: Organization, day: datetime.date) -> list[PersonState]:
    """``PersonState`` of each of ``people`` (a page of ``people_with_state``, whose stage,
    category and standing the database has computed): their branch and party group on ``day``
    in two queries, however many they are."""
    prefetch_related_objects(
        people,
        Prefetch(
            "memberships",
            queryset=_memberships_on(org, day).select_related("organization"),
            to_attr="memberships_on",
        ),
        Prefetch(
            "group_memberships",
            queryset=GroupMembership.objects.filter(_active(day)).select_related("party_group"),
            to_attr="groups_on",
        ),
    )
    return [
        PersonState(
            person=p,
            day=day,
            stage=p.stage_on,
            category=p.category_on,
            standing=p.standing_on,
            membership=p.memberships_on[0] if p.memberships_on else None,
            group=p.groups_on[0].party_group if p.groups_on else None,
        )
        for p in people
    ]


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
    """The branch on ``day``, filtered in the database, as states."""
    qs = roster_queryset(
        org, day, q=q, stage=stage, category=category, group=group, standing=standing
    )
    return states_of(list(qs), org, day)


# The stage and standing in force on a day for everyone kept below a node, with one window over
# the status history (a correlated subquery per person is ten times slower for a county).
COUNTS_SQL = """
WITH latest AS (
    SELECT sc.person_id, sc.aspect, sc.value,
           ROW_NUMBER() OVER (
               PARTITION BY sc.person_id, sc.aspect ORDER BY sc.effective_on DESC
           ) AS rank
    FROM members_statuschange sc
    WHERE sc.aspect IN (%s, %s) AND sc.effective_on <= %s AND sc.person_id IN ({people})
), state AS (
    SELECT person_id,
           MAX(CASE WHEN aspect = %s THEN value END) AS stage,
           MAX(CASE WHEN aspect = %s THEN value END) AS standing
    FROM latest WHERE rank = 1 GROUP BY person_id
)
SELECT stage, standing, COUNT(*) FROM state WHERE standing IN (%s, %s)
GROUP BY stage, standing
"""


STAGE_IDS_SQL = """
SELECT person_id FROM (
    SELECT sc.person_id, sc.value,
           ROW_NUMBER() OVER (PARTITION BY sc.person_id ORDER BY sc.effective_on DESC) AS rank
    FROM members_statuschange sc
    WHERE sc.aspect = %s AND sc.effective_on <= %s AND sc.person_id IN ({people})
) latest
WHERE rank = 1 AND value IN ({stages})
"""


def ids_at_stages(org: Organization, day: datetime.date, stages: Iterable[str]) -> list[int]:
    """Ids of the people kept below ``org`` on ``day`` whose stage that day is one of
    ``stages``, by one window over the status history: a county's few hundred people on the way
    found without computing the stage of its ten thousand members one by one."""
    stages = [str(s) for s in stages]
    people_sql, people_params = (
        _memberships_on(org, day).order_by().values("person_id").query.sql_with_params()
    )
    sql = STAGE_IDS_SQL.format(people=people_sql, stages=", ".join(["%s"] * len(stages)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [Aspect.STAGE.value, day, *people_params, *stages])
        return [row[0] for row in cursor.fetchall()]


def counts_on(org: Organization, day: datetime.date) -> Counter:
    """How many people at each stage on ``day`` (standing normal or suspended), plus
    ``"members"`` (probationary + full) and ``"voters"`` (full members in good standing).
    Counted by the database: one query, whatever the size of ``org``."""
    people_sql, people_params = (
        _memberships_on(org, day).order_by().values("person_id").query.sql_with_params()
    )
    stage, standing = Aspect.STAGE.value, Aspect.STANDING.value
    params = [stage, standing, day, *people_params, stage, standing]
    params += [Standing.NORMAL.value, Standing.SUSPENDED.value]
    counts: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL.format(people=people_sql), params)
        rows = cursor.fetchall()
    for stage, standing, n in rows:
        counts[stage] += n
        counts["members"] += n if stage in PARTY_MEMBER_STAGES else 0
        counts["voters"] += n if stage == Stage.FULL and standing == Standing.NORMAL else 0
    return counts


def voters_on(org: Organization, day: datetime.date) -> list[Person]:
    """Full members entitled to vote in ``org`` on ``day``."""
    return [
        s.person
        for s in (state_of(p, day) for p in with_history(people_in(org, day), org))
        if s.may_vote
    ]


def keeps_now(person: Person, org: Organization) -> bool:
    """Whether ``org`` (or a branch below it) holds the person's latest membership: it writes
    their records. A branch the person has since left for another one keeps its past records
    to read only."""
    latest = (
        Membership.objects.filter(person=person)
        .order_by("-joined_on", "-pk")
        .values_list("organization__path", flat=True)
        .first()
    )
    return latest is not None and latest.startswith(org.path)


def moved_on(org: Organization) -> set[int]:
    """The people ``org`` kept whose latest membership is in another branch (one query)."""
    latest: dict[int, str] = {}
    rows = (
        Membership.objects.filter(
            person__in=Membership.objects.filter(organization__path__startswith=org.path).values(
                "person_id"
            )
        )
        .order_by("joined_on", "pk")
        .values_list("person_id", "organization__path")
    )
    for person_id, path in rows:
        latest[person_id] = path
    return {pk for pk, path in latest.items() if not path.startswith(org.path)}


def moved_away(person: Person, org: Organization) -> str:
    return _(
        "%(person)s is now kept by another branch: %(org)s keeps their past records to read, "
        "and changes are made by the branch that keeps them now."
    ) % {"person": person.name, "org": org.name}


def person_get_for_user(
    user: Any,
    org: Organization,
    pk: int,
    *,
    perm: str = "view_organization",
    write: bool | None = None,
) -> Person:
    """A person whose records ``org`` keeps or kept. Anyone else's answers 404; the person
    themself may always read their own record, others need ``perm``. A write (any ``perm``
    but reading, or ``write=True``) also needs the person to be kept by ``org`` now."""
    person = (
        Person.objects.filter(pk=pk, memberships__organization__path__startswith=org.path)
        .distinct()
        .first()
    )
    if person is None:
        raise Http404(_("No such person in %(org)s.") % {"org": org.name})
    if write is None:
        write = perm != "view_organization"
    if person.user_id == getattr(user, "pk", None) and not write:
        return person
    if not has_org_perm(user, perm, org):
        raise PermissionDenied(_("Your role in %(org)s does not allow this.") % {"org": org.name})
    if write and not keeps_now(person, org):
        raise PermissionDenied(moved_away(person, org))
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
