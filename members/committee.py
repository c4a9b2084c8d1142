"""Warnings about a branch's committee (支委会), after the rules in ``members.rules``: a
branch of seven or more full members elects one, it has three to seven members, and it is
re-elected before its term ends. The committee page and the daily reminders show the same
warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from branch.dates import long_date
from branch.models import Organization
from members.rules import COMMITTEE_SIZE, COMMITTEE_THRESHOLD, TERM_WARNING
from members.selectors import committee_on, counts_on


@dataclass(frozen=True)
class CommitteeWarning:
    """``code`` names the problem and the term it is about, so a reminder of it is sent once;
    ``level`` is "danger" for a rule already broken, "warning" for one about to be."""

    code: str
    text: str
    level: str = "warning"


def committee_problems(org: Organization, day: datetime.date) -> list[CommitteeWarning]:
    voters = counts_on(org, day)["voters"]
    term, posts = committee_on(org, day)
    problems: list[CommitteeWarning] = []
    if term is None:
        if voters >= COMMITTEE_THRESHOLD:
            problems.append(
                CommitteeWarning(
                    "none",
                    _(
                        "%(org)s has %(n)d full members but no elected committee: a branch of "
                        "%(threshold)d or more full members elects one."
                    )
                    % {"org": org.name, "n": voters, "threshold": COMMITTEE_THRESHOLD},
                    "danger",
                )
            )
        return problems
    if term.ends_on <= day:
        # Still the latest term: no new committee was elected when it ended.
        problems.append(
            CommitteeWarning(
                f"ended:{term.pk}",
                _("The committee's term ended on %(date)s and no new committee has been elected.")
                % {"date": long_date(term.ends_on)},
                "danger",
            )
        )
        return problems
    if term.ends_on <= day + TERM_WARNING:
        problems.append(
            CommitteeWarning(
                f"ending:{term.pk}",
                _("The committee's term ends on %(date)s: prepare the election.")
                % {"date": long_date(term.ends_on)},
            )
        )
    size = len({p.person_id for p in posts})
    low, high = COMMITTEE_SIZE
    # Below the threshold a branch only needs a secretary; a committee is never above seven.
    too_small = voters >= COMMITTEE_THRESHOLD and size < low
    if too_small or size > high:
        problems.append(
            CommitteeWarning(
                f"size:{term.pk}:{size}",
                _("The committee has %(n)d members in office; it should have %(low)d to %(high)d.")
                % {"n": size, "low": low, "high": high},
            )
        )
    return problems


def committee_warnings(org: Organization, day: datetime.date) -> list[str]:
    """What is wrong with ``org``'s committee on ``day``, in words for the secretary."""
    return [p.text for p in committee_problems(org, day)]
