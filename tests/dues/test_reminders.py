from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.urls import include, path

from branch import reminders
from branch.models import Notification, Role, RoleAssignment
from branch.reminders import reminders_send
from dues import services, services_bases
from dues.models import DuesCategory
from tests.clock import on_day

D = datetime.date
TODAY = D(2026, 11, 26)  # the last month that has ended is 2026-10
pytestmark = on_day(TODAY)


@pytest.fixture(autouse=True)
def only_dues_reminders(monkeypatch):
    """Only the dues source runs: the meeting and pipeline sources have their own tests and
    would notify the secretary of the school's missing meetings here."""
    source = reminders.sources()["dues.arrears"]
    monkeypatch.setattr(reminders, "_sources", {"dues.arrears": source})


def _payer(school, make_person, paid_through: int, **fields):
    """A member charged 40 yuan a month in 2026 who paid every month up to ``paid_through``."""
    person = make_person(fields.pop("name", "欠费党员"), joined_on=D(2015, 1, 1), **fields)
    services_bases.base_set(
        actor=None,
        org=school,
        person=person,
        year=2026,
        category=DuesCategory.EMPLOYED,
        base_amount="4000",
    )
    for month in range(1, paid_through + 1):
        services.payment_record(
            actor=None,
            org=school,
            person=person,
            months=[D(2026, month, 1)],
            paid_on=D(2026, month, 10),
        )
    return person


def notes(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("key"))


def test_three_unpaid_months_warn_the_secretary_and_the_member(
    school, secretary, member, make_person
):
    person = _payer(school, make_person, paid_through=7, user=member)
    assert reminders_send(today=TODAY) == 2
    [to_secretary] = notes(secretary)
    [to_member] = notes(member)
    assert to_secretary.key == to_member.key == f"dues:arrears:{person.pk}:2026-08:3"
    assert (to_secretary.level, to_member.level) == ("warning", "warning")
    assert "欠费党员" in to_secretary.title and "3" in to_secretary.title
    assert "自2026年8月至2026年10月" in to_member.body


def test_two_unpaid_months_are_quiet(school, secretary, member, make_person):
    _payer(school, make_person, paid_through=8, user=member)
    assert reminders_send(today=TODAY) == 0


def test_six_unpaid_months_without_reason_flag_the_member_to_the_secretary(
    school, secretary, member, make_person
):
    person = _payer(school, make_person, paid_through=4, user=member)
    assert reminders_send(today=TODAY) == 3
    warning, flag = notes(secretary)
    assert warning.key.endswith(":3") and warning.level == "warning"
    assert flag.key == f"dues:arrears:{person.pk}:2026-05:6"
    assert flag.level == "danger"
    assert "第九条" in flag.body and "欠费党员" in flag.title
    # the member is warned, but the flag is the branch's business
    assert [n.level for n in notes(member)] == ["warning"]


def test_a_recorded_reason_stops_the_flag(school, secretary, make_person):
    person = _payer(school, make_person, paid_through=4)
    services.arrears_note_add(
        actor=None, org=school, person=person, noted_on=D(2026, 7, 3), reason="外出务工，已联系"
    )
    assert reminders_send(today=TODAY) == 1
    assert [n.level for n in notes(secretary)] == ["warning"]


def test_a_second_run_creates_nothing(school, secretary, member, make_person):
    _payer(school, make_person, paid_through=4, user=member)
    assert reminders_send(today=TODAY) == 3
    assert reminders_send(today=TODAY) == 0
    assert reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0


def test_a_growing_streak_is_not_announced_again(school, secretary, make_person):
    _payer(school, make_person, paid_through=7)
    assert reminders_send(today=TODAY) == 1  # 2026-08 to 2026-10
    assert reminders_send(today=D(2026, 12, 26)) == 0  # the same streak, now four months


def test_a_new_streak_is_announced_again(school, secretary, make_person):
    person = _payer(school, make_person, paid_through=7)
    assert reminders_send(today=TODAY) == 1
    services.payment_record(
        actor=None, org=school, person=person, months=[D(2026, 8, 1)], paid_on=D(2026, 11, 20)
    )
    # August paid late: the streak now starts in September and is three months long only
    # once November has ended
    assert reminders_send(today=D(2026, 12, 26)) == 1
    assert notes(secretary)[-1].key.split(":")[3] == "2026-09"


def test_a_member_without_login_gets_nothing_and_the_secretary_still_hears(
    school, secretary, make_person
):
    _payer(school, make_person, paid_through=7)
    assert reminders_send(today=TODAY) == 1
    assert [n.user for n in Notification.objects.all()] == [secretary]


def test_an_inactive_login_gets_nothing(school, secretary, member, make_person):
    member.is_active = False
    member.save()
    _payer(school, make_person, paid_through=7, user=member)
    assert reminders_send(today=TODAY) == 1
    assert notes(member) == []


def test_a_branch_without_secretary_still_warns_the_member(school, member, make_person):
    RoleAssignment.objects.filter(organization=school, role=Role.SECRETARY).delete()
    _payer(school, make_person, paid_through=4, user=member)
    assert reminders_send(today=TODAY) == 1
    assert [n.level for n in notes(member)] == ["warning"]


def test_payers_in_another_branch_do_not_reach_this_secretary(
    school, village, secretary, outsider, make_person
):
    _payer(village, make_person, paid_through=7, org=village)
    assert reminders_send(today=TODAY) == 1
    assert notes(secretary) == [] and len(notes(outsider)) == 1


# The dues pages are being built alongside: the link falls back until they exist.


def _page(request, **kwargs):
    return HttpResponse()


class WithPersonPage:
    urlpatterns = [
        path(
            "",
            include(
                (
                    [
                        path("o/<slug:org_code>/dues/", _page, name="index"),
                        path("o/<slug:org_code>/dues/<int:person_pk>/", _page, name="person"),
                    ],
                    "dues",
                )
            ),
        )
    ]


class WithIndexOnly:
    urlpatterns = [
        path("", include(([path("o/<slug:org_code>/dues/", _page, name="index")], "dues")))
    ]


class WithoutDuesPages:
    urlpatterns: list = []


@pytest.mark.parametrize(
    ("urlconf", "expected"),
    [
        (WithPersonPage, "/o/school/dues/{pk}/"),
        (WithIndexOnly, "/o/school/dues/"),
        (WithoutDuesPages, ""),
    ],
)
def test_the_link_is_the_members_dues_page_or_the_best_there_is(
    settings, school, secretary, make_person, urlconf, expected
):
    settings.ROOT_URLCONF = urlconf
    person = _payer(school, make_person, paid_through=7)
    assert reminders_send(today=TODAY) == 1
    assert notes(secretary)[0].url == expected.format(pk=person.pk)
