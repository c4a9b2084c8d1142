"""Sign-in at a meeting from a phone. The secretary or a committee member opens the sign-in on
a screen that shows a QR code of a short-lived signed link; the code changes every minute
and a link is good for ``LINK_MAX_AGE`` seconds (long enough to scan and log in), only while
that sign-in is open. A member on the attendance list who opens it is marked present at that
time (late after the start time); signing twice changes nothing. The attendance page stays
the source of truth: a correction by hand is audited like any other."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.dates import long_date
from branch.exceptions import ServiceError
from branch.services import require_perm
from meetings.models import Attendance, Meeting
from members.selectors import person_for_user

CODE_SECONDS = 60  # a new code every minute
LINK_MAX_AGE = 180  # seconds from the code's minute: scanning, logging in, tapping
SALT = "meetings.sign-in"


class MinuteSigner(signing.TimestampSigner):
    """A timestamp rounded down to the minute: the code on the screen stays the same for a
    minute, however often the page refreshes."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) // CODE_SECONDS * CODE_SECONDS)


def _signer() -> MinuteSigner:
    return MinuteSigner(salt=SALT)


def _series(meeting: Meeting) -> str:
    # the opening time names the series: reopening the sign-in voids the earlier links
    return str(int(meeting.sign_in_opened_at.timestamp())) if meeting.sign_in_opened_at else ""


def is_open(meeting: Meeting) -> bool:
    return (
        meeting.sign_in_opened_at is not None
        and meeting.sign_in_closed_at is None
        and meeting.held_on == timezone.localdate()
    )


def sign_in_token(meeting: Meeting) -> str:
    return _signer().sign(f"{meeting.pk}.{_series(meeting)}")


def _read_token(token: str) -> tuple[int, str]:
    try:
        value = _signer().unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ServiceError(_("This code has expired: scan the code on the screen again.")) from None
    except signing.BadSignature:
        raise ServiceError(_("This is not a sign-in code of this site.")) from None
    pk, _sep, series = value.partition(".")
    return int(pk), series


def meeting_for_token(token: str, org: Any) -> Meeting:
    """The meeting a code signs in to, if its sign-in is open and the code is still good."""
    pk, series = _read_token(token)
    meeting = Meeting.objects.filter(pk=pk, organization=org).select_related("organization").first()
    if meeting is None or series != _series(meeting) or not is_open(meeting):
        raise ServiceError(_("The sign-in of this meeting is closed."))
    return meeting


def _check_can_open(meeting: Meeting) -> None:
    if meeting.held_on != timezone.localdate():
        raise ServiceError(
            _("Sign-in is for a meeting held today; this one is dated %(date)s.")
            % {"date": long_date(meeting.held_on)}
        )
    if meeting.decisions.exists():
        raise ServiceError(
            _(
                "This meeting took decisions on the strength of its attendance; it can no longer "
                "change."
            )
        )


@transaction.atomic
def sign_in_open(*, actor: Any, meeting: Meeting) -> Meeting:
    """Open (or reopen) the sign-in. The first time, whoever is expected and not on leave is
    counted absent until they sign in: present is what the phones say."""
    org = meeting.organization
    require_perm(actor, "log_records", org)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_can_open(meeting)
    first = meeting.sign_in_opened_at is None
    if first:
        meeting.attendances.filter(
            status=Attendance.Status.PRESENT, signed_in_at__isnull=True
        ).update(status=Attendance.Status.ABSENT, source=Attendance.Source.HAND)
    meeting.sign_in_opened_at, meeting.sign_in_closed_at = timezone.now(), None
    meeting.save(update_fields=["sign_in_opened_at", "sign_in_closed_at"])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=meeting,
        after={"sign_in_opened_at": meeting.sign_in_opened_at},
    )
    return meeting


@transaction.atomic
def sign_in_close(*, actor: Any, meeting: Meeting) -> Meeting:
    org = meeting.organization
    require_perm(actor, "log_records", org)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not is_open(meeting):
        raise ServiceError(_("The sign-in of this meeting is not open."))
    meeting.sign_in_closed_at = timezone.now()
    meeting.save(update_fields=["sign_in_closed_at"])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=meeting,
        after={"sign_in_closed_at": meeting.sign_in_closed_at},
    )
    return meeting


@dataclass(frozen=True)
class SignedIn:
    attendance: Attendance
    changed: bool  # False: already signed in, nothing written


@transaction.atomic
def sign_in_record(*, user: Any, token: str, org: Any) -> SignedIn:
    """Mark the user's person present at ``meeting`` now, if the code is good and they are on
    its attendance list."""
    require_perm(user, "view_public", org)
    meeting = meeting_for_token(token, org)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    person = person_for_user(user, meeting.organization)
    row = (
        meeting.attendances.select_related("person").filter(person=person).first()
        if person is not None
        else None
    )
    if row is None:
        raise ServiceError(
            _(
                "You are not on the attendance list of this meeting, so you cannot sign in to "
                "it. If you should be, ask the secretary to add you."
            )
        )
    if row.source == Attendance.Source.SELF and row.signed_in_at is not None:
        return SignedIn(row, changed=False)
    now = timezone.now()
    local = timezone.localtime(now)
    row.status = Attendance.Status.PRESENT
    row.reason = ""
    row.source = Attendance.Source.SELF
    row.signed_in_at = now
    row.late = meeting.starts_at is not None and local.time() > meeting.starts_at
    row.save(update_fields=["status", "reason", "source", "signed_in_at", "late"])
    audit_record(
        actor=user,
        organization=meeting.organization,
        action=Action.UPDATE,
        obj=row,
        after={"status": row.status, "signed_in_at": row.signed_in_at, "late": row.late},
        object_repr=f"{meeting}：{row.person.name}",
    )
    return SignedIn(row, changed=True)


def arrivals(meeting: Meeting) -> list[Attendance]:
    """Who signed in themselves, latest first: the names the screen shows."""
    return list(
        meeting.attendances.filter(source=Attendance.Source.SELF, signed_in_at__isnull=False)
        .select_related("person")
        .order_by("-signed_in_at", "-pk")
    )


def local_time(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""
