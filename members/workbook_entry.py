"""One row of the 党员名册 sheet: its columns, the Chinese labels it accepts, what a row says
about the person's history (stages with their dates, the period in the branch), and the row an
export writes for a person.

Kept apart from the sheet itself (``members.workbook_roster``), which matches rows to people
and writes: everything here works on one row or one already loaded person, without queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from branch.dates import long_date
from branch.workbook import ExportContext, Row, RowError
from branch.workbook_cells import CellError, first_labels, text
from members import rules
from members.idcard import InvalidIdNumber, parse_id_number
from members.models import PARTY_MEMBER_STAGES, Aspect, Category, Education, Gender, Person, Stage
from members.selectors import date_entered, state_of, value_on

SHEET = "党员名册"
NAME, GENDER, ETHNICITY, BIRTH, ID_NUMBER = "姓名", "性别", "民族", "出生日期", "身份证号"
EDUCATION, STAGE, JOINED_PARTY, FULL_ON = "学历", "党员类别", "入党日期", "转正日期"
CATEGORY, GROUP, UNIT, PHONE = "人员类别", "党小组", "工作单位及职务", "联系电话"
JOINED, LEFT = "加入本支部日期", "离开本支部日期"

# Columns of the person record itself: column -> Person field
PERSON_COLUMNS = {
    NAME: "name",
    GENDER: "gender",
    ETHNICITY: "ethnicity",
    BIRTH: "birth_date",
    ID_NUMBER: "id_number",
    EDUCATION: "education",
    UNIT: "unit_and_post",
    PHONE: "phone",
}

# Chinese label -> stored value; the first label of each value is the one an export writes.
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
STAGES = {
    "正式党员": Stage.FULL,
    "预备党员": Stage.PROBATIONARY,
    "发展对象": Stage.CANDIDATE,
    "入党积极分子": Stage.ACTIVIST,
    "积极分子": Stage.ACTIVIST,
    "入党申请人": Stage.APPLICANT,
    "申请人": Stage.APPLICANT,
}
CATEGORIES = {
    "在职": Category.EMPLOYED,
    "在职职工": Category.EMPLOYED,
    "离退休": Category.RETIRED,
    "退休": Category.RETIRED,
    "离休": Category.RETIRED,
    "学生": Category.STUDENT,
    "农民": Category.FARMER,
    "其他": Category.OTHER,
}
EDUCATIONS = {
    "研究生": Education.POSTGRADUATE,
    "研究生及以上": Education.POSTGRADUATE,
    "博士研究生": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE,
    "硕士": Education.POSTGRADUATE,
    "大学本科": Education.BACHELOR,
    "本科": Education.BACHELOR,
    "大学": Education.BACHELOR,
    "大专": Education.COLLEGE,
    "大学专科": Education.COLLEGE,
    "专科": Education.COLLEGE,
    "中专/高中": Education.SECONDARY,
    "中专": Education.SECONDARY,
    "中等专科": Education.SECONDARY,
    "高中": Education.SECONDARY,
    "中技": Education.SECONDARY,
    "技校": Education.SECONDARY,
    "职高": Education.SECONDARY,
    "初中及以下": Education.BASIC,
    "初中": Education.BASIC,
    "小学": Education.BASIC,
    "小学及以下": Education.BASIC,
}

# The order of the stages, to tell a step forward from a step back.
STAGE_ORDER: list[str] = [
    Stage.APPLICANT,
    Stage.ACTIVIST,
    Stage.CANDIDATE,
    Stage.PROBATIONARY,
    Stage.FULL,
]


def id_number(value: Any) -> str:
    """Column parser: a valid ID number (GB 11643), in its normal form."""
    try:
        return parse_id_number(text(value)).number
    except InvalidIdNumber as exc:
        raise CellError(str(exc)) from None


def stage_column(stage: str) -> str:
    """The column that holds the date a stage began."""
    return {Stage.PROBATIONARY: JOINED_PARTY, Stage.FULL: FULL_ON}.get(stage, STAGE)


@dataclass(frozen=True)
class Entry:
    """What a roster row says about a person's history."""

    stage: str
    joined_party_on: datetime.date | None  # 入党日期: probationary from then
    full_on: datetime.date | None  # 转正日期, or a year after 入党日期 when left blank
    joined_on: datetime.date | None  # 加入本支部日期
    left_on: datetime.date | None  # 离开本支部日期

    def start(self, today: datetime.date) -> datetime.date:
        """The first day in the branch: 加入本支部日期, else 入党日期, else today."""
        return self.joined_on or self.joined_party_on or self.full_on or today

    def history(self, *, pipeline_from: datetime.date) -> list[tuple[str, datetime.date]]:
        """The stages the row implies, each with the day it began. The workbook does not say
        when someone in the pipeline reached their stage; ``pipeline_from`` stands in."""
        if self.stage == Stage.FULL:
            probation = [(Stage.PROBATIONARY, self.joined_party_on)] if self.joined_party_on else []
            return [*probation, (Stage.FULL, self.full_on)]
        if self.stage == Stage.PROBATIONARY:
            return [(Stage.PROBATIONARY, self.joined_party_on)]
        return [(self.stage, pipeline_from)]


