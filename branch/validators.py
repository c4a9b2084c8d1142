"""Validators shared by forms, services and the importer: Chinese phone numbers, and text
limits named by their field."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# A mobile number: 11 digits starting with 1 (an optional +86 or 86 before it).
MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
# A landline: area code 0 + 2–3 digits, then 7–8 digits; an extension of 1–6 digits may follow.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(?:(?:-|转|ext\.?|x)\d{1,6})?$", re.IGNORECASE)
# What people type between the groups of digits
PHONE_SEPARATORS = re.compile(r"[\s()（）]")


class InvalidPhone(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_phone(raw: Any) -> str:
    """The phone number in a normal form, or ``InvalidPhone``: a mobile number (11 digits
    starting with 1) or a landline with its area code (``0571-87654321``, an extension after
    ``-`` or ``转``). Spaces and brackets are dropped; empty stays empty."""
    text = PHONE_SEPARATORS.sub("", str(raw or "")).replace("－", "-").replace("—", "-")
    if not text:
        return ""
    if MOBILE_RE.match(text):
        return text[-11:]
    if LANDLINE_RE.match(text):
        return text
    raise InvalidPhone(
        _(
            "“%(value)s” is not a phone number: give a mobile number of 11 digits starting "
            "with 1, or a landline with its area code such as 0571-87654321 (an extension "
            "after a hyphen)."
        )
        % {"value": str(raw)[:30]}
    )


def validate_phone(value: Any) -> None:
    """A form field's validator for ``normalize_phone``."""
    try:
        normalize_phone(value)
    except InvalidPhone as exc:
        raise ValidationError(exc.message, code="invalid_phone") from None


@deconstructible
class NamedMaxLengthValidator(MaxLengthValidator):
    """Django's length limit, with a message that names the field and its limit."""

    def __init__(self, limit_value: int, label: str) -> None:
        super().__init__(limit_value)
        self.label = label

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                _("%(field)s may be at most %(limit)d characters long; %(length)d were given.")
                % {"field": self.label, "limit": self.limit_value, "length": length},
                code="max_length",
            )
