from __future__ import annotations

import pytest
from django.urls import reverse

from branch import services
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import Notification, OrganizationUserObjectPermission, Role, RoleAssignment
from branch.permissions import has_org_perm, organizations_for_user
from tests.factories import OrganizationFactory, UserFactory


def test_a_role_on_a_committee_covers_every_branch_below(town, school, village, township_admin):
    assert set(organizations_for_user(township_admin)) == {town, school, village}
    assert township_admin.has_perm("branch.view_organization", school)
    assert township_admin.has_perm("branch.approve_higher", village)


def test_inheritance_reaches_a_branch_under_a_general_branch(town, township_admin):
    general = OrganizationFactory(code="general", kind="general_branch", parent=town)
    deep = OrganizationFactory(code="deep", parent=general)
    assert has_org_perm(township_admin, "view_audit", deep)


def test_a_branch_secretary_sees_only_their_branch(school, village, town, secretary):
    assert list(organizations_for_user(secretary)) == [school]
    assert not secretary.has_perm("branch.view_public", village)
    assert not secretary.has_perm("branch.view_public", town)


def test_township_admin_sees_both_branches_in_the_switcher(client, township_admin, school, village):
    client.force_login(township_admin)
    page = client.get(reverse("branch:dashboard", args=["town"])).content.decode()
    assert "中心小学党支部" in page and "青山村党支部" in page


def test_a_member_may_read_but_not_log(school, member):
    assert member.has_perm("branch.view_public", school)
    assert not member.has_perm("branch.log_records", school)
    assert not member.has_perm("branch.view_organization", school)


def test_granting_stores_guardian_object_permissions(school, committee_member):
    codenames = set(
        OrganizationUserObjectPermission.objects.filter(
            user=committee_member, content_object=school
        ).values_list("permission__codename", flat=True)
    )
    assert codenames == {"view_public", "view_organization", "log_records"}


def test_revoking_one_of_two_roles_keeps_the_other_roles_permissions(school, secretary, member):
    services.role_grant(actor=secretary, org=school, user=member, role=Role.COMMITTEE)
    assert has_org_perm(member, "log_records", school)
    committee_role = RoleAssignment.objects.get(user=member, role=Role.COMMITTEE)
    services.role_revoke(actor=secretary, assignment=committee_role)
    member = type(member).objects.get(pk=member.pk)  # a new request loads the user afresh
    assert not has_org_perm(member, "log_records", school)
    assert has_org_perm(member, "view_public", school)


def test_a_secretary_cannot_grant_roles_in_another_branch(village, secretary):
    with pytest.raises(ServicePermissionDenied):
        services.role_grant(actor=secretary, org=village, user=UserFactory(), role=Role.MEMBER)


def test_a_member_role_cannot_be_held_on_a_committee_node(town, township_admin):
    with pytest.raises(ServiceError, match="不能"):
        services.role_grant(actor=township_admin, org=town, user=UserFactory(), role=Role.MEMBER)


def test_a_secretary_cannot_remove_their_own_secretary_role(school, secretary):
    own = RoleAssignment.objects.get(user=secretary, role=Role.SECRETARY)
    with pytest.raises(ServiceError):
        services.role_revoke(actor=secretary, assignment=own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_the_roles_page_creates_an_account_and_grants_its_role(client, school, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:roles", args=["school"]),
        {
            "username": "newmember",
            "role": Role.MEMBER,
            "full_name": "赵新",
            "email": "",
            "password": "Qingshan-2026!",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__username="newmember")
    assert assignment.organization == school and assignment.role == Role.MEMBER
    assert client.login(username="newmember", password="Qingshan-2026!")


def test_the_roles_page_refuses_a_new_account_without_a_password(client, school, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:roles", args=["school"]), {"username": "nobody-yet", "role": "member"}
    )
    assert response.status_code == 200
    assert "请填写初始密码" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username="nobody-yet").exists()


def test_a_user_with_two_organisations_switches_between_them(client, school, village, secretary):
    services.role_grant(actor=None, org=village, user=secretary, role=Role.MEMBER)
    client.force_login(secretary)
    assert client.get(reverse("branch:dashboard", args=["village"])).status_code == 200
    # the last organisation opened is where the home page leads next time
    assert client.get(reverse("home")).url == reverse("branch:dashboard", args=["village"])
    client.get(reverse("branch:dashboard", args=["school"]))
    assert client.get(reverse("home")).url == reverse("branch:dashboard", args=["school"])


def test_the_navigation_shows_only_what_the_role_may_open(client, member, secretary):
    client.force_login(member)
    page = client.get("/o/school/").content.decode()
    assert "/o/school/settings/" not in page
    client.force_login(secretary)
    assert "/o/school/settings/" in client.get("/o/school/").content.decode()


def test_nobody_grants_a_role_to_themselves(township_admin, school):
    with pytest.raises(ServiceError, match="不能给自己授予角色"):
        services.role_grant(
            actor=township_admin, org=school, user=township_admin, role=Role.SECRETARY
        )
    assert not township_admin.role_assignments.filter(organization=school).exists()


def test_a_grant_from_above_is_told_to_the_branch_secretary_and_the_person(
    township_admin, secretary, school
):
    newcomer = UserFactory(first_name="赵新")
    grant = services.role_grant(
        actor=township_admin, org=school, user=newcomer, role=Role.COMMITTEE
    )
    told = Notification.objects.filter(key=f"role-granted:{grant.pk}")
    assert set(told.values_list("user", flat=True)) == {secretary.pk, newcomer.pk}
    assert "赵新" in told.first().title and "陈管理员" in told.first().body


def test_the_roles_page_answers_alike_for_a_free_name_and_another_branchs_account(
    client, school, village, secretary, outsider
):
    """刘书记 (``outsider``) holds an account in the village: the school's secretary cannot tell
    it from a name nobody holds, nor grant it a role by typing its name."""
    client.force_login(secretary)
    url = reverse("branch:roles", args=["school"])
    answers = []
    for name in ("outsider", "nobody-yet"):
        response = client.post(url, {"username": name, "role": Role.MEMBER})
        assert response.status_code == 200
        errors = response.context["form"].errors
        answers.append(
            {field: [e.replace(name, "…") for e in errs] for field, errs in errors.items()}
        )
    assert answers[0] == answers[1]
    assert "请填写初始密码" in answers[0]["password"][0]
    assert not RoleAssignment.objects.filter(organization=school, user=outsider).exists()
    page = response.content.decode()
    assert "刘书记" not in page


def test_an_account_of_the_branch_is_granted_by_its_name(client, school, secretary, member):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:roles", args=["school"]),
        {"username": member.username, "role": Role.COMMITTEE},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        organization=school, user=member, role=Role.COMMITTEE
    ).exists()


def test_a_new_account_under_a_name_taken_elsewhere_is_refused_without_naming_anyone(
    client, school, village, secretary, outsider
):
    client.force_login(secretary)
    response = client.post(
        reverse("branch:roles", args=["school"]),
        {"username": "outsider", "role": Role.MEMBER, "password": "Qingshan-2026!"},
    )
    assert response.status_code == 200
    assert "不能用作新的登录名" in response.content.decode()
    assert "刘书记" not in response.content.decode()
    assert not RoleAssignment.objects.filter(organization=school, user=outsider).exists()
