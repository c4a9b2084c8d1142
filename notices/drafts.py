"""Drafts proposed from the records, one function per kind of item. A draft is a snapshot:
its title, text and table are written now and the secretary reviews them before publishing.
Nothing here names more than a person's name: no ID number, phone, birth date, minutes or
attendance (a page for the public may show these drafts as they are).

The text is a Chinese document by nature, as the printed report is."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from branch.dates import long_date
from branch.models import Organization
from dues.selectors import year_summary
from meetings.models import Kind, Meeting, Rating, Review
from members.models import CommitteeTerm, Post, Stage
from members.selectors import people_in, state_of, with_history
from notices.models import NoticeKind
from notices.rules import NOTICE_PERIODS

PRE_REVIEW_STEP = 13

KIND_NAMES = {
    Kind.GENERAL_ASSEMBLY: "支部党员大会",
    Kind.COMMITTEE_MEETING: "支部委员会会议",
    Kind.GROUP_MEETING: "党小组会",
    Kind.PARTY_LECTURE: "党课",
    Kind.THEME_DAY: "主题党日",
    Kind.ORG_LIFE_MEETING: "组织生活会",
    Kind.STUDY_SESSION: "集中学习",
    Kind.VOLUNTEER: "志愿服务",
    Kind.INTEGRITY: "廉政教育",
    Kind.OTHER: "其他活动",
}
THREE_MEETINGS_ONE_LECTURE = (
    Kind.GENERAL_ASSEMBLY,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.PARTY_LECTURE,
)
POST_NAMES = {
    Post.SECRETARY: "书记",
    Post.DEPUTY: "副书记",
    Post.ORGANIZATION: "组织委员",
    Post.PROPAGANDA: "宣传委员",
    Post.DISCIPLINE: "纪检委员",
    Post.OTHER: "委员",
}
RATING_NAMES = {
    Rating.EXCELLENT: "优秀",
    Rating.QUALIFIED: "合格",
    Rating.BASIC: "基本合格",
    Rating.UNQUALIFIED: "不合格",
}


@dataclass
class Draft:
    kind: str
    title: str
    body: str
    source: str
    year: int | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    people: list = field(default_factory=list)

    @property
    def table(self) -> dict:
        return {"columns": self.columns, "rows": self.rows} if self.columns else {}


def _yuan(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def dues_draft(org: Organization, *, year: int) -> Draft:
    """党费收缴和使用情况公示 of ``year``, from the dues ledger (the 公示 of the dues app)."""
    summary = year_summary(org, year)
    text = [
        f"{year}年度，本支部{len(summary.per_person)}名党员应缴党费{_yuan(summary.due)}元，"
        f"实缴{_yuan(summary.paid)}元"
        + (f"，收缴率{summary.rate}%。" if summary.rate is not None else "。")
    ]
    if summary.back:
        text.append(f"其中补交党费{_yuan(summary.back)}元。")
    if summary.extra:
        text.append(f"党员自愿多交党费{_yuan(summary.extra)}元。")
    if summary.to_central:
        text.append(f"按规定全额上缴中央{_yuan(summary.to_central)}元。")
    # the use of the dues is told only as far as the ledger records it (what went upward)
    text.append("党员对以上情况如有疑问，可向支部委员会反映。")
    return Draft(
        kind=NoticeKind.DUES,
        title=f"{org.name}{year}年度党费收缴和使用情况公示",
        body="\n".join(text),
        source=str(year),
        year=year,
        columns=["序号", "姓名", "应缴（元）", "实缴（元）"],
        rows=[
            [str(i), person.name, _yuan(due), _yuan(paid)]
            for i, (person, due, paid, _extra) in enumerate(summary.per_person, start=1)
        ],
    )


def candidates_awaiting_pre_review(org: Organization, day: datetime.date) -> list:
    """The branch's 发展对象 on ``day`` whose pre-review (step 13) is not recorded yet."""
    people = with_history(people_in(org, day), org).prefetch_related("steps__people")
    found = []
    for person in people:
        if state_of(person, day).stage != Stage.CANDIDATE:
            continue
        if any(s.number == PRE_REVIEW_STEP for s in person.steps.all()):
            continue
        found.append(person)
    return sorted(found, key=lambda p: (p.sort_key, p.pk))


def candidate_draft(org: Organization, *, people: list) -> Draft:
    """发展对象公示 before the higher committee's pre-review."""
    days = NOTICE_PERIODS[NoticeKind.CANDIDATE].working_days
    rows = []
    for i, person in enumerate(people, start=1):
        steps = list(person.steps.all())
        chosen = max((s.done_on for s in steps if s.number == 7), default=None)
        introducers = [p.name for s in steps if s.number == 9 for p in s.people.all()]
        rows.append(
            [
                str(i),
                person.name,
                f"{chosen.year}年{chosen.month}月{chosen.day}日" if chosen else "",
                "、".join(introducers),
            ]
        )
    names = "、".join(p.name for p in people)
    return Draft(
        kind=NoticeKind.CANDIDATE,
        title=f"{org.name}关于{names}同志列为发展对象的公示",
        body=(
            f"经支部委员会研究，拟将{names}同志列为发展对象，报上级党委预审。"
            f"根据发展党员工作的有关规定，现予公示，公示期为{days}个工作日。\n"
            "公示期间，党员和群众可通过来信、来电、来访等方式，向党支部或上级党委反映公示对象"
            "的有关情况和问题。反映情况应实事求是，以个人名义反映的提倡署实名。"
        ),
        source="people:" + ",".join(str(p.pk) for p in people),
        columns=["序号", "姓名", "确定为发展对象时间", "入党介绍人"],
        rows=rows,
        people=list(people),
    )


