from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from branch import services
from tests.factories import HonorFactory


def test_the_audit_log_filters_by_person_and_by_object(client, secretary, school):
    first, second = HonorFactory(organization=school), HonorFactory(organization=school)
    services.honor_update(actor=secretary, honor=first, rank="市级")
    services.honor_update(actor=secretary, honor=second, rank="省级")
    client.force_login(secretary)
    ct = ContentType.objects.get_for_model(first)
    page = client.get(f"/o/school/audit/?object_type={ct.pk}&object_id={first.pk}")
    text = page.content.decode()
    assert "市级" in text and "省级" not in text
    assert "授予了" in client.get("/o/school/audit/").content.decode()
    text = client.get(f"/o/school/audit/?actor={secretary.pk}").content.decode()
    assert "市级" in text and "省级" in text
    assert "授予了" not in text  # the roles were granted by the system, not by the secretary


def test_entries_show_field_labels_and_choice_labels(client, secretary, township_admin):
    client.force_login(township_admin)
    text = client.get("/o/town/audit/").content.decode()
    assert "角色：<del>" not in text  # a grant has no "before"
    assert "角色：书记" in text  # the role's label, not its code "secretary"


def test_the_log_pages_newest_first_without_counting(client, secretary, school):
    for n in range(52):
        services.honor_create(
            actor=secretary, org=school, awarded_on=timezone.localdate(), title=f"荣誉{n:02d}"
        )
    client.force_login(secretary)
    first = client.get("/o/school/audit/").content.decode()
    assert "荣誉51" in first and "荣誉02" in first and "荣誉01" not in first
    assert "page=2" in first and "第 1 页" in first and "共" not in first
    # 50 honours on the first page, two more and the four grants of the fixtures on the second
    second = client.get("/o/school/audit/?page=2").content.decode()
    assert "荣誉01" in second and "荣誉00" in second and "荣誉02" not in second
    assert "page=1" in second and "page=3" not in second
    for bad in ("0", "x", "-3"):
        assert "荣誉51" in client.get(f"/o/school/audit/?page={bad}").content.decode()
    beyond = client.get("/o/school/audit/?page=9").content.decode()
    assert "荣誉0" not in beyond and "荣誉5" not in beyond and "page=8" in beyond
