"""The report's facts about organisational life: meetings held against the rules (the
compliance calendar), lectures, study, activities, decisions, talks and the democratic review,
from one read of the year's meetings (``meetings.selectors.meetings_year``)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from meetings.compliance import OVERDUE
from meetings.models import MAJOR_CATEGORIES, Kind, TalkCategory
from meetings.selectors import MeetingsYear
from reports import typography
from reports.facts.base import (
    CATEGORY_NAMES,
    KIND_NAMES,
    RULED_KINDS,
    TALK_NAMES,
    Facts,
    is_placeholder,
    period_label,
)


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


def _against_rules(facts: Facts, branches: list, found: MeetingsYear) -> None:
    """Held against required for each ruled kind, in all and (a 党总支) branch by branch."""
    calendars = found.calendars
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
    held = Counter(m.kind for m in found.meetings)
    held_by_branch = Counter((m.organization_id, m.kind) for m in found.meetings)
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


def meetings(facts: Facts, branches: list, found: MeetingsYear) -> None:
    _against_rules(facts, branches, found)
    secretary_ids = {
        pk for cal in found.calendars.values() for pk in cal.secretary_lectures.meeting_ids
    }
    held = found.meetings
    facts.lectures = [
        {
            "date": m.held_on.isoformat(),
            "lecturer": typography.clean_name(m.lecturer_display),
            "title": m.lecture_title.strip() or m.topic.strip(),
            "by_secretary": m.pk in secretary_ids,
            "outside": m.lecturer_id is None,
        }
        for m in held
        if m.kind == Kind.PARTY_LECTURE
    ]
    facts.study_sessions = sum(m.kind == Kind.STUDY_SESSION for m in held)
    documents: list[str] = []
    for m in held:
        docs = typography.split_documents(m.documents_studied)
        if m.kind == Kind.STUDY_SESSION:
            facts.study.append(
                {"date": m.held_on.isoformat(), "topic": m.topic.strip(), "documents": docs}
            )
        for doc in docs:
            if doc not in documents:
                documents.append(doc)
    facts.documents_studied = documents
    facts.theme_days = sum(m.kind == Kind.THEME_DAY for m in held)
    facts.theme_topics = [
        {"date": m.held_on.isoformat(), "topic": m.topic.strip()}
        for m in held
        if m.kind == Kind.THEME_DAY and not is_placeholder(m.topic)
    ]
    facts.volunteer = [m.topic.strip() for m in held if m.kind == Kind.VOLUNTEER]
    facts.integrity = [m.topic.strip() for m in held if m.kind == Kind.INTEGRITY]
    facts.others = [m.topic.strip() for m in held if m.kind == Kind.OTHER]
    rows, present = found.attendance
    if rows:
        facts.attendance_rate = round(present * 100 / rows, 1)
    facts.decisions = len(found.decisions)
    facts.major_decisions = [
        {
            "date": held_on.isoformat(),
            "title": title.strip(),
            "category": CATEGORY_NAMES[category],
            "passed": passed,
        }
        for held_on, title, category, passed in found.decisions
        if category in MAJOR_CATEGORIES
    ]


def talks_and_review(facts: Facts, found: MeetingsYear) -> None:
    day = datetime.date.fromisoformat(facts.as_of)
    talks = Counter(t.category for t in found.talks if t.held_on <= day)
    facts.talks = sum(talks.values())
    facts.talk_categories = {TALK_NAMES[c]: talks[c] for c in TalkCategory.values if talks.get(c)}
    if found.reviews:
        entries = [e for _review, entries in found.reviews for e in entries]
        facts.review = {
            "held_on": found.reviews[0][0].held_on.isoformat(),
            "finalized": all(r.finalized_on is not None for r, _entries in found.reviews),
            "ratings": dict(Counter(rating for rating, _p, _n in entries if rating)),
            "excellent": [name for rating, _p, name in entries if rating == "excellent"],
            "probationary": sum(probationary for _r, probationary, _n in entries),
            "reviewed": len(entries),
        }
