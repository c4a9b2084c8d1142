from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from branch.models import Organization


def test_seed_demo_prints_the_logins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    for login in ("secretary", "committee", "member", "township", "outsider"):
        assert login in text
    assert "演示账号" in text


def test_seed_demo_logins_work(client, db):
    from branch.demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=StringIO())
    assert client.login(username="secretary", password=DEMO_PASSWORD)
    assert client.get("/", follow=True).request["PATH_INFO"] == "/o/demo-school/"


def test_create_org_creates_a_branch_under_its_parent(town):
    out = StringIO()
    call_command(
        "create_org",
        "hill",
        "山后村党支部",
        "--kind",
        "branch",
        "--parent",
        "town",
        "--unit",
        "山后村",
        stdout=out,
    )
    org = Organization.objects.get(code="hill")
    assert org.parent == town and org.unit == "山后村"
    assert "已创建党支部" in out.getvalue()


def test_create_org_rejects_an_unknown_parent(db):
    with pytest.raises(CommandError, match="没有代码为“nowhere”的组织"):
        call_command("create_org", "x", "x", "--kind", "branch", "--parent", "nowhere")


def test_create_org_rejects_a_taken_code(town):
    with pytest.raises(CommandError, match="已被其他组织使用"):
        call_command("create_org", "town", "另一个党委", "--kind", "committee")


def test_create_org_rejects_a_bad_code(db):
    with pytest.raises(CommandError, match="代码"):
        call_command("create_org", "有 空格", "x", "--kind", "committee")
    assert not Organization.objects.exists()


def test_create_org_explains_that_a_branch_needs_its_committee(db):
    with pytest.raises(CommandError, match="start_branch") as refused:
        call_command("create_org", "lone", "孤立党支部", "--kind", "branch")
    assert "--kind committee" in str(refused.value) and "上级党委" in str(refused.value)
    assert not Organization.objects.exists()
