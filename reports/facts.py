"""Everything the annual duty report states, gathered from the records of one branch (or one
党总支 and its branches) and one year, "as of" that year: a past year's report shows that
year's branch.

``Facts`` holds only plain values (text, numbers, lists, dicts), so ``dataclasses.asdict`` is
the snapshot frozen with a final report and ``Facts.from_dict`` reads it back (a snapshot
frozen before a field was added reads with that field's default). Gathering a branch's facts
reads a fixed number of queries whatever the size of the branch; a 党总支 adds a few per
branch below it.

The rules are applied to the shape the branch had in each period: the monthly 支委会 only in
months it had a committee (``meetings.compliance.committee_in_office``), a party group's
meetings only while the group existed, the committee's term after the branch's kind.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.utils import timezone, translation

from branch.models import Honor, Organization, OrgKind, PartyGroup
from dues.selectors import Collection, arrears, year_summary
from meetings.compliance import OVERDUE, calendars_for, committee_in_office
from meetings.models import (
    MAJOR_CATEGORIES,
    Attendance,
    Decision,
    DecisionCategory,
    Kind,
    Meeting,
    Period,
    Review,
    Talk,
    TalkCategory,
)
from meetings.talks import coverage
from members.models import (
    Aspect,
    CommitteePost,
    CommitteeTerm,
    DevelopmentStep,
    Membership,
    Post,
    Stage,
    Standing,
    StatusChange,
    Transfer,
)
from members.rules import COMMITTEE_THRESHOLD, STEPS, Outcome
from members.selectors import date_entered, people_in, state_of, with_history
from notices.models import Notice
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


def _money(value: Any) -> str:
    return f"{value:.2f}"


def _rate(collected: Collection) -> str | None:
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


def gather_facts(org: Organization, year: int, today: datetime.date | None = None) -> Facts:
    # The report is a Chinese document whatever language the user reads the site in.
    with translation.override("zh-hans"):
        return _gather(org, year, today or timezone.localdate())


def branches_of(org: Organization) -> list[Organization]:
    """The branches whose records make ``org``'s report: itself, or a 党总支's branches."""
    if org.is_branch:
        return [org]
    return list(
        Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH).order_by("path")
    )


def _gather(org: Organization, year: int, today: datetime.date) -> Facts:
    day = min(datetime.date(year, 12, 31), today)
    facts = Facts(
        organization=org.name,
        unit=org.unit,
        year=year,
        as_of=day.isoformat(),
        kind=org.kind,
        community_based=org.community_based,
    )
    branches = branches_of(org)
    _people(facts, org, branches, year, day)
    _committee(facts, org, branches, day)
    facts.groups = sorted(
        (
            g.name
            for g in PartyGroup.objects.filter(organization__in=branches).filter(
                Q(established_on__isnull=True) | Q(established_on__lte=day),
                Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
            )
        ),
        key=typography.group_order,
    )
    facts.honors = [
        {"date": h.awarded_on.isoformat(), "title": h.title, "issuer": h.issuer, "rank": h.rank}
        for h in Honor.objects.filter(organization=org, awarded_on__year=year).order_by(
            "awarded_on"
        )
    ]
    _meetings(facts, branches, year, day, today)
    _dues(facts, branches, year, day)
    _development(facts, branches, year, day)
    _transfers(facts, branches, year)
    _talks_and_review(facts, branches, year, day)
    _published(facts, branches, year, day)
    facts.previous = _previous(org, branches, year - 1)
    return facts


def _people(facts: Facts, org: Organization, branches: list, year: int, day: datetime.date) -> None:
    states = [state_of(p, day) for p in with_history(people_in(org, day), org)]
    states = [s for s in states if s.standing in (Standing.NORMAL, Standing.SUSPENDED)]
    counts = Counter(s.stage for s in states)
    facts.members_full = counts[Stage.FULL]
    facts.members_probationary = counts[Stage.PROBATIONARY]
    voters = sum(s.may_vote for s in states)
    activists = []
    for s in sorted(states, key=lambda s: (s.person.sort_key, s.person.pk)):
        if s.stage != Stage.ACTIVIST:
            continue
        since = date_entered(s.person.status_changes.all(), Aspect.STAGE, Stage.ACTIVIST)
        activists.append(s.person.name)
        if since is not None and since + relativedelta(years=1) <= day + READY_WITHIN:
            facts.activists_ready.append(s.person.name)
    facts.activists = activists
    facts.committee_missing = voters >= COMMITTEE_THRESHOLD  # corrected in _committee
    if not org.is_branch:
        by_branch: dict[int, Counter] = defaultdict(Counter)
        for s in states:
            if s.membership is not None:
                by_branch[s.membership.organization_id][s.stage] += 1
        facts.branches = [
            {
                "name": b.name,
                "members_full": by_branch[b.pk][Stage.FULL],
                "members_probationary": by_branch[b.pk][Stage.PROBATIONARY],
            }
            for b in branches
        ]


def _post_name(post: CommitteePost) -> str:
    """A post as printed: a post of kind 其他 by its duty (``政工委员``)."""
    if post.post == Post.OTHER and post.duties.strip():
        return typography.clean_name(post.duties)
    return POST_NAMES[post.post]


def _committee(facts: Facts, org: Organization, branches: list, day: datetime.date) -> None:
    if not org.is_branch:
        facts.committee_missing = False
        return
    terms = sorted(
        CommitteeTerm.objects.filter(organization=org), key=lambda t: t.elected_on, reverse=True
    )
    posts = list(
        CommitteePost.objects.filter(term__organization=org).select_related("person", "term")
    )
    term = next((t for t in terms if t.elected_on <= day), None)
    current = [p for p in posts if term and p.term_id == term.pk and p.active_on(day)]
    facts.has_committee = committee_in_office(posts, day)
    facts.committee_missing = facts.committee_missing and not facts.has_committee
    facts.committee = [
        {
            "name": typography.clean_name(p.person.name),
            "post": _post_name(p),
            "duties": "" if _post_name(p) == typography.clean_name(p.duties) else p.duties,
        }
        for p in sorted(current, key=lambda p: (POST_ORDER[p.post], p.started_on, p.person.name))
    ]
    facts.secretary = next((p.person.name for p in current if p.post == Post.SECRETARY), "")
    if term is not None:
        facts.committee_elected_on = term.elected_on.isoformat()
        facts.committee_term_ends = term.ends_on.isoformat()
    year = facts.year
    elections = {t.elected_on for t in terms}
    term_ends = {t.ends_on for t in terms}
    changes = [
        {"date": t.elected_on.isoformat(), "text": "换届选举产生新一届支部委员会"}
        for t in terms
        if t.elected_on.year == year and t.elected_on <= day
    ]
    for p in posts:
        if p.started_on.year == year and p.started_on <= day and p.started_on not in elections:
            changes.append(
                {"date": p.started_on.isoformat(), "text": f"{p.person.name}任{_post_name(p)}"}
            )
        if (
            p.ended_on
            and p.ended_on.year == year
            and p.ended_on <= day
            and p.ended_on not in elections
            and p.ended_on not in term_ends
        ):
            changes.append(
                {
                    "date": p.ended_on.isoformat(),
                    "text": f"{p.person.name}不再担任{_post_name(p)}",
                }
            )
    facts.committee_changes = sorted(changes, key=lambda c: c["date"])


def _gaps(row: Any, branch: str) -> dict | None:
    periods = [
        period_label(row.frequency.period, cell.label)
        for cell in row.cells
        if cell.status == OVERDUE
    ]
    if not periods:
        return None
    return {
        "branch": branch,
        "group": row.group.name if row.group else "",
        "periods": periods,
        "whole_year": len(periods) == len(row.cells),
    }


def _meetings(
    facts: Facts, branches: list, year: int, day: datetime.date, today: datetime.date
) -> None:
    calendars = calendars_for(branches, year, min(today, day + datetime.timedelta(days=1)))
    several = len(branches) > 1
    by_kind: dict[str, dict] = {}
    per_branch: dict[int, dict[str, dict]] = defaultdict(dict)
    for branch in branches:
        cal = calendars[branch.pk]
        for row in sorted(
            cal.rows, key=lambda r: typography.group_order(r.group.name) if r.group else ()
        ):
            for target in (by_kind, per_branch[branch.pk]):
                entry = target.setdefault(
                    row.kind,
                    {
                        "kind": row.kind,
                        "label": KIND_NAMES[row.kind],
                        "held": 0,
                        "required": 0,
                        "short": 0,
                        "gaps": [],
                    },
                )
                entry["held"] += row.held
                entry["required"] += row.required
                entry["short"] += row.shortfalls
                gap = _gaps(row, branch.name if several else "")
                if gap:
                    entry["gaps"].append(gap)
        facts.secretary_lectures += cal.secretary_lectures.held
    secretary_ids = {pk for cal in calendars.values() for pk in cal.secretary_lectures.meeting_ids}
    meetings = list(
        Meeting.objects.filter(organization__in=branches, held_on__year=year, held_on__lte=day)
        .select_related("lecturer", "organization")
        .order_by("held_on", "pk")
    )
    held = Counter(m.kind for m in meetings)
    held_by_branch = Counter((m.organization_id, m.kind) for m in meetings)
    for kind in RULED_KINDS:
        # every meeting counts, even beyond what a period requires
        if kind in by_kind:
            by_kind[kind]["held"] = held[kind]
        for branch in branches:
            if kind in per_branch[branch.pk]:
                per_branch[branch.pk][kind]["held"] = held_by_branch[(branch.pk, kind)]
    facts.meetings = [by_kind[k] for k in RULED_KINDS if k in by_kind]
    if several:
        for entry, branch in zip(facts.branches, branches, strict=True):
            entry["meetings"] = [
                {k: v for k, v in per_branch[branch.pk][kind].items() if k != "gaps"}
                for kind in RULED_KINDS
                if kind in per_branch[branch.pk]
            ]
            entry["secretary_lectures"] = calendars[branch.pk].secretary_lectures.held
    facts.lectures = [
        {
            "date": m.held_on.isoformat(),
            "lecturer": typography.clean_name(m.lecturer_display),
            "title": m.lecture_title.strip() or m.topic.strip(),
            "by_secretary": m.pk in secretary_ids,
            "outside": m.lecturer is None,
        }
        for m in meetings
        if m.kind == Kind.PARTY_LECTURE
    ]
    facts.study_sessions = held[Kind.STUDY_SESSION]
    documents: list[str] = []
    for m in meetings:
        docs = typography.split_documents(m.documents_studied)
        if m.kind == Kind.STUDY_SESSION:
            facts.study.append(
                {"date": m.held_on.isoformat(), "topic": m.topic.strip(), "documents": docs}
            )
        for doc in docs:
            if doc not in documents:
                documents.append(doc)
    facts.documents_studied = documents
    facts.theme_days = held[Kind.THEME_DAY]
    facts.theme_topics = [
        {"date": m.held_on.isoformat(), "topic": m.topic.strip()}
        for m in meetings
        if m.kind == Kind.THEME_DAY and not is_placeholder(m.topic)
    ]
    facts.volunteer = [m.topic.strip() for m in meetings if m.kind == Kind.VOLUNTEER]
    facts.integrity = [m.topic.strip() for m in meetings if m.kind == Kind.INTEGRITY]
    facts.others = [m.topic.strip() for m in meetings if m.kind == Kind.OTHER]
    totals = Attendance.objects.filter(
        meeting__organization__in=branches, meeting__held_on__year=year, meeting__held_on__lte=day
    ).aggregate(all=Count("pk"), present=Count("pk", filter=Q(status="present")))
    if totals["all"]:
        facts.attendance_rate = round(totals["present"] * 100 / totals["all"], 1)
    decisions = list(
        Decision.objects.filter(
            meeting__organization__in=branches,
            meeting__held_on__year=year,
            meeting__held_on__lte=day,
        )
        .select_related("meeting")
        .order_by("meeting__held_on", "pk")
    )
    facts.decisions = len(decisions)
    facts.major_decisions = [
        {
            "date": d.meeting.held_on.isoformat(),
            "title": d.title.strip(),
            "category": CATEGORY_NAMES[d.category],
            "passed": d.passed,
        }
        for d in decisions
        if d.category in MAJOR_CATEGORIES
    ]


def _dues(facts: Facts, branches: list, year: int, day: datetime.date) -> None:
    back = extra = Decimal("0")
    collected = Collection(None)
    for branch in branches:
        summary = year_summary(branch, year, day)
        collected += summary.collection
        back += summary.back
        extra += summary.extra
        for owing in arrears(branch, day + datetime.timedelta(days=1)):
            facts.dues_arrears.append(
                {
                    "name": owing.person.name,
                    "months": len(owing.months),
                    "flagged": owing.flagged,
                }
            )
    # due and paid on the rate's own basis, so the three figures of the sentence agree: up to
    # the current month while the year runs, the whole year once it is over
    facts.dues_due, facts.dues_paid = _money(collected.due), _money(collected.paid)
    facts.dues_rate = _rate(collected)
    facts.dues_through = collected.through.isoformat() if collected.through else None
    facts.dues_back, facts.dues_extra = _money(back), _money(extra)
    facts.dues_in_arrears = len(facts.dues_arrears)
    facts.dues_flagged = sum(a["flagged"] for a in facts.dues_arrears)


def _development(facts: Facts, branches: list, year: int, day: datetime.date) -> None:
    changes = (
        StatusChange.objects.filter(
            aspect=Aspect.STAGE,
            effective_on__year=year,
            effective_on__lte=day,
            person__memberships__organization__in=branches,
        )
        .select_related("person")
        .prefetch_related("person__status_changes", "person__memberships")
        .distinct()
        .order_by("effective_on", "pk")
    )
    entered: dict[str, list[str]] = {s.value: [] for s in Stage}
    for change in changes:
        if _arrived_with(change):
            continue
        if change.person.name not in entered[change.value]:
            entered[change.value].append(change.person.name)
    facts.development = entered
    steps = list(
        DevelopmentStep.objects.filter(organization__in=branches)
        .select_related("person")
        .order_by("done_on", "pk")
    )
    in_year = [s for s in steps if s.done_on.year == year and s.done_on <= day]
    facts.development_steps = len(in_year)
    facts.late_steps = [
        {
            "name": s.person.name,
            "step": s.number,
            "title": str(STEPS[s.number].title),
            "reason": str(s.data["late_reason"]),
        }
        for s in in_year
        if s.data.get("late_reason")
    ]
    facts.extensions = [
        s.person.name
        for s in in_year
        if s.number == 23 and s.data.get("outcome") == Outcome.EXTENDED
    ]
    # 转正 overdue: the probation ended before the report's day and no assembly decided yet
    from members.pipeline import next_cycle, probation_end

    by_person: dict[int, list] = defaultdict(list)
    for step in steps:
        by_person[step.person_id].append(step)
    admitted = {s.person_id: s.person for s in steps if s.number == 15 and s.data.get("passed")}
    for pid, person in admitted.items():
        known = [s for s in by_person[pid] if s.done_on <= day]
        end = probation_end(known)
        if end is None or next_cycle(known, 23) is None:
            continue  # not admitted yet, or the assembly has decided
        if end < day:
            facts.overdue_full_membership.append(person.name)
        elif end.year == year + 1:
            facts.probation_ending.append({"name": person.name, "date": end.isoformat()})


def _arrived_with(change: StatusChange) -> bool:
    """A party member's first stage, recorded the day they joined the branch, is the stage
    they arrived with (a transfer in, a roster taken over), not a step of development here.
    An applicant's first stage is the application itself."""
    if change.value not in (Stage.PROBATIONARY, Stage.FULL):
        return False
    first = min(
        (c for c in change.person.status_changes.all() if c.aspect == Aspect.STAGE),
        key=lambda c: (c.effective_on, c.pk),
    )
    return first.pk == change.pk and any(
        m.joined_on == change.effective_on for m in change.person.memberships.all()
    )


