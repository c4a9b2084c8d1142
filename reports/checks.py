"""Whether a text's numbers are the records' numbers.

Every figure the proposed text prints is a fact (a count, an amount, a date) or a number of a
rule it quotes (每月至少召开1次, 连续6个月). A section the secretary wrote is checked the same
way: a number in it that is none of these no longer matches the records (the records changed
after the text was written, or it was mistyped), and the editor flags the section.
"""

from __future__ import annotations

import re
from typing import Any

from reports.facts import Facts

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Dates and periods (2025年, 3月, 9月1日) and the numbers of a list's items name when, not
# how many: they are left out of the check.
NOT_COUNTS = re.compile(r"\d{4}年|\d{1,2}月(?:\d{1,2}日)?|^\d+[.．、]", re.MULTILINE)
# Numbers the text quotes from the rules rather than from the records: 每月至少召开1次,
# 连续3个月, 连续6个月, 不足7名.
RULE_NUMBERS = {"1", "3", "6", "7"}


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _collect(value: Any, found: set[str]) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str) and ISO_DATE.match(value):
        return  # dates are printed as dates, which the check leaves out
    if isinstance(value, int):
        found.add(str(value))
    elif isinstance(value, float):
        found.add(f"{value:g}")
    elif isinstance(value, str):
        for number in NUMBER.findall(value):
            found.add(number)
            if "." not in number:
                found.add(str(int(number)))  # "03" of a date is written 3
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "periods":  # 3月, 第三季度: when, not how many
                found.add(str(len(item)))
            else:
                _collect(item, found)
    elif isinstance(value, list):
        found.add(str(len(value)))
        for item in value:
            _collect(item, found)


def fact_numbers(facts: Facts) -> set[str]:
    """Every number the report may print for ``facts``."""
    found = set(RULE_NUMBERS)
    _collect(facts.as_dict(), found)
    found.add(str(facts.members_total))
    for branch in facts.branches:
        found.add(str(branch["members_full"] + branch["members_probationary"]))
    if facts.review:
        found.add(str(facts.review["reviewed"] - facts.review["probationary"]))
        found.add(str(sum(facts.review["ratings"].values())))
    found.add(str(sum(facts.talk_categories.values())))
    if facts.previous and facts.previous.get("members_total") is not None:
        found.add(str(abs(facts.members_total - facts.previous["members_total"])))
    found.add(str(sum(bool(lec.get("by_secretary")) for lec in facts.lectures)))
    by_lecturer: dict[str, int] = {}
    for lec in facts.lectures:
        by_lecturer[lec["lecturer"]] = by_lecturer.get(lec["lecturer"], 0) + 1
    found.update(str(n) for n in by_lecturer.values())
    return found


def unmatched_numbers(text: str, facts: Facts) -> list[str]:
    """The numbers of ``text`` that are not in the records, in order, once each."""
    allowed = fact_numbers(facts)
    out: list[str] = []
    for number in NUMBER.findall(NOT_COUNTS.sub("", text)):
        if number not in allowed and number not in out:
            out.append(number)
    return out
