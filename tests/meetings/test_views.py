"""The meeting pages as a secretary uses them: logging a meeting through the forms, the
refusals the services make shown on the forms, the calendar and the branch's rules."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, BranchRule, Decision, Kind, Meeting, MeetingAttachment
from members import services as member_services
from members.models import Post
from tests.factories import PartyGroupFactory

D = datetime.date
DAY = D(2025, 6, 18)


@pytest.fixture
def as_user(client_for, personas, settings, tmp_path):
    """``as_user("secretary")``: a client speaking English, with uploads in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path

    def login(persona):
        client = client_for(persona)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, testid: str) -> str:
    """The markup from the element marked ``data-testid=testid`` up to the next marked one."""
    start = html.index(f'data-testid="{testid}"')
    following = re.search(r'data-testid="', html[start + 12 :])
    return html[start : start + 12 + following.start()] if following else html[start:]


def u(name, *args, org="school"):
    return reverse(f"meetings:{name}", args=[org, *args])


# Logging a meeting --------------------------------------------------------------------------


def test_a_meeting_is_logged_through_the_forms(as_user, school, full_members):
    client = as_user("secretary")
    host, recorder, absent, on_leave = full_members[:4]
    response = client.post(
        u("create"),
        {
            "kind": Kind.THEME_DAY,
            "held_on": DAY.isoformat(),
            "starts_at": "14:30",
            "place": "学校会议室",
            "topic": "重温入党誓词",
            "host": host.pk,
            "recorder": recorder.pk,
            "minutes": "第一段。\n\n第二段。",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == u("attendance", meeting.pk)

    # the attendance page lists everyone expected, marked present
    html = page(client.get(response.url))
    for person in full_members:
        row = section(html, f"row-{person.pk}")
        assert person.name in row
        assert re.search(r'value="present"[^>]*checked', row)

    data = {f"status_{p.pk}": "present" for p in full_members}
    data[f"status_{absent.pk}"] = "absent"
    data[f"reason_{absent.pk}"] = "未请假"
    data[f"status_{on_leave.pk}"] = "leave"
    data[f"reason_{on_leave.pk}"] = "出差"
    response = client.post(u("attendance", meeting.pk), data)
    assert response.status_code == 302 and response.url == u("detail", meeting.pk)

    html = page(client.get(response.url))
    assert absent.name in section(html, "status-absent")
    assert "未请假" in section(html, "status-absent")
    assert on_leave.name in section(html, "status-leave") and "出差" in html
    present = section(html, "status-present")
    assert host.name in present and absent.name not in present
    assert "<p>第一段。</p>" in html and "<p>第二段。</p>" in html
    assert "学校会议室" in html and "14:30" in html

    # and the list of the year shows 7 of the 9 present
    html = page(client.get(u("index") + "?year=2025"))
    assert "7 / 9" in section(html, f"attendance-{meeting.pk}")


def test_leave_without_a_reason_is_refused_on_the_attendance_form(as_user, school, full_members):
    client = as_user("committee_member")
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="主题党日"
    )
    data = {f"status_{p.pk}": "present" for p in full_members}
    data[f"status_{full_members[0].pk}"] = "leave"
    html = page(client.post(u("attendance", meeting.pk), data))
    assert f"Give the reason for {full_members[0].name}" in html
    assert set(meeting.attendances.values_list("status", flat=True)) == {"present"}


def test_a_group_meeting_expects_its_group_only(as_user, school, make_person):
    group = PartyGroupFactory(organization=school, name="第一党小组")
    inside = make_person("组员", party_group=group)
    outside = make_person("组外")
    client = as_user("secretary")
    html = page(client.get(u("create") + "?kind=group_meeting"))
    assert re.search(r'<option value="group_meeting" selected>', html)
    assert 'data-shown-for="group_meeting"' in html  # without JS every field shows
    client.post(
        u("create"),
        {"kind": Kind.GROUP_MEETING, "held_on": DAY, "topic": "小组学习", "party_group": group.pk},
    )
    meeting = Meeting.objects.get()
    html = page(client.get(u("attendance", meeting.pk)))
    assert re.search(r'value="present"[^>]*checked', section(html, f"row-{inside.pk}"))
    assert re.search(r'value=""[^>]*checked', section(html, f"row-{outside.pk}"))


def test_a_party_lecture_by_an_outside_lecturer(as_user, school, full_members):
    client = as_user("secretary")
    response = client.post(
        u("create"),
        {
            "kind": Kind.PARTY_LECTURE,
            "held_on": DAY,
            "topic": "专题党课",
            "lecturer_name": "县委党校王老师",
            "lecture_title": "学习党章",
            "party_group": "",
        },
    )
    assert response.status_code == 302
    lecture = Meeting.objects.get()
    assert (lecture.lecturer_display, lecture.lecture_title) == ("县委党校王老师", "学习党章")


def test_a_lecture_without_a_lecturer_is_refused_on_the_form(as_user, school):
    html = page(
        as_user("secretary").post(
            u("create"), {"kind": Kind.PARTY_LECTURE, "held_on": DAY, "topic": "党课"}
        )
    )
    assert "Say who gave the party lecture." in html
    assert not Meeting.objects.exists()


def test_editing_a_meeting(as_user, school, full_members):
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="旧主题"
    )
    client = as_user("secretary")
    html = page(client.get(u("update", meeting.pk)))
    assert 'value="旧主题"' in html
    response = client.post(
        u("update", meeting.pk), {"kind": Kind.THEME_DAY, "held_on": DAY, "topic": "新主题"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "新主题" and meeting.attendances.count() == 9


# Decisions ----------------------------------------------------------------------------------


def assembly(school, people, present):
    attendance = {
        p.pk: (Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT, "")
        for i, p in enumerate(people)
    }
    return services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.GENERAL_ASSEMBLY,
        held_on=DAY,
        topic="支部党员大会",
        attendance=attendance,
    )


def test_a_decision_without_quorum_is_refused_on_the_form(as_user, school, full_members):
    meeting = assembly(school, full_members, present=4)
    client = as_user("secretary")
    html = page(client.get(u("decision_create", meeting.pk)))
    assert "not reached" in section(html, "quorum")
    html = page(
        client.post(
            u("decision_create", meeting.pk),
            {"title": "发展对象", "category": "development", "votes_for": 4},
        )
    )
    assert "No quorum: 4 of 9 were present, at least 5 are needed" in html
    assert not Decision.objects.exists()


def test_a_major_decision_shows_its_votes_and_category(as_user, school, full_members):
    meeting = assembly(school, full_members, present=6)
    client = as_user("secretary")
    response = client.post(
        u("decision_create", meeting.pk),
        {
            "title": "修缮活动室",
            "category": "large_funds",
            "votes_for": 5,
            "votes_against": 1,
            "abstentions": 0,
        },
    )
    assert response.status_code == 302
    decisions = section(page(client.get(u("detail", meeting.pk))), "decisions")
    assert "修缮活动室" in decisions and "tag-major" in decisions and "passed" in decisions
    quorum = section(page(client.get(u("detail", meeting.pk))), "quorum")
    assert re.findall(r"<dd>(\d+)</dd>", quorum) == ["9", "6", "5"]


# Attachments --------------------------------------------------------------------------------


def test_attachments_are_added_and_downloaded(as_user, school, full_members):
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="主题党日"
    )
    client = as_user("committee_member")
    files = [
        SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 a"),
        SimpleUploadedFile("合影.jpg", b"\xff\xd8\xff photo"),
    ]
    response = client.post(u("attachment_add", meeting.pk), {"files": files})
    assert response.status_code == 302
    assert sorted(meeting.attachments.values_list("name", flat=True)) == ["合影.jpg", "签到表.pdf"]
    attachment = meeting.attachments.get(name="签到表.pdf")
    response = client.get(u("attachment", meeting.pk, attachment.pk))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 a"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


