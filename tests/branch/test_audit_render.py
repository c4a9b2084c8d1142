"""Guard rail: the audit log renders every entry any service writes, in Chinese, with values a
secretary can read, for the secretary and for the township."""

from __future__ import annotations

import datetime
import re
import warnings

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from branch import audit
from branch import services as branch_services
from branch.models import AuditEntry, Role
from dues import services as dues_services
from dues import services_bases as dues_bases
from dues.models import DuesCategory
from meetings import reviews, talks
from meetings import services as meeting_services
from meetings.models import Attendance, DecisionCategory, Kind, Rating, TalkCategory
from members import services as member_services
from members import transfers
from members.models import Aspect, Category, Post, Stage
from tests.dues.test_workbook_dues import GOOD_DUES
from tests.members.pipeline_timeline import advance, new_applicant
from tests.members.test_workbook_members import good_sheets, run

TODAY = timezone.localdate()
YEAR = TODAY.year - 1
D = datetime.date

# A label made of Latin letters is a raw key or an untranslated label.
LATIN = re.compile(r"[A-Za-z_]{2,}")
REPRS = ("[", "True", "False", "None", "Decimal(", "datetime")


def pdf(name: str = "签到表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 sign-in sheet", content_type="application/pdf")


@pytest.fixture
def every_entry(school, town, secretary, township_admin, member, make_person, full_members, record):
    """One or more entries for every audited model, each written by its service."""
    sec = secretary
    # branch: organisations, groups, honours, accounts, roles
    new_branch = branch_services.organization_create(
        actor=township_admin,
        code="new",
        name="新支部",
        kind="branch",
        parent=town,
        established_on=D(2010, 1, 1),
        community_based=True,
    )
    group = branch_services.party_group_create(
        actor=sec, org=school, name="第一党小组", established_on=D(2015, 1, 1)
    )
    branch_services.party_group_update(actor=sec, group=group, leader_name="正式党员1")
    honor = branch_services.honor_create(
        actor=sec, org=school, awarded_on=D(YEAR, 7, 1), title="先进基层党组织", rank="县级"
    )
    branch_services.honor_update(actor=sec, honor=honor, issuer="清河县委")
    branch_services.honor_delete(actor=sec, honor=honor)
    user = branch_services.account_create(
        actor=sec, org=school, username="newcomer", password="x-9Q!long-pass", full_name="新人"
    )
    assignment = branch_services.role_grant(actor=sec, org=school, user=user, role=Role.MEMBER)
    branch_services.role_revoke(actor=sec, assignment=assignment)
    assert new_branch

    # members: people, status, groups, committee, transfers, the pipeline
    person = make_person("王五", category=Category.EMPLOYED)
    member_services.person_update(
        actor=sec, org=school, person=person, phone="13800000000", ethnicity="汉族"
    )
    member_services.status_change_record(
        actor=sec,
        org=school,
        person=person,
        aspect=Aspect.CATEGORY,
        value=Category.RETIRED,
        effective_on=D(YEAR, 3, 1),
        note="退休",
    )
    member_services.group_assign(
        actor=sec, org=school, person=person, party_group=group, joined_on=D(YEAR, 1, 1)
    )
    term = member_services.committee_term_create(actor=sec, org=school, elected_on=D(YEAR, 1, 5))
    post = member_services.committee_post_add(
        actor=sec,
        term=term,
        person=full_members[0],
        post=Post.SECRETARY,
        started_on=D(YEAR, 1, 5),
        duties="主持全面工作",
    )
    member_services.committee_post_end(actor=sec, post=post, ended_on=D(YEAR, 6, 30))
    out = transfers.transfer_out(
        actor=sec,
        org=school,
        person=full_members[8],
        transferred_on=D(YEAR, 5, 1),
        letter_number="青组转〔1〕号",
        counterpart="县教育局党委",
        dues_paid_until=D(YEAR, 4, 1),
        valid_until=D(YEAR, 6, 1),
    )
    transfers.return_slip_record(actor=sec, transfer=out, received_on=D(YEAR, 5, 20))
    candidate = new_applicant(make_person)
    advance(record, candidate, full_members, until=26)

    # meetings: a meeting with attendance and a file added later, a decision, talks, a review
    meeting = meeting_services.meeting_record(
        actor=sec,
        org=school,
        kind=Kind.COMMITTEE_MEETING,
        held_on=D(YEAR, 2, 10),
        topic="研究年度工作",
        starts_at=datetime.time(15, 0),
    )
    meeting_services.meeting_update(actor=sec, meeting=meeting, place="会议室")
    meeting_services.attachment_add(actor=sec, meeting=meeting, files=[pdf()])
    meeting_services.decision_record(
        actor=sec,
        meeting=meeting,
        title="年度计划",
        category=DecisionCategory.values[0],
        votes_for=len(meeting.attendances.all()),
    )
    life = meeting_services.meeting_record(
        actor=sec,
        org=school,
        kind=Kind.ORG_LIFE_MEETING,
        held_on=D(YEAR, 12, 10),
        topic="组织生活会",
    )
    meeting_services.attendance_set(
        actor=sec,
        meeting=life,
        attendance={
            a.person_id: (Attendance.Status.values[1], "出差") if i == 0 else (a.status, "")
            for i, a in enumerate(life.attendances.all())
        },
    )
    talks.talk_record(
        actor=sec,
        org=school,
        held_on=D(YEAR, 3, 3),
        category=TalkCategory.values[0],
        participants=full_members[:2],
        topic="谈心",
    )
    review = reviews.review_open(
        actor=sec, org=school, year=YEAR, held_on=D(YEAR, 12, 10), meeting=life
    )
    for entry in review.entries.all():
        reviews.review_entry_update(
            actor=sec, entry=entry, self_evaluation="合格", rating=Rating.values[1]
        )
    reviews.review_finalize(actor=sec, review=review, decided_on=D(YEAR, 12, 20))
    meeting_services.branch_rule_set(
        actor=sec, org=school, kind=Kind.PARTY_LECTURE, period="month", times=1
    )

    # dues: a base, an exemption, one receipt for several months, extra, a reversal, a note
    payer = full_members[1]
    dues_bases.base_set(
        actor=sec,
        org=school,
        person=payer,
        year=YEAR,
        category=DuesCategory.EMPLOYED,
        base_amount="4200",
    )
    dues_bases.exemption_add(
        actor=sec,
        org=school,
        person=full_members[2],
        first_month=D(YEAR, 1, 1),
        last_month=D(YEAR, 3, 1),
        reason="生病",
        approval_reference="镇党委〔1〕号",
    )
    [first, *_rest] = dues_services.payment_record(
        actor=sec,
        org=school,
        person=payer,
        months=[D(YEAR, m, 1) for m in range(1, 6)],
        paid_on=D(YEAR, 5, 10),
    )
    dues_services.extra_payment_record(
        actor=sec, org=school, person=payer, amount="1500", paid_on=D(YEAR, 7, 1)
    )
    dues_services.payment_reverse(actor=sec, payment=first, reason="误记")
    dues_services.arrears_note_add(
        actor=sec, org=school, person=full_members[3], noted_on=D(YEAR, 9, 1), reason="外出务工"
    )

    # the workbook: its one entry for the import, charges written by the importer
    make_person("张三")
    make_person("新来的", joined_on=D(YEAR, 6, 1))
    sheets = {name: rows for name, rows in good_sheets().items() if name == "党员名册"}
    _result, errors = run(school, {**sheets, **GOOD_DUES})
    assert errors == []
    return AuditEntry.objects.all()


