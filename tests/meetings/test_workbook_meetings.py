"""The 会议活动 sheet of the branch workbook: meetings with their attendance, names resolved on
the roster (all or nothing across sheets when one is unknown), the service's refusals as row
errors, idempotence, and the export of one year → import into an empty branch round trip
(meetings and dues)."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from branch import services as branch_services
from branch.models import AuditEntry, Honor, PartyGroup
from branch.workbook_export import export_workbook
from dues import services as dues_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory, Method, Payment, PaymentKind
from meetings import services
from meetings.models import Attendance, Kind, Meeting
from meetings.workbook import absentees
from members.models import Person
from members.transfers import transfer_out
from tests.branch.test_workbook import HONOR_HEADERS
from tests.members.test_workbook_members import ROSTER_HEADERS, TODAY, person, run
from tests.members.test_workbook_roundtrip import sheet_rows

YEAR = TODAY.year - 1  # a whole year in the past
SHEET = "会议活动"
MEETING_HEADERS = [
    "日期",
    "类型",
    "主题",
    "地点",
    "主持人",
    "记录人",
    "主讲人",
    "党课题目",
    "学习文件",
    "党小组",
    "参加人员",
    "缺席人员",
    "内容摘要",
]


NOT_A_MEMBER = (
    "新来的 was not a member of 中心小学党支部 on {day} and cannot be on the attendance list."
)


def meeting(**values) -> list:
    """A 会议活动 row from the columns given by their header (the rest blank)."""
    return [values.get(header, "") for header in MEETING_HEADERS]


def meetings(*rows: list) -> dict[str, list[list]]:
    return {SHEET: [MEETING_HEADERS, *rows]}


@pytest.fixture
def people(make_person):
    """Four members since 2015 and one who came to the branch in June of YEAR."""
    names = ("张三", "李四", "王五", "赵六")
    found = {name: make_person(name) for name in names}
    found["新来的"] = make_person("新来的", joined_on=date(YEAR, 6, 1))
    return found


def good_meetings() -> dict[str, list[list]]:
    return meetings(
        meeting(
            日期=date(YEAR, 3, 5),
            类型="支部党员大会",
            主题="学习全国两会精神",
            地点="党员活动室",
            主持人="张三",
            记录人="李四",
            参加人员="张三、李四,王五",
            缺席人员="赵六（出差，外地）",
            内容摘要="传达全国两会精神",
        ),
        # both lists blank: every party member of the branch that day, present
        meeting(日期=f"{YEAR}-04-10", 类型="党课", 主题="牢记初心使命", 主讲人="张三"),
        meeting(
            日期=f"{YEAR}/05/08",
            类型="党课",
            主题="党史专题",
            主讲人="县委党校陈老师（外请）",
            参加人员="李四、王五",
            缺席人员="赵六",
        ),
        meeting(
            日期=date(YEAR, 7, 2),
            类型="党小组会",
            主题="交流心得",
            党小组="第一党小组",
            参加人员="王五、新来的",
        ),
        meeting(
            日期=date(YEAR, 9, 1),
            类型="学习会",
            主题="学习纪律处分条例",
            参加人员="张三",
            学习文件="《中国共产党纪律处分条例》",
            内容摘要="逐章学习，交流体会",
        ),
    )


def attendance_of(m: Meeting) -> dict[str, tuple[str, str]]:
    return {a.person.name: (a.status, a.reason) for a in m.attendances.select_related("person")}


def counts() -> dict[str, int]:
    models = (Meeting, Attendance, Person, PartyGroup, Honor, AuditEntry)
    return {m.__name__: m.objects.count() for m in models}


# A good sheet -------------------------------------------------------------------------------


def test_it_logs_meetings_with_their_attendance(school, people):
    result, errors = run(school, good_meetings())
    assert errors == []
    assert [(s.name, s.created) for s in result.sheets] == [(SHEET, 5)]
    assembly, lecture, outside, group, study = Meeting.objects.filter(organization=school).order_by(
        "held_on"
    )

    assert (assembly.kind, assembly.place, assembly.host, assembly.recorder) == (
        Kind.GENERAL_ASSEMBLY,
        "党员活动室",
        people["张三"],
        people["李四"],
    )
    assert assembly.minutes == "传达全国两会精神"
    assert attendance_of(assembly) == {
        "张三": ("present", ""),
        "李四": ("present", ""),
        "王五": ("present", ""),
        "赵六": ("leave", "出差，外地"),
    }

    assert (lecture.lecturer, lecture.lecture_title) == (people["张三"], "牢记初心使命")
    # the expected attendees: the party members in the branch that day (not yet 新来的)
    assert attendance_of(lecture) == dict.fromkeys(
        ["张三", "李四", "王五", "赵六"], ("present", "")
    )

    assert (outside.lecturer, outside.lecturer_name) == (None, "县委党校陈老师")
    assert attendance_of(outside)["赵六"] == ("absent", "")

    assert group.party_group == PartyGroup.objects.get(organization=school, name="第一党小组")
    assert set(attendance_of(group)) == {"王五", "新来的"}

    assert (study.minutes, study.documents_studied) == (
        "逐章学习，交流体会",
        "《中国共产党纪律处分条例》",
    )
    assert AuditEntry.objects.filter(organization=school, object_repr__contains="党史专题").exists()


def test_the_same_sheet_twice_changes_nothing_the_second_time(school, people):
    run(school, good_meetings())
    before = counts()
    result, errors = run(school, good_meetings())
    assert errors == []
    assert [(s.created, s.updated, s.unchanged) for s in result.sheets] == [(0, 0, 5)]
    assert counts() == before


def test_a_person_added_by_the_roster_sheet_of_the_same_file_may_attend(school, people):
    sheets = {
        "党员名册": [
            ROSTER_HEADERS,
            person(
                姓名="钱七",
                性别="男",
                出生日期="1990-01-01",
                党员类别="正式党员",
                入党日期="2010-07-01",
                转正日期="2011-07-01",
                加入本支部日期="2020-01-01",
            ),
        ],
        **meetings(
            meeting(日期=date(YEAR, 3, 5), 类型="主题党日", 主题="植树", 参加人员="钱七、张三")
        ),
    }
    _result, errors = run(school, sheets)
    assert errors == []
    assert set(attendance_of(Meeting.objects.get(topic="植树"))) == {"钱七", "张三"}


# Names that are not on the roster: nothing at all is written ---------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("参加人员", "张三、张叁"),
        ("缺席人员", "张叁（病假）"),
        ("主持人", "张叁"),
        ("记录人", "张叁"),
        ("主讲人", "张叁"),
    ],
)
def test_an_unknown_name_writes_nothing_in_any_sheet_and_is_named(school, people, column, value):
    before = counts()
    sheets = {
        "党员名册": [
            ROSTER_HEADERS,
            person(
                姓名="钱七",
                性别="男",
                出生日期="1990-01-01",
                党员类别="正式党员",
                入党日期="2010-07-01",
                加入本支部日期="2020-01-01",
            ),
        ],
        **good_meetings(),
        "荣誉": [HONOR_HEADERS, [date(YEAR, 7, 1), "先进基层党组织", "青山镇党委", "镇级"]],
    }
    sheets[SHEET].append(
        meeting(日期=date(YEAR, 10, 9), 类型="主题党日", 主题="新时代", **{column: value})
    )
    result, errors = run(school, sheets)
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 7, column)]
    assert errors == [
        f"Sheet 会议活动, row 7, column {column}: 张叁 is not on the roster of 中心小学党支部."
    ]
    assert not result.written
    assert counts() == before


def test_someone_of_another_branch_is_not_on_the_roster(school, village, people, make_person):
    make_person("外人", org=village)
    sheet = meetings(meeting(日期=date(YEAR, 3, 5), 类型="主题党日", 主题="植树", 参加人员="外人"))
    _result, errors = run(school, sheet)
    assert errors == [
        "Sheet 会议活动, row 2, column 参加人员: 外人 is not on the roster of 中心小学党支部."
    ]


# The service's refusals, in the column they are about ---------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        (
            {"参加人员": "张三、新来的"},
            "参加人员",
            NOT_A_MEMBER,
        ),
        (
            {"缺席人员": "新来的（出差）"},
            "缺席人员",
            NOT_A_MEMBER,
        ),
        ({"主持人": "新来的"}, "主持人", "新来的 was not in 中心小学党支部 on {day}."),
        ({"类型": "党课"}, "主讲人", "Say who gave the party lecture."),
        ({"类型": "党小组会"}, "党小组", "Say which party group met."),
        ({"类型": "座谈会"}, "类型", None),
        (
            {"参加人员": "张三", "缺席人员": "张三"},
            "缺席人员",
            "张三 is named twice in the attendance.",
        ),
        ({"缺席人员": "赵六（出差"}, "缺席人员", None),
        ({"主讲人": "（外请）"}, "主讲人", None),
        ({"日期": TODAY + datetime.timedelta(days=30)}, "日期", None),
        ({"主题": "题" * 201}, "主题", None),
    ],
)
def test_a_refused_row_names_its_column(school, people, values, column, message):
    day = date(YEAR, 3, 5)
    row = {"日期": day, "类型": "主题党日", "主题": "植树", **values}
    result, errors = run(school, meetings(meeting(**row)))
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [(SHEET, 2, column)], errors
    if message:
        assert errors == [
            f"Sheet 会议活动, row 2, column {column}: " + message.format(day=f"March 5, {YEAR}")
        ]
    assert not Meeting.objects.exists()


def test_the_same_meeting_twice_in_one_file_is_a_row_error(school, people):
    row = meeting(日期=date(YEAR, 3, 5), 类型="主题党日", 主题="植树")
    result, errors = run(school, meetings(row, list(row)))
    assert [(p.row, p.column) for p in result.errors] == [(3, "主题")]
    assert "row 2" in errors[0]
    assert not Meeting.objects.exists()


def test_a_row_of_a_meeting_already_logged_applies_what_it_says_differently(school, people):
    services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=date(YEAR, 3, 5), topic="植树"
    )
    sheet = meetings(meeting(日期=date(YEAR, 3, 5), 类型="主题党日", 主题="植树", 地点="山上"))
    result, errors = run(school, sheet)
    assert errors == []
    [summary] = result.sheets
    assert [(r.change, r.columns) for r in summary.rows] == [("updated", ["地点"])]
    assert Meeting.objects.get().place == "山上"
    again, _errors = run(school, sheet)
    assert [(s.created, s.updated, s.unchanged) for s in again.sheets] == [(0, 0, 1)]


def test_absentees_keep_a_reason_with_list_separators_in_it():
    assert absentees("赵六（出差，外地）、钱七,孙八(病假)") == [
        ("赵六", "出差，外地"),
        ("钱七", ""),
        ("孙八", "病假"),
    ]


# The export of one year and the round trip --------------------------------------------------


@pytest.fixture
def kept_year(school, make_person):
    """A year of a branch's life: meetings of every shape, dues paid on bases (a reversal and
    a payment made again among them), someone who came and someone who left; and records of
    the years around it that a year's export leaves out."""
    g1 = branch_services.party_group_create(actor=None, org=school, name="第一党小组")
    p = {name: make_person(name) for name in ("张三", "李四", "赵六", "孙离开")}
    p["王五"] = make_person("王五", party_group=g1)
    p["新来的"] = make_person("新来的", joined_on=date(YEAR, 6, 1), party_group=g1)
    transfer_out(
        actor=None,
        org=school,
        person=p["孙离开"],
        transferred_on=date(YEAR, 8, 31),
        letter_number="转-1",
        counterpart="县教育局党委",
    )

    def log(kind, day, topic, **fields):
        return services.meeting_record(
            actor=None, org=school, kind=kind, held_on=day, topic=topic, **fields
        )

    present, absent, leave = (
        Attendance.Status.PRESENT,
        Attendance.Status.ABSENT,
        Attendance.Status.LEAVE,
    )
    log(
        Kind.GENERAL_ASSEMBLY,
        date(YEAR, 3, 5),
        "学习全国两会精神",
        place="党员活动室",
        host=p["张三"],
        recorder=p["李四"],
        minutes="传达精神",
        attendance={
            p["张三"].pk: (present, ""),
            p["李四"].pk: (present, ""),
            p["赵六"].pk: (leave, "出差，外地"),
            p["孙离开"].pk: (absent, ""),
        },
    )
    log(
        Kind.PARTY_LECTURE,
        date(YEAR, 4, 10),
        "牢记初心",
        lecturer=p["张三"],
        lecture_title="牢记初心",
    )
    log(Kind.PARTY_LECTURE, date(YEAR, 5, 8), "党史", lecturer_name="陈老师", lecture_title="党史")
    log(Kind.GROUP_MEETING, date(YEAR, 7, 2), "交流心得", party_group=g1)
    log(
        Kind.STUDY_SESSION,
        date(YEAR, 9, 1),
        "学习条例",
        minutes="《条例》",
        documents_studied="《条例》",
        attendance={p["张三"].pk: (present, "")},
    )
    log(Kind.COMMITTEE_MEETING, date(YEAR, 11, 20), "研究发展党员", attendance={})
    log(Kind.THEME_DAY, date(YEAR - 1, 7, 1), "去年的主题党日")
    log(Kind.THEME_DAY, TODAY, "今年的主题党日")

    for name in ("张三", "李四", "赵六", "孙离开", "新来的"):
        base = "8000" if name == "李四" else "4000"
        dues_bases.base_set(
            actor=None,
            org=school,
            person=p[name],
            year=YEAR,
            category=DuesCategory.EMPLOYED,
            base_amount=base,
        )

    def pay(name, months, paid_on, method=Method.CASH):
        return dues_services.payment_record(
            actor=None,
            org=school,
            person=p[name],
            months=[date(YEAR, m, 1) for m in months],
            paid_on=paid_on,
            method=method,
        )

    pay("张三", [1, 2, 3], date(YEAR, 3, 15))
    wrong = pay("李四", [1], date(YEAR, 1, 10), Method.TRANSFER)
    dues_services.payment_reverse(actor=None, payment=wrong[0], reason="记错了人")
    pay("李四", [1], date(YEAR, 2, 1), Method.ONLINE)
    pay("新来的", [6, 7], date(YEAR, 7, 10))
    pay("孙离开", [8], date(YEAR, 8, 20), Method.TRANSFER)
    dues_bases.base_set(
        actor=None,
        org=school,
        person=p["张三"],
        year=YEAR - 1,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )
    dues_services.payment_record(
        actor=None,
        org=school,
        person=p["张三"],
        months=[date(YEAR - 1, 12, 1)],
        paid_on=date(YEAR - 1, 12, 10),
    )
    branch_services.honor_create(actor=None, org=school, awarded_on=date(YEAR, 7, 1), title="先进")
    branch_services.honor_create(
        actor=None, org=school, awarded_on=date(YEAR - 1, 7, 1), title="旧"
    )
    return school


