"""The branch shapes the annual report must be right for, each built through the services as
a secretary's records would be, in the year before today's (``YEAR``).

school      a school branch with a committee of five and three party groups, every rule kept
village     a village branch of six full members (a secretary, no committee), farmers' and
            retirees' dues, an outside lecturer
retirees    a branch of retired members with a committee of three and one group
changes     a committee re-elected mid-year, a post that ended, transfers in and out, a
            leaver recorded with a leaving date only, a member who died
gaps        a branch whose records have a gap of every kind
general     a 党总支 with two branches
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from branch import services as branch_services
from branch.models import Honor, OrgKind, PartyGroup
from dues import services as dues_services
from dues import services_bases as dues_bases
from meetings import reviews, talks
from meetings import services as meeting_services
from meetings.models import DecisionCategory, Kind, Rating, TalkCategory
from members import services as member_services
from members import transfers
from members.models import Category, Gender, Membership, Person, Post, Stage
from members.pipeline import step_record
from members.selectors import state_of, with_history

YEAR = timezone.localdate().year - 1
LONG_AGO = datetime.date(2010, 1, 1)


def d(month: int, day: int, year: int | None = None) -> datetime.date:
    return datetime.date(year or YEAR, month, day)


class Branch:
    """Writes one branch's records through the services, as the system."""

    def __init__(self, org):
        self.org = org
        self.people: dict[str, object] = {}
        self.groups: dict[str, PartyGroup] = {}

    def group(self, name: str, established_on=LONG_AGO, dissolved_on=None) -> PartyGroup:
        group = PartyGroup.objects.create(
            organization=self.org,
            name=name,
            established_on=established_on,
            dissolved_on=dissolved_on,
        )
        self.groups[name] = group
        return group

    def person(
        self,
        name: str,
        *,
        stage=Stage.FULL,
        joined_on=LONG_AGO,
        stage_on=None,
        category=Category.EMPLOYED,
        group: str | None = None,
    ):
        person = member_services.person_create(
            actor=None,
            org=self.org,
            name=name,
            gender=Gender.FEMALE if len(self.people) % 2 else Gender.MALE,
            birth_date=datetime.date(1960 if category == Category.RETIRED else 1985, 3, 1),
            joined_on=joined_on,
            stage=stage,
            stage_on=stage_on,
            category=category,
            party_group=self.groups[group] if group else None,
        )
        self.people[name] = person
        return person

    def stage(self, name: str, stage: str, day) -> None:
        member_services.status_change_record(
            actor=None,
            org=self.org,
            person=self.people[name],
            aspect="stage",
            value=stage,
            effective_on=day,
        )

    def committee(self, elected_on, posts: list[tuple[str, str, str]]):
        term = member_services.committee_term_create(
            actor=None, org=self.org, elected_on=elected_on
        )
        for name, post, duties in posts:
            member_services.committee_post_add(
                actor=None,
                term=term,
                person=self.people[name],
                post=post,
                started_on=elected_on,
                duties=duties,
            )
        return term

    def meeting(self, kind: str, day, topic: str, **fields):
        return meeting_services.meeting_record(
            actor=None, org=self.org, kind=kind, held_on=day, topic=topic, **fields
        )

    def monthly(self, kind: str, topic: str, months=range(1, 13), day: int = 10, **fields):
        for month in months:
            self.meeting(kind, d(month, day), topic.format(month=month), **fields)

    def quarterly(self, kind: str, topic: str, quarters=(1, 2, 3, 4), **fields):
        for quarter in quarters:
            self.meeting(kind, d(quarter * 3 - 1, 20), topic.format(quarter=quarter), **fields)

    def groups_monthly(self, skip: dict[str, list[int]] | None = None) -> None:
        skip = skip or {}
        for name, group in self.groups.items():
            for month in range(1, 13):
                if month not in skip.get(name, []):
                    self.meeting(
                        Kind.GROUP_MEETING, d(month, 12), f"{month}月党小组会", party_group=group
                    )

    def decision(self, meeting, title: str, category: str, votes: int) -> None:
        meeting_services.decision_record(
            actor=None, meeting=meeting, title=title, category=category, votes_for=votes
        )

    def talk(self, day, category: str, names: list[str], topic: str) -> None:
        talks.talk_record(
            actor=None,
            org=self.org,
            held_on=day,
            category=category,
            participants=[self.people[n] for n in names],
            topic=topic,
        )

    def talks_for_everyone(self, committee: list[str], day=None) -> None:
        """A talk between every two committee members, and every member with the secretary."""
        day = day or d(11, 5)
        for i, a in enumerate(committee):
            for b in committee[i + 1 :]:
                self.talk(day, TalkCategory.COMMITTEE_COMMITTEE, [a, b], "班子团结协作")
        others = [n for n in self.people if n not in committee and self._member(n)]
        for name in others:
            self.talk(day, TalkCategory.COMMITTEE_MEMBER, [committee[0], name], "思想和工作情况")

    def _member(self, name: str) -> bool:
        people = Person.objects.filter(pk=self.people[name].pk)
        state = state_of(with_history(people, self.org).get(), d(12, 31))
        return state.membership is not None and state.is_party_member

    def review(self, day, ratings: dict[str, str], finalized=True) -> None:
        review = reviews.review_open(actor=None, org=self.org, year=YEAR, held_on=day)
        for entry in review.entries.select_related("person"):
            if not entry.probationary:
                reviews.review_entry_update(
                    actor=None,
                    entry=entry,
                    self_evaluation="",
                    rating=ratings.get(entry.person.name, Rating.QUALIFIED),
                )
        if finalized:
            reviews.review_finalize(actor=None, review=review, decided_on=day)

    def dues(
        self,
        names: list[str],
        category: str,
        *,
        base=None,
        monthly=None,
        paid_months=range(1, 13),
    ) -> None:
        for name in names:
            dues_bases.base_set(
                actor=None,
                org=self.org,
                person=self.people[name],
                year=YEAR,
                category=category,
                base_amount=base,
                monthly_amount=monthly,
            )
        self.collect(names, paid_months)

    def collect(self, names: list[str], months) -> None:
        for month in months:
            dues_services.month_collect(
                actor=None,
                org=self.org,
                month=d(month, 1),
                people=[self.people[n] for n in names],
                paid_on=d(month, 15),
            )

    def honor(self, day, title: str, issuer: str, rank: str) -> None:
        Honor.objects.create(
            organization=self.org, awarded_on=day, title=title, issuer=issuer, rank=rank
        )


