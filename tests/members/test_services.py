"""The person services as a secretary meets them: counts as of a day, a death ending the time
in the branch, moves between party groups, committee terms and posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from branch.exceptions import ServiceError, ServicePermissionDenied
from members import services
from members.models import (
    Aspect,
    CommitteePost,
    CommitteeTerm,
    GroupMembership,
    Membership,
    Person,
    Post,
    Stage,
    Standing,
    StatusChange,
)
from members.selectors import counts_on, roster, state_of, with_history
from members.transfers import transfer_out
from tests.factories import PartyGroupFactory, UserFactory

D = dt.date


def fresh(person, org):
    return with_history(Person.objects.filter(pk=person.pk), org).get()


# Counts as of a day ---------------------------------------------------------------------------


def test_counts_follow_the_history(school, make_person, secretary):
    make_person("老党员", joined_on=D(2010, 1, 1))
    make_person("预备", stage=Stage.PROBATIONARY, joined_on=D(2019, 7, 1))
    make_person("申请人", stage=Stage.APPLICANT, joined_on=D(2020, 3, 1))
    leaver = make_person("调走", joined_on=D(2012, 1, 1))
    transfer_out(
        actor=secretary,
        org=school,
        person=leaver,
        transferred_on=D(2021, 6, 30),
        letter_number="2021-7",
        counterpart="外地某支部",
    )
    probationary = Person.objects.get(name="预备")
    services.status_change_record(
        actor=secretary,
        org=school,
        person=probationary,
        aspect=Aspect.STAGE,
        value=Stage.FULL,
        effective_on=D(2020, 7, 1),
    )

    end_2019 = counts_on(school, D(2019, 12, 31))
    assert (end_2019["full"], end_2019["probationary"], end_2019["applicant"]) == (2, 1, 0)
    assert (end_2019["members"], end_2019["voters"]) == (3, 2)

    mid_2021 = counts_on(school, D(2021, 6, 29))
    assert (mid_2021["full"], mid_2021["probationary"], mid_2021["applicant"]) == (3, 0, 1)

    after = counts_on(school, D(2021, 6, 30))
    assert (after["full"], after["members"], after["voters"]) == (2, 2, 2)
    assert counts_on(school, D(2009, 12, 31)) == {}


def test_a_town_counts_every_branch_below_it(town, school, village, make_person):
    make_person("甲", org=school)
    make_person("乙", org=village)
    assert counts_on(town, D(2020, 1, 1))["full"] == 2
    assert counts_on(school, D(2020, 1, 1))["full"] == 1


# Status changes -------------------------------------------------------------------------------


def test_death_ends_the_membership_and_the_group(school, make_person, secretary):
    group = PartyGroupFactory(organization=school)
    person = make_person("故人", party_group=group, joined_on=D(2015, 1, 1))
    services.status_change_record(
        actor=secretary,
        org=school,
        person=person,
        aspect=Aspect.STANDING,
        value=Standing.DECEASED,
        effective_on=D(2024, 3, 5),
        note="病故",
    )
    membership = Membership.objects.get(person=person)
    assert (membership.left_on, membership.left_reason) == (
        D(2024, 3, 5),
        Membership.LeftReason.DECEASED,
    )
    assert GroupMembership.objects.get(person=person).left_on == D(2024, 3, 5)
    assert [s.person for s in roster(school, D(2024, 3, 4))] == [person]
    assert roster(school, D(2024, 3, 5)) == []
    assert state_of(fresh(person, school), D(2024, 3, 5)).standing == Standing.DECEASED


def test_a_suspension_keeps_the_person_counted_but_not_voting(school, make_person, secretary):
    person = make_person("停止党籍")
    services.status_change_record(
        actor=secretary,
        org=school,
        person=person,
        aspect=Aspect.STANDING,
        value=Standing.SUSPENDED,
        effective_on=D(2023, 1, 1),
    )
    counts = counts_on(school, D(2023, 1, 1))
    assert (counts["members"], counts["voters"]) == (1, 0)
    assert Membership.objects.get(person=person).left_on is None


def test_a_change_before_the_person_joined_is_refused(school, make_person, secretary):
    person = make_person(joined_on=D(2020, 1, 1))
    with pytest.raises(ServiceError) as caught:
        services.status_change_record(
            actor=secretary,
            org=school,
            person=person,
            aspect=Aspect.CATEGORY,
            value="retired",
            effective_on=D(2019, 12, 31),
        )
    assert caught.value.field == "effective_on"
    assert not StatusChange.objects.filter(person=person, aspect=Aspect.CATEGORY, value="retired")


def test_a_change_in_the_future_is_refused(school, make_person, secretary):
    person = make_person()
    with pytest.raises(ServiceError):
        services.status_change_record(
            actor=secretary,
            org=school,
            person=person,
            aspect=Aspect.CATEGORY,
            value="retired",
            effective_on=dt.date.today() + dt.timedelta(days=2),
        )


def test_a_member_may_not_record_a_change(school, make_person, member):
    person = make_person()
    with pytest.raises(ServicePermissionDenied):
        services.status_change_record(
            actor=member,
            org=school,
            person=person,
            aspect=Aspect.CATEGORY,
            value="retired",
            effective_on=D(2023, 1, 1),
        )


# Party groups ---------------------------------------------------------------------------------


def test_a_move_closes_the_old_group_the_day_the_new_one_starts(school, make_person, secretary):
    first, second = PartyGroupFactory(organization=school), PartyGroupFactory(organization=school)
    person = make_person(party_group=first, joined_on=D(2018, 1, 1))
    services.group_assign(
        actor=secretary, org=school, person=person, party_group=second, joined_on=D(2022, 9, 1)
    )
    person = fresh(person, school)
    assert state_of(person, D(2022, 8, 31)).group == first
    assert state_of(person, D(2022, 9, 1)).group == second
    assert [s.person for s in roster(school, D(2022, 8, 31), group=second.pk)] == []
    assert [s.person for s in roster(school, D(2022, 9, 1), group=second.pk)] == [person]


def test_a_move_into_no_group_ends_the_current_one(school, make_person, secretary):
    group = PartyGroupFactory(organization=school)
    person = make_person(party_group=group)
    assert (
        services.group_assign(
            actor=secretary, org=school, person=person, party_group=None, joined_on=D(2023, 1, 1)
        )
        is None
    )
    assert GroupMembership.objects.get(person=person).left_on == D(2023, 1, 1)


def test_group_moves_that_make_no_sense_are_refused(school, village, make_person, secretary):
    group = PartyGroupFactory(organization=school)
    person = make_person(party_group=group, joined_on=D(2018, 1, 1))
    with pytest.raises(ServiceError):  # already there
        services.group_assign(
            actor=secretary, org=school, person=person, party_group=group, joined_on=D(2023, 1, 1)
        )
    other = PartyGroupFactory(organization=school)
    with pytest.raises(ServiceError) as caught:  # before the current group began
        services.group_assign(
            actor=secretary, org=school, person=person, party_group=other, joined_on=D(2017, 1, 1)
        )
    assert caught.value.field == "joined_on"
    with pytest.raises(ServiceError) as caught:  # another branch's group
        services.group_assign(
            actor=secretary,
            org=school,
            person=person,
            party_group=PartyGroupFactory(organization=village),
            joined_on=D(2023, 1, 1),
        )
    assert caught.value.field == "party_group"
    assert GroupMembership.objects.filter(person=person).count() == 1


# The committee --------------------------------------------------------------------------------


def test_a_school_term_lasts_three_years(school, secretary):
    term = services.committee_term_create(actor=secretary, org=school, elected_on=D(2023, 4, 10))
    assert term.ends_on == D(2026, 4, 10)


def test_a_community_based_term_lasts_five_years(village, outsider):
    village.community_based = True
    village.save()
    term = services.committee_term_create(actor=outsider, org=village, elected_on=D(2023, 4, 10))
    assert term.ends_on == D(2028, 4, 10)


def test_a_new_election_ends_the_term_and_posts_before_it(school, secretary, full_members):
    old = services.committee_term_create(actor=secretary, org=school, elected_on=D(2021, 5, 1))
    post = services.committee_post_add(
        actor=secretary,
        term=old,
        person=full_members[0],
        post=Post.SECRETARY,
        started_on=D(2021, 5, 1),
    )
    services.committee_term_create(actor=secretary, org=school, elected_on=D(2023, 5, 1))
    old.refresh_from_db()
    post.refresh_from_db()
    assert old.ends_on == D(2023, 5, 1)
    assert post.ended_on == D(2023, 5, 1)
    with pytest.raises(ServiceError):  # not before the latest election
        services.committee_term_create(actor=secretary, org=school, elected_on=D(2022, 1, 1))


def test_only_the_secretary_records_an_election(school, committee_member, township_admin):
    for actor in (committee_member, township_admin):
        with pytest.raises(ServicePermissionDenied):
            services.committee_term_create(actor=actor, org=school, elected_on=D(2023, 1, 1))
    assert not CommitteeTerm.objects.exists()


def test_a_committee_is_elected_by_a_branch(town):
    with pytest.raises(ServiceError):
        services.committee_term_create(actor=None, org=town, elected_on=D(2023, 1, 1))


@pytest.fixture
def term(school, secretary):
    return services.committee_term_create(actor=secretary, org=school, elected_on=D(2023, 4, 10))


def test_post_rules(school, secretary, term, full_members, make_person):
    add = services.committee_post_add
    first = add(
        actor=secretary,
        term=term,
        person=full_members[0],
        post=Post.SECRETARY,
        started_on=D(2023, 4, 10),
        duties="全面工作",
    )
    with translation.override("en"), pytest.raises(ServiceError, match="already has a secretary"):
        add(
            actor=secretary,
            term=term,
            person=full_members[1],
            post=Post.SECRETARY,
            started_on=D(2023, 5, 1),
        )
    with pytest.raises(ServiceError) as caught:  # the same post twice
        add(
            actor=secretary,
            term=term,
            person=full_members[0],
            post=Post.SECRETARY,
            started_on=D(2023, 6, 1),
        )
    assert caught.value.field == "post"
    with pytest.raises(ServiceError) as caught:  # outside the term
        add(
            actor=secretary,
            term=term,
            person=full_members[1],
            post=Post.ORGANIZATION,
            started_on=D(2026, 4, 10),
        )
    assert caught.value.field == "started_on"
    probationary = make_person(stage=Stage.PROBATIONARY, joined_on=D(2023, 1, 1))
    with pytest.raises(ServiceError) as caught:  # only full members hold a post
        add(
            actor=secretary,
            term=term,
            person=probationary,
            post=Post.PROPAGANDA,
            started_on=D(2023, 4, 10),
        )
    assert caught.value.field == "person"
    assert list(CommitteePost.objects.all()) == [first]

    # once the secretary's post has ended, another may take it
    with pytest.raises(ServiceError):
        services.committee_post_end(actor=secretary, post=first, ended_on=D(2023, 4, 9))
    services.committee_post_end(actor=secretary, post=first, ended_on=D(2024, 1, 1))
    with pytest.raises(ServiceError):
        services.committee_post_end(actor=secretary, post=first, ended_on=D(2024, 2, 1))
    second = add(
        actor=secretary,
        term=term,
        person=full_members[1],
        post=Post.SECRETARY,
        started_on=D(2024, 1, 1),
    )
    assert second.active_on(D(2024, 1, 1)) and not first.active_on(D(2024, 1, 1))


def test_a_committee_member_may_not_add_a_post(school, committee_member, term, full_members):
    with pytest.raises(ServicePermissionDenied):
        services.committee_post_add(
            actor=committee_member,
            term=term,
            person=full_members[0],
            post=Post.ORGANIZATION,
            started_on=D(2023, 4, 10),
        )


# Accounts -------------------------------------------------------------------------------------


def test_one_account_belongs_to_one_person(school, make_person, secretary):
    account = UserFactory()
    make_person("甲", user=account)
    before = Person.objects.count()
    with translation.override("en"), pytest.raises(ServiceError, match="login account") as caught:
        make_person("乙", user=account)
    assert caught.value.field == "user"
    assert Person.objects.count() == before
