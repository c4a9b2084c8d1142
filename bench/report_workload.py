"""A large branch for the report benchmark (``bench/report_bench.py``): people and years of
records written with ``bulk_create``, because going through the services would take far longer
than what is measured. Needs a configured Django; ``tests/reports/test_bench.py`` runs it small.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from branch.models import Organization, OrgKind, PartyGroup
from dues.models import Charge, DuesBase, Method, Payment, PaymentKind
from meetings.models import Attendance, Kind, Meeting
from members.models import (
    Aspect,
    Category,
    CommitteePost,
    CommitteeTerm,
    GroupMembership,
    Membership,
    Person,
    Post,
    Stage,
    Standing,
    StatusChange,
)

BATCH = 2000
COMMITTEE_POSTS = [Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE]
# one attendance in seventeen is an absence and one a leave
STATUSES = ["present"] * 15 + ["absent", "leave"]
DUES = Decimal("40.00")  # a base of 4000 yuan at 1 %


def months_between(first_year: int, through: datetime.date) -> list[datetime.date]:
    return [
        datetime.date(year, month, 1)
        for year in range(first_year, through.year + 1)
        for month in range(1, 13)
        if datetime.date(year, month, 1) <= through
    ]


@transaction.atomic
def generate_branch(
    *, code: str = "bench-300", members: int = 300, years: int = 5, through: datetime.date
) -> Organization:
    """A branch of ``members`` full members with ``years`` years of records up to ``through``:
    a committee of five, a party group per fifty members, every meeting kind at its rule with
    attendance, and dues charged and mostly paid each month."""
    first_year = through.year - years + 1
    joined = datetime.date(first_year - 1, 1, 1)
    org = Organization.objects.create(
        code=code, name=f"{code}党支部", kind=OrgKind.BRANCH, unit="某某集团公司"
    )
    groups = PartyGroup.objects.bulk_create(
        PartyGroup(organization=org, name=f"第{i + 1}党小组", established_on=joined)
        for i in range(max(1, members // 50))
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"党员{i:03d}",
            gender="male" if i % 2 else "female",
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
        )
        for i in range(members)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organization=org, joined_on=joined) for p in people
    )
    StatusChange.objects.bulk_create(
        StatusChange(person=p, aspect=aspect, value=value, effective_on=joined)
        for p in people
        for aspect, value in (
            (Aspect.STAGE, Stage.FULL),
            (Aspect.STANDING, Standing.NORMAL),
            (Aspect.CATEGORY, Category.EMPLOYED),
        )
    )
    members_of = {group.pk: people[i :: len(groups)] for i, group in enumerate(groups)}
    GroupMembership.objects.bulk_create(
        GroupMembership(person=p, party_group=group, joined_on=joined)
        for group in groups
        for p in members_of[group.pk]
    )
    committee = people[: len(COMMITTEE_POSTS)]
    _committee(org, committee, first_year, through)
    months = months_between(first_year, through)
    _meetings(org, people, committee, [(g, members_of[g.pk]) for g in groups], months)
    _dues(org, people, months)
    return org


def _committee(org: Organization, committee: list[Person], first_year: int, through) -> None:
    """Terms of three years from the year before the first, the last one still running."""
    for start in range(first_year - 1, through.year + 1, 3):
        elected = datetime.date(start, 1, 10)
        term = CommitteeTerm.objects.create(
            organization=org, elected_on=elected, ends_on=elected.replace(year=start + 3)
        )
        CommitteePost.objects.bulk_create(
            CommitteePost(
                term=term,
                person=person,
                post=post,
                started_on=elected,
                ended_on=None if start + 3 > through.year else term.ends_on,
            )
            for person, post in zip(committee, COMMITTEE_POSTS, strict=True)
        )


def _meetings(org, people, committee, groups, months) -> None:
    planned: list[tuple[Meeting, list[Person]]] = []

    def plan(kind: str, day: datetime.date, topic: str, attendees: list[Person], **fields):
        meeting = Meeting(organization=org, kind=kind, held_on=day, topic=topic, **fields)
        planned.append((meeting, attendees))

    for month in months:
        label = f"{month.year}年{month.month}月"
        plan(Kind.COMMITTEE_MEETING, month.replace(day=5), f"{label}支委会", committee)
        plan(
            Kind.STUDY_SESSION,
            month.replace(day=10),
            f"{label}集中学习",
            people,
            documents_studied=f"学习材料{month:%Y%m}",
        )
        for group, group_people in groups:
            plan(
                Kind.GROUP_MEETING,
                month.replace(day=12),
                f"{label}{group.name}会议",
                group_people,
                party_group=group,
            )
        plan(Kind.THEME_DAY, month.replace(day=15), f"{label}主题党日", people)
        if month.month % 3 == 0:
            quarter = month.month // 3
            plan(Kind.GENERAL_ASSEMBLY, month.replace(day=20), f"第{quarter}季度党员大会", people)
            plan(
                Kind.PARTY_LECTURE,
                month.replace(day=25),
                "党课",
                people,
                lecturer=committee[(quarter - 1) % len(committee)],
                lecture_title=f"{month.year}年第{quarter}课",
            )
        if month.month == 12:
            plan(Kind.ORG_LIFE_MEETING, month.replace(day=18), f"{month.year}年组织生活会", people)
    meetings = Meeting.objects.bulk_create([m for m, _p in planned], batch_size=BATCH)
    Attendance.objects.bulk_create(
        (
            Attendance(
                meeting=meeting,
                person=person,
                status=STATUSES[(meeting.pk + person.pk) % len(STATUSES)],
            )
            for meeting, (_m, attendees) in zip(meetings, planned, strict=True)
            for person in attendees
        ),
        batch_size=BATCH,
    )


def _dues(org, people, months) -> None:
    DuesBase.objects.bulk_create(
        DuesBase(
            person=p,
            organization=org,
            year=year,
            category="employed",
            base_amount=Decimal("4000.00"),
            rate=Decimal("0.0100"),
            standard_amount=DUES,
            monthly_amount=DUES,
        )
        for p in people
        for year in sorted({m.year for m in months})
    )
    Charge.objects.bulk_create(
        (Charge(person=p, organization=org, month=m, amount=DUES) for p in people for m in months),
        batch_size=BATCH,
    )
    # one member in forty stops paying four months before the end: arrears for the report
    late = {p.pk for i, p in enumerate(people) if i % 40 == 39}
    Payment.objects.bulk_create(
        (
            Payment(
                person=p,
                organization=org,
                month=m,
                amount=DUES,
                kind=PaymentKind.REGULAR,
                method=Method.CASH,
                paid_on=m.replace(day=8),
                receipt=f"{m:%Y%m}-{p.pk:05d}",
            )
            for p in people
            for m in months
            if not (p.pk in late and m >= months[-4])
        ),
        batch_size=BATCH,
    )