AUDITED = {
    "branch.organization",
    "branch.partygroup",
    "branch.honor",
    "auth.user",
    "branch.roleassignment",
    "members.person",
    "members.statuschange",
    "members.committeeterm",
    "members.committeepost",
    "members.transfer",
    "members.developmentstep",
    "meetings.meeting",
    "meetings.decision",
    "meetings.talk",
    "meetings.review",
    "meetings.reviewentry",
    "meetings.branchrule",
    "dues.duesbase",
    "dues.exemption",
    "dues.payment",
    "dues.charge",
    "dues.arrearsnote",
}


def _all_pages(client, url: str) -> str:
    text, page = "", 1
    while True:
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, (url, page)
        text += response.content.decode()
        if f"page={page + 1}" not in response.content.decode():
            return text
        page += 1


def _changes_blocks(html: str) -> list[str]:
    return re.findall(r'<ul class="changes">(.*?)</ul>', html, flags=re.S)


@pytest.mark.parametrize("persona", ["secretary", "township_admin"])
def test_every_entry_renders_in_chinese_with_readable_values(client, every_entry, persona, request):
    labels = {
        ct.model_class()._meta.label_lower
        for ct in ContentType.objects.filter(pk__in=every_entry.values("content_type"))
    }
    assert labels >= AUDITED, AUDITED - labels
    client.force_login(request.getfixturevalue(persona))
    url = "/o/school/audit/" if persona == "secretary" else "/o/town/audit/"
    with translation.override("zh-hans"):
        html = _all_pages(client, url)
    for block in _changes_blocks(html):
        for line in re.findall(r"<li>(.*?)</li>", block, flags=re.S):
            label, _sep, values = line.partition("：")
            assert not LATIN.search(label), line
            for bad in REPRS:
                assert bad not in values, line
    for expected in (
        "附件：签到表.pdf",  # the file added to an existing meeting
        "缴费月份：",
        f"{YEAR}年1月、{YEAR}年2月",
        "¥210.00",  # one receipt for five months of 42.00
        "上缴中央：是",
        "时间：15:00",
        f"{YEAR}年12月20日",
        "姓名：",
    ):
        assert expected in html, expected
    # one receipt for five months is headed with all of them and its total, not with the
    # first month's payment
    assert f"{YEAR}年1月–{YEAR}年5月 ¥210.00</a>」" in html