def test_a_disallowed_attachment_type_is_refused_on_the_form(as_user, school, full_members):
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="主题党日"
    )
    client = as_user("secretary")
    files = [SimpleUploadedFile("合影.jpg", b"\xff\xd8\xff"), SimpleUploadedFile("x.exe", b"MZ")]
    html = page(client.post(u("attachment_add", meeting.pk), {"files": files}))
    assert "x.exe: only photos, PDF, Word and PowerPoint files can be attached." in html
    assert not MeetingAttachment.objects.exists()


def test_a_disallowed_attachment_refuses_the_whole_meeting(as_user, school, full_members):
    client = as_user("secretary")
    html = page(
        client.post(
            u("create"),
            {
                "kind": Kind.THEME_DAY,
                "held_on": DAY,
                "topic": "主题党日",
                "files": [SimpleUploadedFile("宏.xlsm", b"PK")],
            },
        )
    )
    assert "宏.xlsm: only photos" in html
    assert not Meeting.objects.exists() and not MeetingAttachment.objects.exists()


def test_an_oversized_attachment_is_refused_on_the_form(as_user, school, full_members):
    meeting = services.meeting_record(
        actor=None, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="主题党日"
    )
    big = SimpleUploadedFile("扫描件.pdf", b"0" * (MeetingAttachment.max_bytes + 1))
    html = page(as_user("secretary").post(u("attachment_add", meeting.pk), {"files": [big]}))
    assert "扫描件.pdf is larger than 20 MB." in html
    assert not MeetingAttachment.objects.exists()


# The calendar and the branch's rules --------------------------------------------------------


def cell_status(html: str, testid: str) -> str:
    return re.search(r'data-status="(\w+)"', section(html, testid)).group(1)


def test_the_calendar_shows_an_ok_and_an_overdue_quarter(as_user, school, full_members, elect):
    elect(school)
    meeting = assembly(school, full_members, present=9)
    client = as_user("secretary")
    html = page(client.get(u("calendar") + "?year=2025"))
    assert cell_status(html, "cell-general_assembly-Q2") == "ok"
    assert cell_status(html, "cell-general_assembly-Q1") == "overdue"
    assert cell_status(html, "cell-committee_meeting-6") == "overdue"
    # the held quarter opens its meetings, the missing one offers to log one
    held = re.search(r'href="([^"]+)"', section(html, "cell-general_assembly-Q2")).group(1)
    missing = re.search(r'href="([^"]+)"', section(html, "cell-general_assembly-Q1")).group(1)
    assert missing == u("create") + "?kind=general_assembly"
    listed = page(client.get(held.replace("&amp;", "&")))
    assert f"attendance-{meeting.pk}" in listed and "2025-04-01 – 2025-06-30" in listed
    assert "0 of 1 given" in section(html, "secretary-lecture")


