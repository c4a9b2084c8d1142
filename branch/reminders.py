"""Reminders: every app registers a source that says what is due or overdue; the daily job
turns each reminder into one notification per recipient, once.

A source is a callable ``source(today) -> Iterable[Reminder]``, registered from its app's
``AppConfig.ready`` with ``register``. A reminder's ``key`` names the thing that is due (and the
period, where it recurs); the job never notifies the same user of the same key twice, so a
reminder that stays due on the following days stays quiet. This module only computes and
notifies in the app; the daily task in ``branch.tasks`` also sends the e-mails.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from branch.models import Notification, Organization, OrgKind, Role, RoleAssignment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    key: str
    organization: Organization
    title: str
    recipients: Sequence[Any]
    body: str = ""
    url: str = ""
    level: str = "warning"  # "info", "warning" (due soon) or "danger" (overdue)


Source = Callable[[datetime.date], Iterable[Reminder]]
_sources: dict[str, Source] = {}


def register(source: Source, name: str | None = None) -> Source:
    _sources[name or f"{source.__module__}.{source.__qualname__}"] = source
    return source


def sources() -> dict[str, Source]:
    return dict(_sources)


def role_holders(org: Organization, roles: Iterable[str], *, above: bool = False) -> list[Any]:
    """Users holding one of ``roles`` on ``org`` (or, with ``above``, on a node above it)."""
    ids = org.ancestor_ids[:-1] if above else [org.pk]
    assignments = RoleAssignment.objects.filter(
        organization_id__in=ids, role__in=list(roles), user__is_active=True
    ).select_related("user")
    return list({a.user_id: a.user for a in assignments}.values())


def reminders_notify(*, today: datetime.date) -> list[Notification]:
    """Ask every source what is due and notify each recipient once, in the app. Returns the
    notifications created; the daily task (``branch.tasks.send_due_reminders``) e-mails them."""
    created = []
    for name, source in sources().items():
        try:
            reminders = list(source(today))
        except Exception:
            # One broken source must not silence every other app's reminders.
            log.exception("reminder source %s failed", name)
            continue
        for reminder in reminders:
            for user in reminder.recipients:
                notification = _notify_once(user, reminder)
                if notification is not None:
                    created.append(notification)
    return created


def reminders_send(*, today: datetime.date) -> int:
    """``reminders_notify`` without e-mail: how many notifications were created."""
    return len(reminders_notify(today=today))


def _notify_once(user: Any, reminder: Reminder) -> Notification | None:
    if Notification.objects.filter(user=user, key=reminder.key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                organization=reminder.organization,
                key=reminder.key,
                title=reminder.title[:200],
                body=reminder.body,
                url=reminder.url,
                level=reminder.level,
            )
    except IntegrityError:
        # A concurrent run created it first: the unique key keeps it to one.
        return None


def branches_without_secretary(today: datetime.date) -> Iterable[Reminder]:
    """A branch nobody can run: no one holds the secretary role. The higher committee is told."""
    orphans = Organization.objects.filter(kind=OrgKind.BRANCH).exclude(
        role_assignments__role=Role.SECRETARY
    )
    for org in orphans:
        recipients = role_holders(org, [Role.HIGHER_ADMIN], above=True)
        if recipients:
            yield Reminder(
                key=f"branch:no-secretary:{org.pk}",
                organization=org,
                title=_("%(org)s has no secretary in 支部通") % {"org": org.name},
                body=_(
                    "Nobody holds the secretary role of %(org)s, so nobody can manage its "
                    "records. Grant the role on the branch's roles page."
                )
                % {"org": org.name},
                url=reverse("branch:roles", kwargs={"org_code": org.code}),
                recipients=recipients,
            )
