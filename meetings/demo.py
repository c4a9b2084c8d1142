"""The demo branches' organisational life for last year and this year up to today.

The school branch keeps a good year with a few gaps a secretary would recognise: one quarter
this year without a general assembly, one party group that skipped two months, no theme day
during last summer's holiday, and this month's group meetings not held yet. The village branch
keeps a sparse year, so the higher committee's overview has red in it. Everything is written
through the services as the system (``actor=None``), dated from today so the calendar always
shows green, amber and red; every record is looked up before it is written, so a second run
changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from branch.demo import DemoContext
from branch.models import Organization, PartyGroup
from meetings import reviews, services, talks
from meetings.demo_plan import (
    COMMITTEE_TOPICS,
    GROUP_TOPICS,
    LEAVE_REASONS,
    RATINGS_LAST_YEAR,
    RATINGS_THIS_YEAR,
    SCHOOL_ACTIVITIES,
    SCHOOL_DECISIONS,
    SCHOOL_LECTURES,
    SCHOOL_TALKS_LAST_YEAR,
    SCHOOL_TALKS_THIS_YEAR,
    SHORTCOMINGS,
    TALK_CATEGORIES,
    THEME_TOPICS,
    UNRATED_THIS_YEAR,
)
from meetings.models import (
    Attendance,
    Decision,
    DecisionCategory,
    Kind,
    Meeting,
    Rating,
    Review,
    Talk,
)
from members.models import Person

D = datetime.date


def seed(ctx: DemoContext) -> None:
    today = timezone.localdate()
    _school(Seeder.of(ctx.orgs["demo-school"], today), ctx.groups, today)
    _village(Seeder.of(ctx.orgs["demo-village"], today), ctx.groups, today)


@dataclass
class Seeder:
    """Writes one branch's records, each only when it is not there yet and not in the
    future."""

    org: Organization
    today: datetime.date
    people: dict[str, Person]
    meetings: dict[tuple, Meeting] = field(default_factory=dict)

    @classmethod
    def of(cls, org: Organization, today: datetime.date) -> Seeder:
        people = Person.objects.filter(memberships__organization=org).distinct()
        meetings = Meeting.objects.filter(organization=org)
        return cls(
            org=org,
            today=today,
            people={p.name: p for p in people},
            meetings={(m.kind, m.held_on, m.topic, m.party_group_id): m for m in meetings},
        )

    def meeting(
        self, kind: str, day: datetime.date, topic: str, group: PartyGroup | None = None, **fields
    ) -> Meeting | None:
        key = (kind, day, topic, group.pk if group else None)
        if key in self.meetings or day > self.today:
            return self.meetings.get(key)
        for name in ("host", "recorder", "lecturer"):
            if isinstance(fields.get(name), str):
                fields[name] = self.people[fields[name]]
        expected = services.expected_attendees(self.org, kind, day, group)
        leading = {fields[n].pk for n in ("host", "recorder", "lecturer") if fields.get(n)}
        attendance = _attendance(kind, day, [p for p in expected if p.pk not in leading])
        # whoever hosted, took the minutes or lectured was there
        attendance |= {p.pk: (Attendance.Status.PRESENT, "") for p in expected if p.pk in leading}
        meeting = services.meeting_record(
            actor=None,
            org=self.org,
            kind=kind,
            held_on=day,
            topic=topic,
            party_group=group,
            attendance=attendance,
            **fields,
        )
        self.meetings[key] = meeting
        return meeting

    def decision(self, meeting: Meeting | None, title: str, category: str) -> None:
        if meeting is None or Decision.objects.filter(meeting=meeting, title=title).exists():
            return
        present = services.quorum(meeting).present
        services.decision_record(
            actor=None, meeting=meeting, title=title, category=category, votes_for=present
        )

    def talk(self, day: datetime.date, category: str, names: list[str], topic: str) -> None:
        if (
            day > self.today
            or Talk.objects.filter(organization=self.org, held_on=day, topic=topic).exists()
        ):
            return
        talks.talk_record(
            actor=None,
            org=self.org,
            held_on=day,
            category=TALK_CATEGORIES[category],
            participants=[self.people[n] for n in names],
            topic=topic,
            summary=f"{'、'.join(names)}围绕“{topic}”交流思想，互相提出意见建议。",
        )

    def review(
        self,
        meeting: Meeting | None,
        ratings: dict[str, str],
        unrated: list[str],
        decided_on: datetime.date | None,
    ) -> None:
        if meeting is None:
            return
        decided = decided_on is not None and decided_on <= self.today
        review = Review.objects.filter(organization=self.org, year=meeting.held_on.year).first()
        if review is None:
            review = reviews.review_open(
                actor=None,
                org=self.org,
                year=meeting.held_on.year,
                held_on=meeting.held_on,
                meeting=meeting,
            )
            entries, still_unrated = list(review.entries.select_related("person")), unrated
        elif review.finalized_on or not decided:
            return  # as the demo or a user left it: a second run changes nothing
        else:
            # a run after the ratings were decided: rate whoever is still unrated, then decide
            entries = [e for e in review.entries.select_related("person") if not e.rating]
            still_unrated = []
        for entry in entries:
            name = entry.person.name
            rating = (
                ""
                if entry.probationary or name in still_unrated
                else ratings.get(name, Rating.QUALIFIED)
            )
            text = entry.self_evaluation or _self_evaluation(entry.person, review.year)
            if (entry.self_evaluation, entry.rating) != (text, rating):
                reviews.review_entry_update(
                    actor=None, entry=entry, self_evaluation=text, rating=rating
                )
        if decided:
            reviews.review_finalize(actor=None, review=review, decided_on=decided_on)


def _attendance(kind: str, day: datetime.date, people: list[Person]) -> dict:
    """Mostly present; now and then one on leave with a reason, and at larger meetings now and
    then one absent. Chosen from the date, so a second run picks the same people."""
    out = {p.pk: (Attendance.Status.PRESENT, "") for p in people}
    if not people:
        return out
    seed = day.toordinal()
    small = kind in (Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING)
    if not small or day.month % 4 == 1:
        reason = LEAVE_REASONS[seed % len(LEAVE_REASONS)]
        out[people[seed % len(people)].pk] = (Attendance.Status.LEAVE, reason)
    if not small and day.month % 3 == 0 and len(people) > 5:
        out[people[(seed + 5) % len(people)].pk] = (Attendance.Status.ABSENT, "")
    return out


def _self_evaluation(person: Person, year: int) -> str:
    post = person.unit_and_post or "本职"
    shortcoming = SHORTCOMINGS[(person.pk + year) % len(SHORTCOMINGS)]
    return (
        f"{year}年，本人坚持学习党的创新理论，在{post}岗位上履职尽责，按时参加组织生活、"
        f"交纳党费。不足是{shortcoming}，今后努力改进，发挥好党员先锋模范作用。"
    )


def _weekday(year: int, month: int, day: int) -> datetime.date:
    """The day, or the nearest working day of the same month when it falls on a weekend."""
    date = D(year, month, day)
    shift = {5: -1, 6: 1}.get(date.weekday(), 0)
    moved = date + datetime.timedelta(days=shift)
    if moved.month != month:
        moved = date + datetime.timedelta(days=2 if shift < 0 else -2)
    return moved


def _months(today: datetime.date) -> list[tuple[int, int]]:
    """(year, month) from January last year to this month."""
    return [(today.year - 1, m) for m in range(1, 13)] + [
        (today.year, m) for m in range(1, today.month + 1)
    ]


def _school(s: Seeder, groups: dict[str, PartyGroup], today: datetime.date) -> None:
    this_quarter = (today.month - 1) // 3 + 1
    missing_quarter = (today.year, max(this_quarter - 1, 1))
    skipped = {(d.year, d.month) for d in (today - relativedelta(months=n) for n in (2, 3))}
    group_days = [("teachers", 10, "李红梅"), ("teachers2", 12, "赵敏"), ("retired", 18, "孙德明")]
    for year, month in _months(today):
        meeting = s.meeting(
            Kind.COMMITTEE_MEETING,
            _weekday(year, month, 6),
            COMMITTEE_TOPICS[month - 1],
            host="王建国",
            recorder="李红梅",
        )
        if month in SCHOOL_DECISIONS:
            s.decision(meeting, *SCHOOL_DECISIONS[month])
        if (year, month) != (today.year - 1, 8):  # no theme day in last summer's holiday
            s.meeting(Kind.THEME_DAY, D(year, month, 15), THEME_TOPICS[month - 1], host="王建国")
        for key, day, leader in group_days:
            # this month's group meetings are still to come; one group skipped two months
            if (year, month) == (today.year, today.month) or (
                key == "retired" and (year, month) in skipped
            ):
                continue
            topic = f"{month}月党小组学习：{GROUP_TOPICS[month - 1]}"
            s.meeting(
                Kind.GROUP_MEETING, _weekday(year, month, day), topic, groups[key], host=leader
            )
        quarter = (month - 1) // 3 + 1
        if month % 3 == 2 and (year, quarter) != missing_quarter:
            meeting = s.meeting(
                Kind.GENERAL_ASSEMBLY,
                _weekday(year, month, 20),
                f"{year}年第{quarter}季度支部党员大会",
                host="王建国",
                recorder="李红梅",
            )
            if quarter == 1:
                s.decision(meeting, f"{year}年支部工作计划", DecisionCategory.ORDINARY)
        for lecture_month, day, title, lecturer, outside in SCHOOL_LECTURES:
            if lecture_month == month:
                s.meeting(
                    Kind.PARTY_LECTURE,
                    _weekday(year, month, day),
                    f"专题党课：{title}",
                    lecturer=lecturer or None,
                    lecturer_name=outside,
                    lecture_title=title,
                    host="王建国",
                )
        for kind, activity_month, day, topic, documents in SCHOOL_ACTIVITIES:
            if activity_month == month:
                s.meeting(kind, _weekday(year, month, day), topic, documents_studied=documents)
    last_life = s.meeting(
        Kind.ORG_LIFE_MEETING,
        D(today.year - 1, 12, 18),
        f"{today.year - 1}年度组织生活会暨民主评议党员",
        host="王建国",
        recorder="李红梅",
    )
    s.review(last_life, RATINGS_LAST_YEAR, [], D(today.year - 1, 12, 25))
    this_life = s.meeting(
        Kind.ORG_LIFE_MEETING,
        D(today.year, 11, 20),
        f"{today.year}年度组织生活会暨民主评议党员",
        host="王建国",
        recorder="李红梅",
    )
    s.review(this_life, RATINGS_THIS_YEAR, UNRATED_THIS_YEAR, None)
    for year, plan in (
        (today.year - 1, SCHOOL_TALKS_LAST_YEAR),
        (today.year, SCHOOL_TALKS_THIS_YEAR),
    ):
        for month, day, category, names, topic in plan:
            s.talk(D(year, month, day), category, names, topic)


def _village(s: Seeder, groups: dict[str, PartyGroup], today: datetime.date) -> None:
    """A branch that falls behind: committee meetings every other month, assemblies in two
    quarters, group meetings and theme days with gaps, one party lecture a year."""
    for year, month in _months(today):
        if month % 2 == 1:
            s.meeting(
                Kind.COMMITTEE_MEETING,
                _weekday(year, month, 8),
                f"研究{month}月村级党建和乡村振兴工作",
                host="刘芳",
            )
        if month in (2, 8):
            s.meeting(
                Kind.GENERAL_ASSEMBLY,
                _weekday(year, month, 25),
                f"{year}年第{(month - 1) // 3 + 1}季度支部党员大会",
                host="刘芳",
                recorder="罗艳",
            )
        if month in (1, 2, 4, 5, 7, 9, 10) and (year, month) != (today.year, today.month):
            s.meeting(
                Kind.GROUP_MEETING,
                _weekday(year, month, 16),
                f"{month}月党小组学习：{GROUP_TOPICS[month - 1]}",
                groups["village"],
                host="周大勇",
            )
        if month not in (2, 7, 8):
            s.meeting(Kind.THEME_DAY, D(year, month, 10), THEME_TOPICS[month - 1], host="刘芳")
    s.meeting(
        Kind.PARTY_LECTURE,
        _weekday(today.year - 1, 6, 30),
        "专题党课：走好新时代乡村振兴路",
        lecturer="刘芳",
        lecture_title="走好新时代乡村振兴路",
    )
    s.meeting(
        Kind.PARTY_LECTURE,
        _weekday(today.year, 3, 20),
        "专题党课：学习中央一号文件精神",
        lecturer_name="镇党委宣传委员",
        lecture_title="学习中央一号文件精神",
    )
    s.meeting(Kind.VOLUNTEER, _weekday(today.year, 5, 10), "人居环境整治志愿服务")
    s.meeting(
        Kind.ORG_LIFE_MEETING,
        D(today.year - 1, 12, 26),
        f"{today.year - 1}年度组织生活会",
        host="刘芳",
    )
    s.talk(D(today.year - 1, 3, 12), "cc", ["刘芳", "林海"], "村两委工作协调")
    s.talk(D(today.year - 1, 4, 9), "cc", ["刘芳", "罗艳"], "宣传和学习教育")
    s.talk(D(today.year, 4, 8), "cc", ["刘芳", "林海"], "换届准备工作")
