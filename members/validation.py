"""Checks of a person's data shared by the forms, the services and the importer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from branch.exceptions import ServiceError
from branch.validators import InvalidPhone, normalize_phone

# The two party dates of a member; they are the days the probationary and the full stage
# began in the status history, so no field of Person carries their labels.
JOINED_PARTY_ON = _("date of joining the Party")
FULL_MEMBER_ON = _("date of full membership")


def check_phone(person) -> None:
    """The person's phone number in its normal form, or a ``ServiceError`` on the field."""
    try:
        person.phone = normalize_phone(person.phone)
    except InvalidPhone as exc:
        raise ServiceError(exc.message, field="phone") from None
