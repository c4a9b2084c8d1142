from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from branch.models import AuditEntry, Organization
from dues.models import Charge, DuesBase
from members import services as member_services
from members.models import Category


def table_contents():
    """Every row of every model of the project, as comparable tuples."""
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        snapshot[model._meta.label] = sorted(
            tuple(str(v) for v in row) for row in model.objects.values_list(*fields)
        )
    return snapshot


def test_seed_demo_twice_leaves_the_same_data_even_for_people_added_between(db):
    call_command("seed_demo", stdout=StringIO())
    school = Organization.objects.get(code="demo-school")
    secretary = get_user_model().objects.get(username="secretary")
    # the secretary adds two members; neither has a base for the year yet
    for name, category in (("新调入党员", Category.EMPLOYED), ("新转入学生", Category.STUDENT)):
        member_services.person_create(
            actor=secretary,
            org=school,
            name=name,
            gender="male",
            birth_date=datetime.date(1995, 5, 5),
            joined_on=datetime.date(2020, 7, 1),
            stage="full",
            category=category,
        )
    before, audited = table_contents(), AuditEntry.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert AuditEntry.objects.count() == audited
    assert table_contents() == before
    added = {"person__name__in": ["新调入党员", "新转入学生"]}
    assert not DuesBase.objects.filter(**added).exists()
    assert not Charge.objects.filter(**added).exists()
    assert Organization.objects.count() == 3


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
