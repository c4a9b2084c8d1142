"""Database constraints speak to the user: each has its own message, and a form shows it
under the field it concerns, never as ``__all__：约束 “…” 是无效的``."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import translation

from branch.constraints import CONSTRAINT_FIELDS, constraint_field
from meetings.models import Kind, Meeting

PROJECT_APPS = {"branch", "members", "meetings", "dues", "reports"}


def project_constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_constraint_has_its_own_message():
    found = list(project_constraints())
    assert len(found) >= 30
    for _model, constraint in found:
        message = constraint.violation_error_message
        assert message != BaseConstraint.default_violation_error_message, constraint.name
        with translation.override("zh-hans"):
            chinese = str(message)
        with translation.override("en"):
            english = str(message)
        assert chinese != english, f"{constraint.name} has no Chinese message"
        assert constraint.name not in chinese


def test_every_constraint_belongs_to_a_field_of_its_model_or_says_it_has_none():
    for model, constraint in project_constraints():
        assert constraint.name in CONSTRAINT_FIELDS, constraint.name
        field = constraint_field(constraint)
        if field is not None:
            model._meta.get_field(field)
    assert set(CONSTRAINT_FIELDS) == {c.name for _m, c in project_constraints()}


def test_a_group_meeting_without_a_group_is_refused_on_the_group_field(school):
    meeting = Meeting(
        organization=school, kind=Kind.GROUP_MEETING, held_on=datetime.date(2025, 6, 1), topic="学"
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    errors = caught.value.message_dict
    assert "__all__" not in errors
    assert errors["party_group"] == ["请选择召开会议的党小组：党小组会必须指定党小组。"]


def test_the_meeting_form_marks_the_group_and_shows_the_message_on_it(client_for, school):
    client = client_for("secretary")
    url = reverse("meetings:create", args=["school"])
    response = client.post(
        url, {"kind": Kind.GROUP_MEETING, "held_on": "2025-06-18", "topic": "党小组学习"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "__all__" not in html and "约束" not in html
    assert "请选择召开会议的党小组：党小组会必须指定党小组。" in html
    group_field = html[html.index('data-shown-for="group_meeting"') :][:600]
    assert 'class="req"' in group_field
    assert "请选择召开会议的党小组" in group_field
    assert not Meeting.objects.exists()


def project_form_classes():
    """Every form class defined in the project's modules, imported through the URLconf."""
    import importlib
    import pkgutil

    from django import forms

    for app in sorted(PROJECT_APPS):
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name in {"tests", "migrations", "management", "celery", "wsgi"}:
                continue
            importlib.import_module(f"{app}.{info.name}")
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in PROJECT_APPS]


def test_every_form_of_the_site_is_built_on_the_base_form():
    from branch.forms import ClearFieldsMixin

    found = project_form_classes()
    assert len(found) > 30
    outside = sorted(
        f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, ClearFieldsMixin)
    )
    assert outside == []
