"""The county dataset for ``seed_scale`` and ``bench/scale_bench.py``: one county committee,
township committees below it, and their branches (about 10,000 members in all), with one
large branch of 300 that has five years of records. Everything is written with
``bulk_create``: going through the services would take hours. Needs a configured Django;
``tests/branch/test_seed_scale.py`` runs it small.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from branch.audit import Action, diff
from branch.models import (
    AuditEntry,
    Organization,
    OrganizationUserObjectPermission,
    OrgKind,
    PartyGroup,
    Role,
    RoleAssignment,
)
from branch.rules import permissions_for_roles
from dues.models import Charge, DuesBase, Method, Payment, PaymentKind
from meetings.models import Attendance, Kind, Meeting
from members.models import (
    Aspect,
    Category,
    CommitteePost,
    CommitteeTerm,
    DevelopmentStep,
    GroupMembership,
    Membership,
    Person,
    Post,
    Stage,
    Standing,
    StatusChange,
    name_sort_key,
)

BATCH = 5000
PASSWORD = "scale-pass-2024"
COUNTY = "scale-county"
LARGE = "scale-big"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕文斌晓东丹宇鹏飞浩然子涵欣怡佳琪俊杰雨轩思远婷婷雪梅建军"  # noqa: E501
COMMITTEE_POSTS = [Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE, Post.DEPUTY]
STATUSES = ["present"] * 15 + ["absent", "leave"]
# steps done by someone at each pipeline stage, in order
PIPELINE_STEPS = {
    Stage.APPLICANT: [1, 2],
    Stage.ACTIVIST: [1, 2, 3, 4, 5, 6],
    Stage.CANDIDATE: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    Stage.PROBATIONARY: list(range(1, 21)),
}
# pipeline people per ordinary branch, by stage
PIPELINE_MIX = [Stage.APPLICANT] * 3 + [Stage.ACTIVIST] * 2 + [Stage.CANDIDATE, Stage.PROBATIONARY]


@dataclass
class Plan:
    townships: int = 4
    branches: int = 50  # per township
    members: int = 10_000  # party members in all, the large branch included
    large: int = 300
    years: int = 5  # of records for the large branch; the others have this year and last
    today: datetime.date = field(default_factory=datetime.date.today)


@dataclass
class Branch:
    org: Organization
    size: int
    first_month: datetime.date
    people: list[Person] = field(default_factory=list)  # party members
    pipeline: list[tuple[Person, str]] = field(default_factory=list)
    groups: list[tuple[PartyGroup, list[Person]]] = field(default_factory=list)
    committee: list[Person] = field(default_factory=list)


@dataclass
class Figures:
    organizations: int = 0
    people: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count


def months_from(first: datetime.date, through: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= through:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def branch_sizes(count: int, total: int, rng: random.Random) -> list[int]:
    """Sizes of ``count`` branches adding up to ``total``: most between 15 and 80, a few small
    ones and a few large ones, as in a county."""
    if count <= 0:
        return []
    raw = [rng.lognormvariate(0, 0.5) for _ in range(count)]
    scale = total / sum(raw)
    sizes = [max(3, round(r * scale)) for r in raw]
    sizes[-1] = max(3, sizes[-1] + total - sum(sizes))
    return sizes


@transaction.atomic
def generate_county(plan: Plan) -> Figures:
    rng = random.Random(11)
    figures = Figures()
    county = Organization.objects.create(
        code=COUNTY, name="城关县委组织部", kind=OrgKind.COMMITTEE, unit="中共城关县委"
    )
    townships = [
        Organization.objects.create(
            code=f"scale-t{t + 1}",
            name=f"第{t + 1}镇党委",
            kind=OrgKind.COMMITTEE,
            parent=county,
            unit=f"第{t + 1}镇",
        )
        for t in range(plan.townships)
    ]
    ordinary = plan.townships * plan.branches - 1
    sizes = branch_sizes(ordinary, max(ordinary * 3, plan.members - plan.large), rng)
    recent = datetime.date(plan.today.year - 1, 1, 1)
    branches: list[Branch] = []
    for t, township in enumerate(townships):
        for b in range(plan.branches):
            large = t == 0 and b == 0
            code = LARGE if large else f"scale-t{t + 1}-b{b + 1:02d}"
            org = Organization.objects.create(
                code=code,
                name=f"{township.name}第{b + 1}党支部" if not large else "城关中学党支部",
                kind=OrgKind.BRANCH,
                parent=township,
                unit="城关中学" if large else f"第{t + 1}镇第{b + 1}单位",
            )
            first = datetime.date(plan.today.year - plan.years + 1, 1, 1) if large else recent
            branches.append(Branch(org, plan.large if large else sizes.pop(), first))
    figures.organizations = 1 + len(townships) + len(branches)
    _people(branches, rng, figures)
    _groups_and_committees(branches, plan.today, figures)
    _pipeline_steps(branches, plan.today, figures)
    _meetings(branches, plan.today, figures)
    _dues(branches, plan.today, figures)
    _accounts(county, townships, branches, figures)
    _audit(branches, figures)
    return figures


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _people(branches: list[Branch], rng: random.Random, figures: Figures) -> None:
    keys: dict[str, str] = {}
    people: list[Person] = []
    owners: list[tuple[Branch, str | None]] = []
    for branch in branches:
        pipeline = PIPELINE_MIX * (4 if branch.size >= 200 else 1)
        for stage in [None] * branch.size + pipeline:
            name = _name(rng)
            if name not in keys:
                keys[name] = name_sort_key(name)
            people.append(
                Person(
                    name=name,
                    sort_key=keys[name],
                    gender=rng.choice(("male", "female")),
                    birth_date=datetime.date(rng.randint(1950, 2003), rng.randint(1, 12), 15),
                    unit_and_post=branch.org.unit,
                    phone=f"139{rng.randint(0, 99_999_999):08d}",
                )
            )
            owners.append((branch, stage))
    Person.objects.bulk_create(people, batch_size=BATCH)
    figures.people = len(people)
    memberships, changes = [], []
    for person, (branch, stage) in zip(people, owners, strict=True):
        joined = datetime.date(branch.first_month.year - 1 - person.pk % 10, 1 + person.pk % 12, 1)
        if stage is None:
            branch.people.append(person)
            stages = [
                (Stage.PROBATIONARY, joined),
                (Stage.FULL, joined.replace(year=joined.year + 1)),
            ]
            category = Category.RETIRED if person.birth_date.year < 1963 else Category.EMPLOYED
        else:
            branch.pipeline.append((person, stage))
            joined = branch.first_month.replace(month=1 + person.pk % 6)
            stages = [(stage, joined)]
            category = Category.EMPLOYED
        memberships.append(Membership(person=person, organization=branch.org, joined_on=joined))
        changes += [
            StatusChange(person=person, aspect=Aspect.STAGE, value=value, effective_on=day)
            for value, day in stages
        ]
        changes += [
            StatusChange(
                person=person, aspect=Aspect.STANDING, value=Standing.NORMAL, effective_on=joined
            ),
            StatusChange(
                person=person, aspect=Aspect.CATEGORY, value=category, effective_on=joined
            ),
        ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    figures.add("memberships", len(memberships))
    figures.add("status changes", len(changes))


def _groups_and_committees(branches: list[Branch], today: datetime.date, figures: Figures) -> None:
    groups = []
    for branch in branches:
        for i in range(max(1, branch.size // 30)):
            groups.append((branch, i, PartyGroup(organization=branch.org, name=f"第{i + 1}党小组")))
    PartyGroup.objects.bulk_create([g for _b, _i, g in groups], batch_size=BATCH)
    count = {b.org.pk: max(1, b.size // 30) for b in branches}
    for branch, i, group in groups:
        branch.groups.append((group, branch.people[i :: count[branch.org.pk]]))
    GroupMembership.objects.bulk_create(
        (
            GroupMembership(person=p, party_group=group, joined_on=branch.first_month)
            for branch in branches
            for group, people in branch.groups
            for p in people
        ),
        batch_size=BATCH,
    )
    terms, posts = [], []
    for branch in branches:
        seats = 1 if branch.size < 7 else 3 if branch.size < 50 else 5
        branch.committee = branch.people[:seats]
        for start in range(branch.first_month.year - 1, today.year + 1, 3):
            elected = datetime.date(start, 1, 10)
            term = CommitteeTerm(
                organization=branch.org, elected_on=elected, ends_on=elected.replace(year=start + 3)
            )
            terms.append(term)
            posts += [
                CommitteePost(
                    term=term,
                    person=person,
                    post=post,
                    started_on=elected,
                    ended_on=None if start + 3 > today.year else term.ends_on,
                )
                for person, post in zip(branch.committee, COMMITTEE_POSTS, strict=False)
            ]
    CommitteeTerm.objects.bulk_create(terms, batch_size=BATCH)
    CommitteePost.objects.bulk_create(posts, batch_size=BATCH)
    figures.add("party groups", len(groups))
    figures.add("committee posts", len(posts))


def _pipeline_steps(branches: list[Branch], today: datetime.date, figures: Figures) -> None:
    steps = []
    for branch in branches:
        for person, stage in branch.pipeline:
            start = branch.first_month.replace(month=1 + person.pk % 6)
            for i, number in enumerate(PIPELINE_STEPS[stage]):
                done = min(start + datetime.timedelta(days=20 * i), today)
                steps.append(
                    DevelopmentStep(
                        person=person, organization=branch.org, number=number, done_on=done
                    )
                )
    DevelopmentStep.objects.bulk_create(steps, batch_size=BATCH)
    figures.add("development steps", len(steps))


def _meetings(branches: list[Branch], today: datetime.date, figures: Figures) -> None:
    planned: list[tuple[Meeting, list[Person]]] = []
    for branch in branches:
        org, people, committee = branch.org, branch.people, branch.committee

        def plan(kind, day, topic, attendees, org=org, **fields):
            if day <= today:
                meeting = Meeting(organization=org, kind=kind, held_on=day, topic=topic, **fields)
                planned.append((meeting, attendees))

        for month in months_from(branch.first_month, today):
            label = f"{month.year}年{month.month}月"
            plan(Kind.COMMITTEE_MEETING, month.replace(day=5), f"{label}支委会", committee)
            plan(Kind.THEME_DAY, month.replace(day=15), f"{label}主题党日", people)
            for group, members in branch.groups:
                plan(
                    Kind.GROUP_MEETING,
                    month.replace(day=12),
                    f"{label}{group.name}会议",
                    members,
                    party_group=group,
                )
            if month.month % 3 == 0:
                quarter = month.month // 3
                plan(
                    Kind.GENERAL_ASSEMBLY, month.replace(day=20), f"第{quarter}季度党员大会", people
                )
                plan(
                    Kind.PARTY_LECTURE,
                    month.replace(day=25),
                    "党课",
                    people,
                    lecturer=committee[0],
                    lecture_title=f"{month.year}年第{quarter}课",
                )
            if month.month == 12:
                plan(
                    Kind.ORG_LIFE_MEETING,
                    month.replace(day=18),
                    f"{month.year}年组织生活会",
                    people,
                )
    meetings = Meeting.objects.bulk_create([m for m, _a in planned], batch_size=BATCH)
    attendance = (
        Attendance(
            meeting=meeting,
            person=person,
            status=STATUSES[(meeting.pk + person.pk) % len(STATUSES)],
        )
        for meeting, (_m, attendees) in zip(meetings, planned, strict=True)
        for person in attendees
    )
    figures.add("meetings", len(meetings))
    figures.add("attendance", _bulk(Attendance, attendance))


def _bulk(model, objects) -> int:
    """Insert a long stream in batches without holding every instance at once."""
    count, batch = 0, []
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    model.objects.bulk_create(batch)
    return count + len(batch)


def _monthly(person: Person) -> tuple[str, Decimal, Decimal]:
    """(dues category, base, monthly amount): bases spread over every bracket."""
    if person.birth_date.year < 1963:
        base = Decimal(2500 + person.pk % 7 * 600)
        rate = Decimal("0.005") if base <= 5000 else Decimal("0.01")
        category = "retired"
    else:
        base = Decimal(2000 + person.pk % 11 * 900)
        rate = next(
            r
            for bound, r in ((3000, "0.005"), (5000, "0.01"), (10000, "0.015"), (None, "0.02"))
            if bound is None or base <= bound
        )
        rate = Decimal(rate)
        category = "employed"
    return category, base, (base * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _dues(branches: list[Branch], today: datetime.date, figures: Figures) -> None:
    bases, charges, payments = [], [], []
    last_month = today.replace(day=1)
    for branch in branches:
        months = months_from(branch.first_month, last_month)
        for i, person in enumerate(branch.people):
            category, base, amount = _monthly(person)
            for year in sorted({m.year for m in months}):
                bases.append(
                    DuesBase(
                        person=person,
                        organization=branch.org,
                        year=year,
                        category=category,
                        base_amount=base,
                        rate=(amount / base).quantize(Decimal("0.0001")),
                        standard_amount=amount,
                        monthly_amount=amount,
                    )
                )
            # one member in twenty stops paying four months before today: arrears to show
            # (counted in the branch, so every branch of eight or more has one)
            behind = i % 20 == 7
            for month in months:
                charges.append(
                    Charge(person=person, organization=branch.org, month=month, amount=amount)
                )
                if behind and month > last_month - datetime.timedelta(days=110):
                    continue
                if month == last_month and today.day < 8:
                    continue
                payments.append(
                    Payment(
                        person=person,
                        organization=branch.org,
                        month=month,
                        amount=amount,
                        kind=PaymentKind.REGULAR,
                        method=Method.CASH if person.pk % 3 else Method.TRANSFER,
                        paid_on=month.replace(day=8),
                        receipt=f"{month:%Y%m}-{person.pk:06d}",
                    )
                )
    DuesBase.objects.bulk_create(bases, batch_size=BATCH)
    figures.add("dues bases", len(bases))
    figures.add("charges", _bulk(Charge, iter(charges)))
    figures.add("payments", _bulk(Payment, iter(payments)))


def _accounts(county, townships, branches: list[Branch], figures: Figures) -> None:
    """``county-admin``, ``township-N-admin`` and the secretary of every branch (``sec-<code>``,
    linked to the branch's first member), all with the password ``PASSWORD``."""
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: hashing 200 times takes a minute
    wanted = [("county-admin", "县委组织部管理员", county, Role.HIGHER_ADMIN, None)]
    wanted += [
        (f"township-{i + 1}-admin", f"{t.name}管理员", t, Role.HIGHER_ADMIN, None)
        for i, t in enumerate(townships)
    ]
    wanted += [
        (f"sec-{b.org.code}", b.people[0].name, b.org, Role.SECRETARY, b.people[0])
        for b in branches
    ]
    users = User.objects.bulk_create(
        User(username=username, first_name=full_name, password=password)
        for username, full_name, _org, _role, _person in wanted
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, organization=org, role=role)
        for user, (_u, _n, org, role, _p) in zip(users, wanted, strict=True)
    )
    people = []
    for user, (*_rest, person) in zip(users, wanted, strict=True):
        if person is not None:
            person.user = user
            people.append(person)
    Person.objects.bulk_update(people, ["user"], batch_size=BATCH)
    content_type = ContentType.objects.get_for_model(Organization)
    permissions = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    OrganizationUserObjectPermission.objects.bulk_create(
        (
            OrganizationUserObjectPermission(
                user=user, permission=permissions[codename], content_object=org
            )
            for user, (_u, _n, org, role, _p) in zip(users, wanted, strict=True)
            for codename in sorted(permissions_for_roles([role]))
        ),
        batch_size=BATCH,
    )
    figures.add("accounts", len(users))