def _transfers(facts: Facts, branches: list, year: int) -> None:
    recorded = set()
    for transfer in (
        Transfer.objects.filter(organization__in=branches, transferred_on__year=year)
        .select_related("person")
        .order_by("transferred_on", "pk")
    ):
        entry = {
            "name": transfer.person.name,
            "date": transfer.transferred_on.isoformat(),
            "counterpart": transfer.counterpart,
        }
        recorded.add((transfer.person_id, transfer.direction))
        if transfer.direction == Transfer.Direction.IN:
            facts.transfers_in.append(entry)
        else:
            facts.transfers_out.append(entry)
            if transfer.return_slip_on is None:
                facts.return_slips_missing.append(transfer.person.name)
    # A leaver recorded only with a leaving date (the roster's 离开本支部日期) moved away: a
    # transfer out without its letter in the records.
    for m in (
        Membership.objects.filter(organization__in=branches, left_on__year=year)
        .select_related("person")
        .order_by("left_on", "pk")
    ):
        if m.left_reason in ("", Membership.LeftReason.TRANSFER, Membership.LeftReason.OTHER):
            if (m.person_id, Transfer.Direction.OUT) not in recorded:
                facts.transfers_out.append(
                    {"name": m.person.name, "date": m.left_on.isoformat(), "counterpart": ""}
                )
        else:
            facts.leavers.append(
                {
                    "name": m.person.name,
                    "date": m.left_on.isoformat(),
                    "reason": str(m.get_left_reason_display()),
                }
            )
    facts.transfers_out.sort(key=lambda t: t["date"])


