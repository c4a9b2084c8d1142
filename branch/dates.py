"""Which dates are plausible, as one table used by the forms, the services and the importer.

A record of the branch is of something that has happened: a meeting held, a payment made, a
person who joined. So no such date lies in the future; no party date lies before the Party was
founded (1921-07-01); no meeting, honour or payment lies before the branch was established;
nobody was born more than 120 years ago, and nobody applies to join before turning 18.

Every refusal names the field and the range it allows, so a secretary who typed 1800 for 2018
sees at once what went wrong. The same goes for a year in an address (``?year=``):
``parse_year`` allows the years from the branch's establishment (else 1921) to this year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

PARTY_FOUNDED = datetime.date(1921, 7, 1)
FIRST_YEAR = PARTY_FOUNDED.year  # no record of any branch is older
OLDEST_AGE = 120  # years: an older birth date is a typing error
APPLICATION_AGE = 18  # years: the age at which one may apply to join the Party


class Floor(StrEnum):
    PARTY = "party"  # the founding of the Party
    AGE = "age"  # OLDEST_AGE years before today
    BRANCH = "branch"  # the branch's establishment, else the founding of the Party


class DateKind(StrEnum):
    BIRTH = "birth"  # a date of birth
    PARTY = "party"  # 入党, 转正, a change of stage, a development step, a transfer, an election
    JOINED = "joined"  # joining a branch or a party group
    EVENT = "event"  # a meeting, an honour, a payment: the branch's own records


@dataclass(frozen=True)
class DateRule:
    floor: Floor
    past: bool  # the date is of something that must already have happened


RULES: dict[DateKind, DateRule] = {
    DateKind.BIRTH: DateRule(floor=Floor.AGE, past=True),
    DateKind.PARTY: DateRule(floor=Floor.PARTY, past=True),
    DateKind.JOINED: DateRule(floor=Floor.PARTY, past=True),
    DateKind.EVENT: DateRule(floor=Floor.BRANCH, past=True),
}

# Form fields that hold such a date, by name: every form built on ``branch.forms`` checks them.
FIELD_KINDS: dict[str, DateKind] = {
    "birth_date": DateKind.BIRTH,
    "joined_party_on": DateKind.PARTY,
    "full_member_on": DateKind.PARTY,
    "stage_on": DateKind.PARTY,
    "category_on": DateKind.PARTY,
    "effective_on": DateKind.PARTY,
    "done_on": DateKind.PARTY,
    "elected_on": DateKind.PARTY,
    "started_on": DateKind.PARTY,
    "ended_on": DateKind.PARTY,
    "transferred_on": DateKind.PARTY,
    "received_on": DateKind.PARTY,
    "decided_on": DateKind.PARTY,
    "established_on": DateKind.PARTY,
    "dissolved_on": DateKind.PARTY,
    "joined_on": DateKind.JOINED,
    "held_on": DateKind.EVENT,
    "awarded_on": DateKind.EVENT,
    "paid_on": DateKind.EVENT,
    "noted_on": DateKind.EVENT,
}


class ImplausibleDate(ValueError):
    """A date outside what its rule allows; ``message`` names the field and the range."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def established(org: Any) -> datetime.date | None:
    return getattr(org, "established_on", None) if org is not None else None


def date_range(
    kind: DateKind | str, *, org: Any = None, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date | None]:
    """The first and the last day a date of ``kind`` may be (``None``: no last day)."""
    rule = RULES[DateKind(kind)]
    today = today or timezone.localdate()
    if rule.floor == Floor.AGE:
        earliest = today - relativedelta(years=OLDEST_AGE)
    elif rule.floor == Floor.BRANCH:
        earliest = max(PARTY_FOUNDED, established(org) or PARTY_FOUNDED)
    else:
        earliest = PARTY_FOUNDED
    return earliest, (today if rule.past else None)


def long_date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def long_month(day: datetime.date) -> str:
    """The month of ``day`` as a message names it (zh-hans: 2025年3月)."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def check_date(
    kind: DateKind | str, day: datetime.date, *, label: Any, org: Any = None
) -> datetime.date:
    """``day`` if the rule of ``kind`` allows it, else ``ImplausibleDate``."""
    earliest, latest = date_range(kind, org=org)
    if day < earliest or (latest is not None and day > latest):
        if latest is None:
            message = _("%(field)s cannot be before %(earliest)s.")
        else:
            message = _("%(field)s must be between %(earliest)s and %(latest)s.")
        raise ImplausibleDate(
            message
            % {
                "field": str(label),
                "earliest": long_date(earliest),
                "latest": long_date(latest) if latest else "",
            }
        )
    return day


def check_adult(birth: datetime.date, day: datetime.date, *, label: Any) -> None:
    """An application (or a later stage) comes after the 18th birthday."""
    adult = birth + relativedelta(years=APPLICATION_AGE)
    if day < adult:
        raise ImplausibleDate(
            _("%(field)s: the person was born on %(birth)s and may apply from %(adult)s on.")
            % {"field": str(label), "birth": long_date(birth), "adult": long_date(adult)}
        )


def service_check(
    kind: DateKind | str, day: datetime.date | None, *, field: str, label: Any, org: Any = None
) -> None:
    """``check_date`` for a service: the refusal is a ``ServiceError`` on ``field``."""
    from branch.exceptions import ServiceError

    if day is None:
        return
    try:
        check_date(kind, day, label=label, org=org)
    except ImplausibleDate as exc:
        raise ServiceError(exc.message, field=field) from None


# Years in addresses and exports -------------------------------------------------------------


class InvalidYear(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def year_range(
    org: Any = None, today: datetime.date | None = None, ahead: int = 0
) -> tuple[int, int]:
    first = established(org)
    return (first or PARTY_FOUNDED).year, (today or timezone.localdate()).year + ahead


def year_allowed(year: int, *, org: Any = None, ahead: int = 0) -> bool:
    """Whether ``year`` (a number already, as in a URL's ``<int:year>``) lies in
    ``year_range``."""
    first, last = year_range(org, ahead=ahead)
    return first <= year <= last


def parse_year(
    raw: Any, *, org: Any = None, default: int | None = None, ahead: int = 0
) -> int | None:
    """A year from an address or a form: four digits between the branch's first year (or
    1921) and this year (``ahead`` years later for pages that plan, as dues bases are set
    in December for the next year). Empty gives ``default``."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return default
    first, last = year_range(org, ahead=ahead)
    if text.isascii() and text.isdigit() and len(text) == 4 and first <= int(text) <= last:
        return int(text)
    raise InvalidYear(
        _(
            "“%(value)s” is not a year of this branch's records: give a year from "
            "%(first)d to %(last)d."
        )
        % {"value": text[:20], "first": first, "last": last}
    )


def requested_year(
    request: Any,
    *,
    org: Any = None,
    default: int | None = None,
    ahead: int = 0,
    data: Any = None,
) -> int:
    """``?year=`` of a page (or ``year`` of ``data``, a form's POST): a year that cannot be
    read shows the page of ``default`` (this year) with a message naming the years on offer,
    inside the site's layout."""
    from django.contrib import messages

    default = default or timezone.localdate().year
    raw = (request.GET if data is None else data).get("year")
    try:
        return parse_year(raw, org=org, default=default, ahead=ahead)
    except InvalidYear as exc:
        messages.error(request, exc.message)
        return default
