"""A date input keeps its value only when it is written YYYY-MM-DD: a browser discards the
Chinese 2026/11/30, so a form sent back with an error would lose the date."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Stage

DAY = timezone.localdate() - datetime.timedelta(days=3)
APPS = ("branch", "members", "meetings", "dues", "reports")


def _form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("forms"):
                continue
            module = importlib.import_module(f"{app}.{info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__name__}"] = cls
    return list(found.values())


def _date_fields(cls) -> list[tuple[str, forms.Widget]]:
    return [
        (name, field.widget)
        for name, field in getattr(cls, "base_fields", {}).items()
        if getattr(field.widget, "input_type", "") == "date"
    ]


def test_there_are_date_inputs_to_check():
    assert sum(len(_date_fields(cls)) for cls in _form_classes()) > 10


@pytest.mark.parametrize("cls", _form_classes(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_date_input_renders_its_value_as_an_iso_date(cls):
    with translation.override("zh-hans"):
        for name, widget in _date_fields(cls):
            html = widget.render(name, DAY)
            assert f'value="{DAY:%Y-%m-%d}"' in html, (cls.__name__, name, html)


@pytest.fixture
def applicant(make_person):
    return make_person("新同志", stage=Stage.APPLICANT, birth_date=datetime.date(1990, 1, 1))


def test_the_step_form_sent_back_keeps_the_date_in_iso(
    client, secretary, applicant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    url = reverse("members:step_record", args=["school", applicant.pk])
    with translation.override("zh-hans"):
        response = client.post(
            url,
            {
                "number": "2",  # the talk before the application: refused, the form comes back
                "done_on": f"{DAY:%Y-%m-%d}",
                "files": SimpleUploadedFile("谈话记录.pdf", b"%PDF-1.4 talk"),
            },
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{DAY:%Y-%m-%d}"' in html
    assert f"{DAY:%Y/%m/%d}" not in html


def test_the_step_form_prefills_dates_in_iso(school):
    from members.forms_pipeline import StepRecordForm

    with translation.override("zh-hans"):
        html = str(StepRecordForm(org=school, initial={"done_on": DAY})["done_on"])
    assert f'value="{DAY:%Y-%m-%d}"' in html
