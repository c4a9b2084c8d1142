"""The demo branches' people: a school branch of thirty and a village branch of twelve, with
people at every stage of development, a committee in each, a probationary member about to be
due for 转正 and an applicant whose talk is overdue.

Dates of the development steps are counted back from today, so the pipeline board always has
something due soon and something overdue. Every person is looked up before being created, so
a second run changes nothing.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from branch.demo import DemoContext
from members import services
from members.models import Category, CommitteeTerm, Education, Gender, Person, Post, Stage
from members.pipeline import step_record

M, F = Gender.MALE, Gender.FEMALE
D = datetime.date

# name, gender, birth date, party group key, category, joined the party, unit and post, login
SCHOOL_FULL = [
    (
        "王建国",
        M,
        D(1972, 3, 14),
        "teachers",
        Category.EMPLOYED,
        D(1998, 6, 20),
        "校长",
        "secretary",
    ),
    (
        "李红梅",
        F,
        D(1980, 8, 2),
        "teachers",
        Category.EMPLOYED,
        D(2004, 5, 10),
        "教导主任",
        "committee",
    ),
    (
        "张伟",
        M,
        D(1988, 11, 23),
        "teachers",
        Category.EMPLOYED,
        D(2012, 7, 1),
        "数学教师",
        "member",
    ),
    (
        "赵敏",
        F,
        D(1983, 1, 9),
        "teachers2",
        Category.EMPLOYED,
        D(2008, 12, 1),
        "语文教研组长",
        None,
    ),
    ("孙德明", M, D(1956, 4, 30), "retired", Category.RETIRED, D(1982, 7, 1), "退休教师", None),
    ("周丽", F, D(1979, 9, 17), "teachers", Category.EMPLOYED, D(2003, 6, 25), "副校长", None),
    ("吴强", M, D(1985, 2, 5), "teachers2", Category.EMPLOYED, D(2010, 6, 30), "总务主任", None),
    ("郑华", F, D(1990, 5, 21), "teachers", Category.EMPLOYED, D(2014, 11, 12), "英语教师", None),
    ("冯建军", M, D(1968, 10, 3), "teachers2", Category.EMPLOYED, D(1995, 7, 1), "体育教师", None),
    ("陈静", F, D(1992, 12, 12), "teachers", Category.EMPLOYED, D(2016, 6, 1), "音乐教师", None),
    ("褚明", M, D(1958, 7, 7), "retired", Category.RETIRED, D(1986, 3, 8), "退休教师", None),
    ("卫国强", M, D(1987, 3, 29), "teachers2", Category.EMPLOYED, D(2013, 5, 4), "科学教师", None),
    ("蒋文", F, D(1991, 8, 15), "teachers", Category.EMPLOYED, D(2017, 6, 30), "美术教师", None),
    ("沈燕", F, D(1984, 4, 18), "teachers2", Category.EMPLOYED, D(2009, 10, 1), "班主任", None),
    ("韩磊", M, D(1993, 1, 26), "teachers", Category.EMPLOYED, D(2018, 7, 1), "信息技术教师", None),
    ("杨帆", M, D(1989, 6, 6), "teachers2", Category.EMPLOYED, D(2015, 12, 20), "数学教师", None),
    ("朱琳", F, D(1960, 2, 2), "retired", Category.RETIRED, D(1988, 6, 1), "退休教师", None),
    ("秦峰", M, D(1994, 9, 9), "teachers", Category.EMPLOYED, D(2019, 6, 28), "语文教师", None),
    ("尤佳", F, D(1995, 11, 30), "teachers2", Category.EMPLOYED, D(2020, 7, 1), "英语教师", None),
    ("许诺", F, D(1996, 3, 3), "teachers", Category.EMPLOYED, D(2021, 6, 25), "心理教师", None),
]

VILLAGE_FULL = [
    (
        "刘芳",
        F,
        D(1978, 5, 12),
        "village",
        Category.EMPLOYED,
        D(2002, 7, 1),
        "村党支部书记",
        "outsider",
    ),
    ("周大勇", M, D(1965, 9, 8), "village", Category.FARMER, D(1990, 6, 1), "村民小组长", None),
    ("高秀英", F, D(1962, 1, 20), "village", Category.FARMER, D(1992, 7, 1), "村民", None),
    ("马长林", M, D(1950, 12, 5), "village", Category.RETIRED, D(1976, 6, 30), "退休干部", None),
    ("林海", M, D(1982, 4, 4), "village", Category.EMPLOYED, D(2006, 12, 1), "村委会主任", None),
    ("胡桂兰", F, D(1970, 8, 8), "village", Category.FARMER, D(1999, 7, 1), "村民", None),
    ("郭建", M, D(1975, 10, 10), "village", Category.FARMER, D(2001, 6, 1), "种植大户", None),
    ("何春生", M, D(1968, 3, 3), "village", Category.FARMER, D(1997, 6, 20), "村民", None),
    ("罗艳", F, D(1986, 6, 16), "village", Category.EMPLOYED, D(2011, 6, 30), "村会计", None),
    ("梁志", M, D(1990, 2, 14), "village", Category.STUDENT, D(2012, 5, 20), "在读研究生", None),
]


def _born(years_ago: int, today: datetime.date) -> datetime.date:
    return D(today.year - years_ago, 4, 16)


def seed(ctx: DemoContext) -> None:
    today = timezone.localdate()
    school, village = ctx.orgs["demo-school"], ctx.orgs["demo-village"]
    people = ctx.people
    for org, rows in ((school, SCHOOL_FULL), (village, VILLAGE_FULL)):
        for name, gender, born, group, category, joined, post, login in rows:
            people[name] = _full_member(
                ctx, org, name, gender, born, group, category, joined, post, login
            )
    # The school's three-year term began in the December before last: it covers last year
    # and this one, and never ends within the six months that raise a reminder.
    _committee(
        school,
        D(today.year - 2, 12, 15),
        [
            ("王建国", Post.SECRETARY, "主持支部全面工作"),
            ("周丽", Post.DEPUTY, "协助书记工作，负责党建与业务融合"),
            ("李红梅", Post.ORGANIZATION, "负责组织发展、党员管理和党费收缴"),
            ("赵敏", Post.PROPAGANDA, "负责理论学习、宣传和意识形态工作"),
            ("吴强", Post.DISCIPLINE, "负责党风廉政建设和纪律监督"),
        ],
        people,
    )
    # A community branch elects for five years; this term ends in three to four months, so
    # the village secretary is reminded to prepare the election (换届).
    ends = today.replace(day=1) + relativedelta(months=4, days=9)
    _committee(
        village,
        ends - relativedelta(years=5),
        [
            ("刘芳", Post.SECRETARY, "主持支部全面工作"),
            ("林海", Post.ORGANIZATION, "负责组织工作和党费收缴"),
            ("罗艳", Post.PROPAGANDA, "负责宣传和学习教育"),
        ],
        people,
    )
    _pipeline(ctx, school, today, people)
    _pipeline_village(ctx, village, today, people)


def _existing(org, name: str) -> Person | None:
    return Person.objects.filter(name=name, memberships__organization=org).first()


def _full_member(ctx, org, name, gender, born, group, category, joined, post, login) -> Person:
    person = _existing(org, name)
    if person is not None:
        return person
    user = ctx.users.get(login) if login else None
    person = services.person_create(
        actor=None,
        org=org,
        name=name,
        gender=gender,
        birth_date=born,
        joined_on=joined,
        stage=Stage.PROBATIONARY,
        category=category,
        party_group=ctx.groups[group],
        unit_and_post=post,
        education=Education.BACHELOR if category != Category.FARMER else Education.SECONDARY,
        phone=f"1390571{sum(map(ord, name)) % 10**4:04d}",
        user=user,
    )
    services.add_status(person, "stage", Stage.FULL, joined + relativedelta(years=1), None)
    return person


def _committee(org, elected_on, posts, people) -> None:
    # any term: a run on a later day does not elect a second committee
    if CommitteeTerm.objects.filter(organization=org).exists():
        return
    term = services.committee_term_create(actor=None, org=org, elected_on=elected_on)
    for name, post, duties in posts:
        services.committee_post_add(
            actor=None,
            term=term,
            person=people[name],
            post=post,
            started_on=elected_on,
            duties=duties,
        )


def _newcomer(ctx, org, name, gender, born, group, joined, post, plan) -> None:
    """A person in the pipeline and the steps done so far: (step, date, data, people)."""
    if (person := _existing(org, name)) is not None:
        ctx.people[name] = person
        return
    person = ctx.people[name] = services.person_create(
        actor=None,
        org=org,
        name=name,
        gender=gender,
        birth_date=born,
        joined_on=joined,
        stage=Stage.APPLICANT,
        category=Category.EMPLOYED if org.code == "demo-school" else Category.FARMER,
        party_group=ctx.groups[group],
        unit_and_post=post,
        education=Education.BACHELOR,
    )
    for number, day, data, named in plan:
        step_record(
            actor=None,
            org=org,
            person=person,
            number=number,
            done_on=day,
            data=data,
            people=named,
        )


def _path(start: datetime.date, upto: int, people, voters: int, contacts, introducers) -> list:
    """The steps 1..``upto`` of an ordinary development that began on ``start``."""
    s3 = start + relativedelta(months=2)
    s7 = s3 + relativedelta(months=13)
    s15 = s7 + relativedelta(months=4)
    s17 = s15 + relativedelta(months=1)
    dates = {
        1: start,
        2: start + relativedelta(days=20),
        3: s3,
        4: s3 + relativedelta(days=10),
        5: s3 + relativedelta(days=12),
        6: s3 + relativedelta(months=6),
        7: s7,
        8: s7 + relativedelta(days=7),
        9: s7 + relativedelta(days=10),
        10: s7 + relativedelta(months=1),
        11: s7 + relativedelta(months=2),
        12: s7 + relativedelta(months=2, days=10),
        13: s7 + relativedelta(months=3),
        14: s7 + relativedelta(months=3, days=10),
        15: s15,
        16: s15 + relativedelta(days=14),
        17: s17,
        18: s17 + relativedelta(days=7),
        19: s17 + relativedelta(days=10),
        20: s17 + relativedelta(days=20),
        21: s17 + relativedelta(months=5),
    }
    data = {
        11: {"training_days": 3, "training_hours": 24},
        15: {"votes_for": voters - 1, "votes_against": 0, "abstentions": 1},
    }
    named = {5: contacts, 9: introducers}
    return [(n, dates[n], data.get(n, {}), named.get(n, [])) for n in range(1, upto + 1)]


def _pipeline(ctx, org, today, people) -> None:
    contacts = [people["李红梅"], people["赵敏"]]
    introducers = [people["周丽"], people["郑华"]]
    voters = len(SCHOOL_FULL)

    def start_for(step15_ago_days: int) -> datetime.date:
        # work back from the day of the vote so the probation ends where the demo needs it
        return today - relativedelta(days=step15_ago_days) - relativedelta(months=4 + 13 + 2)

    # 预备党员 admitted 350 days ago: the application for 转正 is due within a fortnight
    start = start_for(350)
    _newcomer(
        ctx,
        org,
        "何晓",
        F,
        _born(27, today),
        "teachers",
        start - relativedelta(days=30),
        "语文教师",
        _path(start, 21, people, voters, contacts, introducers),
    )
    # 预备党员 admitted four months ago
    start = start_for(120)
    _newcomer(
        ctx,
        org,
        "吕博",
        M,
        _born(29, today),
        "teachers2",
        start - relativedelta(days=30),
        "数学教师",
        _path(start, 20, people, voters, contacts, introducers),
    )
    # 发展对象: one about to be voted on, one just chosen
    start = today - relativedelta(months=2 + 13 + 4)
    _newcomer(
        ctx,
        org,
        "施雨",
        F,
        _born(26, today),
        "teachers",
        start - relativedelta(days=30),
        "英语教师",
        _path(start, 14, people, voters, contacts, introducers),
    )
    start = today - relativedelta(months=2 + 13, days=20)
    _newcomer(
        ctx,
        org,
        "孔亮",
        M,
        _born(31, today),
        "teachers2",
        start - relativedelta(days=30),
        "体育教师",
        _path(start, 7, people, voters, contacts, introducers),
    )
    # 入党积极分子: the six-monthly assessment of the first is overdue
    for name, gender, months_ago, steps in (
        ("曹颖", F, 10, 5),
        ("严俊", M, 8, 6),
        ("华丹", F, 3, 5),
    ):
        start = today - relativedelta(months=months_ago + 2)
        _newcomer(
            ctx,
            org,
            name,
            gender,
            _born(25, today),
            "teachers",
            start - relativedelta(days=14),
            "教师",
            _path(start, steps, people, voters, contacts, introducers),
        )
    # 入党申请人: the talk with 金鑫 is overdue (applied 45 days ago), 魏然 applied last week
    _newcomer(
        ctx,
        org,
        "金鑫",
        M,
        _born(24, today),
        "teachers",
        today - relativedelta(days=60),
        "见习教师",
        [(1, today - relativedelta(days=45), {}, [])],
    )
    _newcomer(
        ctx,
        org,
        "魏然",
        F,
        _born(23, today),
        "teachers2",
        today - relativedelta(days=20),
        "见习教师",
        [(1, today - relativedelta(days=7), {}, [])],
    )
    _newcomer(
        ctx,
        org,
        "陶思远",
        M,
        _born(30, today),
        "teachers",
        today - relativedelta(months=4),
        "后勤职工",
        _path(today - relativedelta(months=3), 2, people, voters, [], []),
    )


def _pipeline_village(ctx, org, today, people) -> None:
    contacts = [people["林海"]]
    introducers = [people["周大勇"], people["罗艳"]]
    voters = len(VILLAGE_FULL)
    start = today - relativedelta(days=200) - relativedelta(months=4 + 13 + 2)
    _newcomer(
        ctx,
        org,
        "田野",
        M,
        _born(33, today),
        "village",
        start - relativedelta(days=30),
        "返乡创业青年",
        _path(start, 21, people, voters, contacts, introducers),
    )
    start = today - relativedelta(months=4)
    _newcomer(
        ctx,
        org,
        "钱小梅",
        F,
        _born(28, today),
        "village",
        start - relativedelta(days=30),
        "村妇女主任",
        _path(start, 5, people, voters, contacts, introducers),
    )
