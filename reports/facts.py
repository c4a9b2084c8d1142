"""Everything the annual duty report states, gathered from the records of one branch and one
year, "as of" that year: a past year's report shows that year's branch.

``Facts`` holds only plain values (text, numbers, lists, dicts), so ``dataclasses.asdict`` is
the snapshot frozen with a final report and ``Facts.from_dict`` reads it back. Gathering reads a
fixed number of queries whatever the size of the branch.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone, translation

from branch.models import Honor, Organization, PartyGroup
from dues.selectors import arrears, year_summary
from meetings.compliance import calendar
from meetings.models import MAJOR_CATEGORIES, Attendance, Decision, Kind, Meeting, Review, Talk
from meetings.talks import coverage
from members.models import Aspect, DevelopmentStep, Post, Stage, StatusChange, Transfer
from members.rules import Outcome
from members.selectors import committee_on, counts_on

POST_ORDER = {post: i for i, post in enumerate(Post.values)}


def _money(value: Any) -> str:
    return f"{value:.2f}"


@dataclass
class Facts:
    organization: str
    unit: str
    year: int
    as_of: str  # the day the figures are taken on (31 December, or today in the current year)
    members_full: int = 0
    members_probationary: int = 0
    secretary: str = ""
    committee: list[dict] = field(default_factory=list)  # name, post, duties
    groups: list[str] = field(default_factory=list)
    honors: list[dict] = field(default_factory=list)  # date, title, issuer, rank
    meetings: list[dict] = field(default_factory=list)  # kind, label, held, required, short
    secretary_lectures: int = 0
    lectures: list[dict] = field(default_factory=list)  # date, lecturer, title, by_secretary
    attendance_rate: float | None = None
    study_sessions: int = 0
    documents_studied: list[str] = field(default_factory=list)
    theme_days: int = 0
    volunteer: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    decisions: int = 0
    major_decisions: list[dict] = field(default_factory=list)  # date, title, category
    dues_due: str = "0.00"
    dues_paid: str = "0.00"
    dues_rate: str | None = None
    dues_back: str = "0.00"
    dues_extra: str = "0.00"
    dues_in_arrears: int = 0
    dues_flagged: int = 0
    development: dict = field(default_factory=dict)  # stage -> names who entered it this year
    extensions: list[str] = field(default_factory=list)
    overdue_full_membership: list[str] = field(default_factory=list)
    transfers_in: list[dict] = field(default_factory=list)  # name, date, counterpart
    transfers_out: list[dict] = field(default_factory=list)
    talks: int = 0
    without_talk: list[str] = field(default_factory=list)
    committee_pairs_missing: list[list[str]] = field(default_factory=list)
    review: dict | None = None  # held_on, ratings {rating: n}, excellent [names], probationary n
    committee_term_ends: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Facts:
        return cls(**data)

    @property
    def members_total(self) -> int:
        return self.members_full + self.members_probationary


def gather_facts(org: Organization, year: int, today: datetime.date | None = None) -> Facts:
    # The report is a Chinese document whatever language the user reads the site in.
    with translation.override("zh-hans"):
        return _gather(org, year, today or timezone.localdate())


def _gather(org: Organization, year: int, today: datetime.date) -> Facts:
    day = min(datetime.date(year, 12, 31), today)
    facts = Facts(organization=org.name, unit=org.unit, year=year, as_of=day.isoformat())

    counts = counts_on(org, day)
    facts.members_full = counts[Stage.FULL]
    facts.members_probationary = counts[Stage.PROBATIONARY]
    term, posts = committee_on(org, day)
    facts.committee = [
        {"name": p.person.name, "post": str(p.get_post_display()), "duties": p.duties}
        for p in sorted(posts, key=lambda p: (POST_ORDER[p.post], p.person.name))
    ]
    facts.secretary = next((p.person.name for p in posts if p.post == "secretary"), "")
    facts.committee_term_ends = term.ends_on.isoformat() if term else None
    facts.groups = [
        g.name
        for g in PartyGroup.objects.filter(organization=org).filter(
            Q(established_on__isnull=True) | Q(established_on__lte=day),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        )
    ]
    facts.honors = [
        {"date": h.awarded_on.isoformat(), "title": h.title, "issuer": h.issuer, "rank": h.rank}
        for h in Honor.objects.filter(organization=org, awarded_on__year=year).order_by(
            "awarded_on"
        )
    ]
    _meetings(facts, org, year, day)
    _dues(facts, org, year, day)
    _development(facts, org, year, day)
    for transfer in Transfer.objects.filter(
        organization=org, transferred_on__year=year
    ).select_related("person"):
        entry = {
            "name": transfer.person.name,
            "date": transfer.transferred_on.isoformat(),
            "counterpart": transfer.counterpart,
        }
        (facts.transfers_in if transfer.direction == "in" else facts.transfers_out).append(entry)
    cover = coverage(org, year, day)
    facts.talks = Talk.objects.filter(organization=org, held_on__year=year).count()
    facts.without_talk = [p.name for p in cover.without_talk]
    facts.committee_pairs_missing = [[a.name, b.name] for a, b in cover.committee_pairs_missing]
    review = (
        Review.objects.filter(organization=org, year=year)
        .prefetch_related("entries__person")
        .first()
    )
    if review is not None:
        entries = list(review.entries.all())
        facts.review = {
            "held_on": review.held_on.isoformat(),
            "finalized": review.finalized_on is not None,
            "ratings": dict(Counter(e.rating for e in entries if e.rating)),
            "excellent": [e.person.name for e in entries if e.rating == "excellent"],
            "probationary": sum(e.probationary for e in entries),
            "reviewed": len(entries),
        }
    return facts


def _meetings(facts: Facts, org: Organization, year: int, day: datetime.date) -> None:
    cal = calendar(org, year, day)
    by_kind: dict[str, dict] = {}
    for row in cal.rows:
        entry = by_kind.setdefault(
            row.kind,
            {"kind": row.kind, "label": row.label, "held": 0, "required": 0, "short": 0},
        )
        entry["held"] += row.held
        entry["required"] += row.required
        entry["short"] += row.shortfalls
    facts.secretary_lectures = cal.secretary_lectures.held
    meetings = list(
        Meeting.objects.filter(organization=org, held_on__year=year)
        .select_related("lecturer")
        .order_by("held_on", "pk")
    )
    held = Counter(m.kind for m in meetings)
    for kind in (
        Kind.GENERAL_ASSEMBLY,
        Kind.COMMITTEE_MEETING,
        Kind.GROUP_MEETING,
        Kind.PARTY_LECTURE,
        Kind.THEME_DAY,
        Kind.ORG_LIFE_MEETING,
    ):
        entry = by_kind.get(kind)
        if entry is not None:
            entry["held"] = held[kind]  # every meeting, even beyond what a period requires
    facts.meetings = list(by_kind.values())
    secretary_ids = set(cal.secretary_lectures.meeting_ids)
    facts.lectures = [
        {
            "date": m.held_on.isoformat(),
            "lecturer": m.lecturer_display,
            "title": m.lecture_title,
            "by_secretary": m.pk in secretary_ids,
        }
        for m in meetings
        if m.kind == Kind.PARTY_LECTURE
    ]
    facts.study_sessions = held[Kind.STUDY_SESSION]
    facts.documents_studied = [
        line.strip()
        for m in meetings
        if m.kind == Kind.STUDY_SESSION
        for line in m.documents_studied.splitlines()
        if line.strip()
    ]
    facts.theme_days = held[Kind.THEME_DAY]
    facts.volunteer = [m.topic for m in meetings if m.kind == Kind.VOLUNTEER]
    facts.integrity = [m.topic for m in meetings if m.kind == Kind.INTEGRITY]
    totals = Attendance.objects.filter(
        meeting__organization=org, meeting__held_on__year=year
    ).aggregate(all=Count("pk"), present=Count("pk", filter=Q(status="present")))
    if totals["all"]:
        facts.attendance_rate = round(totals["present"] * 100 / totals["all"], 1)
    decisions = list(
        Decision.objects.filter(meeting__organization=org, meeting__held_on__year=year)
        .select_related("meeting")
        .order_by("meeting__held_on", "pk")
    )
    facts.decisions = len(decisions)
    facts.major_decisions = [
        {
            "date": d.meeting.held_on.isoformat(),
            "title": d.title,
            "category": str(d.get_category_display()),
            "passed": d.passed,
        }
        for d in decisions
        if d.category in MAJOR_CATEGORIES
    ]


def _dues(facts: Facts, org: Organization, year: int, day: datetime.date) -> None:
    summary = year_summary(org, year)
    facts.dues_due = _money(summary.due)
    facts.dues_paid = _money(min(summary.paid, summary.due) if summary.due else summary.paid)
    facts.dues_rate = str(summary.rate) if summary.rate is not None else None
    facts.dues_back = _money(summary.back)
    facts.dues_extra = _money(summary.extra)
    owing = arrears(org, day + datetime.timedelta(days=1))
    facts.dues_in_arrears = len(owing)
    facts.dues_flagged = sum(a.flagged for a in owing)


def _development(facts: Facts, org: Organization, year: int, day: datetime.date) -> None:
    changes = (
        StatusChange.objects.filter(
            aspect=Aspect.STAGE,
            effective_on__year=year,
            effective_on__lte=day,
            person__memberships__organization=org,
        )
        .select_related("person")
        .distinct()
        .order_by("effective_on", "pk")
    )
    entered: dict[str, list[str]] = {s.value: [] for s in Stage}
    for change in changes:
        if change.person.name not in entered[change.value]:
            entered[change.value].append(change.person.name)
    facts.development = entered
    steps = list(
        DevelopmentStep.objects.filter(organization=org, number__in=[15, 23])
        .select_related("person")
        .order_by("done_on")
    )
    facts.extensions = [
        s.person.name
        for s in steps
        if s.number == 23 and s.done_on.year == year and s.data.get("outcome") == Outcome.EXTENDED
    ]
    # 转正 overdue: the probation ended before the report's day and no assembly decided yet
    from members.pipeline import next_cycle, probation_end

    admitted = {s.person_id: s.person for s in steps if s.number == 15 and s.data.get("passed")}
    by_person: dict[int, list] = {}
    for step in DevelopmentStep.objects.filter(person_id__in=list(admitted)):
        by_person.setdefault(step.person_id, []).append(step)
    facts.overdue_full_membership = [
        person.name
        for pid, person in admitted.items()
        if (end := probation_end(by_person.get(pid, []))) is not None
        and end < day
        and next_cycle(by_person[pid], 23) is not None
    ]
