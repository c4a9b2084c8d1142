"""The 会议活动 sheet of the branch workbook (DESIGN §6): one meeting or activity a row, logged
through ``meetings.services.meeting_record``.

How the cells are read:

- 主持人, 记录人, 主讲人, 参加人员 and 缺席人员 name people on the roster (the 党员名册 sheet of the
  same file, else the branch's records); an unknown name is a row error in its column, so a
  misspelt member is never recorded as somebody else. A lecturer from outside the branch is
  written with the mark "（外请）" after the name (``县委党校张老师（外请）``) and kept as
  ``lecturer_name``: the mark says the name is meant not to be on the roster.
- 参加人员 are present, 缺席人员 absent; ``李四（出差）`` in 缺席人员 is on leave for that reason.
  When both are blank, the expected attendees are recorded as present (the service's default).
- 党课题目 is the lecture's title where it differs from the 主题; a 党课 without one has the
  主题 as its title. 学习文件 are the documents studied (of any kind of meeting).
- 党小组 is read for 党小组会 only, the one kind that records a group; a group that does not
  exist yet is created in the branch, as the roster sheet does.

A row matches the meeting the branch logged with the same date, kind and topic (and group, for a
group meeting). Every name in it is checked all the same, and what the row says differently
from the record (another host, another place, another attendance…) is applied through the
services and shown in the preview; a blank cell keeps what is recorded. A meeting that took
decisions keeps its attendance, on which their quorum rested: a row that changes it is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from branch import services as branch_services
from branch.dates import DateKind
from branch.exceptions import ServiceError
from branch.models import Organization, PartyGroup
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    ImportContext,
    Problem,
    Row,
    RowError,
    Sheet,
    duplicates,
    limit,
    register_sheet,
    within_limit,
)
from branch.workbook_cells import (
    LIST_SEPARATORS,
    CellError,
    choice,
    clean_text,
    dated,
    first_labels,
    text_list,
)
from meetings.models import Attendance, Kind, Meeting
from meetings.services import attendance_set, meeting_record, meeting_update
from members.models import Person
from members.selectors import people_in
from members.workbook_roster import find_person

SHEET = "会议活动"
DATE, KIND, TOPIC, PLACE = "日期", "类型", "主题", "地点"
HOST, RECORDER, LECTURER, GROUP = "主持人", "记录人", "主讲人", "党小组"
LECTURE_TITLE, DOCUMENTS = "党课题目", "学习文件"
PRESENT, ABSENT, SUMMARY = "参加人员", "缺席人员", "内容摘要"
# The meeting's fields a row may change, each with its column.
FIELD_COLUMNS = {
    "place": PLACE,
    "host": HOST,
    "recorder": RECORDER,
    "lecturer": LECTURER,
    "lecturer_name": LECTURER,
    "lecture_title": LECTURE_TITLE,
    "documents_studied": DOCUMENTS,
    "minutes": SUMMARY,
}

# Chinese label -> kind; the first label of each kind is the one an export writes.
KINDS = {
    "支部党员大会": Kind.GENERAL_ASSEMBLY,
    "党员大会": Kind.GENERAL_ASSEMBLY,
    "支委会": Kind.COMMITTEE_MEETING,
    "支部委员会": Kind.COMMITTEE_MEETING,
    "党小组会": Kind.GROUP_MEETING,
    "党课": Kind.PARTY_LECTURE,
    "主题党日": Kind.THEME_DAY,
    "组织生活会": Kind.ORG_LIFE_MEETING,
    "学习会": Kind.STUDY_SESSION,
    "志愿服务": Kind.VOLUNTEER,
    "廉政教育": Kind.INTEGRITY,
    "其他": Kind.OTHER,
    "其他活动": Kind.OTHER,
}

OUTSIDE_MARK = "（外请）"
OUTSIDE_RE = re.compile(r"^(.*?)\s*[（(]\s*外请\s*[)）]$")
# A name with a reason in brackets: 李四（出差）
REASON_RE = re.compile(r"^(.*?)\s*[（(](.*)[)）]$", re.DOTALL)
OPENING, CLOSING = "（(", "）)"


def absentees(value: Any) -> list[tuple[str, str]]:
    """缺席人员: names, each with the reason for leave in brackets where one was given. The
    separators of a list may appear inside a reason (出差，外地)."""
    raw = clean_text(value)
    parts, current, depth = [], "", 0
    for char in raw:
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth -= 1
            if depth < 0:
                break
        if depth == 0 and LIST_SEPARATORS.match(char):
            parts.append(current)
            current = ""
        else:
            current += char
    if depth != 0:
        raise CellError(
            _("The brackets in “%(value)s” do not match; write a reason as 李四（出差）.")
            % {"value": raw}
        )
    parts.append(current)
    found = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        match = REASON_RE.match(part)
        name, reason = (match.group(1), match.group(2)) if match else (part, "")
        found.append((name.strip(), reason.strip()))
    return found


class MeetingSheet(Sheet):
    name = SHEET
    order = 30  # after the roster and the committee, whose people it names
    columns = (
        Column(DATE, dated(DateKind.EVENT, DATE), required=True),
        Column(KIND, choice(KINDS), required=True),
        Column(TOPIC, required=True, max_length=limit(Meeting, "topic")),
        Column(PLACE, max_length=limit(Meeting, "place")),
        Column(HOST),
        Column(RECORDER),
        Column(LECTURER),
        Column(LECTURE_TITLE, max_length=limit(Meeting, "lecture_title")),
        Column(DOCUMENTS),
        Column(GROUP, max_length=limit(PartyGroup, "name")),
        Column(PRESENT, text_list),
        Column(ABSENT, absentees),
        Column(SUMMARY),
    )
    field_columns = {
        "held_on": DATE,
        "kind": KIND,
        "topic": TOPIC,
        **FIELD_COLUMNS,
        "party_group": GROUP,
        "attendance": PRESENT,
    }

    def label(self, row: Row) -> str:
        day = row[DATE].isoformat() if row[DATE] else ""
        return f"{day} {row[TOPIC] or ''}".strip()

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        return duplicates(
            rows,
            lambda r: (
                (r[DATE], r[KIND], r[TOPIC], _group_key(r))
                if r[DATE] and r[KIND] and r[TOPIC]
                else None
            ),
            TOPIC,
        )

    def apply(self, row: Row, ctx: ImportContext) -> Change | tuple[Change, list[str]]:
        kind, day, topic = row[KIND], row[DATE], row[TOPIC]
        # Every name is looked up first, so an unknown one is an error in a new row and an
        # old one alike.
        fields: dict[str, Any] = {
            "host": _person(ctx, row[HOST], HOST),
            "recorder": _person(ctx, row[RECORDER], RECORDER),
            **_lecturer(ctx, row[LECTURER]),
        }
        for field, column in (
            ("place", PLACE),
            ("lecture_title", LECTURE_TITLE),
            ("documents_studied", DOCUMENTS),
            ("minutes", SUMMARY),
        ):
            fields[field] = row[column] or ""
        if kind == Kind.GROUP_MEETING and not row[GROUP]:
            # the model's constraint would answer before the service's own message
            raise RowError(_("Say which party group met."), column=GROUP)
        attendance, columns = _attendance(ctx, row)
        existing = _existing(ctx, row)
        if existing is not None:
            return _update(ctx, row, existing, fields, attendance, columns)
        if kind == Kind.PARTY_LECTURE and not fields["lecture_title"]:
            fields["lecture_title"] = topic  # a new lecture without a title of its own
        if kind == Kind.GROUP_MEETING:
            fields["party_group"] = _group(ctx, row[GROUP])
        try:
            meeting_record(
                actor=ctx.actor,
                org=ctx.org,
                kind=kind,
                held_on=day,
                topic=topic,
                attendance=attendance,
                **fields,
            )
        except ServiceError as exc:
            _raise_for_attendance(ctx, row, exc, columns)
        return Change.CREATED

    def years(self, org: Organization) -> set[int]:
        return {d.year for d in Meeting.objects.filter(organization=org).dates("held_on", "year")}

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        meetings = (
            Meeting.objects.filter(organization=ctx.org)
            .select_related("host", "recorder", "lecturer", "party_group")
            .order_by("held_on", "starts_at", "pk")
        )
        if ctx.year is not None:
            meetings = meetings.filter(held_on__year=ctx.year)
        meetings = list(meetings)
        attendance = _names_by_meeting([m.pk for m in meetings]) if meetings else {}
        labels = first_labels(KINDS)
        for meeting in meetings:
            present, absent = attendance.get(meeting.pk, ([], []))
            yield {
                DATE: meeting.held_on,
                KIND: labels[meeting.kind],
                TOPIC: meeting.topic,
                PLACE: meeting.place,
                HOST: meeting.host.name if meeting.host else "",
                RECORDER: meeting.recorder.name if meeting.recorder else "",
                LECTURER: (
                    meeting.lecturer.name
                    if meeting.lecturer
                    else f"{meeting.lecturer_name}{OUTSIDE_MARK}"
                    if meeting.lecturer_name
                    else ""
                ),
                LECTURE_TITLE: meeting.lecture_title,
                DOCUMENTS: meeting.documents_studied,
                GROUP: meeting.party_group.name if meeting.party_group else "",
                PRESENT: present,
                ABSENT: absent,
                SUMMARY: meeting.minutes,
            }


def _group_key(row: Row) -> str | None:
    return row[GROUP] if row[KIND] == Kind.GROUP_MEETING else None


def _existing(ctx: ImportContext, row: Row) -> Meeting | None:
    """The meeting the row is about, when the branch logged it already."""
    found = Meeting.objects.filter(
        organization=ctx.org, held_on=row[DATE], kind=row[KIND], topic=row[TOPIC]
    )
    if row[KIND] == Kind.GROUP_MEETING:
        found = found.filter(party_group__name=row[GROUP])
    return found.select_related("organization", "host", "recorder", "lecturer").first()


def _update(
    ctx: ImportContext,
    row: Row,
    meeting: Meeting,
    fields: dict[str, Any],
    attendance: dict[int, tuple[str, str]] | None,
    columns: dict[int, str],
) -> Change | tuple[Change, list[str]]:
    """Apply what the row says differently from the record; a blank cell keeps it."""
    if "lecturer_name" in fields:
        fields["lecturer"] = None
    elif "lecturer" in fields:
        fields["lecturer_name"] = ""
    changes = {
        field: value
        for field, value in fields.items()
        if (value or _given(row, field)) and getattr(meeting, field) != value
    }
    changed = sorted({FIELD_COLUMNS[f] for f in changes}, key=_column_order)
    if changes:
        meeting_update(actor=ctx.actor, meeting=meeting, **changes)
    recorded = {a.person_id: (a.status, a.reason) for a in meeting.attendances.all()}
    if attendance is not None and attendance != recorded:
        try:
            attendance_set(actor=ctx.actor, meeting=meeting, attendance=attendance)
        except ServiceError as exc:
            _raise_for_attendance(ctx, row, exc, columns)
        changed += [c for c in (PRESENT, ABSENT) if c in columns.values()]
    if not changed:
        return Change.UNCHANGED
    return Change.UPDATED, changed


def _given(row: Row, field: str) -> bool:
    """Whether the row names the lecturer (which clears the other of the two fields)."""
    return field in ("lecturer", "lecturer_name") and bool(row[LECTURER])


def _column_order(column: str) -> int:
    return [c.name for c in MeetingSheet.columns].index(column)


def _raise_for_attendance(
    ctx: ImportContext, row: Row, exc: ServiceError, columns: dict[int, str]
) -> None:
    if exc.field != "attendance" or not columns:
        if exc.field is None and columns:
            # a refusal of the whole list (the meeting took decisions)
            raise RowError(exc.message, column=next(iter(columns.values()))) from None
        raise exc
    # The service names the person it refuses; the column is where that person is.
    raise RowError(exc.message, column=_refused_column(ctx, row, columns)) from None


def _names_by_meeting(meetings: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Meeting pk -> the names of those present and of those absent (with the reason for a
    leave), by name: read as plain values in one query, since five years of a large branch
    are some 170,000 rows of attendance."""
    found: dict[int, tuple[list[str], list[str]]] = {}
    rows = (
        Attendance.objects.filter(meeting__in=meetings)
        .order_by("meeting_id", "person__name", "person_id")
        .values_list("meeting_id", "person__name", "status", "reason")
    )
    for meeting_id, name, status, reason in rows.iterator(chunk_size=5000):
        present, absent = found.setdefault(meeting_id, ([], []))
        if status == Attendance.Status.PRESENT:
            present.append(name)
        elif status == Attendance.Status.LEAVE and reason:
            absent.append(f"{name}（{reason}）")
        else:
            absent.append(name)
    return found