def test_the_secretarys_lecture_counts(as_user, school, full_members):
    term = member_services.committee_term_create(actor=None, org=school, elected_on=D(2024, 1, 5))
    member_services.committee_post_add(
        actor=None, term=term, person=full_members[0], post=Post.SECRETARY, started_on=D(2024, 1, 5)
    )
    services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.PARTY_LECTURE,
        held_on=DAY,
        topic="书记讲党课",
        lecturer=full_members[0],
        lecture_title="党的建设",
    )
    html = page(as_user("committee_member").get(u("calendar") + "?year=2025"))
    lecture = section(html, "secretary-lecture")
    assert "1 of 1 given" in lecture and "tag-ok" in lecture
    assert 'id="rules"' not in html  # the committee member does not change the rules


def test_the_secretary_tightens_a_rule_through_the_form(as_user, school):
    client = as_user("secretary")
    response = client.post(
        u("calendar") + "?year=2025", {"kind": Kind.PARTY_LECTURE, "period": "month", "times": 1}
    )
    assert response.status_code == 302
    rule = BranchRule.objects.get(organization=school)
    assert (rule.kind, rule.period, rule.times) == (Kind.PARTY_LECTURE, "month", 1)
    html = page(client.get(response.url))
    assert "the branch&#x27;s rule is now at least once a month" in html
    assert cell_status(html, "cell-party_lecture-12") == "overdue"  # twelve months now

    client.post(u("calendar"), {"kind": Kind.PARTY_LECTURE, "period": "", "times": 1})
    assert not BranchRule.objects.exists()


def test_a_looser_rule_is_refused_on_the_form(as_user, school):
    html = page(
        as_user("secretary").post(
            u("calendar"), {"kind": Kind.COMMITTEE_MEETING, "period": "quarter", "times": 2}
        )
    )
    assert "A branch may tighten the rule (at least once a month) but not loosen it." in html
    assert not BranchRule.objects.exists()


def test_the_higher_table_puts_the_branch_most_behind_first(
    as_user, school, village, full_members, elect
):
    elect(school)
    elect(village)
    for month in range(1, 13):
        services.meeting_record(
            actor=None,
            org=school,
            kind=Kind.COMMITTEE_MEETING,
            held_on=D(2025, month, 10),
            topic="支委会",
            attendance={},
        )
    html = page(as_user("township_admin").get(u("calendar", org="town") + "?year=2025"))
    assert html.index("branch-village") < html.index("branch-school")
    school_row = section(html, "branch-school")
    assert reverse("meetings:calendar", args=["school"]) in school_row
    # school: committee meetings all held; village: 12 of them missing
    cells = re.findall(r'<td class="cal-(\w+)">(?:<strong>)?(\d+)', section(html, "branch-village"))
    assert ("overdue", "12") in cells
    assert re.findall(r'<td class="cal-(\w+)">(\d+)</td>', school_row)[1] == ("ok", "0")


def test_the_dashboard_card_counts_the_shortfalls(as_user, school, village):
    html = page(as_user("secretary").get(reverse("branch:dashboard", args=["school"])))
    assert re.search(r"\d+ shortfalls? in \d{4} so far", section(html, "card-shortfalls"))
    assert reverse("meetings:calendar", args=["school"]) in html
    html = page(as_user("township_admin").get(reverse("branch:dashboard", args=["town"])))
    # in January no period has ended yet, so nobody is behind
    assert re.search(r"[02] of 2 branches", section(html, "card-behind"))
    assert reverse("meetings:calendar", args=["town"]) in html


# A member's own meetings --------------------------------------------------------------------


def test_a_member_sees_the_meetings_they_were_expected_at(as_user, school, member, make_person):
    me = make_person("张党员", user=member)
    other = make_person("李党员")
    seen = services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="我参加的",
        attendance={me.pk: ("leave", "生病"), other.pk: ("present", "")},
    )
    services.meeting_record(
        actor=None,
        org=school,
        kind=Kind.THEME_DAY,
        held_on=DAY,
        topic="别人的会",
        attendance={other.pk: ("present", "")},
    )
    client = as_user("member")
    assert client.get(u("index")).url == u("mine")
    html = page(client.get(u("mine")))
    assert "我参加的" in html and "别人的会" not in html
    assert "on leave" in section(html, f"mine-{seen.pk}")
    html = page(client.get(u("detail", seen.pk)))
    assert "生病" in html and reverse("meetings:update", args=["school", seen.pk]) not in html


def test_my_meetings_says_when_no_person_is_linked(as_user, school, member):
    html = page(as_user("member").get(u("mine")))
    assert "No person record in" in section(html, "no-person")