def _talks_and_review(facts: Facts, branches: list, year: int, day: datetime.date) -> None:
    talks = Counter(
        Talk.objects.filter(organization__in=branches, held_on__year=year, held_on__lte=day)
        .values_list("category", flat=True)
        .order_by()
    )
    facts.talks = sum(talks.values())
    facts.talk_categories = {TALK_NAMES[c]: talks[c] for c in TalkCategory.values if talks.get(c)}
    for branch in branches:
        cover = coverage(branch, year, day)
        facts.without_talk += [p.name for p in cover.without_talk]
        facts.committee_pairs_missing += [
            [a.name, b.name] for a, b in cover.committee_pairs_missing
        ]
    reviews = list(
        Review.objects.filter(organization__in=branches, year=year, held_on__lte=day)
        .prefetch_related("entries__person")
        .order_by("held_on")
    )
    if reviews:
        entries = [e for r in reviews for e in r.entries.all()]
        facts.review = {
            "held_on": reviews[0].held_on.isoformat(),
            "finalized": all(r.finalized_on is not None for r in reviews),
            "ratings": dict(Counter(e.rating for e in entries if e.rating)),
            "excellent": [e.person.name for e in entries if e.rating == "excellent"],
            "probationary": sum(e.probationary for e in entries),
            "reviewed": len(entries),
        }


