"""Each service of the organisation domain writes its change and its audit entry together."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from branch import services
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import AuditEntry, Honor, Organization, PartyGroup, Role
from tests.factories import HonorFactory, PartyGroupFactory, UserFactory


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def test_organization_create_is_audited_and_builds_the_path(town, township_admin):
    org = services.organization_create(
        actor=township_admin, code="new-branch", name="新支部", kind="branch", parent=town
    )
    assert org.path == f"{town.path}{org.pk}/"
    entry = entries_for(org).get()
    assert entry.action == "create" and entry.actor == township_admin
    assert entry.changes["code"] == [None, "new-branch"]


def test_organization_create_refuses_a_branch_under_a_branch(school, township_admin):
    with pytest.raises(ServiceError, match="不能设在"):
        services.organization_create(
            actor=township_admin, code="x", name="x", kind="branch", parent=school
        )
    assert not Organization.objects.filter(code="x").exists()


def test_organization_update_records_before_and_after(school, secretary):
    services.organization_update(
        actor=secretary, org=school, name="实验小学党支部", unit="实验小学"
    )
    entry = entries_for(school).filter(action="update").get()
    assert entry.changes["name"] == ["中心小学党支部", "实验小学党支部"]
    assert entry.actor == secretary


def test_party_group_create_and_update_are_audited(school, secretary):
    group = services.party_group_create(actor=secretary, org=school, name="第三党小组")
    services.party_group_update(actor=secretary, group=group, leader_name="赵组长")
    actions = list(entries_for(group).order_by("pk").values_list("action", flat=True))
    assert actions == ["create", "update"]
    assert entries_for(group).order_by("pk").last().changes == {"leader_name": ["", "赵组长"]}


def test_a_duplicate_party_group_name_is_refused_in_chinese(school, secretary):
    PartyGroupFactory(organization=school, name="第一党小组")
    with pytest.raises(ServiceError, match="已有名为"):
        services.party_group_create(actor=secretary, org=school, name="第一党小组")
    assert PartyGroup.objects.filter(organization=school).count() == 1


def test_party_groups_belong_to_a_branch(town):
    with pytest.raises(ServiceError):
        services.party_group_create(actor=None, org=town, name="不该有的小组")


def test_honor_create_update_delete_are_audited(school, secretary):
    honor = services.honor_create(
        actor=secretary, org=school, awarded_on=datetime.date(2025, 7, 1), title="先进党支部"
    )
    services.honor_update(actor=secretary, honor=honor, rank="县级")
    pk = honor.pk
    services.honor_delete(actor=secretary, honor=honor)
    assert not Honor.objects.filter(pk=pk).exists()
    actions = list(
        AuditEntry.objects.filter(object_id=str(pk), content_type__model="honor")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_an_honour_dated_in_the_future_is_refused(school, secretary):
    with pytest.raises(ServiceError, match=r"获得日期须在1921年7月1日至.*之间"):
        services.honor_create(
            actor=secretary, org=school, awarded_on=datetime.date(2999, 1, 1), title="x"
        )


def test_a_committee_member_cannot_record_honours(school, committee_member):
    with pytest.raises(ServicePermissionDenied):
        services.honor_create(
            actor=committee_member, org=school, awarded_on=datetime.date(2025, 1, 1), title="x"
        )
    assert not Honor.objects.exists()


def test_role_grant_and_revoke_are_audited(school, secretary):
    user = UserFactory()
    assignment = services.role_grant(actor=secretary, org=school, user=user, role=Role.MEMBER)
    pk = assignment.pk
    services.role_revoke(actor=secretary, assignment=assignment)
    entries = AuditEntry.objects.filter(content_type__model="roleassignment", organization=school)
    by_action = {e.action: e for e in entries.filter(object_id=str(pk))}
    assert set(by_action) == {"grant", "revoke"}
    assert by_action["grant"].changes["user"] == [None, user.username]


def test_account_create_is_audited_without_the_password(school, secretary):
    user = services.account_create(
        actor=secretary, org=school, username="zhaoxin", password="Qingshan-2026!"
    )
    entry = entries_for(user).get()
    assert "password" not in entry.changes
    assert entry.organization == school


def test_an_over_long_title_is_refused_and_nothing_is_written(school, secretary):
    with pytest.raises(ServiceError, match=r"名称：.*不超过 120"):
        services.honor_create(
            actor=secretary, org=school, awarded_on=datetime.date(2025, 1, 1), title="长" * 121
        )
    assert not Honor.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="honor").exists()


def test_editing_an_honour_changes_only_that_honour(school, secretary):
    mine, other = HonorFactory(organization=school), HonorFactory(organization=school)
    services.honor_update(actor=secretary, honor=mine, title="新标题")
    other.refresh_from_db()
    assert other.title != "新标题"
