"""The 党员名册 and 支委会 sheets: people with their history, the committee, all or nothing,
idempotence, updates of known people, and the export → import round trip."""

from __future__ import annotations

import datetime
import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from branch.models import AuditEntry, Honor, PartyGroup
from branch.workbook_import import import_workbook
from members import services
from members.idcard import check_char
from members.models import (
    Category,
    CommitteePost,
    CommitteeTerm,
    Membership,
    Person,
    Post,
    Stage,
    StatusChange,
)
from members.selectors import committee_on, roster, state_of, with_history
from tests.branch.test_workbook import HONOR_HEADERS, make_workbook

ROSTER_HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学历",
    "党员类别",
    "入党日期",
    "转正日期",
    "人员类别",
    "党小组",
    "工作单位及职务",
    "联系电话",
    "加入本支部日期",
    "离开本支部日期",
]
COMMITTEE_HEADERS = ["姓名", "职务", "任职日期", "分工", "离任日期"]
TODAY = timezone.localdate()
RECENTLY = TODAY - datetime.timedelta(days=100)


def id_number(birth: date, *, male: bool, seq: int = 1) -> str:
    first17 = f"110105{birth:%Y%m%d}{seq:02d}{1 if male else 2}"
    return first17 + check_char(first17)


def person(**values) -> list:
    """A roster row from the columns given by their header (the rest blank)."""
    return [values.get(header, "") for header in ROSTER_HEADERS]


def good_sheets() -> dict[str, list[list]]:
    w = date(1975, 3, 2)
    return {
        "党员名册": [
            ROSTER_HEADERS,
            # 2: a full member with both dates, an ID number, a group that gets created
            person(
                姓名="王建国",
                性别="男",
                民族="汉族",
                出生日期=w,
                身份证号=id_number(w, male=True),
                学历="大学本科",
                党员类别="正式党员",
                入党日期=date(2000, 7, 1),
                转正日期="2001-07-01",
                人员类别="在职",
                党小组="第一党小组",
                工作单位及职务="中心小学校长",
                联系电话=13800000001,
                加入本支部日期="2010-09-01",
            ),
            # 3: full membership a year after joining, dates as datetime and text
            person(
                姓名="李红梅",
                性别="女",
                出生日期=datetime.datetime(1980, 5, 6),
                学历="研究生",
                党员类别="正式党员",
                入党日期="2005/06/01",
                人员类别="在职",
                党小组="第一党小组",
                加入本支部日期="2012.09.01",
            ),
            person(
                姓名="赵敏",
                性别="女",
                出生日期="1983-08-08",
                学历="大专",
                党员类别="正式党员",
                入党日期="2006-06-01",
                转正日期="2007-06-01",
                人员类别="在职",
                党小组="第二党小组",
                加入本支部日期="2012-09-01",
            ),
            # 5: left the branch
            person(
                姓名="孙德明",
                性别="男",
                出生日期="1950-01-01",
                学历="初中",
                党员类别="正式党员",
                入党日期="1975-01-01",
                转正日期="1976-01-01",
                人员类别="离退休",
                党小组="离退休党小组",
                加入本支部日期="2015-01-01",
                离开本支部日期="2022-06-30",
            ),
            person(
                姓名="钱小军",
                性别="男",
                出生日期="1998-01-01",
                学历="本科",
                党员类别="预备党员",
                入党日期=RECENTLY,
                人员类别="在职",
                党小组="第一党小组",
                加入本支部日期="2020-09-01",
            ),
            person(
                姓名="周发展",
                性别="女",
                出生日期="2000-02-02",
                党员类别="发展对象",
                人员类别="学生",
                加入本支部日期="2023-01-01",
            ),
            person(
                姓名="吴积极",
                性别="男",
                出生日期="2001-03-03",
                党员类别="入党积极分子",
                人员类别="学生",
                加入本支部日期="2024-01-01",
            ),
            # 9: no date of joining the branch: from today
            person(姓名="郑申请", 性别="女", 出生日期="2002-04-04", 党员类别="入党申请人"),
        ],
        "支委会": [
            COMMITTEE_HEADERS,
            ["王建国", "书记", "2021-03-01", "主持全面工作", ""],
            ["李红梅", "组织委员", "2021-03-01", "", ""],
            ["赵敏", "宣传委员", "2021-03-01", "", "2023-01-01"],
        ],
        "荣誉": [HONOR_HEADERS, ["2025-06-28", "先进基层党组织", "青山镇党委", "镇级"]],
    }