def entry_from_row(row: Row, today: datetime.date) -> Entry:
    """Check that the row's dates fit together, and read the history they describe."""
    stage, birth = row[STAGE], row[BIRTH]
    joined_party_on, full_on = row[JOINED_PARTY], row[FULL_ON]
    stage_label = _stage_label(stage)
    if stage not in (Stage.PROBATIONARY, Stage.FULL):
        for column, value in ((JOINED_PARTY, joined_party_on), (FULL_ON, full_on)):
            if value:
                raise RowError(
                    _("Leave this blank for someone at the stage “%(stage)s”.")
                    % {"stage": stage_label},
                    column=column,
                )
    elif stage == Stage.PROBATIONARY:
        if not joined_party_on:
            raise RowError(_("A probationary member needs this date."), column=JOINED_PARTY)
        if full_on:
            raise RowError(
                _("A probationary member has no date of full membership yet."), column=FULL_ON
            )
    else:
        if not joined_party_on and not full_on:
            raise RowError(_("A full member needs this date."), column=JOINED_PARTY)
        if joined_party_on and full_on and full_on <= joined_party_on:
            raise RowError(
                _("Full membership comes after joining the party (%(date)s).")
                % {"date": long_date(joined_party_on)},
                column=FULL_ON,
            )
        if not full_on:
            full_on = joined_party_on + rules.PROBATION
            if full_on > today:
                raise RowError(
                    _("The probation from %(date)s has not ended yet: fill in %(column)s.")
                    % {"date": long_date(joined_party_on), "column": FULL_ON},
                    column=FULL_ON,
                )
    for column, day in ((JOINED_PARTY, joined_party_on), (JOINED, row[JOINED])):
        if day and birth and day <= birth:
            raise RowError(
                _("This is not after the date of birth (%(date)s).") % {"date": long_date(birth)},
                column=column,
            )
    entry = Entry(stage, joined_party_on, full_on, row[JOINED], row[LEFT])
    if entry.left_on and entry.left_on < entry.start(today):
        raise RowError(
            _("This is before the person came to the branch (%(date)s).")
            % {"date": long_date(entry.start(today))},
            column=LEFT,
        )
    return entry


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def row_for(
    person: Person, ctx: ExportContext, *, personal_data: bool | None = None
) -> dict[str, Any] | None:
    """The export's row for a person (loaded ``with_history``): as they stand today, or as
    they stood on their last day in the branch. One row a person, so of several periods in
    the branch only the last one is written. ID and phone numbers only with
    ``personal_data`` (by default the context's)."""
    if personal_data is None:
        personal_data = ctx.personal_data
    latest = max(
        (m for m in person.memberships.all() if m.organization_id == ctx.org.pk),
        key=lambda m: m.joined_on,
    )
    last_day = ctx.today
    if latest.left_on is not None:
        last_day = max(latest.joined_on, latest.left_on - datetime.timedelta(days=1))
    state = state_of(person, last_day)
    changes = list(person.status_changes.all())
    stage = state.stage or value_on(changes, Aspect.STAGE, datetime.date.max)
    if stage is None:
        return None
    group = state.group if state.group and state.group.organization_id == ctx.org.pk else None
    return {
        NAME: person.name,
        GENDER: first_labels(GENDERS).get(person.gender),
        ETHNICITY: person.ethnicity,
        BIRTH: person.birth_date,
        ID_NUMBER: person.id_number if personal_data else None,
        EDUCATION: first_labels(EDUCATIONS).get(person.education),
        STAGE: first_labels(STAGES)[stage],
        JOINED_PARTY: (
            date_entered(changes, Aspect.STAGE, Stage.PROBATIONARY)
            if stage in PARTY_MEMBER_STAGES
            else None
        ),
        FULL_ON: date_entered(changes, Aspect.STAGE, Stage.FULL) if stage == Stage.FULL else None,
        CATEGORY: first_labels(CATEGORIES).get(state.category or ""),
        GROUP: group.name if group else None,
        UNIT: person.unit_and_post,
        PHONE: person.phone if personal_data else None,
        JOINED: latest.joined_on,
        LEFT: latest.left_on,
    }
