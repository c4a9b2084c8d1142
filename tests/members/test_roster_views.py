"""The roster pages as a secretary uses them: forms posted end to end, the roster as of a
day, transfers, the committee, and a fixed number of queries however big the branch is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from branch.models import AuditEntry
from members import services
from members.models import (
    CommitteePost,
    CommitteeTerm,
    GroupMembership,
    Membership,
    Person,
    Post,
    Stage,
    StatusChange,
    Transfer,
)
from members.selectors import roster
from members.transfers import transfer_out
from tests.factories import PartyGroupFactory, UserFactory
from tests.members.roster_helpers import make_id, png_upload

D = dt.date


@pytest.fixture
def secretary_client(client, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    return client


@pytest.fixture
def english(secretary_client):
    secretary_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return secretary_client


def members_url(name, *args):
    return reverse(f"members:{name}", args=["school", *args])


def names(response) -> list[str]:
    return [s.person.name for s in response.context["states"]]


# The person record ------------------------------------------------------------------------


def test_a_secretary_adds_a_person_with_birth_date_and_gender_from_the_id(
    secretary_client, school, secretary
):
    group = PartyGroupFactory(organization=school)
    account = UserFactory(username="zhaomin")
    response = secretary_client.post(
        members_url("person_create"),
        {
            "name": "赵敏",
            "id_number": make_id(D(1991, 4, 3), "female").lower(),
            "ethnicity": "回族",
            "phone": "13912345678",
            "joined_on": "2019-07-01",
            "stage": Stage.PROBATIONARY,
            "joined_party_on": "2019-06-20",
            "category": "employed",
            "party_group": group.pk,
            "user": "ZhaoMin",
            "photo": png_upload(),
        },
    )
    person = Person.objects.get(name="赵敏")
    assert response.status_code == 302
    assert response.url == members_url("person", person.pk)
    assert (person.birth_date, person.gender, person.user) == (D(1991, 4, 3), "female", account)
    assert person.photo.name.startswith("photos/")
    assert Membership.objects.get(person=person).joined_on == D(2019, 7, 1)
    assert GroupMembership.objects.get(person=person).party_group == group
    assert StatusChange.objects.get(person=person, aspect="stage").effective_on == D(2019, 6, 20)
    assert [s.person for s in roster(school, D(2019, 7, 1), group=group.pk)] == [person]


def test_a_bad_id_number_shows_the_message_and_writes_nothing(english, secretary):
    good = make_id(D(1991, 4, 3))
    before = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    response = english.post(
        members_url("person_create"),
        {
            "name": "赵敏",
            "id_number": good[:17] + ("0" if good[17] != "0" else "1"),
            "gender": "male",
            "birth_date": "1991-04-03",
            "ethnicity": "汉族",
            "joined_on": "2019-07-01",
            "stage": Stage.FULL,
            "joined_party_on": "2010-07-01",
            "full_member_on": "2011-07-01",
        },
    )
    assert response.status_code == 200
    assert "check digit of the ID number is wrong" in response.content.decode()
    assert response.context["form"].errors["id_number"]
    assert (
        Person.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_a_birth_date_the_id_contradicts_is_refused_on_the_form(english):
    response = english.post(
        members_url("person_create"),
        {
            "name": "赵敏",
            "id_number": make_id(D(1991, 4, 3)),
            "gender": "male",
            "birth_date": "1991-04-04",
            "ethnicity": "汉族",
            "joined_on": "2019-07-01",
            "stage": Stage.FULL,
            "joined_party_on": "2010-07-01",
            "full_member_on": "2011-07-01",
        },
    )
    errors = str(response.context["form"].errors["id_number"])
    assert "birth date April 3, 1991, not April 4, 1991" in errors
    assert not Person.objects.exists()


def test_without_an_id_number_birth_date_and_gender_are_required(secretary_client):
    response = secretary_client.post(
        members_url("person_create"),
        {
            "name": "赵敏",
            "ethnicity": "汉族",
            "joined_on": "2019-07-01",
            "stage": Stage.FULL,
            "joined_party_on": "2010-07-01",
            "full_member_on": "2011-07-01",
        },
    )
    assert set(response.context["form"].errors) == {"birth_date", "gender"}
    assert not Person.objects.exists()


def test_an_unknown_login_account_is_refused(secretary_client):
    response = secretary_client.post(
        members_url("person_create"),
        {
            "name": "赵敏",
            "gender": "female",
            "birth_date": "1991-04-03",
            "ethnicity": "汉族",
            "joined_on": "2019-07-01",
            "stage": Stage.FULL,
            "joined_party_on": "2010-07-01",
            "full_member_on": "2011-07-01",
            "user": "nobody",
        },
    )
    assert "user" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_secretary_edits_the_personal_data(secretary_client, make_person):
    person = make_person("赵敏", phone="13900000000")
    form = secretary_client.get(members_url("person_update", person.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data.update(phone="13912345678", unit_and_post="中心小学 教师", photo=png_upload())
    response = secretary_client.post(members_url("person_update", person.pk), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.unit_and_post) == ("13912345678", "中心小学 教师")
    photo = secretary_client.get(members_url("photo", person.pk))
    assert photo.status_code == 200
    photo.close()


def test_a_status_change_of_death_takes_the_person_off_the_roster(secretary_client, make_person):
    person = make_person("故人", joined_on=D(2015, 1, 1))
    response = secretary_client.post(
        members_url("status_change", person.pk),
        {"aspect": "standing", "value": "deceased", "effective_on": "2024-03-05", "note": "病故"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person).left_on == D(2024, 3, 5)
    before = secretary_client.get(members_url("index"), {"as_of": "2024-03-04"})
    after = secretary_client.get(members_url("index"), {"as_of": "2024-03-05"})
    assert names(before) == ["故人"] and names(after) == []


def test_a_value_of_another_aspect_is_refused(secretary_client, make_person):
    person = make_person()
    response = secretary_client.post(
        members_url("status_change", person.pk),
        {"aspect": "stage", "value": "deceased", "effective_on": "2024-03-05"},
    )
    assert "value" in response.context["form"].errors
    assert not StatusChange.objects.filter(person=person, value="deceased").exists()


def test_a_secretary_moves_a_person_to_another_group(secretary_client, school, make_person):
    first, second = PartyGroupFactory(organization=school), PartyGroupFactory(organization=school)
    person = make_person(party_group=first, joined_on=D(2018, 1, 1))
    response = secretary_client.post(
        members_url("group_assign", person.pk),
        {"party_group": second.pk, "joined_on": "2023-09-01"},
    )
    assert response.status_code == 302
    open_now = GroupMembership.objects.get(person=person, left_on__isnull=True)
    assert open_now.party_group == second


def test_me_shows_the_linked_record_or_says_there_is_none(client_for, make_person, member):
    make_person("张党员", user=member)
    response = client_for("member").get(reverse("members:me", args=["school"]))
    assert response.context["person"].name == "张党员"
    response = client_for("secretary").get(reverse("members:me", args=["school"]))
    assert response.context["person"] is None
    assert 'data-testid="no-person"' in response.content.decode()


# The roster -------------------------------------------------------------------------------


def test_the_roster_shows_the_branch_as_it_was(secretary_client, school, make_person):
    make_person("老党员", joined_on=D(2010, 1, 1))
    make_person("新党员", joined_on=D(2022, 1, 1), stage=Stage.PROBATIONARY)
    make_person("申请人", joined_on=D(2023, 5, 1), stage=Stage.APPLICANT)
    old = secretary_client.get(members_url("index"), {"as_of": "2021-12-31"})
    assert names(old) == ["老党员"]
    assert dict((s, n) for s, _label, n in old.context["counts"])["full"] == 1
    now = secretary_client.get(members_url("index"))
    assert sorted(names(now)) == sorted(["老党员", "新党员", "申请人"])
    stage = secretary_client.get(members_url("index"), {"stage": "probationary"})
    assert names(stage) == ["新党员"]
    search = secretary_client.get(members_url("index"), {"q": "申请"})
    assert names(search) == ["申请人"]


def test_a_bad_date_is_explained_not_a_crash(english, make_person):
    make_person("老党员")
    response = english.get(members_url("index"), {"as_of": "2024-02-30", "stage": "full"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert response.context["day"] == dt.date.today()
    assert names(response) == ["老党员"]  # the good filter still applies


# Transfers --------------------------------------------------------------------------------


def test_a_transfer_out_leaves_the_roster_from_that_day(secretary_client, make_person):
    person = make_person("调出者", joined_on=D(2015, 1, 1))
    response = secretary_client.post(
        members_url("transfer_out", person.pk),
        {
            "destination": "outside",
            "counterpart": "某市某中学党支部",
            "transferred_on": "2024-03-01",
            "letter_number": "2024-07",
            "dues_paid_until": "2024-02",
            "valid_until": "2024-04-01",
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(person=person)
    assert transfer.dues_paid_until == D(2024, 2, 1) and transfer.return_slip_on is None
    assert names(secretary_client.get(members_url("index"), {"as_of": "2024-02-29"})) == ["调出者"]
    assert names(secretary_client.get(members_url("index"), {"as_of": "2024-03-01"})) == []
    listing = secretary_client.get(reverse("members:transfers", args=["school"]))
    assert 'data-testid="pending-slip"' in listing.content.decode()

    response = secretary_client.post(
        reverse("members:return_slip", args=["school", transfer.pk]),
        {"received_on": "2024-03-20"},
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.return_slip_on == D(2024, 3, 20)
    listing = secretary_client.get(reverse("members:transfers", args=["school"]))
    assert 'data-testid="pending-slip"' not in listing.content.decode()


def test_a_transfer_within_the_system_moves_the_membership(
    secretary_client, school, village, make_person
):
    person = make_person("调动者", joined_on=D(2015, 1, 1))
    response = secretary_client.post(
        members_url("transfer_out", person.pk),
        {
            "destination": "within",
            "to_org": village.pk,
            "transferred_on": "2024-03-01",
            "letter_number": "2024-08",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(person=person, organization=school).left_on == D(2024, 3, 1)
    arrival = Membership.objects.get(person=person, organization=village)
    assert (arrival.joined_on, arrival.left_on) == (D(2024, 3, 1), None)
    assert [s.person for s in roster(village, D(2024, 3, 1))] == [person]
    assert set(Transfer.objects.values_list("organization__code", "direction")) == {
        ("school", "out"),
        ("village", "in"),
    }
    page = secretary_client.get(members_url("person", person.pk)).content.decode()
    assert village.name in page  # school still reads the history, and sees where they went
    assert members_url("transfer_out", person.pk) not in page


def test_a_transfer_needs_its_destination(secretary_client, make_person):
    person = make_person()
    response = secretary_client.post(
        members_url("transfer_out", person.pk),
        {"destination": "within", "transferred_on": "2024-03-01", "letter_number": "1"},
    )
    assert "to_org" in response.context["form"].errors
    assert not Transfer.objects.exists()


def test_a_branch_of_another_system_is_not_offered(secretary_client, make_person):
    from tests.factories import CommitteeFactory, OrganizationFactory

    other = OrganizationFactory(parent=CommitteeFactory())
    person = make_person()
    response = secretary_client.post(
        members_url("transfer_out", person.pk),
        {
            "destination": "within",
            "to_org": other.pk,
            "transferred_on": "2024-03-01",
            "letter_number": "1",
        },
    )
    assert "to_org" in response.context["form"].errors
    assert not Transfer.objects.exists()


def test_a_transfer_in_adds_the_person(secretary_client, school):
    response = secretary_client.post(
        members_url("transfer_in"),
        {
            "transferred_on": "2024-05-06",
            "letter_number": "外2024-11",
            "counterpart": "某县某村党支部",
            "dues_paid_until": "2024-04",
            "name": "新来者",
            "id_number": make_id(D(1979, 9, 9)),
            "ethnicity": "汉族",
            "stage": Stage.FULL,
            "joined_party_on": "2004-07-01",
            "full_member_on": "2005-07-01",
        },
    )
    person = Person.objects.get(name="新来者")
    assert [(c.value, c.effective_on) for c in person.status_changes.filter(aspect="stage")] == [
        ("probationary", D(2004, 7, 1)),
        ("full", D(2005, 7, 1)),
    ]
    assert response.status_code == 302
    assert response.url == members_url("person", person.pk)
    assert Membership.objects.get(person=person, organization=school).joined_on == D(2024, 5, 6)
    transfer = Transfer.objects.get(person=person)
    assert (transfer.direction, transfer.dues_paid_until) == ("in", D(2024, 4, 1))


def test_a_return_slip_before_the_transfer_is_refused(secretary_client, school, make_person):
    transfer = transfer_out(
        actor=None,
        org=school,
        person=make_person(),
        transferred_on=D(2024, 3, 1),
        letter_number="1",
        counterpart="外地",
    )
    response = secretary_client.post(
        reverse("members:return_slip", args=["school", transfer.pk]), {"received_on": "2024-02-01"}
    )
    assert "received_on" in response.context["form"].errors
    transfer.refresh_from_db()
    assert transfer.return_slip_on is None


# The committee ----------------------------------------------------------------------------


def test_a_secretary_records_an_election_and_its_posts(secretary_client, full_members):
    url = reverse("members:committee", args=["school"])
    response = secretary_client.post(url, {"action": "term", "term-elected_on": "2023-04-10"})
    assert response.status_code == 302
    term = CommitteeTerm.objects.get()
    assert term.ends_on == D(2026, 4, 10)
    response = secretary_client.post(
        url,
        {
            "action": "post",
            "post-term": term.pk,
            "post-person": full_members[0].pk,
            "post-post": Post.SECRETARY,
            "post-duties": "主持全面工作",
            "post-started_on": "2023-04-10",
        },
    )
    assert response.status_code == 302
    post = CommitteePost.objects.get()
    response = secretary_client.post(
        url, {"action": "end", "end-committee_post": post.pk, "end-ended_on": "2024-01-01"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.ended_on == D(2024, 1, 1)
    page = secretary_client.get(url).content.decode()
    assert full_members[0].name in page and "主持全面工作" in page


def test_a_refused_post_stays_on_the_form(english, school, secretary, make_person):
    term = services.committee_term_create(actor=secretary, org=school, elected_on=D(2023, 4, 10))
    probationary = make_person(stage=Stage.PROBATIONARY, joined_on=D(2023, 1, 1))
    response = english.post(
        reverse("members:committee", args=["school"]),
        {
            "action": "post",
            "post-term": term.pk,
            "post-person": probationary.pk,
            "post-post": Post.PROPAGANDA,
            "post-started_on": "2023-04-10",
        },
    )
    assert response.status_code == 200
    assert "was not a full member" in response.content.decode()
    assert not CommitteePost.objects.exists()


def test_the_committee_page_warns_a_branch_without_a_committee(english, full_members):
    page = english.get(reverse("members:committee", args=["school"])).content.decode()
    assert 'data-testid="committee-warnings"' in page
    assert "no elected committee" in page


# The dashboard ----------------------------------------------------------------------------


def test_the_dashboard_counts_for_readers_and_links_members_to_their_record(
    client_for, make_person
):
    make_person()
    make_person(stage=Stage.ACTIVIST, joined_on=D(2024, 1, 1))
    page = client_for("committee_member").get("/o/school/").content.decode()
    assert 'data-testid="card-count-full">1<' in page
    assert 'data-testid="card-count-activist">1<' in page
    page = client_for("member").get("/o/school/").content.decode()
    assert "card-count-full" not in page
    assert reverse("members:me", args=["school"]) in page


# Query counts -----------------------------------------------------------------------------

# Every page of an organisation starts with the same six queries (tests/branch/test_queries.py)
SHELL = 6


@pytest.fixture
def logged_in(client, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    # remember the organisation in the session, so that no page below writes it
    client.get("/o/school/members/")
    return client


def fill(school, secretary, make_person, n):
    groups = [PartyGroupFactory(organization=school) for _ in range(3)]
    people = [
        make_person(
            party_group=groups[i % 3],
            phone=f"139{i:08d}",
            stage=[Stage.FULL, Stage.PROBATIONARY, Stage.ACTIVIST][i % 3],
        )
        for i in range(n)
    ]
    for person in people[: n // 5]:
        transfer_out(
            actor=secretary,
            org=school,
            person=person,
            transferred_on=D(2024, 1, 1),
            letter_number="1",
            counterpart="外地",
        )
    term = services.committee_term_create(actor=secretary, org=school, elected_on=D(2023, 1, 1))
    staying_full = [p for i, p in enumerate(people) if i >= n // 5 and i % 3 == 0]
    for person, post in zip(staying_full, (Post.SECRETARY, Post.ORGANIZATION), strict=False):
        services.committee_post_add(
            actor=secretary, term=term, person=person, post=post, started_on=D(2023, 1, 1)
        )


PAGES = [
    # url, queries after the shell, what they are
    (
        "/o/school/members/",
        6,
        "count for the pager, a page of people with their stage, category and standing, "
        "their memberships and party groups that day; the counts by stage; party groups",
    ),
    ("/o/school/members/?as_of=2023-06-30&stage=full", 6, "the same, filtered"),
    ("/o/school/transfers/", 2, "count, transfers with person and organisations"),
    (
        "/o/school/committee/",
        9,
        "terms, their posts with people; the warnings: the counts, the term in "
        "office and its posts; the election select (read twice by Django: once for its "
        "required attribute), people in the branch, open posts",
    ),
]


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize(("url", "extra", "what"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_run_a_fixed_number_of_queries(
    logged_in, django_assert_num_queries, school, secretary, make_person, rows, url, extra, what
):
    fill(school, secretary, make_person, rows)
    with django_assert_num_queries(SHELL + extra):
        assert logged_in.get(url).status_code == 200