def run(org, sheets: dict | bytes, **kwargs):
    """Import a workbook given by its sheets, or an exported file as it is."""
    content = sheets if isinstance(sheets, bytes) else make_workbook(sheets)
    with translation.override("en"):
        result = import_workbook(org=org, source=io.BytesIO(content), actor=None, **kwargs)
        return result, [str(p) for p in result.errors]


def counts() -> dict[str, int]:
    models = (Person, Membership, StatusChange, Honor, CommitteePost, PartyGroup)
    return {m.__name__: m.objects.count() for m in models}


def stages(org, day):
    return {s.person.name: s.stage for s in roster(org, day)}


def loaded(p: Person, org) -> Person:
    return with_history(Person.objects.filter(pk=p.pk), org).get()


# A good workbook ----------------------------------------------------------------------------


def test_a_good_workbook_creates_people_with_their_history(school):
    result, errors = run(school, good_sheets())
    assert errors == []
    assert [(s.name, s.created) for s in result.sheets] == [
        ("党员名册", 8),
        ("支委会", 3),
        ("荣誉", 1),
    ]
    assert stages(school, TODAY) == {
        "王建国": Stage.FULL,
        "李红梅": Stage.FULL,
        "赵敏": Stage.FULL,
        "钱小军": Stage.PROBATIONARY,
        "周发展": Stage.CANDIDATE,
        "吴积极": Stage.ACTIVIST,
        "郑申请": Stage.APPLICANT,
    }
    assert set(stages(school, date(2020, 1, 1))) == {"王建国", "李红梅", "赵敏", "孙德明"}
    assert sorted(
        PartyGroup.objects.filter(organization=school).values_list("name", flat=True)
    ) == [
        "离退休党小组",
        "第一党小组",
        "第二党小组",
    ]


def test_each_column_lands_where_it_belongs(school):
    run(school, good_sheets())
    wang = loaded(Person.objects.get(name="王建国"), school)
    assert (wang.gender, wang.education, wang.unit_and_post, wang.phone) == (
        "male",
        "bachelor",
        "中心小学校长",
        "13800000001",
    )
    assert wang.id_number == id_number(date(1975, 3, 2), male=True)
    state = state_of(wang, TODAY)
    assert (state.category, state.group.name) == (Category.EMPLOYED, "第一党小组")
    assert (state.joined_party_on, state.full_member_on) == (date(2000, 7, 1), date(2001, 7, 1))
    assert state.membership.joined_on == date(2010, 9, 1)
    li = loaded(Person.objects.get(name="李红梅"), school)
    assert state_of(li, TODAY).full_member_on == date(2006, 6, 1)  # a year after joining
    sun = loaded(Person.objects.get(name="孙德明"), school)
    assert state_of(sun, date(2022, 6, 29)).group.name == "离退休党小组"
    assert sun.memberships.get().left_on == date(2022, 6, 30)
    zheng = loaded(Person.objects.get(name="郑申请"), school)
    assert zheng.memberships.get().joined_on == TODAY
    # one audit entry for the whole import, naming the people it wrote
    (entry,) = AuditEntry.objects.filter(organization=school, changes__has_key="workbook_sheets")
    assert "王建国" in entry.changes["people"][1]
    assert wang.id_number not in str(entry.changes)


def test_the_committee_goes_into_a_term_elected_on_the_first_day_of_office(school):
    run(school, good_sheets())
    term = CommitteeTerm.objects.get(organization=school)
    assert (term.elected_on, term.ends_on) == (date(2021, 3, 1), date(2024, 3, 1))
    _term, posts = committee_on(school, date(2022, 1, 1))
    assert sorted((p.person.name, p.post, p.duties) for p in posts) == [
        ("李红梅", Post.ORGANIZATION, ""),
        ("王建国", Post.SECRETARY, "主持全面工作"),
        ("赵敏", Post.PROPAGANDA, ""),
    ]
    assert len(committee_on(school, date(2023, 6, 1))[1]) == 2


def test_a_committee_row_may_name_someone_the_branch_already_keeps(school, make_person):
    make_person("老党员", joined_on=date(2010, 1, 1))
    sheets = {"支委会": [COMMITTEE_HEADERS, ["老党员", "纪检委员", "2020-05-01", "", ""]]}
    _result, errors = run(school, sheets)
    assert errors == []
    assert CommitteePost.objects.get().post == Post.DISCIPLINE