def picture(org) -> dict:
    """What the year's records say, by names (the people are other rows in another branch)."""
    meetings_ = []
    for m in Meeting.objects.filter(organization=org).select_related(
        "host", "recorder", "lecturer", "party_group"
    ):
        meetings_.append(
            (
                m.held_on,
                m.kind,
                m.topic,
                m.place,
                m.host.name if m.host else None,
                m.recorder.name if m.recorder else None,
                m.lecturer_display,
                m.lecture_title,
                m.party_group.name if m.party_group else None,
                m.minutes,
                m.documents_studied,
                sorted(
                    (a.person.name, a.status, a.reason)
                    for a in m.attendances.select_related("person")
                ),
            )
        )
    dues = {}
    for payment in Payment.objects.filter(organization=org).select_related("person").order_by("pk"):
        key = (payment.person.name, payment.month)
        total = dues.get(key, {}).get("total", 0) + payment.amount
        dues[key] = {"total": total}
        if payment.kind != PaymentKind.REVERSAL:
            dues[key].update(paid_on=payment.paid_on, method=payment.method, kind=payment.kind)
        else:
            dues[key].update(dict.fromkeys(("paid_on", "method", "kind")))
    return {
        "meetings": sorted(meetings_),
        "dues": {k: v for k, v in dues.items() if v["total"] > 0},
        "honours": sorted(
            Honor.objects.filter(organization=org).values_list("awarded_on", "title")
        ),
    }