def test_every_key_any_service_wrote_has_a_label(every_entry):
    for entry in every_entry:
        model = entry.content_type.model_class()
        assert audit.unlabelled(model, entry.changes) == [], (entry, entry.changes)


def test_an_audited_key_without_a_label_is_an_error(school):
    with pytest.raises(RuntimeWarning, match="chairman"):
        audit.audit_record(
            actor=None, organization=school, action="update", obj=school, after={"chairman": "某"}
        )


def test_every_labelled_key_has_a_chinese_label():
    with translation.override("zh-hans"):
        for model_label, keys in audit.EXTRA.items():
            for name, key in keys.items():
                label = (
                    key.label
                    if key.label is not None
                    else audit.key_for(_model(model_label), name).label
                )
                assert not LATIN.search(str(label)), (model_label, name)
        for name, key in audit.COMMON.items():
            assert not LATIN.search(str(key.label)), name


@pytest.mark.parametrize(
    "changes",
    [
        {"attachments": [None, ["a.pdf", "b.pdf"]]},  # the shape that used to crash the log
        {"attachments": [None, [{"name": "a.pdf"}]]},
        {"kinds": [None, ["back", "regular"]], "to_central": [None, True]},
        {"months": [None, [f"{YEAR}-03", f"{YEAR}-04"]], "amount": [None, "210.00"]},
        {"gone_field": [None, {"x": [1, 2]}]},
        {"kind": "not a pair"},
        {"held_on": [None, "not a date"], "amount": [None, "¥"]},
    ],
)
def test_entries_stored_in_older_shapes_still_render(client, secretary, school, changes):
    from meetings.models import Meeting

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        AuditEntry.objects.create(
            organization=school,
            action="update",
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id="1",
            object_repr="会议",
            changes=changes,
        )
    client.force_login(secretary)
    response = client.get("/o/school/audit/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "True" not in text and "['" not in text


def test_values_are_shown_as_a_secretary_writes_them(db):
    from dues.models import Payment
    from members.models import StatusChange

    changes = {
        "months": [None, [f"{YEAR}-03", f"{YEAR}-11"]],
        "kinds": [None, ["back", "regular"]],
        "to_central": [None, True],
        "amount": [None, "1210.5"],
    }
    with translation.override("zh-hans"):
        rows = dict(
            (label, after) for label, _b, after in audit.readable_changes(_entry(Payment, changes))
        )
        assert rows["缴费月份"] == f"{YEAR}年3月、{YEAR}年11月"
        assert rows["类型"] == "补交、按月缴纳"
        assert rows["上缴中央"] == "是"
        assert rows["金额"] == "¥1,210.50"
        status = {"aspect": [None, "stage"], "value": ["activist", "candidate"]}
        rows = audit.readable_changes(_entry(StatusChange, status))
        assert ("变动后", "入党积极分子", "发展对象") in rows


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _entry(model, changes) -> AuditEntry:
    return AuditEntry(content_type=ContentType.objects.get_for_model(model), changes=changes)


def test_a_new_person_is_audited_without_empty_fields(make_person):
    person = make_person("赵六")
    entry = AuditEntry.objects.filter(object_id=str(person.pk), action="create").latest("pk")
    assert all(after not in (None, "", []) for _before, after in entry.changes.values())
    assert Stage.FULL in str(entry.changes["stage"])
