"""What a page for the public may show of people: their names, nothing more. ``check_public``
refuses an item whose text or table holds an ID number, a phone number or the birth date of
one of the branch's people, whatever typed it there."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from branch.exceptions import ServiceError
from members.models import Person
from members.selectors import people_in
from notices.models import Notice
from notices.rules import ID_NUMBER, PHONE, date_spellings


def texts_of(notice: Notice) -> list[str]:
    table = notice.table if isinstance(notice.table, dict) else {}
    cells = [str(c) for row in table.get("rows", []) for c in row]
    return [notice.title, notice.body, *[str(c) for c in table.get("columns", [])], *cells]


def personal_data_in(notice: Notice) -> str | None:
    """The first piece of personal data found, described for the secretary, or ``None``."""
    text = "\n".join(texts_of(notice))
    if ID_NUMBER.search(text):
        return _("an ID number")
    if PHONE.search(text):
        return _("a phone number")
    org = notice.organization
    births = Person.objects.filter(
        pk__in=people_in(org, timezone.localdate()).values("pk")
    ).values_list("birth_date", flat=True)
    for birth in births:
        if birth and any(spelling in text for spelling in date_spellings(birth)):
            return _("a date of birth")
    return None


def check_public(notice: Notice) -> None:
    found = personal_data_in(notice)
    if found:
        raise ServiceError(
            _(
                "An item for the public shows people's names and nothing more about them, "
                "but this one contains %(what)s. Remove it, or publish within the party."
            )
            % {"what": found},
            field="audience",
        )
