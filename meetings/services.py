"""Writes of organisational life: meetings with their attendance, decisions and attachments,
the branch's own rules, talks and the democratic review."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record, snapshot
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import full_clean, require_perm
from meetings import rules
from meetings.models import (
    Attendance,
    BranchRule,
    Decision,
    Kind,
    Meeting,
    MeetingAttachment,
)
from meetings.selectors import Quorum, expected_attendees, quorum  # noqa: F401 (read here too)
from members.models import Person
from members.selectors import state_of, with_history

MEETING_FIELDS = (
    "kind",
    "held_on",
    "starts_at",
    "place",
    "topic",
    "host",
    "recorder",
    "lecturer",
    "lecturer_name",
    "lecture_title",
    "party_group",
    "minutes",
    "documents_studied",
)


def _check_meeting(meeting: Meeting) -> None:
    org = meeting.organization
    service_check(
        DateKind.EVENT,
        meeting.held_on,
        field="held_on",
        label=Meeting._meta.get_field("held_on").verbose_name,
        org=org,
    )
    if meeting.kind == Kind.GROUP_MEETING and meeting.party_group is None:
        raise ServiceError(_("Say which party group met."), field="party_group")
    if meeting.party_group is not None and meeting.party_group.organization_id != org.pk:
        raise ServiceError(_("That party group belongs to another branch."), field="party_group")
    if meeting.kind != Kind.GROUP_MEETING:
        meeting.party_group = None
    if meeting.kind == Kind.PARTY_LECTURE and not (meeting.lecturer or meeting.lecturer_name):
        raise ServiceError(_("Say who gave the party lecture."), field="lecturer")
    if meeting.kind == Kind.PARTY_LECTURE and not meeting.lecture_title:
        raise ServiceError(_("Give the title of the party lecture."), field="lecture_title")
    for field in ("host", "recorder", "lecturer"):
        person = getattr(meeting, field)
        if person is not None:
            _check_in_branch(org, person, meeting.held_on, field)


def _check_in_branch(org: Organization, person: Person, day: datetime.date, field: str) -> None:
    state = state_of(with_history(Person.objects.filter(pk=person.pk), org).get(), day)
    if state.membership is None or state.membership.organization_id != org.pk:
        raise ServiceError(
            _("%(person)s was not in %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(day)},
            field=field,
        )


@transaction.atomic
def meeting_record(
    *,
    actor: Any,
    org: Organization,
    kind: str,
    held_on: datetime.date,
    topic: str,
    attendance: dict[int, tuple[str, str]] | None = None,
    files: list[Any] | None = None,
    **fields: Any,
) -> Meeting:
    """Log a meeting. Without ``attendance`` the expected attendees are recorded as present,
    the common case the form then corrects; ``attendance`` maps person ids to (status,
    reason)."""
    require_perm(actor, "log_records", org)
    if not org.is_branch:
        raise ServiceError(_("Meetings are logged by a party branch."))
    meeting = Meeting(
        organization=org,
        kind=kind,
        held_on=held_on,
        topic=topic,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    full_clean(meeting, exclude=["organization", "created_by"])
    _check_meeting(meeting)
    for upload in files or []:
        MeetingAttachment.check_upload(upload)
    meeting.save()
    if attendance is None:
        expected = expected_attendees(org, kind, held_on, meeting.party_group)
        attendance = {p.pk: (Attendance.Status.PRESENT, "") for p in expected}
    _write_attendance(meeting, attendance)
    for upload in files or []:
        MeetingAttachment.store(upload, meeting=meeting)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=meeting,
        after={**snapshot(meeting, MEETING_FIELDS), "attendance": len(attendance)},
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, **changes: Any) -> Meeting:
    org = meeting.organization
    require_perm(actor, "log_records", org)
    before = snapshot(meeting, MEETING_FIELDS)
    for name in MEETING_FIELDS:
        if name in changes:
            setattr(meeting, name, changes[name])
    full_clean(meeting, exclude=["organization", "created_by"])
    _check_meeting(meeting)
    if meeting.decisions.exists() and (
        before["held_on"] != meeting.held_on.isoformat() or before["kind"] != meeting.kind
    ):
        raise ServiceError(
            _("This meeting took decisions: its date and kind can no longer change.")
        )
    meeting.save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=meeting,
        before=before,
        after=snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


def _write_attendance(meeting: Meeting, attendance: dict[int, tuple[str, str]]) -> None:
    org, day = meeting.organization, meeting.held_on
    people = {p.pk: p for p in with_history(Person.objects.filter(pk__in=list(attendance)), org)}
    rows = []
    for person_id, (status, reason) in attendance.items():
        person = people.get(person_id)
        state = state_of(person, day) if person else None
        if state is None or state.membership is None or state.membership.organization_id != org.pk:
            raise ServiceError(
                _(
                    "%(person)s was not a member of %(org)s on %(date)s and cannot be on the "
                    "attendance list."
                )
                % {
                    "person": person.name if person else person_id,
                    "org": org.name,
                    "date": long_date(day),
                },
                field="attendance",
            )
        if status not in Attendance.Status.values:
            raise ServiceError(_("Unknown attendance “%(s)s”.") % {"s": status})
        if status == Attendance.Status.LEAVE and not reason.strip():
            raise ServiceError(
                _("Give the reason for %(person)s's leave.") % {"person": person.name},
                field="attendance",
            )
        rows.append(Attendance(meeting=meeting, person=person, status=status, reason=reason))
    Attendance.objects.bulk_create(rows)


@transaction.atomic
def attendance_set(
    *, actor: Any, meeting: Meeting, attendance: dict[int, tuple[str, str]]
) -> Meeting:
    """Replace the attendance list of a meeting. Refused once the meeting took decisions,
    whose quorum rested on it."""
    org = meeting.organization
    require_perm(actor, "log_records", org)
    if meeting.decisions.exists():
        raise ServiceError(
            _(
                "This meeting took decisions on the strength of its attendance; it can no longer "
                "change."
            )
        )
    before = {"attendance": _attendance_summary(meeting)}
    signed = {a.person_id: a for a in meeting.attendances.filter(source=Attendance.Source.SELF)}
    meeting.attendances.all().delete()
    _write_attendance(meeting, attendance)
    # who signed in from their phone and is still present keeps the time they signed in
    for person_id, old in signed.items():
        if attendance.get(person_id, ("", ""))[0] == Attendance.Status.PRESENT:
            meeting.attendances.filter(person_id=person_id).update(
                source=Attendance.Source.SELF, signed_in_at=old.signed_in_at, late=old.late
            )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=meeting,
        before=before,
        after={"attendance": _attendance_summary(meeting)},
    )
    return meeting


def _attendance_summary(meeting: Meeting) -> str:
    """The counts by status, then who signed in themselves (the others were marked by
    hand): a correction's audit entry shows both sides."""
    counts = {s: 0 for s in Attendance.Status.values}
    signed, late = [], []
    for status, source, is_late, name in meeting.attendances.values_list(
        "status", "source", "late", "person__name"
    ).order_by("person__sort_key", "person"):
        counts[status] += 1
        if source == Attendance.Source.SELF:
            (late if is_late else signed).append(name)
    summary = "、".join(f"{Attendance.Status(s).label} {n}" for s, n in counts.items())
    if signed or late:
        names = signed + [_("%(name)s (late)") % {"name": name} for name in late]
        summary += "；" + _("signed in themselves: %(names)s; the others marked by hand") % {
            "names": "、".join(names)
        }
    return summary


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    category: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
) -> Decision:
    """A decision put to the vote: refused without a quorum; it passes when "for" is more
    than half of those entitled to vote (not of those present)."""
    org = meeting.organization
    require_perm(actor, "log_records", org)
    if meeting.kind not in rules.DECIDING_KINDS:
        raise ServiceError(
            _("Only a general assembly or a committee meeting takes decisions by vote.")
        )
    q = quorum(meeting)
    if not q.reached:
        raise ServiceError(
            _(
                "No quorum: %(present)d of %(entitled)d were present, at least %(needed)d are "
                "needed, so no decision can be taken."
            )
            % {"present": q.present, "entitled": q.entitled, "needed": q.needed}
        )
    votes = (votes_for, votes_against, abstentions)
    if any(v < 0 for v in votes):
        raise ServiceError(_("Votes cannot be negative."), field="votes_for")
    if sum(votes) > q.present:
        raise ServiceError(
            _("%(cast)d votes were cast but only %(present)d entitled members were present.")
            % {"cast": sum(votes), "present": q.present},
            field="votes_for",
        )
    decision = Decision(
        meeting=meeting,
        title=title,
        category=category,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        entitled=q.entitled,
        passed=rules.more_than_half(votes_for, q.entitled),
    )
    full_clean(decision, exclude=["meeting"])
    decision.save()
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=decision,
        after={
            "title": title,
            "category": category,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "abstentions": abstentions,
            "entitled": q.entitled,
            "passed": decision.passed,
        },
    )
    return decision


