"""Bad input gets a clear Chinese message and writes nothing; never a 500."""

from __future__ import annotations

from branch.models import Honor, PartyGroup


def test_an_unknown_organisation_code_answers_404_in_chinese(client, secretary):
    client.force_login(secretary)
    response = client.get("/o/no-such-branch/")
    assert response.status_code == 404
    assert "没有代码为“no-such-branch”的组织" in response.content.decode()


def test_an_unknown_honour_answers_404(client, secretary):
    client.force_login(secretary)
    assert client.get("/o/school/honors/999999/edit/").status_code == 404


def test_a_missing_required_field_is_named(client, secretary):
    client.force_login(secretary)
    response = client.post("/o/school/honors/new/", {"title": "", "awarded_on": ""})
    assert response.status_code == 200
    page = response.content.decode()
    # each field says it, beside itself, and the notice at the top lists both
    assert page.count('<p class="error">这个字段是必填项。</p>') == 2
    notice = page.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert notice.count("这个字段是必填项。") == 2
    assert not Honor.objects.exists()


def test_an_over_long_field_is_refused_with_its_limit(client, secretary):
    client.force_login(secretary)
    response = client.post(
        "/o/school/honors/new/", {"title": "优" * 121, "awarded_on": "2025-07-01"}
    )
    assert response.status_code == 200
    assert "名称最多120个字，现有121个字。" in response.content.decode()
    assert not Honor.objects.exists()


def test_a_malformed_date_is_refused(client, secretary):
    client.force_login(secretary)
    response = client.post("/o/school/honors/new/", {"title": "先进", "awarded_on": "2025-13-45"})
    assert "输入一个有效的日期" in response.content.decode()
    assert not Honor.objects.exists()


def test_a_duplicate_group_name_is_shown_on_the_form(client, secretary, school):
    PartyGroup.objects.create(organization=school, name="第一党小组")
    client.force_login(secretary)
    response = client.post("/o/school/groups/new/", {"name": "第一党小组"})
    assert response.status_code == 200
    assert "已有名为“第一党小组”的党小组" in response.content.decode()
    assert PartyGroup.objects.filter(organization=school).count() == 1


def test_a_group_dissolved_before_it_was_set_up_is_refused(client, secretary, school):
    client.force_login(secretary)
    response = client.post(
        "/o/school/groups/new/",
        {"name": "新小组", "established_on": "2025-05-01", "dissolved_on": "2025-04-01"},
    )
    assert "撤销日期不能早于成立日期" in response.content.decode()
    assert not PartyGroup.objects.filter(name="新小组").exists()


def test_a_taken_organisation_code_is_shown_on_the_form(client, township_admin, school):
    client.force_login(township_admin)
    response = client.post(
        "/o/town/settings/new-organisation/",
        {"code": "school", "name": "重复", "kind": "branch", "unit": ""},
    )
    assert response.status_code == 200
    assert "代码“school”已被其他组织使用" in response.content.decode()


def test_a_bad_audit_filter_is_ignored_not_a_500(client, secretary):
    client.force_login(secretary)
    assert client.get("/o/school/audit/?actor=abc&object_type=zzz&page=x").status_code == 200


def test_a_weak_initial_password_is_refused(client, secretary):
    client.force_login(secretary)
    response = client.post(
        "/o/school/roles/", {"username": "weak", "role": "member", "password": "123"}
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="weak").exists()
