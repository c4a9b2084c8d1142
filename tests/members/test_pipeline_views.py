"""The pipeline board, the step form and attachment downloads, as each persona meets them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from members.models import DevelopmentStep, Stage, StepAttachment
from members.pipeline import step_record
from members.transfers import transfer_out
from tests.branch.test_uploads import docx_file, image_file
from tests.members.pipeline_timeline import TIMELINE, advance, new_applicant

A, S, C, M, T, X = (
    "anonymous",
    "secretary",
    "committee_member",
    "member",
    "township_admin",
    "outsider",
)
LOGIN = 302
TODAY = timezone.localdate()


def expect(anonymous, secretary, committee_member, member, township_admin, outsider):
    return dict(
        zip(
            (A, S, C, M, T, X),
            (anonymous, secretary, committee_member, member, township_admin, outsider),
            strict=True,
        )
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def objects(school, village, make_person, media):
    person = new_applicant(make_person)
    step = step_record(
        actor=None,
        org=school,
        person=person,
        number=1,
        done_on=TIMELINE[1][0],
        files=[SimpleUploadedFile("入党申请书.pdf", b"%PDF-1.4 application")],
    )
    stranger = make_person("外支部人员", org=village, stage=Stage.APPLICANT)
    return {
        "person": person,
        "step": step,
        "attachment": step.attachments.get(),
        "stranger": stranger,
    }


def _attachment_url(o, person=None, step=None):
    return reverse(
        "members:step_attachment",
        args=["school", (person or o["person"]).pk, (step or o["step"]).pk, o["attachment"].pk],
    )


MATRIX = [
    (
        "board",
        "get",
        lambda o: reverse("members:pipeline", args=["school"]),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "board of the village",
        "get",
        lambda o: reverse("members:pipeline", args=["village"]),
        expect(LOGIN, 404, 404, 404, 200, 200),
    ),
    (
        "step form",
        "get",
        lambda o: reverse("members:step_record", args=["school", o["person"].pk]),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "step form, incomplete post",
        "post",
        lambda o: reverse("members:step_record", args=["school", o["person"].pk]),
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "step form for another branch's person",
        "get",
        lambda o: reverse("members:step_record", args=["school", o["stranger"].pk]),
        expect(LOGIN, 404, 404, 403, 404, 404),
    ),
    (
        "attachment",
        "get",
        _attachment_url,
        expect(LOGIN, 200, 200, 403, 200, 404),
    ),
    (
        "attachment under another person",
        "get",
        lambda o: _attachment_url(o, person=o["stranger"]),
        expect(LOGIN, 404, 404, 403, 404, 404),
    ),
]


@pytest.mark.parametrize("persona", [A, S, C, M, T, X])
@pytest.mark.parametrize(
    ("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_permission_matrix(client_for, objects, persona, name, method, url, expected):
    client = client_for(persona)
    response = getattr(client, method)(url(objects))
    if isinstance(response, FileResponse):
        b"".join(response.streaming_content)  # read it, so the file is closed
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == LOGIN and persona == A:
        assert response.url.startswith(reverse("login"))


def test_the_attachment_downloads_as_a_file(client_for, objects):
    response = client_for(S).get(_attachment_url(objects))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 application"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E5%85%A5%E5%85%9A" in response["Content-Disposition"]  # 入党…, encoded


# Recording a step through the form -----------------------------------------------------------


def in_english(client_for, persona):
    client = client_for(persona)  # logging in resets the cookies: set the language after
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _form_url(person, step=None):
    url = reverse("members:step_record", args=["school", person.pk])
    return f"{url}?step={step}" if step else url


def test_the_form_preselects_the_step_of_the_link(client_for, objects):
    page = client_for(S).get(_form_url(objects["person"], 2)).content.decode()
    assert re.search(r'<option value="2"[^>]*selected', page)


def test_a_step_is_recorded_through_the_form(client_for, objects, full_members, media):
    person = objects["person"]
    response = client_for(S).post(
        _form_url(person),
        {
            "number": "2",
            "done_on": "2022-02-10",
            "notes": "谈话记录见附件",
            "votes_for": "7",  # a field of another step: not stored
            "files": [
                docx_file("谈话记录.docx"),
                image_file("照片.jpg"),
            ],
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("members:person", args=["school", person.pk])
    step = person.steps.get(number=2)
    assert step.done_on == dt.date(2022, 2, 10) and step.notes == "谈话记录见附件"
    assert step.data == {}
    assert sorted(a.name for a in step.attachments.all()) == ["照片.jpg", "谈话记录.docx"]


def test_the_contacts_are_chosen_from_the_full_members(client_for, objects, full_members, record):
    person = objects["person"]
    advance(record, person, full_members, 5)
    response = client_for(C).post(
        _form_url(person),
        {"number": "5", "done_on": "2022-03-06", "people": [full_members[0].pk]},
    )
    assert response.status_code == 302
    assert list(person.steps.get(number=5).people.all()) == [full_members[0]]


def test_a_vote_is_recorded_with_its_numbers(client_for, objects, full_members, record):
    person = objects["person"]
    advance(record, person, full_members, 15)
    client = client_for(S)
    response = client.post(
        _form_url(person),
        {"number": "15", "done_on": "2023-05-01", "votes_for": "8", "abstentions": "1"},
    )
    assert response.status_code == 302
    vote = person.steps.get(number=15)
    assert vote.data["votes_for"] == 8 and vote.data["passed"] is True


def test_a_refused_step_shows_the_rule_and_writes_nothing(client_for, objects):
    client = in_english(client_for, S)
    before = (DevelopmentStep.objects.count(), StepAttachment.objects.count())
    response = client.post(
        _form_url(objects["person"]),
        {
            "number": "2",
            "done_on": "2022-02-11",
            "files": [SimpleUploadedFile("谈话记录.pdf", b"%PDF")],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "within one month" in page and "Give the reason for the delay" in page
    assert (DevelopmentStep.objects.count(), StepAttachment.objects.count()) == before


def test_the_secretary_is_told_a_higher_step_is_not_theirs(
    client_for, objects, full_members, record
):
    person = objects["person"]
    advance(record, person, full_members, 4)
    client = in_english(client_for, S)
    response = client.post(_form_url(person), {"number": "4", "done_on": "2022-03-05"})
    assert response.status_code == 200
    assert "is recorded by the higher committee" in response.content.decode()
    assert not person.steps.filter(number=4).exists()


def test_the_township_admin_records_a_higher_step(client_for, objects, full_members, record):
    person = objects["person"]
    advance(record, person, full_members, 4)
    response = client_for(T).post(
        _form_url(person), {"number": "4", "done_on": "2022-03-05", "reference": "镇党委备案"}
    )
    assert response.status_code == 302
    assert person.steps.get(number=4).recorded_by.username == "township"


def test_a_bad_date_is_a_form_error_not_a_crash(client_for, objects):
    response = client_for(S).post(_form_url(objects["person"]), {"number": "2", "done_on": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"]


# The board -----------------------------------------------------------------------------------


def _days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def board_people(school, make_person, record, full_members):
    """An overdue applicant, an applicant due soon, an activist with nothing due soon, a
    full member and a transferred applicant (neither on the board)."""
    joined = _days_ago(400)
    overdue = make_person("逾期申请人", stage=Stage.APPLICANT, joined_on=joined)
    record(overdue, 1, _days_ago(40))
    soon = make_person("临近申请人", stage=Stage.APPLICANT, joined_on=joined)
    record(soon, 1, _days_ago(10))
    activist = make_person("积极分子", stage=Stage.APPLICANT, joined_on=joined)
    record(activist, 1, _days_ago(100))
    record(activist, 2, _days_ago(90))
    record(activist, 3, _days_ago(10))
    gone = make_person("调走申请人", stage=Stage.APPLICANT, joined_on=joined)
    transfer_out(
        actor=None,
        org=school,
        person=gone,
        transferred_on=_days_ago(5),
        letter_number="001",
        counterpart="外地",
    )
    return {"overdue": overdue, "soon": soon, "activist": activist, "gone": gone}


def _section(page: str, stage: str) -> str:
    return page.split(f'data-stage="{stage}"', 1)[1].split("</section>", 1)[0]


def _row(page: str, person) -> str:
    return page.split(f'data-person="{person.pk}"', 1)[1].split("</tr>", 1)[0]


def test_the_board_groups_people_by_stage(client_for, board_people, full_members):
    page = client_for(S).get(reverse("members:pipeline", args=["school"])).content.decode()
    applicants, activists = _section(page, Stage.APPLICANT), _section(page, Stage.ACTIVIST)
    assert "逾期申请人" in applicants and "临近申请人" in applicants
    assert "积极分子" in activists and "积极分子" not in applicants
    assert "调走申请人" not in page and full_members[0].name not in page


def test_the_board_colours_what_is_overdue_and_what_is_due_soon(client_for, board_people):
    page = client_for(S).get(reverse("members:pipeline", args=["school"])).content.decode()
    assert 'class="due level-danger" data-step="2"' in _row(page, board_people["overdue"])
    assert 'class="due level-warning" data-step="2"' in _row(page, board_people["soon"])
    assert 'class="due" data-step="6"' in _row(page, board_people["activist"])


def test_the_board_shows_the_last_step_and_links_the_next(client_for, board_people):
    page = client_for(S).get(reverse("members:pipeline", args=["school"])).content.decode()
    row = _row(page, board_people["activist"])
    assert "3. " in row and _days_ago(10).isoformat() in row
    overdue = board_people["overdue"]
    assert f"{_form_url(overdue)}?step=2" in _row(page, overdue)
    # step 4 belongs to the higher committee: no link for the secretary …
    assert "?step=" not in row
    # … but one for the township's administrator, who has none for the branch's steps
    page = client_for(T).get(reverse("members:pipeline", args=["school"])).content.decode()
    assert "?step=4" in _row(page, board_people["activist"])
    assert "?step=" not in _row(page, overdue)


def test_the_board_in_english(client_for, board_people):
    page = (
        in_english(client_for, S).get(reverse("members:pipeline", args=["school"])).content.decode()
    )
    assert "overdue since" in page and "Talk with the applicant" in page


def _pipeline_people(make_person, record, n):
    for i in range(n):
        person = make_person(f"申请人{n}-{i}", stage=Stage.APPLICANT, joined_on=_days_ago(400))
        record(person, 1, _days_ago(20 + i))
        if i % 2:
            record(person, 2, _days_ago(10), late_reason="外出")
            record(person, 3, _days_ago(5))


@pytest.mark.parametrize("n", [5, 25])
def test_the_board_runs_a_fixed_number_of_queries(
    client, secretary, make_person, record, django_assert_num_queries, n
):
    _pipeline_people(make_person, record, n)
    client.force_login(secretary)
    client.get("/o/school/")  # remember the organisation in the session: no session write later
    # session, user, organisation, grants, switcher, unread count;
    # the ids of the people on the way; count for the pager, a page of them, their status
    # changes, memberships, group memberships, steps; the totals by stage
    with django_assert_num_queries(6 + 8):
        response = client.get(reverse("members:pipeline", args=["school"]))
    assert response.status_code == 200
    assert response.content.decode().count("data-person=") == n


# The history include -------------------------------------------------------------------------


def test_the_history_shows_steps_with_their_facts_and_files(objects, full_members, record, school):
    person = objects["person"]
    advance(record, person, full_members, 16)
    steps = (
        DevelopmentStep.objects.filter(person=person)
        .prefetch_related("people", "attachments")
        .order_by("done_on", "number", "cycle")
    )
    with translation.override("en"):
        html = render_to_string("members/pipeline/_history.html", {"steps": steps, "org": school})
    assert "2022-01-10" in html and "Application for membership received" in html
    assert _attachment_url(objects) in html and "入党申请书.pdf" in html
    assert "8 for, 0 against, 1 abstaining, of 9 entitled to vote" in html
    assert "Training: 3 days" in html
    assert "Introducers:" in html and full_members[2].name in html
