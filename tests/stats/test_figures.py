"""The numbers on the statistics pages are the records: people, statuses, meetings, dues,
reports, items and committee posts written through the services, read back as the other
pages of the app read them (the roster's counts, the compliance calendar, the year
summary)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dues import services as dues_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory
from dues.selectors import year_summary
from meetings import compliance
from meetings import services as meeting_services
from meetings.models import Kind
from members import services as member_services
from members.models import Aspect, Category, Post, Stage
from members.selectors import counts_on
from notices import services as notice_services
from notices.models import Audience
from reports import services as report_services
from tests.clock import noon

D = datetime.date


@pytest.fixture
def june():
    """Mid-June of the run's year: five months over, the sixth open."""
    year = timezone.localdate().year
    with time_machine.travel(noon(D(year, 6, 15)), tick=True):
        yield year


@pytest.fixture
def records(june, school, village, make_person):
    year = june
    first = make_person("甲", category=Category.EMPLOYED)
    second = make_person(
        "乙", stage=Stage.PROBATIONARY, stage_on=D(year - 3, 7, 1), category=Category.EMPLOYED
    )
    member_services.status_change_record(
        actor=None,
        org=school,
        person=second,
        aspect=Aspect.STAGE,
        value=Stage.FULL,
        effective_on=D(year - 1, 7, 1),
    )
    make_person("丙", category=Category.RETIRED)
    make_person("丁", stage=Stage.APPLICANT, joined_on=D(year - 1, 5, 1), category=Category.FARMER)
    for person in (first, second):
        dues_bases.base_set(
            actor=None,
            org=school,
            person=person,
            year=year,
            category=DuesCategory.EMPLOYED,
            base_amount="4000",
        )
    dues_services.payment_record(
        actor=None,
        org=school,
        person=first,
        months=[D(year, m, 1) for m in (1, 2, 3, 4, 5, 7)],
        paid_on=D(year, 6, 10),
    )
    dues_services.payment_record(
        actor=None,
        org=school,
        person=second,
        months=[D(year, m, 1) for m in (1, 2, 3)],
        paid_on=D(year, 6, 10),
    )
    dues_services.extra_payment_record(
        actor=None, org=school, person=second, amount="50", paid_on=D(year, 6, 10)
    )
    for kind, day in (
        (Kind.THEME_DAY, D(year, 1, 10)),
        (Kind.THEME_DAY, D(year, 2, 10)),
        (Kind.GENERAL_ASSEMBLY, D(year, 2, 20)),
        (Kind.STUDY_SESSION, D(year, 4, 8)),
    ):
        meeting_services.meeting_record(
            actor=None, org=school, kind=kind, held_on=day, topic="学习"
        )
    term = member_services.committee_term_create(
        actor=None, org=school, elected_on=D(year - 3, 9, 1)
    )
    member_services.committee_post_add(
        actor=None, term=term, person=first, post=Post.SECRETARY, started_on=D(year - 3, 9, 1)
    )
    notice = notice_services.notice_create(actor=None, org=school, title="通知", body="正文")
    notice_services.notice_publish(
        actor=None, notice=notice, published_on=D(year, 6, 15), audience=Audience.PARTY
    )
    report = report_services.report_for(actor=None, org=school, year=year - 1)
    report_services.report_finalize(
        actor=None, report=report, author="王书记", signed_on=D(year, 1, 20)
    )
    return year


def test_a_branch_page_counts_the_records(client, secretary, school, records):
    year = records
    client.force_login(secretary)
    page = client.get(reverse("stats:index", kwargs={"org_code": "school"}))
    context = page.context
    rows = context["snapshot_rows"]
    assert len(rows) == 5
    stages = [s.value for s in Stage]
    by_stage = [dict(zip(stages, r["stages"], strict=True)) for r in rows]
    # the end of the year before last: 乙 still probationary, 丁 not yet on the roster
    assert by_stage[2] == {
        "applicant": 0,
        "activist": 0,
        "candidate": 0,
        "probationary": 1,
        "full": 2,
    }
    assert by_stage[3] == {
        "applicant": 1,
        "activist": 0,
        "candidate": 0,
        "probationary": 0,
        "full": 3,
    }
    today = timezone.localdate()
    now = counts_on(school, context["snapshots"][-1].day)
    assert by_stage[4] == {stage: now[stage] for stage in stages}
    categories = dict(zip([c.value for c in Category], rows[-1]["categories"], strict=True))
    assert categories == {"employed": 2, "retired": 1, "student": 0, "farmer": 0, "other": 0}
    assert (
        dict((str(label), n) for label, n in context["pipeline"])[str(Stage.APPLICANT.label)] == 1
    )

    life = {m.month: m for m in context["life"]}
    assert life[1].held[Kind.THEME_DAY] == 1 and life[1].total == 1
    assert life[2].held[Kind.GENERAL_ASSEMBLY] == 1 and life[2].total == 2
    assert life[4].held["other_kinds"] == 1
    # March closes the month's theme day (missed), the quarter's general assembly (held) and
    # its party lecture (missed); the branch has no committee, so no 支委会 is asked for
    assert (life[3].met, life[3].short) == (1, 2)
    assert (life[1].met, life[1].short, life[5].short) == (1, 0, 1)
    cal = compliance.calendar(school, year, today)
    assert sum(m.short for m in context["life"]) == cal.shortfalls

    dues = {label_month: d for label_month, d in ((d.month, d) for _label, d in context["dues"])}
    assert (dues[1].due, dues[1].paid, dues[1].rate) == (
        Decimal("80.00"),
        Decimal("80.00"),
        Decimal("100.0"),
    )
    assert dues[4].rate == Decimal("50.0")
    assert dues[6].rate == Decimal("0.0")
    assert dues[7].rate is None  # not begun: July's payment in advance is not counted
    summary = year_summary(school, year)
    counted = [d for d in dues.values() if d.rate is not None]
    assert sum(d.due for d in counted) == summary.collection.due == Decimal("480.00")
    assert sum(d.paid for d in counted) == summary.collection.paid == Decimal("320.00")
    html = page.content.decode()
    assert "<svg" in html and "<caption>" in html and 'style="' not in html.split("<main")[1]


def test_the_table_counts_the_records_of_each_branch(client, township_admin, school, records):
    year = records
    client.force_login(township_admin)
    page = client.get(reverse("stats:index", kwargs={"org_code": "town"}))
    rows = {r.org.code: r for r in page.context["rows"]}
    school_row, village_row = rows["school"], rows["village"]
    cal = compliance.calendar(school, year, timezone.localdate())
    assert school_row.short == cal.shortfalls > 0
    assert school_row.dues_rate == year_summary(school, year).rate == Decimal("66.7")
    assert school_row.published == 1 and village_row.published == 0
    assert school_row.final_reports == 0  # the finalised report is last year's
    assert school_row.has_secretary and not village_row.has_secretary
    assert school_row.term_ends_on == D(year, 9, 1) and school_row.term_expiring
    assert not village_row.term_expiring and village_row.term_ends_on is None
    last = client.get(reverse("stats:index", kwargs={"org_code": "town"}), {"year": year - 1})
    assert {r.org.code: r.final_reports for r in last.context["rows"]} == {
        "school": 1,
        "village": 0,
    }
    html = page.content.decode()
    assert reverse("stats:index", kwargs={"org_code": "school"}) in html
