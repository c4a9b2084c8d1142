from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branch.exceptions import ServiceError
from meetings import services
from meetings.models import Attendance, Decision, Kind, Meeting, MeetingAttachment
from members import services as member_services
from members.models import Post, Stage
from tests.clock import on_day

D = datetime.date
DAY = D(2026, 6, 18)
pytestmark = on_day(D(2026, 11, 26))  # after every meeting the tests record


def attendance_of(people, present):
    return {
        p.pk: (Attendance.Status.PRESENT if i < present else Attendance.Status.ABSENT, "")
        for i, p in enumerate(people)
    }


def test_expected_attendees_default_to_the_party_members(school, full_members, make_person, log):
    make_person("申请人", stage=Stage.APPLICANT, joined_on=D(2026, 1, 1))
    meeting = log(Kind.THEME_DAY, DAY)
    assert meeting.attendances.count() == 9
    assert set(meeting.attendances.values_list("status", flat=True)) == {"present"}


def test_an_assembly_with_exactly_half_present_has_no_quorum(school, log, make_person):
    members = [make_person(f"党员{i}") for i in range(10)]
    meeting = log(Kind.GENERAL_ASSEMBLY, DAY, attendance=attendance_of(members, 5))
    q = services.quorum(meeting)
    assert (q.entitled, q.present, q.reached) == (10, 5, False)
    with pytest.raises(ServiceError):
        services.decision_record(
            actor=None, meeting=meeting, title="决议", category="ordinary", votes_for=5
        )
    assert not Decision.objects.exists()


def test_an_assembly_with_one_more_than_half_decides(school, log, make_person):
    members = [make_person(f"党员{i}") for i in range(10)]
    meeting = log(Kind.GENERAL_ASSEMBLY, DAY, attendance=attendance_of(members, 6))
    assert services.quorum(meeting).reached
    failed = services.decision_record(
        actor=None,
        meeting=meeting,
        title="半数赞成",
        category="ordinary",
        votes_for=5,
        abstentions=1,
    )
    passed = services.decision_record(
        actor=None,
        meeting=meeting,
        title="过半数赞成",
        category="major_decision",
        votes_for=6,
    )
    assert (failed.passed, passed.passed) == (False, True)
    assert passed.entitled == 10 and passed.is_major


def test_probationary_members_attend_but_do_not_count_for_the_quorum(school, log, make_person):
    full = [make_person(f"正式{i}") for i in range(4)]
    probationary = [make_person(f"预备{i}", stage=Stage.PROBATIONARY) for i in range(3)]
    attendance = attendance_of(full, 2) | attendance_of(probationary, 3)
    meeting = log(Kind.GENERAL_ASSEMBLY, DAY, attendance=attendance)
    q = services.quorum(meeting)
    assert (q.entitled, q.present, q.reached) == (4, 2, False)


def test_committee_quorum_counts_the_committee(school, full_members, log):
    term = member_services.committee_term_create(actor=None, org=school, elected_on=D(2025, 1, 5))
    for person, post in zip(
        full_members[:4],
        [Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE],
        strict=True,
    ):
        member_services.committee_post_add(
            actor=None, term=term, person=person, post=post, started_on=D(2025, 1, 5)
        )
    meeting = log(Kind.COMMITTEE_MEETING, DAY, attendance=attendance_of(full_members[:4], 2))
    assert services.quorum(meeting).reached is False
    meeting = log(Kind.COMMITTEE_MEETING, DAY, attendance=attendance_of(full_members[:4], 3))
    q = services.quorum(meeting)
    assert (q.entitled, q.present, q.reached) == (4, 3, True)
    assert services.decision_record(
        actor=None, meeting=meeting, title="x", category="ordinary", votes_for=3
    ).passed


def test_someone_not_in_the_branch_on_the_day_cannot_attend(school, log, make_person):
    later = make_person("后来者", joined_on=D(2026, 7, 1))
    with pytest.raises(ServiceError, match="后来者"):
        log(Kind.THEME_DAY, DAY, attendance={later.pk: ("present", "")})
    assert not Meeting.objects.exists()


def test_someone_from_another_branch_cannot_attend(school, village, log, make_person):
    other = make_person("外支部", org=village)
    with pytest.raises(ServiceError):
        log(Kind.THEME_DAY, DAY, attendance={other.pk: ("present", "")})
    assert not Meeting.objects.exists()


def test_leave_needs_a_reason(school, log, make_person):
    person = make_person()
    with pytest.raises(ServiceError):
        log(Kind.THEME_DAY, DAY, attendance={person.pk: ("leave", "")})
    meeting = log(Kind.THEME_DAY, DAY, attendance={person.pk: ("leave", "出差")})
    assert meeting.attendances.get().reason == "出差"


def test_a_lecture_needs_its_lecturer_and_title(school, log, full_members):
    with pytest.raises(ServiceError):
        log(Kind.PARTY_LECTURE, DAY)
    lecture = log(Kind.PARTY_LECTURE, DAY, lecturer=full_members[0], lecture_title="党的建设")
    assert lecture.lecturer_display == full_members[0].name


def test_a_meeting_cannot_be_logged_before_it_happens(school, log):
    with pytest.raises(ServiceError):
        log(Kind.THEME_DAY, D(2999, 1, 1))


def test_decisions_only_at_assemblies_and_committee_meetings(school, log, full_members):
    meeting = log(Kind.THEME_DAY, DAY)
    with pytest.raises(ServiceError):
        services.decision_record(
            actor=None, meeting=meeting, title="x", category="ordinary", votes_for=9
        )


def test_a_disallowed_attachment_type_is_refused(school, log, full_members):
    meeting = log(Kind.THEME_DAY, DAY)
    script = SimpleUploadedFile("签到表.exe", b"MZ...", content_type="application/octet-stream")
    with pytest.raises(ServiceError, match=r"签到表\.exe"):
        services.attachment_add(actor=None, meeting=meeting, files=[script])
    assert not MeetingAttachment.objects.exists()


def test_an_oversized_attachment_is_refused(school, log, full_members, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = log(Kind.THEME_DAY, DAY)
    big = SimpleUploadedFile("照片.jpg", b"0" * (MeetingAttachment.max_bytes + 1))
    with pytest.raises(ServiceError):
        services.attachment_add(actor=None, meeting=meeting, files=[big])
    ok = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff" + b"0" * 100)
    [stored] = services.attachment_add(actor=None, meeting=meeting, files=[ok])
    assert stored.size == 103 and str(tmp_path) in stored.file.path


def test_the_committee_member_role_logs_meetings(school, committee_member, full_members):
    meeting = services.meeting_record(
        actor=committee_member, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="主题党日"
    )
    assert meeting.created_by == committee_member


def test_a_member_role_cannot_log_meetings(school, member):
    with pytest.raises(ServiceError):
        services.meeting_record(
            actor=member, org=school, kind=Kind.THEME_DAY, held_on=DAY, topic="x"
        )