def _branch(code: str, name: str, parent, *, community=False, kind=OrgKind.BRANCH):
    return branch_services.organization_create(
        actor=None,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        unit=name.removesuffix("党支部").removesuffix("党总支"),
        community_based=community,
    )


def school(town):
    """青山镇中心小学党支部: a committee of five (one post of kind 其他 with its duty), three
    groups made out of order, every meeting held, lectures by the secretary, a teacher and an
    outside lecturer, study with documents, theme days, volunteer service, decisions of every
    三重一大 category, full talks, the review, dues all paid, development at every stage."""
    b = Branch(_branch("shape-school", "青山镇中心小学党支部", town))
    for name in ("第三党小组", "第一党小组", "第二党小组"):
        b.group(name)
    groups = ["第一党小组", "第二党小组", "第三党小组"]
    for i in range(12):
        b.person(f"教师{i + 1:02d}", group=groups[i % 3])
    b.person("王建国", group="第一党小组")
    b.person("李红梅", group="第二党小组")
    b.person("赵敏", group="第三党小组")
    b.person("周丽", group="第一党小组")
    b.person("吴强", group="第二党小组")
    b.committee(
        d(3, 1, YEAR - 2),
        [
            ("王建国", Post.SECRETARY, "主持支部全面工作（校长兼任）"),
            ("李红梅", Post.ORGANIZATION, "组织和党费"),
            ("赵敏", Post.PROPAGANDA, ""),
            ("吴强", Post.DISCIPLINE, ""),
            ("周丽", Post.OTHER, "政工委员"),
        ],
    )
    b.person("积极分子甲", stage=Stage.APPLICANT, joined_on=d(9, 1, YEAR - 2))
    b.stage("积极分子甲", Stage.ACTIVIST, d(3, 15, YEAR - 1))
    b.person("发展对象乙", stage=Stage.ACTIVIST, joined_on=d(1, 1, YEAR - 2))
    b.stage("发展对象乙", Stage.CANDIDATE, d(4, 20))
    b.person("预备党员丙", stage=Stage.CANDIDATE, joined_on=d(1, 1, YEAR - 3))
    b.stage("预备党员丙", Stage.PROBATIONARY, d(6, 25))
    b.person("转正党员丁", stage=Stage.PROBATIONARY, joined_on=d(5, 1, YEAR - 1))
    b.stage("转正党员丁", Stage.FULL, d(5, 20))
    b.person("新申请人戊", stage=Stage.APPLICANT, joined_on=d(10, 8))
    b.monthly(Kind.COMMITTEE_MEETING, "研究{month}月党建工作", day=6)
    # last year's records, for the comparison
    for month in range(1, 13):
        b.meeting(Kind.COMMITTEE_MEETING, d(month, 7, YEAR - 1), "研究支部工作")
    for quarter in (1, 2, 3, 4):
        b.meeting(Kind.GENERAL_ASSEMBLY, d(quarter * 3, 2, YEAR - 1), "支部党员大会")
    b.groups_monthly()
    assemblies = [
        b.meeting(Kind.GENERAL_ASSEMBLY, d(q * 3 - 1, 20), f"第{q}季度支部党员大会")
        for q in (1, 2, 3, 4)
    ]
    b.meeting(
        Kind.PARTY_LECTURE,
        d(3, 12),
        "专题党课",
        lecturer=b.people["赵敏"],
        lecture_title="深入学习贯彻党的二十大精神",
    )
    b.meeting(
        Kind.PARTY_LECTURE,
        d(6, 28),
        "专题党课",
        lecturer=b.people["王建国"],
        lecture_title="传承红色基因，办好人民满意的教育",
    )
    b.meeting(
        Kind.PARTY_LECTURE,
        d(9, 16),
        "专题党课",
        lecturer_name="县委党校 刘教授",
        lecture_title="全面从严治党永远在路上",
    )
    b.meeting(
        Kind.PARTY_LECTURE,
        d(11, 12),
        "专题党课",
        lecturer=b.people["王建国"],
        lecture_title="《以教育家精神铸魂强师》",
    )
    themes = {
        1: "1月主题党日",
        3: "学雷锋志愿服务月",
        4: "清明缅怀革命先烈",
        7: "参观县革命烈士纪念馆",
        10: "国庆爱国主义教育",
    }
    for month in range(1, 13):
        b.meeting(Kind.THEME_DAY, d(month, 15), themes.get(month, f"{month}月主题党日"))
    b.meeting(Kind.ORG_LIFE_MEETING, d(12, 18), f"{YEAR}年度组织生活会暨民主评议党员")
    b.meeting(
        Kind.STUDY_SESSION,
        d(1, 24),
        "集中学习党章",
        documents_studied="《中国共产党章程》",
    )
    b.meeting(
        Kind.STUDY_SESSION,
        d(10, 24),
        "学习党的二十届四中全会精神",
        documents_studied="党的二十届四中全会公报；《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
        minutes="会议由书记主持，传达学习了全会精神，大家交流了体会。",
    )
    b.meeting(Kind.VOLUNTEER, d(3, 5), "走进青山镇敬老院")
    b.meeting(Kind.VOLUNTEER, d(9, 28), "“结对助学”志愿服务")
    b.meeting(Kind.INTEGRITY, d(4, 22), "观看警示教育片")
    b.meeting(Kind.OTHER, d(5, 30), "党员教师读书分享会")
    committee_meetings = b.org.meetings.filter(
        kind=Kind.COMMITTEE_MEETING, held_on__year=YEAR
    ).order_by("held_on")
    b.decision(committee_meetings[3], "学校食堂改造工程项目立项", DecisionCategory.MAJOR_PROJECT, 5)
    b.decision(committee_meetings[6], "推荐中层干部调整人选", DecisionCategory.APPOINTMENT, 5)
    b.decision(
        committee_meetings[8], "教育教学设备采购经费使用方案", DecisionCategory.LARGE_FUNDS, 5
    )
    b.decision(assemblies[0], f"{YEAR}年支部工作计划", DecisionCategory.ORDINARY, 15)
    b.talks_for_everyone(["王建国", "李红梅", "赵敏", "吴强", "周丽"])
    b.review(d(12, 18), {"王建国": Rating.EXCELLENT, "教师01": Rating.EXCELLENT})
    members = [n for n in b.people if b._member(n)]
    b.dues(members, "employed", base="6000.00")
    b.honor(d(7, 1), "“先进基层党组织”", "青山镇党委", "镇级")
    return b.org