# Bad rows: nothing at all is written --------------------------------------------------------


def _set(sheets, sheet, number, column, value):
    headers = sheets[sheet][0]
    sheets[sheet][number - 1][headers.index(column)] = value


GOOD_ID = id_number(date(1975, 3, 2), male=True)
WRONG_CHECK_DIGIT = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] == "0" else "0")
BAD_CELLS = [
    # sheet, row, column, value, the column the error names
    ("党员名册", 2, "身份证号", WRONG_CHECK_DIGIT, "身份证号"),
    ("党员名册", 2, "身份证号", id_number(date(1976, 3, 2), male=True), "身份证号"),  # birth
    ("党员名册", 3, "身份证号", id_number(date(1980, 5, 6), male=True), "身份证号"),  # gender
    ("党员名册", 4, "性别", "男性", "性别"),
    ("党员名册", 4, "党员类别", "党员", "党员类别"),
    ("党员名册", 3, "入党日期", "", "入党日期"),  # a full member without any party date
    ("党员名册", 6, "入党日期", "", "入党日期"),  # a probationary member needs it
    ("党员名册", 6, "转正日期", "2025-01-01", "转正日期"),
    ("党员名册", 7, "入党日期", "2024-01-01", "入党日期"),  # not for a candidate
    ("党员名册", 5, "离开本支部日期", "2014-12-31", "离开本支部日期"),  # before joining
    ("党员名册", 4, "出生日期", "1983-02-30", "出生日期"),
    ("党员名册", 8, "学历", "大学肄业", "学历"),
    ("党员名册", 9, "姓名", "", "姓名"),
    ("支委会", 2, "姓名", "张三", "姓名"),  # not on the roster
    ("支委会", 3, "姓名", "吴积极", "任职日期"),  # not a full member that day
    ("支委会", 3, "职务", "书记", "职务"),  # a second secretary
    ("支委会", 4, "离任日期", "2020-01-01", "离任日期"),  # before taking office
    ("荣誉", 2, "日期", "2025-13-01", "日期"),
]


@pytest.mark.parametrize(("sheet", "row", "column", "value", "named"), BAD_CELLS)
def test_one_bad_cell_writes_nothing_and_is_named(
    school, make_person, sheet, row, column, value, named
):
    make_person("老党员", joined_on=date(2010, 1, 1))  # records already there stay as they are
    before = counts()
    sheets = good_sheets()
    _set(sheets, sheet, row, column, value)
    result, errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(sheet, row, named)], errors
    assert errors[0].startswith(f"Sheet {sheet}, row {row}, column {named}: ")
    assert counts() == before
    assert not result.written


def test_the_same_person_twice_in_one_file_is_a_row_error(school):
    sheets = good_sheets()
    sheets["党员名册"].append(list(sheets["党员名册"][2]))  # 李红梅 again, as row 10
    result, errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("党员名册", 10, "姓名")]
    assert "row 3" in errors[0]
    assert Person.objects.count() == 0


def test_a_failed_roster_row_is_reported_once_not_again_for_the_committee(school):
    sheets = good_sheets()
    _set(sheets, "党员名册", 2, "入党日期", "1970-01-01")  # before his birth
    result, _errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("党员名册", 2, "入党日期")]


def test_an_id_number_kept_by_another_branch_is_refused(school, village, make_person):
    make_person(
        "王建国",
        org=village,
        birth_date=date(1975, 3, 2),
        id_number=id_number(date(1975, 3, 2), male=True),
    )
    result, errors = run(school, good_sheets())
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("党员名册", 2, "身份证号")]
    assert "another organisation" in errors[0]


# Running it again ---------------------------------------------------------------------------


def test_the_same_workbook_twice_changes_nothing_the_second_time(school):
    run(school, good_sheets())
    before, audit = counts(), AuditEntry.objects.count()
    result, errors = run(school, good_sheets())
    assert errors == []
    assert [(s.name, s.created, s.updated, s.unchanged) for s in result.sheets] == [
        ("党员名册", 0, 0, 8),
        ("支委会", 0, 0, 3),
        ("荣誉", 0, 0, 1),
    ]
    assert counts() == before
    assert AuditEntry.objects.count() == audit