@transaction.atomic
def attachment_add(*, actor: Any, meeting: Meeting, files: list[Any]) -> list[MeetingAttachment]:
    org = meeting.organization
    require_perm(actor, "log_records", org)
    if not files:
        raise ServiceError(_("Choose a file to upload."), field="files")
    for upload in files:
        MeetingAttachment.check_upload(upload)
    stored = [MeetingAttachment.store(upload, meeting=meeting) for upload in files]
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=meeting,
        after={"attachments": [a.name for a in stored]},
    )
    return stored


@transaction.atomic
def branch_rule_set(
    *, actor: Any, org: Organization, kind: str, period: str | None, times: int = 1
) -> BranchRule | None:
    """Tighten the rule for ``kind`` in ``org``; ``period=None`` goes back to the default."""
    require_perm(actor, "manage_organization", org)
    base = rules.FREQUENCIES.get(kind)
    if base is None:
        raise ServiceError(_("That kind has no frequency rule."), field="kind")
    existing = BranchRule.objects.filter(organization=org, kind=kind).first()
    before = {"period": existing.period, "times": existing.times} if existing else {}
    if period is None:
        if existing:
            existing.delete()
        audit_record(
            actor=actor,
            organization=org,
            action=Action.DELETE,
            obj=existing or org,
            before=before,
        )
        return None
    if not rules.is_stricter(base, period, times):
        raise ServiceError(
            _("A branch may tighten the rule (%(rule)s) but not loosen it.") % {"rule": base.text},
            field="period",
        )
    try:
        rule, _created = BranchRule.objects.update_or_create(
            organization=org, kind=kind, defaults={"period": period, "times": times}
        )
    except IntegrityError:
        raise ServiceError(_("The rule was changed by someone else just now.")) from None
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE if existing else Action.CREATE,
        obj=rule,
        before=before,
        after={"period": period, "times": times},
    )
    return rule
