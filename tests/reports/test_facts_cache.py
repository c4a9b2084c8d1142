"""The editor reads a draft's facts from the cache until a write touches the branch's records;
finalising a report always gathers them afresh."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Kind, Meeting
from reports import facts as facts_module
from reports import selectors, services
from reports.views import report_year

D = datetime.date
TODAY = timezone.localdate()
YEAR = report_year(TODAY)


@pytest.fixture
def gathered(monkeypatch):
    """The (organisation, year) of every gathering of facts from now on."""
    calls = []
    gather = facts_module.gather_facts

    def counting(org, year, today=None):
        calls.append((org.code, year))
        return gather(org, year, today)

    monkeypatch.setattr(facts_module, "gather_facts", counting)
    return calls


def theme_days_shown(response) -> str:
    assert response.status_code == 200
    activities = next(s for s in response.context["sections"] if s["key"] == "activities")
    return next(f.value for f in activities["facts"] if f.label == "Theme party days")


def theme_day(org, day):
    return meeting_services.meeting_record(
        actor=None, org=org, kind=Kind.THEME_DAY, held_on=day, topic="参观红色教育基地"
    )


def test_the_editor_gathers_once_until_the_branch_writes(
    client_for, school, village, make_person, gathered
):
    make_person("党员甲")
    client = client_for("secretary")
    client.cookies["django_language"] = "en"
    url = reverse("reports:editor", args=["school", YEAR])
    assert theme_days_shown(client.get(url)) == "0"
    assert theme_days_shown(client.get(url)) == "0"
    assert gathered == [("school", YEAR)]

    theme_day(village, D(YEAR, 1, 10))  # another branch's write changes nothing here
    client.get(url)
    assert len(gathered) == 1

    theme_day(school, D(YEAR, 1, 10))
    assert theme_days_shown(client.get(url)) == "1"
    assert len(gathered) == 2


def test_the_cached_facts_are_the_gathered_ones_and_a_new_day_gathers_again(
    school, make_person, gathered
):
    make_person("党员甲")
    first = selectors.cached_facts(school, YEAR, TODAY)
    assert selectors.cached_facts(school, YEAR, TODAY) == first
    assert first == facts_module.gather_facts(school, YEAR, TODAY)
    assert len(gathered) == 2  # the cached read and the comparison
    selectors.cached_facts(school, YEAR, TODAY + datetime.timedelta(days=1))
    assert len(gathered) == 3


def test_finalising_gathers_the_facts_afresh(school, make_person):
    make_person("党员甲")
    report = services.report_for(actor=None, org=school, year=YEAR)
    assert selectors.editor_facts(report).theme_days == 0  # now in the cache
    # a record written without a service leaves no audit entry, so the cache cannot see it;
    # the frozen facts of a final report are gathered from the records themselves
    Meeting.objects.create(
        organization=school, kind=Kind.THEME_DAY, held_on=D(YEAR, 1, 10), topic="主题党日"
    )
    assert selectors.editor_facts(report).theme_days == 0
    services.report_finalize(actor=None, report=report, author="王书记", signed_on=TODAY)
    report.refresh_from_db()
    assert report.facts_snapshot["theme_days"] == 1
    assert selectors.editor_facts(report).theme_days == 1
