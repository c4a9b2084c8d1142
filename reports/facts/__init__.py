"""Everything the annual duty report states, gathered from the records of one branch (or one
党总支 and its branches) and one year, "as of" that year: a past year's report shows that
year's branch.

Gathering reads a fixed number of queries whatever the size of the branch (a 党总支 adds a few
per branch below it for the arrears), and the database does the counting: the stage in force
on the day, the dues totals, the attendance. ``base`` holds ``Facts`` and the printed names,
``gather`` the reads, ``people`` and ``meetings`` the parts written from them.

The rules are applied to the shape the branch had in each period: the monthly 支委会 only in
months it had a committee (``meetings.compliance.committee_in_office``), a party group's
meetings only while the group existed, the committee's term after the branch's kind.
"""

from reports.facts.base import (
    CATEGORY_NAMES,
    KIND_NAMES,
    POST_NAMES,
    RULED_KINDS,
    TALK_NAMES,
    Facts,
    is_placeholder,
    period_label,
)
from reports.facts.gather import gather_facts
from reports.selectors import branches_of

__all__ = [
    "CATEGORY_NAMES",
    "KIND_NAMES",
    "POST_NAMES",
    "RULED_KINDS",
    "TALK_NAMES",
    "Facts",
    "branches_of",
    "gather_facts",
    "is_placeholder",
    "period_label",
]
