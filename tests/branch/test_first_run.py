"""A fresh installation is set up once, from this machine's browser or with the console's code,
or with ``manage.py start_branch``; never again once an organisation exists."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from branch import firstrun
from branch.models import Organization, Role, RoleAssignment

User = get_user_model()

FORM = {
    "branch_name": "青山镇中心小学党支部",
    "unit": "青山镇中心小学",
    "committee_name": "青山镇党委",
    "full_name": "王建国",
    "username": "wangjg",
    "email": "wang@example.cn",
    "password1": "qingshan-2026-xx",
    "password2": "qingshan-2026-xx",
}


@pytest.fixture
def fresh(db):
    assert not Organization.objects.exists()


def test_the_home_page_of_a_fresh_install_opens_the_set_up_page(client, fresh):
    assert client.get("/").url == reverse("first_run")


def test_the_home_page_of_a_site_in_use_asks_for_a_login(client, school):
    assert client.get("/").url.startswith(reverse("login"))


def test_the_set_up_page_creates_branch_committee_and_secretary_and_logs_in(client, fresh):
    response = client.post(reverse("first_run"), FORM)

    branch = Organization.objects.get(name="青山镇中心小学党支部")
    assert response.url == reverse("branch:dashboard", args=[branch.code])
    assert branch.code == "qszzxxxdzb"
    assert branch.parent.name == "青山镇党委" and branch.parent.kind == "committee"
    assert branch.unit == "青山镇中心小学"
    secretary = User.objects.get(username="wangjg")
    assert secretary.first_name == "王建国" and secretary.check_password("qingshan-2026-xx")
    assert RoleAssignment.objects.filter(
        user=secretary, organization=branch, role=Role.SECRETARY
    ).exists()
    assert client.get(response.url).status_code == 200, "the secretary is logged in"


def test_the_set_up_page_can_create_the_committee_administrator(client, fresh):
    client.post(
        reverse("first_run"),
        {
            **FORM,
            "admin_username": "chenzq",
            "admin_password": "zhen-dangwei-77",
            "community_based": "on",
        },
    )
    branch = Organization.objects.get(kind="branch")
    assert branch.community_based
    assert RoleAssignment.objects.filter(
        user__username="chenzq", organization=branch.parent, role=Role.HIGHER_ADMIN
    ).exists()


def test_the_set_up_page_refuses_a_weak_or_mismatched_password_and_writes_nothing(client, fresh):
    response = client.post(reverse("first_run"), {**FORM, "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    response = client.post(reverse("first_run"), {**FORM, "password2": "another-one-2026"})
    assert "两次输入的密码不一致" in response.content.decode()
    assert not Organization.objects.exists() and not User.objects.exists()


def test_the_set_up_page_is_gone_once_the_site_is_set_up(client, fresh):
    client.post(reverse("first_run"), FORM)
    client.logout()
    assert client.get(reverse("first_run")).status_code == 404
    assert client.post(reverse("first_run"), {**FORM, "username": "intruder"}).status_code == 404
    assert not User.objects.filter(username="intruder").exists()


def test_from_another_machine_the_set_up_page_needs_the_console_code(client, fresh, caplog):
    remote = {"REMOTE_ADDR": "192.0.2.10"}
    with caplog.at_level("WARNING"):
        page = client.get(reverse("first_run"), **remote)
    assert "设置代码" in page.content.decode()
    assert firstrun.setup_code() in caplog.text, "the code is printed in the console"

    refused = client.post(reverse("first_run"), {**FORM, "code": "WRONG123"}, **remote)
    assert refused.status_code == 200 and not Organization.objects.exists()

    client.post(reverse("first_run"), {**FORM, "code": firstrun.setup_code().lower()}, **remote)
    assert Organization.objects.filter(kind="branch").exists()


def test_a_request_passed_on_by_a_local_proxy_is_not_local(client, fresh):
    page = client.get(reverse("first_run"), HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "设置代码" in page.content.decode()


def test_start_branch_sets_up_a_fresh_install_once(fresh):
    out = io.StringIO()
    call_command(
        "start_branch",
        branch="青山村党支部",
        committee="青山镇党委",
        community=True,
        secretary="liufang",
        secretary_name="刘芳",
        stdout=out,
    )
    branch = Organization.objects.get(kind="branch")
    assert branch.community_based and branch.parent.name == "青山镇党委"
    printed = out.getvalue()
    user = User.objects.get(username="liufang")
    generated = re.findall(r"[A-Za-z0-9_-]{12}", printed)
    assert any(user.check_password(word) for word in generated), "printed once, and it works"

    with pytest.raises(CommandError, match="已完成设置"):
        call_command("start_branch", branch="另一个党支部", committee="镇党委", secretary="x")
    assert Organization.objects.count() == 2


def test_organisation_codes_come_from_the_pinyin_initials():
    assert firstrun.code_from_name("青山镇党委", taken=set()) == "qszdw"
    assert firstrun.code_from_name("青山镇党委", taken={"qszdw"}) == "qszdw2"
