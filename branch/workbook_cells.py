"""Reading one cell of the branch workbook (DESIGN §6): text, dates, months, choices, lists.

A parser gets the raw value openpyxl read (``str``, ``int``, ``float``, ``datetime``…; never
``None``, blank cells do not reach it) and returns the typed value, or raises ``CellError`` with
a message a secretary understands. The workbook framework adds the sheet, row and column.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

Parser = Callable[[Any], Any]

# What people type between the parts of a date: 2020-07-01, 2020/7/1, 2020.07.01, 2020年7月1日
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
LIST_SEPARATORS = re.compile(r"[、,，;；]")


class CellError(ValueError):
    """The value of one cell cannot be read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(value: Any) -> str:
    """A cell as text: numbers without a spurious ``.0``, spaces (also full-width) trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def is_blank(value: Any) -> bool:
    return clean_text(value) == ""


def text(value: Any) -> str:
    return clean_text(value)


def date(value: Any) -> datetime.date:
    """A real date cell, or text as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年M月D日."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = clean_text(value)
    match = DATE_RE.match(raw)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": raw})


def past_date(value: Any) -> datetime.date:
    """A date that is not in the future: records are of what has happened."""
    from branch.dates import long_date

    day = date(value)
    if day > timezone.localdate():
        raise CellError(_("%(date)s is in the future.") % {"date": long_date(day)})
    return day


def dated(kind: str, label: str) -> Parser:
    """A parser for a date held to the rule of ``kind`` in ``branch.dates`` (the column
    ``label`` names it in the message; the branch's own floor is the services' to check)."""
    from branch.dates import ImplausibleDate, check_date

    def parse(value: Any) -> datetime.date:
        try:
            return check_date(kind, date(value), label=label)
        except ImplausibleDate as exc:
            raise CellError(exc.message) from None

    parse.is_date = True  # a date column, formatted as one in the blank workbook
    return parse


def month(value: Any) -> datetime.date:
    """A month as YYYY-MM (or a date cell): the first day of that month."""
    if isinstance(value, datetime.date):
        return (value.date() if isinstance(value, datetime.datetime) else value).replace(day=1)
    raw = clean_text(value)
    match = MONTH_RE.match(raw)
    if match and 1 <= int(match.group(2)) <= 12:
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)
    try:
        return date(raw).replace(day=1)
    except CellError:
        raise CellError(
            _("“%(value)s” is not a month; write it as YYYY-MM.") % {"value": raw}
        ) from None


def text_list(value: Any) -> list[str]:
    """Names separated by 、 or a comma (full-width ones too)."""
    return [part.strip() for part in LIST_SEPARATORS.split(clean_text(value)) if part.strip()]


def choice(labels: Mapping[str, str]) -> Parser:
    """A parser that accepts the Chinese labels of ``labels`` (label -> stored value). Several
    labels may mean one value; the first one of each is what the message suggests."""
    allowed = "/".join(first_labels(labels).values())

    def parse(value: Any) -> str:
        raw = clean_text(value)
        if raw in labels:
            return labels[raw]
        raise CellError(
            _("“%(value)s” is not one of %(allowed)s.") % {"value": raw, "allowed": allowed}
        )

    # what the empty workbook offers in its drop-down list
    parse.labels = list(first_labels(labels).values())  # type: ignore[attr-defined]
    return parse


def first_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Stored value -> its first label: the one an export writes."""
    found: dict[str, str] = {}
    for label, value in labels.items():
        found.setdefault(value, label)
    return found
