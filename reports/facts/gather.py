"""Gathering a year's facts: one read per app (members, meetings, dues, and the report's own
reads of the branch and its 党务公开), then each part of ``Facts`` written from what was read."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from branch.models import Organization
from dues.selectors_year import DuesYear, dues_year
from meetings.selectors import MeetingsYear, meetings_year
from members.selectors_year import MembersYear, members_year
from reports import typography
from reports.facts import meetings, people
from reports.facts.base import RULED_KINDS, Facts, money, rate_text
from reports.selectors import branches_of, groups_on, honors_of_year, published_in_year


def gather_facts(org: Organization, year: int, today: datetime.date | None = None) -> Facts:
    # The report is a Chinese document whatever language the user reads the site in.
    with translation.override("zh-hans"):
        return _gather(org, year, today or timezone.localdate())


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
    members = members_year(org, branches, year, day)
    held = meetings_year(branches, year, day, today)
    dues = dues_year(branches, year, day)
    people.people(facts, org, branches, members)
    people.committee(facts, org, members)
    facts.groups = sorted(groups_on(branches, day), key=typography.group_order)
    facts.honors = [
        {"date": h.awarded_on.isoformat(), "title": h.title, "issuer": h.issuer, "rank": h.rank}
        for h in honors_of_year(org, year)
    ]
    meetings.meetings(facts, branches, held)
    _dues(facts, dues)
    people.development(facts, members)
    people.transfers(facts, members)
    meetings.talks_and_review(facts, held)
    people.talk_coverage(facts, branches, members, held.talks)
    facts.published = [
        {
            "date": n.published_on.isoformat(),
            "title": n.title,
            "kind": n.kind,
            "audience": n.audience,
        }
        for n in published_in_year(branches, year, day)
    ]
    facts.previous = _previous(year - 1, members, held, dues)
    return facts


def _dues(facts: Facts, dues: DuesYear) -> None:
    # due and paid on the rate's own basis, so the three figures of the sentence agree: up to
    # the current month while the year runs, the whole year once it is over
    collected = dues.totals.collection
    facts.dues_due, facts.dues_paid = money(collected.due), money(collected.paid)
    facts.dues_rate = rate_text(collected)
    facts.dues_through = collected.through.isoformat() if collected.through else None
    facts.dues_back, facts.dues_extra = money(dues.totals.back), money(dues.totals.extra)
    facts.dues_arrears = [
        {"name": owing.person.name, "months": len(owing.months), "flagged": owing.flagged}
        for owing in dues.arrears
    ]
    facts.dues_in_arrears = len(facts.dues_arrears)
    facts.dues_flagged = sum(a["flagged"] for a in facts.dues_arrears)


def _previous(year: int, members: MembersYear, held: MeetingsYear, dues: DuesYear) -> dict | None:
    """Last year's headline figures beside this year's, when that year has records."""
    counts = held.held_last_year
    if not counts and not dues.last_year.due:
        return None
    return {
        "year": year,
        "members_total": members.members_last_year,
        "meetings": {k: counts[k] for k in RULED_KINDS if counts.get(k)},
        "dues_rate": rate_text(dues.last_year.collection),
        "new_probationary": people.admitted_in(members, year),
    }
