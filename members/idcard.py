"""Resident identity card numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check
character; digits 7–14 are the birth date, digit 17 is odd for men and even for women."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    gender: str  # "male" or "female"


class InvalidIdNumber(ValueError):
    pass


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str) -> IdNumber:
    """Read an 18-character ID number, or raise ``InvalidIdNumber`` with the reason in Chinese."""
    number = raw.strip().upper()
    if len(number) != 18:
        raise InvalidIdNumber(
            _("An ID number has 18 characters; this one has %(n)d.") % {"n": len(number)}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber(_("An ID number is 17 digits followed by a digit or X."))
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(
            _("Digits 7–14 of the ID number (%(digits)s) are not a date.")
            % {"digits": number[6:14]}
        ) from None
    expected = check_char(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(
            _("The check digit of the ID number is wrong: it should be %(expected)s.")
            % {"expected": expected}
        )
    return IdNumber(number, birth, "male" if int(number[16]) % 2 else "female")


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """``110105********1234``: enough to recognise, not enough to use."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