def village(town):
    """青山村党支部: six full members, a secretary and no committee, one group, farmers' and
    retirees' dues, an outside lecturer whose name was typed with a space."""
    b = Branch(_branch("shape-village", "青山村党支部", town, community=True))
    b.group("村党小组")
    for name in ("刘芳", "周大勇", "高秀英", "胡桂兰", "郭建"):
        b.person(name, category=Category.FARMER, group="村党小组")
    b.person("马长林", category=Category.RETIRED, group="村党小组")
    # a village elects for five years: the secretary elected four years ago is still in office
    b.committee(d(3, 10, YEAR - 4), [("刘芳", Post.SECRETARY, "")])
    b.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    b.monthly(Kind.GROUP_MEETING, "{month}月党小组会", party_group=b.groups["村党小组"])
    b.monthly(Kind.THEME_DAY, "{month}月主题党日", months=[m for m in range(1, 13) if m != 8])
    b.meeting(Kind.THEME_DAY, d(8, 20), "人居环境整治志愿服务")
    for q, (lecturer, outside, title) in enumerate(
        [
            ("刘芳", "", "走好新时代乡村振兴路"),
            ("", "县委党校 陈老师", "学习中央一号文件精神"),
            ("刘芳", "", "党员先锋作用"),
            ("", "镇党委宣传委员", "学习贯彻四中全会精神"),
        ],
        start=1,
    ):
        b.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 5),
            "党课",
            lecturer=b.people[lecturer] if lecturer else None,
            lecturer_name=outside,
            lecture_title=title,
        )
    b.meeting(Kind.ORG_LIFE_MEETING, d(12, 26), f"{YEAR}年度组织生活会")
    for name in ("周大勇", "高秀英", "胡桂兰", "郭建", "马长林"):
        b.talk(d(4, 9), TalkCategory.COMMITTEE_MEMBER, ["刘芳", name], "村级事务")
    b.review(d(12, 26), {"郭建": Rating.EXCELLENT})
    b.dues(["刘芳", "周大勇", "高秀英", "胡桂兰", "郭建"], "farmer", monthly="0.50")
    b.dues(["马长林"], "retired", base="4200.00")
    return b.org


