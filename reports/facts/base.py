"""What the annual duty report states, as plain values: ``Facts`` and the names the report
prints for the records' codes (posts, meeting kinds, decision and talk categories).

``Facts`` holds only plain values (text, numbers, lists, dicts), so ``dataclasses.asdict`` is
the snapshot frozen with a final report and ``Facts.from_dict`` reads it back (a snapshot
frozen before a field was added reads with that field's default); the editor's cache keeps the
same dict.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from dateutil.relativedelta import relativedelta

from branch.models import OrgKind
from dues.selectors import Collection
from meetings.models import DecisionCategory, Kind, Period, TalkCategory
from members.models import Post
from reports import typography

POST_ORDER = {post: i for i, post in enumerate(Post.values)}
POST_NAMES = {
    Post.SECRETARY: "书记",
    Post.DEPUTY: "副书记",
    Post.ORGANIZATION: "组织委员",
    Post.PROPAGANDA: "宣传委员",
    Post.DISCIPLINE: "纪检委员",
    Post.OTHER: "委员",
}
KIND_NAMES = {
    Kind.GENERAL_ASSEMBLY: "支部党员大会",
    Kind.COMMITTEE_MEETING: "支委会",
    Kind.GROUP_MEETING: "党小组会",
    Kind.PARTY_LECTURE: "党课",
    Kind.THEME_DAY: "主题党日",
    Kind.ORG_LIFE_MEETING: "组织生活会",
    Kind.STUDY_SESSION: "集中学习",
    Kind.VOLUNTEER: "志愿服务",
    Kind.INTEGRITY: "廉政教育",
    Kind.OTHER: "其他活动",
}
RULED_KINDS = (
    Kind.GENERAL_ASSEMBLY,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.PARTY_LECTURE,
    Kind.THEME_DAY,
    Kind.ORG_LIFE_MEETING,
)
CATEGORY_NAMES = {
    DecisionCategory.MAJOR_DECISION: "重大事项决策",
    DecisionCategory.APPOINTMENT: "重要干部任免",
    DecisionCategory.MAJOR_PROJECT: "重大项目安排",
    DecisionCategory.LARGE_FUNDS: "大额资金使用",
}
TALK_NAMES = {
    TalkCategory.COMMITTEE_COMMITTEE: "支委之间",
    TalkCategory.COMMITTEE_MEMBER: "支委与党员",
    TalkCategory.MEMBER_MEMBER: "党员之间",
}
# A topic that only says which meeting it was ("3月主题党日", "第二季度支部党员大会") tells a
# reader nothing: the report names only topics that say what was done.
_PLACEHOLDER = re.compile(
    r"^(\d{4}年)?(度)?(第?[\d一二三四五六七八九十]+(月份?|季度))?的?"
    r"(主题党日|党小组会|党小组学习|支委会|支部委员会会议|支部委员会|支部党员大会|党员大会|党课|"
    r"集中学习|学习|志愿服务|廉政教育|组织生活会|活动|其他)(活动)?$"
)
# An activist who will have been one for a year by mid-next-year is ready to be considered
# as a candidate (step 7 needs one year of education and assessment).
READY_WITHIN = relativedelta(months=6)


def is_placeholder(topic: str) -> bool:
    return not topic.strip() or bool(_PLACEHOLDER.match(typography.clean_name(topic)))


def money(value: Any) -> str:
    return f"{value:.2f}"


def rate_text(collected: Collection) -> str | None:
    """The dues app's one 收缴率 (``dues.selectors.Collection``), over the branches."""
    return None if collected.rate is None else str(collected.rate)


def period_label(period: str, label: str) -> str:
    """The words for one period of a rule: 3月, 第三季度, 全年."""
    if period == Period.MONTH:
        return f"{int(label)}月"
    if period == Period.QUARTER:
        return typography.quarter_label(int(label.lstrip("Q")))
    return "全年"


@dataclass
class Facts:
    organization: str
    unit: str
    year: int
    as_of: str  # the day the figures are taken on (31 December, or today in the current year)
    kind: str = OrgKind.BRANCH
    community_based: bool = False
    members_full: int = 0
    members_probationary: int = 0
    secretary: str = ""
    has_committee: bool = False  # a committee in office on ``as_of`` (not a lone secretary)
    committee_missing: bool = False  # seven or more full members and no committee
    committee: list[dict] = field(default_factory=list)  # name, post, duties
    committee_changes: list[dict] = field(default_factory=list)  # date, text
    committee_elected_on: str | None = None
    committee_term_ends: str | None = None
    groups: list[str] = field(default_factory=list)
    branches: list[dict] = field(default_factory=list)  # a 党总支's branches and their figures
    honors: list[dict] = field(default_factory=list)  # date, title, issuer, rank
    # kind, label, held, required, short, gaps [{branch, group, periods}]
    meetings: list[dict] = field(default_factory=list)
    secretary_lectures: int = 0
    lectures: list[dict] = field(default_factory=list)  # date, lecturer, title, by_secretary
    attendance_rate: float | None = None
    study_sessions: int = 0
    study: list[dict] = field(default_factory=list)  # date, topic, documents
    documents_studied: list[str] = field(default_factory=list)
    theme_days: int = 0
    theme_topics: list[dict] = field(default_factory=list)  # date, topic (not placeholders)
    volunteer: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # activities of kind 其他
    decisions: int = 0
    major_decisions: list[dict] = field(default_factory=list)  # date, title, category
    dues_due: str = "0.00"
    dues_paid: str = "0.00"
    dues_rate: str | None = None  # the app's one 收缴率: paid against due up to dues_through
    dues_through: str | None = None  # the first day of the last month counted
    dues_back: str = "0.00"
    dues_extra: str = "0.00"
    dues_in_arrears: int = 0
    dues_flagged: int = 0
    dues_arrears: list[dict] = field(default_factory=list)  # name, months, flagged
    development: dict = field(default_factory=dict)  # stage -> names who entered it this year
    development_steps: int = 0  # steps recorded in the year
    late_steps: list[dict] = field(default_factory=list)  # name, step, reason
    activists: list[str] = field(default_factory=list)  # activists on ``as_of``
    activists_ready: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    probation_ending: list[dict] = field(default_factory=list)  # name, date: next year
    overdue_full_membership: list[str] = field(default_factory=list)
    transfers_in: list[dict] = field(default_factory=list)  # name, date, counterpart
    transfers_out: list[dict] = field(default_factory=list)
    return_slips_missing: list[str] = field(default_factory=list)
    leavers: list[dict] = field(default_factory=list)  # name, date, reason (not transfers)
    talks: int = 0
    talk_categories: dict = field(default_factory=dict)  # category name -> count
    without_talk: list[str] = field(default_factory=list)
    committee_pairs_missing: list[list[str]] = field(default_factory=list)
    review: dict | None = None  # held_on, ratings {rating: n}, excellent [names], probationary n
    # 党务公开: items published in the year and not withdrawn (date, title, kind, audience)
    published: list[dict] = field(default_factory=list)
    previous: dict | None = None  # last year's figures, where that year has records

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Facts:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def members_total(self) -> int:
        return self.members_full + self.members_probationary

    @property
    def is_general_branch(self) -> bool:
        return self.kind == OrgKind.GENERAL_BRANCH