def _audit(branches: list[Branch], figures: Figures) -> None:
    """The log the branches' work leaves when the services write it: an entry per person
    added, meeting logged and payment recorded, by the branch's secretary on the day, oldest
    first (ids follow time, as they do when the services write them): about 270,000 for the
    county, so that what reads the log (its pages, ``branch.selectors.last_write``) is measured
    on a log of realistic size."""
    first_month = {b.org.pk: b.first_month for b in branches}
    secretaries = dict(
        RoleAssignment.objects.filter(
            organization_id__in=first_month, role=Role.SECRETARY
        ).values_list("organization_id", "user_id")
    )
    types = {
        model: ContentType.objects.get_for_model(model) for model in (Person, Meeting, Payment)
    }
    rows: list[tuple] = []
    joined = Membership.objects.filter(organization_id__in=first_month).values_list(
        "organization_id", "joined_on", "person_id", "person__name"
    )
    for org, day, pk, name in joined.iterator(chunk_size=BATCH):
        rows.append((max(day, first_month[org]), org, Person, pk, name, {"person": name}))
    held = Meeting.objects.filter(organization_id__in=first_month).values_list(
        "organization_id", "held_on", "pk", "topic"
    )
    for org, day, pk, topic in held.iterator(chunk_size=BATCH):
        rows.append((day, org, Meeting, pk, topic, {"topic": topic, "held_on": day}))
    paid = Payment.objects.filter(organization_id__in=first_month).values_list(
        "organization_id", "paid_on", "pk", "month", "amount"
    )
    for org, day, pk, month, amount in paid.iterator(chunk_size=BATCH):
        rows.append(
            (day, org, Payment, pk, f"{month:%Y年%m月}党费", {"month": month, "amount": amount})
        )
    rows.sort(key=lambda row: (row[0], row[1], row[3]))
    entries = (
        AuditEntry(
            at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            actor_id=secretaries.get(org),
            organization_id=org,
            action=Action.CREATE,
            content_type=types[model],
            object_id=str(pk),
            object_repr=text[:200],
            changes=diff({}, after),
        )
        for day, org, model, pk, text, after in rows
    )
    figures.add("audit entries", _bulk(AuditEntry, entries))