def retirees(town):
    """离退休干部党支部: nine retired members, a committee of three, one group."""
    b = Branch(_branch("shape-retirees", "青山镇离退休干部党支部", town))
    b.group("离退休党小组")
    names = [
        "孙德明",
        "钱秀珍",
        "李保国",
        "周桂芝",
        "吴长顺",
        "郑玉兰",
        "王福生",
        "冯淑华",
        "陈永年",
    ]
    for name in names:
        b.person(name, category=Category.RETIRED, group="离退休党小组")
    b.committee(
        d(5, 8, YEAR - 1),
        [
            ("孙德明", Post.SECRETARY, ""),
            ("钱秀珍", Post.ORGANIZATION, ""),
            ("李保国", Post.DISCIPLINE, "纪检和宣传"),
        ],
    )
    b.monthly(Kind.COMMITTEE_MEETING, "研究{month}月支部工作", day=3)
    b.monthly(Kind.GROUP_MEETING, "{month}月党小组学习", party_group=b.groups["离退休党小组"])
    b.monthly(Kind.THEME_DAY, "{month}月主题党日", day=18)
    b.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    for q in (1, 2, 3, 4):
        b.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 8),
            "党课",
            lecturer=b.people["孙德明"] if q == 2 else b.people["李保国"],
            lecture_title=[
                "老党员讲初心",
                "发挥离退休党员作用",
                "健康养老与党的政策",
                "新时代老干部工作",
            ][q - 1],
        )
    b.meeting(Kind.ORG_LIFE_MEETING, d(12, 10), f"{YEAR}年度组织生活会")
    b.talks_for_everyone(["孙德明", "钱秀珍", "李保国"], day=d(11, 20))
    b.review(d(12, 10), {})
    b.dues(names, "retired", base="5600.00", paid_months=range(1, 13))
    return b.org


