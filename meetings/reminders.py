"""The meetings app's reminder source for the daily ``send_due_reminders`` job.

For every branch and every kind with a frequency rule (each party group separately for group
meetings) the secretary and the committee hear twice about a shortfall: in the last week of
the period ("due soon", the calendar's amber) and once the period is over ("overdue", red).
The key names the branch, kind, group and period, so each fires once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from branch import reminders
from branch.dates import long_date, long_month
from branch.models import Organization, OrgKind, Role
from branch.reminders import Reminder
from meetings.compliance import DUE_SOON, OVERDUE, Calendar, Cell, Row, calendars_for
from meetings.models import Period

RECIPIENT_ROLES = (Role.SECRETARY, Role.COMMITTEE)


def register() -> None:
    """Register this app's reminder sources with ``branch.reminders``."""
    reminders.register(meetings_due, name="meetings.due")


def meetings_due(today: datetime.date) -> Iterator[Reminder]:
    branches = list(Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path"))
    if not branches:
        return
    # The period before the current one may lie in last year (January, the first quarter,
    # and always for the yearly 组织生活会).
    this_year = calendars_for(branches, today.year, today)
    last_year = calendars_for(branches, today.year - 1, today)
    for org in branches:
        recipients = reminders.role_holders(org, RECIPIENT_ROLES)
        if not recipients:
            continue
        url = _calendar_url(org)
        for row, current, previous in _periods(this_year[org.pk], last_year[org.pk], today):
            if current is not None and current.status == DUE_SOON:
                yield _reminder(org, row, current, "due-soon", recipients, url)
            if previous is not None and previous.status == OVERDUE:
                yield _reminder(org, row, previous, "overdue", recipients, url)


def _periods(
    this_year: Calendar, last_year: Calendar, today: datetime.date
) -> Iterable[tuple[Row, Cell | None, Cell | None]]:
    """Each row with the cell of the period ``today`` falls in and the period before it."""
    earlier = {(r.kind, r.group.pk if r.group else None): r for r in last_year.rows}
    for row in this_year.rows:
        index = next(i for i, c in enumerate(row.cells) if c.start <= today <= c.end)
        if index > 0:
            previous = row.cells[index - 1]
        else:
            before = earlier.get((row.kind, row.group.pk if row.group else None))
            previous = before.cells[-1] if before else None
        yield row, row.cells[index], previous


def _reminder(
    org: Organization, row: Row, cell: Cell, state: str, recipients: list, url: str
) -> Reminder:
    what = (
        _("%(kind)s of %(group)s") % {"kind": row.label, "group": row.group.name}
        if row.group
        else row.label
    )
    period = _period_label(row.frequency.period, cell)
    facts = {
        "what": what,
        "org": org.name,
        "period": period,
        "held": cell.held,
        "required": cell.required,
        "rule": row.frequency.text,
        "end": long_date(cell.end),
    }
    if state == "due-soon":
        title = _("%(what)s of %(period)s is due by %(end)s") % facts
        body = _(
            "%(org)s has held %(held)d of %(required)d for %(period)s (rule: %(rule)s). "
            "The period ends on %(end)s."
        )
        level = "warning"
    else:
        title = _("%(what)s of %(period)s was missed") % facts
        body = _(
            "%(org)s held %(held)d of %(required)d for %(period)s (rule: %(rule)s). Hold it "
            "as soon as possible and note the reason in the records."
        )
        level = "danger"
    group = row.group.pk if row.group else 0
    return Reminder(
        key=f"meetings:{state}:{org.pk}:{row.kind}:{group}:{cell.start:%Y-%m-%d}",
        organization=org,
        title=title,
        body=body % facts,
        url=url,
        level=level,
        recipients=recipients,
    )


def _period_label(period: str, cell: Cell) -> str:
    if period == Period.MONTH:
        return long_month(cell.start)
    if period == Period.QUARTER:
        return f"{cell.start.year} {cell.label}"
    return cell.label


def _calendar_url(org: Organization) -> str:
    try:
        return reverse("meetings:calendar", kwargs={"org_code": org.code})
    except NoReverseMatch:
        return ""  # the calendar page is not installed: the reminder still reads on its own
