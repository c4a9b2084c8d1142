"""The dues app's reminder sources for the daily ``send_due_reminders`` job.

A member three months behind with dues hears of it, and so does the branch's secretary; at six
months with no recorded reason the secretary is told that the party constitution treats it as
leaving the party. The keys name the person, the first unpaid month of the streak and the
threshold, so each fires once per streak: a member who pays and later falls behind again starts
a new streak and is reminded again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from branch import reminders
from branch.dates import long_month
from branch.models import Organization, OrgKind, Role
from branch.reminders import Reminder, role_holders
from dues import rules
from dues.selectors import Arrears, arrears
from members.models import Person


def register() -> None:
    """Register this app's reminder sources with ``branch.reminders``."""
    reminders.register(arrears_reminders, "dues.arrears")


def arrears_reminders(today: datetime.date) -> Iterator[Reminder]:
    """For every branch: a warning at three consecutive unpaid months (to the secretary and to
    the member), a flag at six without a recorded reason (to the secretary)."""
    for org in Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path"):
        found = arrears(org, today)
        if not found:
            continue
        secretaries = role_holders(org, [Role.SECRETARY])
        logins = _active_logins([a.person for a in found])
        for item in found:
            yield from _for_member(org, item, secretaries, logins.get(item.person.pk))


def _for_member(
    org: Organization, item: Arrears, secretaries: list[Any], login: Any
) -> Iterator[Reminder]:
    person = item.person
    facts = {
        "person": person.name,
        "org": org.name,
        "n": len(item.months),
        "since": long_month(item.months[0]),
        "until": long_month(item.months[-1]),
    }
    url = _dues_url(org, person)
    streak = f"{person.pk}:{item.months[0]:%Y-%m}"
    warn_key = f"dues:arrears:{streak}:{rules.WARN_UNPAID_MONTHS}"
    # The member's own reminder comes first: a secretary who is behind with their own dues
    # gets it in the second person, and the one key keeps it to one notification.
    if login is not None:
        yield Reminder(
            key=warn_key,
            organization=org,
            title=_("You have not paid your party dues for %(n)d months") % facts,
            body=_(
                "Your dues to %(org)s are unpaid from %(since)s to %(until)s. Please pay them "
                "at the next collection, or tell the branch committee why you cannot."
            )
            % facts,
            url=url,
            level="warning",
            recipients=[login],
        )
    if secretaries:
        yield Reminder(
            key=warn_key,
            organization=org,
            title=_("%(person)s has not paid dues for %(n)d months") % facts,
            body=_(
                "%(person)s's dues to %(org)s are unpaid from %(since)s to %(until)s. Talk to "
                "them, and record the reason if there is a proper one."
            )
            % facts,
            url=url,
            level="warning",
            recipients=secretaries,
        )
    if item.flagged and secretaries:
        yield Reminder(
            key=f"dues:arrears:{streak}:{rules.FLAG_UNPAID_MONTHS}",
            organization=org,
            title=_("%(person)s: %(n)d months without paying dues and no reason recorded") % facts,
            body=_(
                "%(person)s's dues to %(org)s are unpaid from %(since)s to %(until)s and no "
                "reason is recorded. Article 9 of the Party Constitution treats a member who, "
                "without a proper reason, has not paid dues for six consecutive months as "
                "having given up membership; the branch general assembly should then decide "
                "to remove them. The branch must act: talk to %(person)s, record the reason if "
                "there is a proper one, or put the case before the general assembly."
            )
            % facts,
            url=url,
            level="danger",
            recipients=secretaries,
        )


def _active_logins(people: list[Person]) -> dict[int, Any]:
    """person id -> their active login, in one query (``arrears`` leaves ``user`` unloaded)."""
    User = get_user_model()
    users = User.objects.filter(person__in=people, is_active=True).select_related("person")
    return {user.person.pk: user for user in users}


def _dues_url(org: Organization, person: Person) -> str:
    """The member's dues page, or the branch's dues page, or nothing: the dues pages are
    being added, and a reminder must not fail for want of its link."""
    candidates = (
        ("dues:person", {"org_code": org.code, "person_pk": person.pk}),
        ("dues:index", {"org_code": org.code}),
    )
    for name, kwargs in candidates:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""
