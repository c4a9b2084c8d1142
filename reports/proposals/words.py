"""Small pieces the proposed text and the problems share: names, the unit, the span of the
year."""

from __future__ import annotations

from meetings.models import Kind
from reports.facts import Facts
from reports.typography import clean_name, join_list

# how a meeting that did not happen is said: 未召开支委会, 未开展党课
VERBS = {
    Kind.GENERAL_ASSEMBLY: "召开",
    Kind.COMMITTEE_MEETING: "召开",
    Kind.GROUP_MEETING: "召开",
    Kind.PARTY_LECTURE: "开展",
    Kind.THEME_DAY: "开展",
    Kind.ORG_LIFE_MEETING: "召开",
}
LEFT_WORDS = {"去世": "去世", "出党": "出党"}


def name_list(names: list[str], limit: int = 8) -> str:
    names = [clean_name(n) for n in names]
    if len(names) > limit:
        return "、".join(names[:limit]) + f"等{len(names)}人"
    return join_list(names)


def unit(f: Facts) -> str:
    return "党总支" if f.is_general_branch else "支部"


def year_complete(f: Facts) -> bool:
    return f.as_of == f"{f.year}-12-31"


def span(f: Facts) -> str:
    """全年 for a year that is over; 本年度 while it is still running."""
    return "全年" if year_complete(f) else "本年度"


def talk_pairs(f: Facts) -> str:
    """Who talks with whom: a branch without a committee has its secretary and members."""
    return "支委之间、支委与党员之间" if f.has_committee else "书记与党员之间、党员之间"
