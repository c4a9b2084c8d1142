from __future__ import annotations

import pytest

from branch.models import AuditEntry, Honor, RoleAssignment
from tests.factories import HonorFactory, UserFactory


@pytest.fixture
def site_admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_an_admin_edit_is_audited(client, site_admin, school):
    honor = HonorFactory(organization=school, title="旧标题")
    client.force_login(site_admin)
    response = client.post(
        f"/admin/branch/honor/{honor.pk}/change/",
        {"organization": school.pk, "awarded_on": "2025-07-01", "title": "新标题"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(content_type__model="honor", action="update")
    assert entry.changes["title"] == ["旧标题", "新标题"] and entry.actor == site_admin
    assert entry.organization == school


def test_an_admin_delete_is_audited(client, site_admin, school):
    honor = HonorFactory(organization=school)
    client.force_login(site_admin)
    client.post(f"/admin/branch/honor/{honor.pk}/delete/", {"post": "yes"})
    assert not Honor.objects.filter(pk=honor.pk).exists()
    assert AuditEntry.objects.filter(content_type__model="honor", action="delete").exists()


def test_roles_granted_in_the_admin_carry_their_permissions(client, site_admin, school):
    user = UserFactory()
    client.force_login(site_admin)
    client.post(
        "/admin/branch/roleassignment/add/",
        {"user": user.pk, "organization": school.pk, "role": "committee"},
    )
    assert RoleAssignment.objects.filter(user=user, organization=school).exists()
    assert user.has_perm("branch.log_records", school)


def test_the_audit_log_cannot_be_edited_in_the_admin(client, site_admin, school, secretary):
    entry = AuditEntry.objects.first()
    client.force_login(site_admin)
    assert (
        client.post(f"/admin/branch/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_accounts_are_deactivated_in_the_admin_never_deleted(client, db):
    from django.contrib.auth import get_user_model

    from branch.models import AuditEntry

    User = get_user_model()
    admin_user = User.objects.create_superuser("root", "root@example.cn", "root-pass-word")
    someone = User.objects.create_user("zhang", password="x")
    client.force_login(admin_user)
    url = f"/admin/auth/user/{someone.pk}/delete/"
    assert client.get(url).status_code == 403
    response = client.post(
        "/admin/auth/user/", {"action": "deactivate", "_selected_action": [someone.pk]}
    )
    assert response.status_code == 302
    someone.refresh_from_db()
    assert not someone.is_active
    assert AuditEntry.objects.filter(object_id=str(someone.pk)).exists()