def review_draft(org: Organization, *, year: int) -> Draft | None:
    """民主评议党员结果 of ``year``: the counts by rating and the names rated 优秀."""
    review = (
        Review.objects.filter(organization=org, year=year, finalized_on__isnull=False)
        .prefetch_related("entries__person")
        .first()
    )
    if review is None:
        return None
    entries = list(review.entries.all())
    ratings = Counter(e.rating for e in entries if e.rating)
    probationary = sum(e.probationary for e in entries)
    counts = "，".join(f"{RATING_NAMES[r]}{ratings[r]}名" for r in Rating.values if ratings.get(r))
    body = (
        f"{review.held_on.year}年{review.held_on.month}月{review.held_on.day}日，"
        f"本支部开展{year}年度民主评议党员工作，参加评议党员{len(entries)}名"
        + (f"（其中预备党员{probationary}名参加评议，不确定等次）" if probationary else "")
        + "。"
        + (f"经评议，{counts}。" if counts else "")
    )
    excellent = sorted(
        (e.person for e in entries if e.rating == Rating.EXCELLENT),
        key=lambda p: (p.sort_key, p.pk),
    )
    return Draft(
        kind=NoticeKind.REVIEW,
        title=f"{org.name}{year}年度民主评议党员结果公示",
        body=body,
        source=str(year),
        year=year,
        columns=["序号", "评议为优秀的党员"] if excellent else [],
        rows=[[str(i), p.name] for i, p in enumerate(excellent, start=1)],
    )


def latest_term(org: Organization) -> CommitteeTerm | None:
    today = timezone.localdate()
    return (
        CommitteeTerm.objects.filter(organization=org, elected_on__lte=today)
        .order_by("-elected_on")
        .first()
    )


def election_draft(org: Organization, *, term: CommitteeTerm) -> Draft:
    """支部委员会选举结果: who holds which post in the term elected."""
    # those who took office with the election (a post is often recorded a few days after the
    # vote); a member co-opted later in the term is not part of this result
    posts = sorted(
        (
            p
            for p in term.posts.select_related("person")
            if p.started_on <= term.elected_on + datetime.timedelta(days=31)
        ),
        key=lambda p: (list(Post.values).index(p.post), p.person.sort_key, p.pk),
    )
    elected = term.elected_on
    ends = term.ends_on
    names = "、".join(p.person.name for p in posts)
    return Draft(
        kind=NoticeKind.ELECTION,
        title=f"{org.name}支部委员会选举结果公示",
        body=(
            f"{elected.year}年{elected.month}月{elected.day}日，{org.name}召开党员大会，"
            f"选举产生新一届支部委员会"
            + (f"，由{names}{len(posts)}名同志组成" if posts else "")
            + f"，任期至{ends.year}年{ends.month}月。"
        ),
        source=f"term:{term.pk}",
        year=elected.year,
        columns=["职务", "姓名", "分工"] if posts else [],
        rows=[[POST_NAMES[p.post], p.person.name, p.duties] for p in posts],
    )


def meetings_draft(org: Organization, *, year: int) -> Draft:
    """“三会一课”开展情况 of ``year``: dates, kinds and topics only, never minutes or
    attendance."""
    meetings = list(
        Meeting.objects.filter(organization=org, held_on__year=year)
        .select_related("party_group")
        .order_by("held_on", "pk")
    )
    held = Counter(m.kind for m in meetings)
    counts = "，".join(
        f"{KIND_NAMES[k]}{held[k]}次" for k in THREE_MEETINGS_ONE_LECTURE if held.get(k)
    )
    others = sum(n for k, n in held.items() if k not in THREE_MEETINGS_ONE_LECTURE)
    body = f"{year}年度，本支部" + (f"召开{counts}" if counts else "未记录“三会一课”")
    body += f"，开展其他组织生活和活动{others}次。" if others else "。"
    return Draft(
        kind=NoticeKind.MEETINGS,
        title=f"{org.name}{year}年度“三会一课”开展情况",
        body=body,
        source=str(year),
        year=year,
        columns=["序号", "日期", "类别", "主题"],
        rows=[
            [
                str(i),
                long_date(m.held_on),
                KIND_NAMES[m.kind] + (f"（{m.party_group.name}）" if m.party_group else ""),
                m.topic,
            ]
            for i, m in enumerate(meetings, start=1)
        ],
    )
