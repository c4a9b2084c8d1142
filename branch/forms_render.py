"""How every form of the site is drawn (settings.FORM_RENDERER).

Django offers the empty choice of a select as ``---------``. Here it is worded for the reader:
全部 (“All”) in a filter, where leaving it empty means no restriction, and 请选择 (“Please
choose”) in a form that records something. A form says it is a filter with ``is_filter = True``.
An empty choice that a form names itself (“(no party group)”, “all kinds”) is kept.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

DASHES = "---------"
ALL = _("All")
PLEASE_CHOOSE = _("Please choose")


def empty_choice_label(form: forms.BaseForm) -> str:
    return ALL if getattr(form, "is_filter", False) else PLEASE_CHOOSE


class BoundField(forms.BoundField):
    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        if isinstance(field, forms.ModelChoiceField):
            # the queryset is not evaluated here: the label is read when the options are drawn
            if field.empty_label == DASHES:
                field.empty_label = empty_choice_label(form)
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            choices = list(field.choices)
            if any(value == "" and label == DASHES for value, label in choices):
                label = empty_choice_label(form)
                field.choices = [
                    (value, label if value == "" and text == DASHES else text)
                    for value, text in choices
                ]


class FormRenderer(DjangoTemplates):
    bound_field_class = BoundField