def changes(town):
    """城关社区党支部 (not a village): a committee re-elected on 15 June, a propaganda member
    who left office in March, a transfer in and out, a leaver recorded with a leaving date, a
    member who died."""
    b = Branch(_branch("shape-changes", "城关社区党支部", town))
    for i in range(9):
        b.person(f"社区党员{i + 1}")
    b.committee(
        d(6, 20, YEAR - 3),
        [
            ("社区党员1", Post.SECRETARY, ""),
            ("社区党员2", Post.ORGANIZATION, ""),
            ("社区党员3", Post.PROPAGANDA, ""),
        ],
    )
    post = b.org.committee_terms.get().posts.get(post=Post.PROPAGANDA)
    member_services.committee_post_end(actor=None, post=post, ended_on=d(3, 31))
    b.committee(
        d(6, 15),
        [
            ("社区党员4", Post.SECRETARY, ""),
            ("社区党员2", Post.ORGANIZATION, ""),
            ("社区党员5", Post.PROPAGANDA, ""),
            ("社区党员6", Post.DISCIPLINE, ""),
        ],
    )
    transfers.transfer_in(
        actor=None,
        org=b.org,
        transferred_on=d(4, 10),
        letter_number=f"组转〔{YEAR}〕12号",
        counterpart="城南街道党工委",
        person_fields={
            "name": "新转入",
            "gender": Gender.FEMALE,
            "birth_date": datetime.date(1990, 5, 5),
            "stage": Stage.FULL,
            "category": Category.EMPLOYED,
        },
    )
    b.people["新转入"] = b.org.memberships.get(person__name="新转入").person
    transfers.transfer_out(
        actor=None,
        org=b.org,
        person=b.people["社区党员7"],
        transferred_on=d(8, 20),
        letter_number=f"组转〔{YEAR}〕20号",
        counterpart="县教育局机关党支部",
    )
    member_services.end_membership(
        b.people["社区党员8"], b.org, d(10, 1), Membership.LeftReason.OTHER
    )
    member_services.status_change_record(
        actor=None,
        org=b.org,
        person=b.people["社区党员9"],
        aspect="standing",
        value="deceased",
        effective_on=d(11, 3),
    )
    b.monthly(Kind.COMMITTEE_MEETING, "研究{month}月社区党建工作", day=8)
    b.monthly(Kind.THEME_DAY, "{month}月主题党日", day=16)
    b.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    for q in (1, 2, 3, 4):
        b.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 9),
            "党课",
            lecturer=b.people["社区党员1" if q == 1 else "社区党员4"],
            lecture_title=f"社区治理专题{q}",
        )
    b.meeting(Kind.ORG_LIFE_MEETING, d(12, 12), f"{YEAR}年度组织生活会")
    b.talks_for_everyone(["社区党员4", "社区党员2", "社区党员5", "社区党员6"], day=d(11, 25))
    b.review(d(12, 12), {})
    return b.org


def gaps(town):
    """青山镇卫生院党支部: a committee of three; 支委会 missed in March and May, the second
    group's meetings missed in August, no party lecture in the third quarter and none by the
    secretary, no theme day in February, no 组织生活会 and no review, talks missing, two
    members behind with their dues, a probation over without a decision, a step done late."""
    b = Branch(_branch("shape-gaps", "青山镇卫生院党支部", town))
    b.group("第二党小组")
    b.group("第一党小组")
    for i in range(8):
        b.person(f"医生{i + 1}", group="第一党小组" if i < 4 else "第二党小组")
    b.committee(
        d(1, 3, YEAR - 1),
        [
            ("医生1", Post.SECRETARY, ""),
            ("医生2", Post.ORGANIZATION, ""),
            ("医生3", Post.PROPAGANDA, ""),
        ],
    )
    b.monthly(Kind.COMMITTEE_MEETING, "研究{month}月工作", months=[1, 2, 4, 6, 7, 8, 9, 10, 11, 12])
    b.groups_monthly(skip={"第二党小组": [8]})
    b.monthly(Kind.THEME_DAY, "{month}月主题党日", months=[m for m in range(1, 13) if m != 2])
    b.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    for q in (1, 2, 4):
        b.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 9),
            "党课",
            lecturer=b.people["医生5"],
            lecture_title=f"医德医风专题{q}",
        )
    b.talk(d(5, 6), TalkCategory.COMMITTEE_COMMITTEE, ["医生1", "医生2"], "分工协作")
    b.dues([f"医生{i}" for i in range(1, 9)], "employed", base="8000.00", paid_months=range(1, 9))
    b.collect([f"医生{i}" for i in range(1, 7)], range(9, 13))
    # a probationary member admitted through the pipeline whose probation ended in autumn
    b.person("陈晓", stage=Stage.APPLICANT, joined_on=d(1, 5, YEAR - 3))
    person = b.people["陈晓"]
    voters = [b.people[f"医生{i}"] for i in range(1, 9)]
    plan = [
        (1, d(1, 5, YEAR - 3), {}, []),
        (2, d(1, 20, YEAR - 3), {}, []),
        (3, d(3, 1, YEAR - 3), {}, []),
        (4, d(3, 10, YEAR - 3), {}, []),
        (5, d(3, 15, YEAR - 3), {}, [voters[0]]),
        (6, d(9, 15, YEAR - 3), {}, []),
        (7, d(4, 1, YEAR - 2), {}, []),
        (8, d(4, 10, YEAR - 2), {}, []),
        (9, d(4, 15, YEAR - 2), {}, voters[:2]),
        (10, d(5, 10, YEAR - 2), {}, []),
        (11, d(5, 20, YEAR - 2), {"training_days": 3}, []),
        (12, d(6, 1, YEAR - 2), {}, []),
        (13, d(6, 10, YEAR - 2), {}, []),
        (14, d(7, 1, YEAR - 2), {}, []),
        (15, d(9, 10, YEAR - 2), {"votes_for": 8}, []),
        (16, d(9, 20, YEAR - 2), {}, []),
        (17, d(10, 8, YEAR - 2), {}, []),
    ]
    for number, day, data, people in plan:
        step_record(
            actor=None,
            org=b.org,
            person=person,
            number=number,
            done_on=day,
            data=data,
            people=people,
        )
    # an application talked about only after two months
    b.person("林可", stage=Stage.APPLICANT, joined_on=d(3, 2))
    step_record(actor=None, org=b.org, person=b.people["林可"], number=1, done_on=d(3, 2))
    step_record(
        actor=None,
        org=b.org,
        person=b.people["林可"],
        number=2,
        done_on=d(5, 12),
        data={"late_reason": "支部书记外出培训"},
    )
    return b.org