def _person(ctx: ImportContext, name: str | None, column: str) -> Person | None:
    return find_person(ctx, name, column=column) if name else None


def _lecturer(ctx: ImportContext, name: str | None) -> dict[str, Any]:
    if not name:
        return {}
    outside = OUTSIDE_RE.match(name)
    if outside:
        if not outside.group(1).strip():
            raise RowError(
                _("Write the outside lecturer's name before %(mark)s.") % {"mark": OUTSIDE_MARK},
                column=LECTURER,
            )
        outsider = outside.group(1).strip()
        try:
            within_limit(Column(LECTURER, max_length=limit(Meeting, "lecturer_name")), outsider)
        except CellError as exc:
            raise RowError(exc.message, column=LECTURER) from None
        return {"lecturer_name": outsider}
    return {"lecturer": find_person(ctx, name, column=LECTURER)}


def _group(ctx: ImportContext, name: str) -> PartyGroup:
    group = PartyGroup.objects.filter(organization=ctx.org, name=name).first()
    if group is not None:
        return group
    try:
        return branch_services.party_group_create(actor=ctx.actor, org=ctx.org, name=name)
    except ServiceError as exc:
        raise RowError(exc.message, column=GROUP) from None


def _attendance(
    ctx: ImportContext, row: Row
) -> tuple[dict[int, tuple[str, str]] | None, dict[int, str]]:
    """The attendance list for ``meeting_record`` (``None``: its default) and the column each
    person was named in."""
    named = [(name, "", PRESENT) for name in row[PRESENT] or []]
    named += [(name, reason, ABSENT) for name, reason in row[ABSENT] or []]
    if not named:
        return None, {}
    attendance: dict[int, tuple[str, str]] = {}
    columns: dict[int, str] = {}
    for name, reason, column in named:
        person = find_person(ctx, name, column=column)
        if person.pk in attendance:
            raise RowError(
                _("%(name)s is named twice in the attendance.") % {"name": name}, column=column
            )
        if column == PRESENT:
            status = Attendance.Status.PRESENT
        else:
            status = Attendance.Status.LEAVE if reason else Attendance.Status.ABSENT
        attendance[person.pk] = (status, reason)
        columns[person.pk] = column
    return attendance, columns


def _refused_column(ctx: ImportContext, row: Row, columns: dict[int, str]) -> str:
    """The column of the first person listed who was not in the branch on the day: the one the
    service refused, as it checks the list in the same order."""
    in_branch = set(
        people_in(ctx.org, row[DATE]).filter(pk__in=list(columns)).values_list("pk", flat=True)
    )
    return next((c for pk, c in columns.items() if pk not in in_branch), PRESENT)


register_sheet(MeetingSheet())