def _published(facts: Facts, branches: list, year: int, day: datetime.date) -> None:
    """党务公开: what the branches published in the year (one query), so the report may say
    what was published and a problem may say that nothing was."""
    facts.published = [
        {
            "date": n.published_on.isoformat(),
            "title": n.title,
            "kind": n.kind,
            "audience": n.audience,
        }
        for n in Notice.objects.filter(
            organization__in=branches,
            published_on__year=year,
            published_on__lte=day,
            withdrawn_at__isnull=True,
        ).order_by("published_on", "pk")
    ]


def _previous(org: Organization, branches: list, year: int) -> dict | None:
    """Last year's headline figures beside this year's, when that year has records."""
    held = Counter(
        Meeting.objects.filter(organization__in=branches, held_on__year=year)
        .values_list("kind", flat=True)
        .order_by()
    )
    due = paid = Decimal("0")
    collected = Collection(None)
    for branch in branches:
        summary = year_summary(branch, year)
        collected += summary.collection
        due += summary.due
        paid += min(summary.paid, summary.due) if summary.due else summary.paid
    if not held and not due:
        return None
    day = datetime.date(year, 12, 31)
    states = [state_of(p, day) for p in with_history(people_in(org, day), org)]
    members = sum(s.is_party_member for s in states)
    admitted = {
        change.person_id
        for change in StatusChange.objects.filter(
            aspect=Aspect.STAGE,
            value=Stage.PROBATIONARY,
            effective_on__year=year,
            person__memberships__organization__in=branches,
        )
        .select_related("person")
        .prefetch_related("person__status_changes", "person__memberships")
        .distinct()
        if not _arrived_with(change)
    }
    return {
        "year": year,
        "members_total": members,
        "meetings": {k: held[k] for k in RULED_KINDS if held.get(k)},
        "dues_rate": _rate(collected),
        "new_probationary": len(admitted),
    }