def of_year(found: dict) -> dict:
    return {
        "meetings": [m for m in found["meetings"] if m[0].year == YEAR],
        "dues": {k: v for k, v in found["dues"].items() if k[1].year == YEAR},
        "honours": [h for h in found["honours"] if h[0].year == YEAR],
    }


def test_a_years_export_imports_into_an_empty_branch_as_the_same_meetings_and_dues(
    kept_year, village
):
    original = of_year(picture(kept_year))
    assert len(original["meetings"]) == 6 and len(original["dues"]) == 7
    content = export_workbook(org=kept_year, personal_data=True, year=YEAR)

    result, errors = run(village, content)
    assert errors == []
    assert [(s.name, s.created) for s in result.sheets] == [
        ("党员名册", 6),
        ("会议活动", 6),
        ("党费", 7),
        ("荣誉", 1),
    ]
    assert picture(village) == original  # nothing of the years around it
    assert sheet_rows(export_workbook(org=village, personal_data=True, year=YEAR)) == sheet_rows(
        content
    )

    before = counts()
    again, errors = run(village, content)
    assert errors == []
    assert sum(s.created + s.updated for s in again.sheets) == 0
    assert counts() == before


def test_the_export_page_takes_a_year(kept_year, client, secretary):
    client.force_login(secretary)
    url = reverse("branch:export", args=["school"])
    response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    assert f"-{YEAR}-" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert {r[0] for r in rows[SHEET][1:]} == {
        datetime.datetime(YEAR, m, d)
        for m, d in ((3, 5), (4, 10), (5, 8), (7, 2), (9, 1), (11, 20))
    }
    assert {r[1] for r in rows["党费"][1:]} == {f"{YEAR}-{m:02d}" for m in (1, 2, 3, 6, 7, 8)}
    assert [r[1] for r in rows["荣誉"][1:]] == ["先进"]
    everything = sheet_rows(client.get(url).content)
    assert len(everything[SHEET]) == 1 + 8
    assert len(everything["荣誉"]) == 1 + 2
    assert everything["党员名册"] == rows["党员名册"]  # the roster is whole either way


