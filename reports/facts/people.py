"""The report's facts about people: members and activists on the report's day, the committee
and its changes, development of members, transfers and leavers, and who had no talk — all from
one read of the branch's people (``members.selectors_year.members_year``)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from itertools import combinations

from dateutil.relativedelta import relativedelta

from branch.models import Organization
from meetings.compliance import committee_in_office
from meetings.selectors import TalkRow
from members.models import CommitteePost, Membership, Post, Stage, Transfer
from members.rules import COMMITTEE_THRESHOLD, STEPS, Outcome
from members.selectors_year import MembersYear
from reports import typography
from reports.facts.base import POST_NAMES, POST_ORDER, READY_WITHIN, Facts


def people(facts: Facts, org: Organization, branches: list, found: MembersYear) -> None:
    day = datetime.date.fromisoformat(facts.as_of)
    counted = [p for p in found.people if p.counted]
    counts = Counter(p.stage for p in counted)
    facts.members_full = counts[Stage.FULL]
    facts.members_probationary = counts[Stage.PROBATIONARY]
    for person in counted:  # in roster order
        if person.stage != Stage.ACTIVIST:
            continue
        facts.activists.append(person.name)
        since = person.activist_since
        if since is not None and since + relativedelta(years=1) <= day + READY_WITHIN:
            facts.activists_ready.append(person.name)
    # corrected in ``committee``
    facts.committee_missing = sum(p.may_vote for p in counted) >= COMMITTEE_THRESHOLD
    if not org.is_branch:
        by_branch: dict[int, Counter] = defaultdict(Counter)
        for person in counted:
            by_branch[person.branch_id][person.stage] += 1
        facts.branches = [
            {
                "name": b.name,
                "members_full": by_branch[b.pk][Stage.FULL],
                "members_probationary": by_branch[b.pk][Stage.PROBATIONARY],
            }
            for b in branches
        ]


def post_name(post: CommitteePost) -> str:
    """A post as printed: a post of kind 其他 by its duty (``政工委员``)."""
    if post.post == Post.OTHER and post.duties.strip():
        return typography.clean_name(post.duties)
    return POST_NAMES[post.post]


def committee(facts: Facts, org: Organization, found: MembersYear) -> None:
    if not org.is_branch:
        facts.committee_missing = False
        return
    day = datetime.date.fromisoformat(facts.as_of)
    terms, posts = found.terms, found.posts
    term = next((t for t in terms if t.elected_on <= day), None)
    current = [p for p in posts if term and p.term_id == term.pk and p.active_on(day)]
    facts.has_committee = committee_in_office(posts, day)
    facts.committee_missing = facts.committee_missing and not facts.has_committee
    facts.committee = [
        {
            "name": typography.clean_name(p.person.name),
            "post": post_name(p),
            "duties": "" if post_name(p) == typography.clean_name(p.duties) else p.duties,
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
                {"date": p.started_on.isoformat(), "text": f"{p.person.name}任{post_name(p)}"}
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
                    "text": f"{p.person.name}不再担任{post_name(p)}",
                }
            )
    facts.committee_changes = sorted(changes, key=lambda c: c["date"])


def development(facts: Facts, found: MembersYear) -> None:
    year, day = facts.year, datetime.date.fromisoformat(facts.as_of)
    entered: dict[str, list[str]] = {s.value: [] for s in Stage}
    for change in found.changes:
        if change.effective_on.year != year or change.arrived_with:
            continue
        if change.name not in entered[change.value]:
            entered[change.value].append(change.name)
    facts.development = entered
    steps = found.steps
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
    from members.steps import next_cycle, probation_end

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


def admitted_in(found: MembersYear, year: int) -> int:
    """How many became probationary members in ``year`` (arriving as one does not count)."""
    return len(
        {
            c.person_id
            for c in found.changes
            if c.value == Stage.PROBATIONARY and c.effective_on.year == year and not c.arrived_with
        }
    )


def transfers(facts: Facts, found: MembersYear) -> None:
    recorded = set()
    for transfer in found.transfers:
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
    for m in found.left:
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


def talk_coverage(facts: Facts, branches: list, found: MembersYear, talks: list[TalkRow]) -> None:
    """Who of each branch's party members had no talk in the year, and which pairs of its
    committee members have not talked with each other (the rule asks every committee member
    to talk with every other); the same answer as ``meetings.talks.coverage``, from the people
    already read."""
    day = datetime.date.fromisoformat(facts.as_of)
    for branch in branches:
        held = [t.participants for t in talks if t.organization_id == branch.pk]
        talked = {pk for participants in held for pk in participants}
        pairs = {frozenset(pair) for participants in held for pair in combinations(participants, 2)}
        facts.without_talk += [
            p.name
            for p in found.people
            if p.branch_id == branch.pk and p.is_party_member and p.pk not in talked
        ]
        term = next(
            (t for t in found.terms if t.organization_id == branch.pk and t.elected_on <= day),
            None,
        )
        posts = [p for p in found.posts if term and p.term_id == term.pk and p.active_on(day)]
        members = sorted({p.person for p in posts}, key=lambda p: (p.sort_key, p.pk))
        facts.committee_pairs_missing += [
            [a.name, b.name]
            for a, b in combinations(members, 2)
            if frozenset((a.pk, b.pk)) not in pairs
        ]
