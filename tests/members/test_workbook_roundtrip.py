"""Export → import round-trips (DESIGN §6): a branch's records exported and imported into an
empty branch give the same roster on every day, the same committee and the same honours."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from branch import services as branch_services
from branch.models import Honor
from branch.workbook_export import export_workbook
from members import services
from members.models import Category, CommitteeTerm, Person, Post, Stage, Transfer
from members.selectors import committee_on, counts_on, roster
from members.transfers import transfer_out
from tests.members.test_workbook_members import RECENTLY, TODAY, id_number, run


@pytest.fixture
def kept_records(school, make_person):
    """A branch with some history: people at every stage, one who left, groups, two
    committee terms and honours."""
    g1 = branch_services.party_group_create(actor=None, org=school, name="第一党小组")
    g2 = branch_services.party_group_create(actor=None, org=school, name="第二党小组")
    a = make_person("甲", joined_on=date(2015, 1, 1), party_group=g1, phone="13800000001")
    b = make_person(
        "乙",
        stage=Stage.PROBATIONARY,
        stage_on=date(2018, 3, 1),
        joined_on=date(2016, 5, 1),
        party_group=g1,
        gender="female",
        birth_date=date(1990, 2, 3),
        education="postgraduate",
        id_number=id_number(date(1990, 2, 3), male=False),
    )
    services.status_change_record(
        actor=None,
        org=school,
        person=b,
        aspect="stage",
        value=Stage.FULL,
        effective_on=date(2019, 3, 1),
    )
    c = make_person(
        "丙",
        joined_on=date(2015, 1, 1),
        category=Category.RETIRED,
        birth_date=date(1950, 1, 1),
        party_group=g2,
    )
    make_person(
        "丁",
        stage=Stage.CANDIDATE,
        joined_on=date(2022, 1, 1),
        birth_date=date(2000, 1, 1),
        party_group=g2,
        category=Category.STUDENT,
    )
    make_person(
        "戊", stage=Stage.APPLICANT, joined_on=date(2024, 5, 1), birth_date=date(2003, 1, 1)
    )
    make_person(
        "己",
        stage=Stage.PROBATIONARY,
        stage_on=RECENTLY,
        joined_on=date(2020, 1, 1),
        birth_date=date(1995, 1, 1),
        ethnicity="回族",
        unit_and_post="教师",
    )
    for name in ("庚", "辛", "壬"):
        make_person(name, joined_on=date(2012, 1, 1))
    transfer_out(
        actor=None,
        org=school,
        person=c,
        transferred_on=date(2021, 6, 30),
        letter_number="2021-07",
        counterpart="县教育局党委",
    )
    first = services.committee_term_create(actor=None, org=school, elected_on=date(2019, 1, 10))
    services.committee_post_add(
        actor=None,
        term=first,
        person=a,
        post=Post.SECRETARY,
        started_on=date(2019, 1, 10),
        duties="全面工作",
    )
    services.committee_post_add(
        actor=None, term=first, person=b, post=Post.ORGANIZATION, started_on=date(2019, 4, 1)
    )
    post_c = services.committee_post_add(
        actor=None, term=first, person=c, post=Post.PROPAGANDA, started_on=date(2019, 1, 10)
    )
    services.committee_post_end(actor=None, post=post_c, ended_on=date(2021, 6, 30))
    second = services.committee_term_create(actor=None, org=school, elected_on=date(2022, 1, 10))
    services.committee_post_add(
        actor=None, term=second, person=a, post=Post.SECRETARY, started_on=date(2022, 1, 10)
    )
    services.committee_post_add(
        actor=None,
        term=second,
        person=b,
        post=Post.DEPUTY,
        started_on=date(2022, 1, 10),
        duties="组织、宣传",
    )
    branch_services.honor_create(
        actor=None,
        org=school,
        awarded_on=date(2023, 7, 1),
        title="先进基层党组织",
        issuer="青山镇党委",
        rank="镇级",
    )
    branch_services.honor_create(
        actor=None, org=school, awarded_on=date(2024, 7, 1), title="五星级党支部"
    )
    return school


DAYS = [
    date(2012, 6, 1),
    date(2015, 6, 1),
    date(2017, 1, 1),
    date(2018, 6, 1),
    date(2019, 6, 1),
    date(2021, 6, 29),
    date(2021, 7, 1),
    date(2022, 6, 1),
    date(2024, 6, 1),
    TODAY,
]


def picture(org) -> dict:
    """Everything a report reads from the records, on several days."""

    def person_line(s):
        p = s.person
        return (
            p.name,
            p.gender,
            p.birth_date,
            p.ethnicity,
            p.id_number,
            p.education,
            p.unit_and_post,
            p.phone,
            s.stage,
            s.category,
            s.standing,
            s.group.name if s.group else None,
            s.membership.joined_on,
            s.joined_party_on,
            s.full_member_on,
        )

    def committee(day):
        term, posts = committee_on(org, day)
        return (
            term.elected_on if term else None,
            sorted((p.person.name, p.post, p.duties, p.started_on) for p in posts),
        )

    return {
        "roster": {day: sorted(person_line(s) for s in roster(org, day)) for day in DAYS},
        "counts": {day: dict(counts_on(org, day)) for day in DAYS},
        "committee": {day: committee(day) for day in DAYS},
        "honours": sorted(
            Honor.objects.filter(organization=org).values_list(
                "awarded_on", "title", "issuer", "rank"
            )
        ),
    }


def sheet_rows(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_an_export_imports_into_an_empty_branch_as_the_same_records(kept_records, village):
    school = kept_records
    original = picture(school)
    content = export_workbook(org=school, personal_data=True)
    # The people must leave the database first: an ID number belongs to one person only.
    Transfer.objects.all().delete()
    CommitteeTerm.objects.all().delete()
    Person.objects.all().delete()

    result, errors = run(village, content)
    assert errors == []
    assert [(s.name, s.created) for s in result.sheets] == [
        ("党员名册", 9),
        ("支委会", 5),
        ("荣誉", 2),
    ]
    assert picture(village) == original
    assert sheet_rows(export_workbook(org=village, personal_data=True)) == sheet_rows(content)

    again, errors = run(village, content)
    assert errors == []
    assert sum(s.created + s.updated for s in again.sheets) == 0


def test_an_export_into_the_same_branch_changes_nothing(kept_records):
    content = export_workbook(org=kept_records, personal_data=True)
    result, errors = run(kept_records, content)
    assert errors == []
    assert sum(s.created + s.updated for s in result.sheets) == 0


def test_the_export_leaves_out_personal_data_for_whoever_may_not_see_it(
    kept_records, client, committee_member, secretary
):
    client.force_login(committee_member)
    rows = sheet_rows(client.get(reverse("branch:export", args=["school"])).content)["党员名册"]
    headers = rows[0]
    yi = next(r for r in rows if r[0] == "乙")
    assert yi[headers.index("身份证号")] is None
    client.force_login(secretary)
    rows = sheet_rows(client.get(reverse("branch:export", args=["school"])).content)["党员名册"]
    yi = next(r for r in rows if r[0] == "乙")
    assert yi[headers.index("身份证号")] == id_number(date(1990, 2, 3), male=False)
    assert next(r for r in rows if r[0] == "丙")[headers.index("离开本支部日期")] is not None


def test_the_export_runs_the_same_queries_however_many_people(
    kept_records, make_person, django_assert_num_queries
):
    # people + their status changes, memberships and groups; who moved on to another branch
    # (their numbers are left out); committee posts; honours; meetings; dues payments
    with django_assert_num_queries(9):
        export_workbook(org=kept_records, personal_data=True)
    for number in range(5):
        make_person(f"新党员{number}")
    with django_assert_num_queries(9):
        export_workbook(org=kept_records, personal_data=True)
