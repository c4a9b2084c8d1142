"""The secretary opens accounts for people on the roster; each gets a one-time password, must
choose their own at the first login, and can reset a forgotten one by e-mail."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from branch import accounts as branch_accounts
from branch.models import AuditEntry, OneTimePassword, Role, RoleAssignment
from members import accounts
from members import services as member_services
from members.models import Post

User = get_user_model()


@pytest.fixture
def people(make_person, school):
    today = timezone.localdate()
    wang = make_person("王小红")
    li = make_person("李明")
    term = member_services.committee_term_create(
        actor=None, org=school, elected_on=today - datetime.timedelta(days=60)
    )
    member_services.committee_post_add(
        actor=None,
        term=term,
        person=li,
        post=Post.PROPAGANDA,
        started_on=today - datetime.timedelta(days=60),
    )
    return wang, li


def accounts_url(org):
    return reverse("members:accounts", args=[org.code])


def issued_rows(html):
    block = html.split('data-testid="issued"', 1)[1]
    return re.findall(r"<code>([^<]+)</code></td><td><code>([^<]+)</code>", block)


def test_the_secretary_creates_accounts_with_roles_from_the_records(
    client, secretary, school, people
):
    wang, li = people
    client.force_login(secretary)
    response = client.post(accounts_url(school), {"people": [wang.pk, li.pk]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"], "the passwords are never cached"
    rows = dict(issued_rows(response.content.decode()))
    assert set(rows) == {"wangxiaohong", "liming"}
    wang.refresh_from_db()
    li.refresh_from_db()
    assert wang.user.username == "wangxiaohong" and wang.user.check_password(rows["wangxiaohong"])
    assert OneTimePassword.objects.filter(user=wang.user).exists()
    assert RoleAssignment.objects.get(user=wang.user, organization=school).role == Role.MEMBER
    assert RoleAssignment.objects.get(user=li.user, organization=school).role == Role.COMMITTEE
    entry = AuditEntry.objects.filter(object_repr__contains="wangxiaohong").first()
    assert entry is not None and rows["wangxiaohong"] not in str(entry.changes)


def test_a_taken_login_name_gets_a_number(client, secretary, school, people, make_person):
    User.objects.create_user("wangxiaohong", password="x")
    wang, _li = people
    issued = accounts.accounts_create(actor=secretary, org=school, people=[wang])
    assert issued[0].username == "wangxiaohong2"


def test_the_password_is_e_mailed_where_an_address_is_given(client, secretary, school, people):
    wang, _li = people
    client.force_login(secretary)
    client.post(accounts_url(school), {"people": [wang.pk], f"email-{wang.pk}": "wang@example.cn"})
    assert len(mail.outbox) == 1
    wang.refresh_from_db()
    assert wang.user.email == "wang@example.cn"
    password = re.search(r"一次性密码：([a-z2-9]{10})", mail.outbox[0].body).group(1)
    assert wang.user.check_password(password)


def test_a_bad_e_mail_address_is_refused_and_nothing_is_written(client, secretary, school, people):
    wang, _li = people
    client.force_login(secretary)
    response = client.post(accounts_url(school), {"people": [wang.pk], f"email-{wang.pk}": "wang@"})
    assert "王小红" in response.content.decode() and "电子邮箱" in response.content.decode()
    assert not User.objects.filter(username="wangxiaohong").exists()


def test_people_with_an_account_are_not_offered_again(client, secretary, school, people):
    wang, li = people
    accounts.accounts_create(actor=secretary, org=school, people=[wang])
    client.force_login(secretary)
    page = client.get(accounts_url(school)).content.decode()
    assert f'value="{li.pk}"' in page and f'value="{wang.pk}"' not in page
    response = client.post(accounts_url(school), {"people": [wang.pk]})
    assert response.status_code == 200
    assert User.objects.filter(first_name="王小红").count() == 1


@pytest.mark.parametrize("persona", ["committee_member", "member"])
def test_only_those_who_manage_roles_open_the_accounts_page(client_for, persona, school):
    assert client_for(persona).get(accounts_url(school)).status_code == 403


def test_an_outsider_gets_not_found(client_for, school):
    assert client_for("outsider").get(accounts_url(school)).status_code == 404


def test_a_one_time_password_must_be_changed_at_the_first_login(client, secretary, school, people):
    wang, _li = people
    issued = accounts.accounts_create(actor=secretary, org=school, people=[wang])[0]
    assert client.login(username=issued.username, password=issued.password)

    response = client.get(reverse("branch:dashboard", args=[school.code]))
    assert response.status_code == 302 and response.url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200

    client.post(
        reverse("password_change"),
        {
            "old_password": issued.password,
            "new_password1": "my-own-pass-2026",
            "new_password2": "my-own-pass-2026",
        },
    )
    assert not OneTimePassword.objects.filter(user__username=issued.username).exists()
    assert client.get(reverse("branch:dashboard", args=[school.code])).status_code == 200
    client.logout()
    assert client.login(username=issued.username, password="my-own-pass-2026")
    assert client.get(reverse("branch:dashboard", args=[school.code])).status_code == 200


def test_a_closed_account_cannot_log_in_and_its_records_stay(secretary, school, people):
    wang, _li = people
    issued = accounts.accounts_create(actor=secretary, org=school, people=[wang])[0]
    user = User.objects.get(username=issued.username)
    branch_accounts.account_deactivate(actor=secretary, org=school, user=user)
    user.refresh_from_db()
    wang.refresh_from_db()
    assert not user.is_active and wang.user == user
    assert RoleAssignment.objects.filter(user=user).exists()


def test_a_forgotten_password_is_reset_by_e_mail(client, school, settings):
    settings.SITE_URL = "https://zhibu.example.cn"
    user = User.objects.create_user("zhang", email="zhang@example.cn", password="old-pass-2026")
    client.post(reverse("password_reset"), {"email": "zhang@example.cn"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "支部通" in mail.outbox[0].subject
    link = re.search(r"https://zhibu\.example\.cn(/\S+)", body).group(1)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(form_url, {"new_password1": "brand-new-2026", "new_password2": "brand-new-2026"})
    user.refresh_from_db()
    assert user.check_password("brand-new-2026")


def test_password_reset_requests_are_rate_limited(client, db):
    cache.clear()
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": "x@example.cn"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "x@example.cn"})
    assert response.status_code == 429
    assert "请求过于频繁" in response.content.decode()
    cache.clear()


def test_the_roles_page_closes_an_account(client, secretary, school, people):
    wang, _li = people
    issued = accounts.accounts_create(actor=secretary, org=school, people=[wang])[0]
    assignment = RoleAssignment.objects.get(user__username=issued.username)
    client.force_login(secretary)
    assert "停用账号" in client.get(reverse("branch:roles", args=[school.code])).content.decode()
    client.post(reverse("branch:account_close", args=[school.code, assignment.pk]))
    assert not User.objects.get(username=issued.username).is_active
    assert not client.login(username=issued.username, password=issued.password)
