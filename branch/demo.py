"""The demo organisation loaded by ``seed_demo``: a township committee with two branches,
party groups, honours and one login per persona. Every step looks before it writes, so a
second run changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from branch import services
from branch.models import Honor, Organization, OrgKind, PartyGroup, Role, RoleAssignment
from branch.reminders import reminders_send

DEMO_PASSWORD = "zhibu-demo-2026"


@dataclass
class DemoContext:
    """What the organisation seed made, handed on to the other apps' seeds."""

    orgs: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, PartyGroup] = field(default_factory=dict)
    # the demo's own people by name (members.demo); later seeds write records for them only,
    # never for people a user added to the demo branches since
    people: dict[str, Any] = field(default_factory=dict)


ORGS = [
    # code, name, kind, parent, unit, village or community
    ("demo-town", "青山镇党委", OrgKind.COMMITTEE, None, "青山镇", False),
    ("demo-school", "青山镇中心小学党支部", OrgKind.BRANCH, "demo-town", "青山镇中心小学", False),
    ("demo-village", "青山村党支部", OrgKind.BRANCH, "demo-town", "青山村村民委员会", True),
]

GROUPS = [
    # org, key, name, leader, established
    ("demo-school", "teachers", "教师第一党小组", "李红梅", datetime.date(2019, 3, 1)),
    ("demo-school", "teachers2", "教师第二党小组", "赵敏", datetime.date(2019, 3, 1)),
    ("demo-school", "retired", "离退休党小组", "孙德明", datetime.date(2021, 9, 1)),
    ("demo-village", "village", "第一党小组", "周大勇", datetime.date(2018, 5, 1)),
]

HONORS = [
    # org, years back from the latest 1 July passed, month, day, title, issuer, rank
    ("demo-school", 1, 6, 28, "先进基层党组织", "青山镇党委", "镇级"),
    ("demo-school", 0, 6, 30, "五星级党支部", "中共清河县委组织部", "县级"),
    ("demo-village", 0, 7, 1, "乡村振兴先进党支部", "青山镇党委", "镇级"),
]

# login, full name, role, organisation — one per persona
PERSONAS = [
    ("secretary", "王建国", Role.SECRETARY, "demo-school"),
    ("committee", "李红梅", Role.COMMITTEE, "demo-school"),
    ("member", "张伟", Role.MEMBER, "demo-school"),
    ("township", "陈志强", Role.HIGHER_ADMIN, "demo-town"),
    ("outsider", "刘芳", Role.SECRETARY, "demo-village"),
]

PERSONA_LABELS = {
    "secretary": "支部书记",
    "committee": "支部委员",
    "member": "普通党员",
    "township": "镇党委管理员",
    "outsider": "另一支部的书记",
}


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    for code, name, kind, parent, unit, community in ORGS:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            org = services.organization_create(
                actor=None,
                code=code,
                name=name,
                kind=kind,
                parent=ctx.orgs.get(parent) if parent else None,
                unit=unit,
                community_based=community,
            )
        ctx.orgs[code] = org

    for code, key, name, leader, established in GROUPS:
        org = ctx.orgs[code]
        group = PartyGroup.objects.filter(organization=org, name=name).first()
        if group is None:
            group = services.party_group_create(
                actor=None, org=org, name=name, leader_name=leader, established_on=established
            )
        ctx.groups[key] = group

    today = timezone.localdate()
    # honours of "this year" fall on the last 1 July passed, so none lies in the future and
    # last year's report always names one
    latest_year = today.year if (today.month, today.day) >= (7, 1) else today.year - 1
    for code, back, month, dom, title, issuer, rank in HONORS:
        day = datetime.date(latest_year - back, month, dom)
        org = ctx.orgs[code]
        # by title: a run on a later day does not award the same honour again
        if not Honor.objects.filter(organization=org, title=title).exists():
            services.honor_create(
                actor=None, org=org, awarded_on=day, title=title, issuer=issuer, rank=rank
            )

    for username, full_name, role, code in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=full_name,
                email=f"{username}@demo.invalid",
            )
        org = ctx.orgs[code]
        if not RoleAssignment.objects.filter(user=user, organization=org, role=role).exists():
            services.role_grant(actor=None, org=org, user=user, role=role)
        ctx.users[username] = user


def remind() -> int:
    """The daily reminder job (``make beat`` runs it at 07:00), once every app has seeded, so
    the notifications page shows what the dashboard shows. It notifies each user of each key
    once, so running it again adds nothing; the demo's addresses are ``.invalid``, so nobody
    is e-mailed."""
    return reminders_send(today=timezone.localdate())