def general(town):
    """青山镇机关党总支 with two branches: 第一党支部 (a committee of three, every rule kept)
    and 第二党支部 (five members and a secretary, no lecture in the second quarter)."""
    total = _branch("shape-general", "青山镇机关党总支", town, kind=OrgKind.GENERAL_BRANCH)
    first = Branch(_branch("shape-general-1", "机关第一党支部", total))
    for i in range(8):
        first.person(f"一支部党员{i + 1}")
    first.committee(
        d(2, 1, YEAR - 1),
        [
            ("一支部党员1", Post.SECRETARY, ""),
            ("一支部党员2", Post.ORGANIZATION, ""),
            ("一支部党员3", Post.PROPAGANDA, ""),
        ],
    )
    first.monthly(Kind.COMMITTEE_MEETING, "研究{month}月工作", day=5)
    first.monthly(Kind.THEME_DAY, "{month}月主题党日", day=20)
    first.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    for q in (1, 2, 3, 4):
        first.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 6),
            "党课",
            lecturer=first.people["一支部党员1"],
            lecture_title=f"机关作风建设{q}",
        )
    first.meeting(Kind.ORG_LIFE_MEETING, d(12, 15), f"{YEAR}年度组织生活会")
    first.talks_for_everyone(["一支部党员1", "一支部党员2", "一支部党员3"], day=d(10, 9))
    first.review(d(12, 15), {})
    first.dues([f"一支部党员{i}" for i in range(1, 9)], "employed", base="4500.00")
    second = Branch(_branch("shape-general-2", "机关第二党支部", total))
    for i in range(5):
        second.person(f"二支部党员{i + 1}")
    second.committee(d(2, 1, YEAR - 1), [("二支部党员1", Post.SECRETARY, "")])
    second.monthly(Kind.THEME_DAY, "{month}月主题党日", day=21)
    second.quarterly(Kind.GENERAL_ASSEMBLY, "第{quarter}季度支部党员大会")
    for q in (1, 3, 4):
        second.meeting(
            Kind.PARTY_LECTURE,
            d(q * 3, 7),
            "党课",
            lecturer=second.people["二支部党员1"],
            lecture_title=f"服务群众专题{q}",
        )
    second.meeting(Kind.ORG_LIFE_MEETING, d(12, 16), f"{YEAR}年度组织生活会")
    for i in range(2, 6):
        second.talk(
            d(10, 12), TalkCategory.COMMITTEE_MEMBER, ["二支部党员1", f"二支部党员{i}"], "谈心"
        )
    second.review(d(12, 16), {})
    second.dues([f"二支部党员{i}" for i in range(1, 6)], "employed", base="4500.00")
    return total


SHAPES = {
    "school": school,
    "village": village,
    "retirees": retirees,
    "changes": changes,
    "gaps": gaps,
    "general": general,
}