@pytest.mark.parametrize("year", ["twenty", "26", "3026"])
def test_the_export_page_refuses_a_year_it_cannot_read(kept_year, client, secretary, year):
    client.force_login(secretary)
    with translation.override("en"):
        response = client.get(reverse("branch:export", args=["school"]), {"year": year})
    assert response.status_code == 400


def test_the_import_page_offers_the_export_of_each_year_that_has_records(
    kept_year, client, secretary
):
    client.force_login(secretary)
    response = client.get(reverse("branch:import", args=["school"]))
    html = response.content.decode()
    assert response.context["export_years"] == [TODAY.year, YEAR, YEAR - 1]
    form = html[html.index('data-testid="export-year"') :]
    assert reverse("branch:export", args=["school"]) in html
    assert all(f'<option value="{y}">{y}年</option>' in form for y in (TODAY.year, YEAR, YEAR - 1))
    assert f'value="{YEAR - 2}"' not in form


def test_a_year_out_of_range_is_answered_in_chinese_inside_the_site(kept_year, client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("branch:export", args=["school"]), {"year": "1800"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<nav" in html and 'data-testid="export-refused"' in html
    assert "“1800”不是本支部有记录的年份" in html
    assert f'<option value="{YEAR}">{YEAR}年</option>' in html  # the years on offer