def test_a_dry_run_of_a_good_workbook_writes_nothing(school):
    result, errors = run(school, good_sheets(), dry_run=True)
    assert errors == []
    assert [s.created for s in result.sheets] == [8, 3, 1]
    assert counts() == dict.fromkeys(counts(), 0)


# Known people -------------------------------------------------------------------------------


def test_a_row_adds_what_happened_since_to_a_known_person(school, make_person):
    qian = make_person(
        "钱小军",
        stage=Stage.PROBATIONARY,
        stage_on=date(2023, 1, 1),
        joined_on=date(2020, 9, 1),
        birth_date=date(1998, 1, 1),
    )
    sheets = {
        "党员名册": [
            ROSTER_HEADERS,
            person(
                姓名="钱小军",
                性别="男",
                出生日期="1998-01-01",
                党员类别="正式党员",
                入党日期="2023-01-01",
                转正日期="2024-01-15",
                联系电话="13900000000",
                人员类别="在职",
                党小组="第一党小组",
                离开本支部日期="2025-01-01",
            ),
        ]
    }
    result, errors = run(school, sheets)
    assert errors == []
    assert [(s.created, s.updated) for s in result.sheets] == [(0, 1)]
    qian = loaded(qian, school)
    assert qian.phone == "13900000000"
    assert state_of(qian, date(2024, 6, 1)).stage == Stage.FULL
    assert state_of(qian, date(2024, 6, 1)).group is None  # no moves for someone who left
    assert qian.memberships.get().left_on == date(2025, 1, 1)
    assert Person.objects.count() == 1


def test_a_row_places_a_known_person_in_a_group(school, make_person):
    make_person("甲", joined_on=date(2015, 1, 1), birth_date=date(1985, 6, 1))
    sheets = {
        "党员名册": [
            ROSTER_HEADERS,
            person(
                姓名="甲",
                性别="男",
                出生日期="1985-06-01",
                党员类别="正式党员",
                转正日期="2015-01-01",
                党小组="新党小组",
            ),
        ]
    }
    _result, errors = run(school, sheets)
    assert errors == []
    state = state_of(loaded(Person.objects.get(), school), date(2016, 1, 1))
    assert state.group.name == "新党小组"  # in it since they came to the branch


def test_a_row_does_not_move_anyone_back(school, make_person):
    make_person("甲", joined_on=date(2015, 1, 1), birth_date=date(1985, 6, 1))
    sheets = {
        "党员名册": [
            ROSTER_HEADERS,
            person(
                姓名="甲",
                性别="男",
                出生日期="1985-06-01",
                党员类别="预备党员",
                入党日期="2014-01-01",
            ),
        ]
    }
    result, _errors = run(school, sheets)
    assert [(p.row, p.column) for p in result.errors] == [(2, "党员类别")]


def test_a_row_contradicting_a_recorded_date_is_refused(school):
    run(school, good_sheets())
    sheets = good_sheets()
    _set(sheets, "党员名册", 2, "转正日期", "2001-08-01")
    _set(sheets, "党员名册", 3, "加入本支部日期", "2013-09-01")
    result, errors = run(school, sheets)
    assert [(p.row, p.column) for p in result.errors] == [(2, "转正日期"), (3, "加入本支部日期")]
    assert "The records give July 1, 2001." in errors[0]


# The upload page with people ----------------------------------------------------------------


def test_a_confirmation_rechecks_the_file_against_the_records(
    client, secretary, school, village, settings_media
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(secretary)
    upload = SimpleUploadedFile("名册.xlsx", make_workbook(good_sheets()))
    response = client.post(reverse("branch:import", args=["school"]), {"file": upload})
    assert [s.created for s in response.context["result"].sheets] == [8, 3, 1]
    token = response.context["pending"]["token"]
    # meanwhile someone records 王建国 with his ID number in another branch
    services.person_create(
        actor=None,
        org=village,
        name="王建国",
        gender="male",
        birth_date=date(1975, 3, 2),
        joined_on=date(2020, 1, 1),
        stage=Stage.FULL,
        id_number=id_number(date(1975, 3, 2), male=True),
    )
    response = client.post(reverse("branch:import_confirm", args=["school"]), {"token": token})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sheet 党员名册, row 2, column 身份证号:" in page
    assert not Person.objects.filter(memberships__organization=school).exists()


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
