"""Forms of the dues pages. They check shapes (a date, a month, a choice); amounts stay text
so that ``dues.services.parse_amount`` judges them and its message reaches the user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form, MonthField
from dues.models import DuesCategory, Method
from dues.selectors import MonthLine
from members.models import Person


def _today() -> datetime.date:
    return timezone.localdate()


def method_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Method"), choices=Method.choices, initial=Method.CASH)


def paid_on_field() -> forms.DateField:
    return forms.DateField(label=_("Date paid"), initial=_today, widget=DateInput())


class CollectForm(Form):
    """收缴日: who of those still owing for the month paid today. The page draws the
    checkboxes in the rows of the month sheet."""

    people = forms.TypedMultipleChoiceField(
        label=_("Paid"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the members who paid.")},
    )
    paid_on = paid_on_field()
    method = method_field()

    def __init__(self, *args: Any, people: Iterable[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(p.pk, p.name) for p in people]


class PaymentForm(Form):
    """One payment (one receipt) for one or several months of the year shown."""

    months = forms.TypedMultipleChoiceField(
        label=_("Months paid for"),
        coerce=datetime.date.fromisoformat,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the months paid for.")},
    )
    method = method_field()
    paid_on = paid_on_field()
    amount = forms.CharField(
        label=_("Amount received (yuan)"),
        required=False,
        max_length=30,
        help_text=_("Optional: given, it must be what those months owe."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("Needed for a back-payment of more than six months at once."),
    )

    def __init__(self, *args: Any, lines: Iterable[MonthLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [
            (line.month.isoformat(), f"{line.month:%Y-%m} ({line.owed})")
            for line in lines
            if line.owed > 0
        ]


class ExtraPaymentForm(Form):
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        max_length=30,
        help_text=_("A voluntary payment over 1000 yuan is handed on to the Central Committee."),
    )
    method = method_field()
    paid_on = paid_on_field()
    reason = forms.CharField(label=_("Note"), required=False, max_length=200)


class ExemptionForm(Form):
    first_month = MonthField(label=_("From month"))
    last_month = MonthField(label=_("To month"))
    reason = forms.CharField(label=_("Reason"), max_length=200)
    approval_reference = forms.CharField(
        label=_("Approval of the higher committee"),
        max_length=60,
        help_text=_("Document number of the higher committee's approval."),
    )


class ArrearsNoteForm(Form):
    noted_on = forms.DateField(label=_("Date"), initial=_today, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for not paying"),
        max_length=300,
        help_text=_(
            "Illness, working far away…: with a reason, six unpaid months are not flagged."
        ),
    )


class ReverseForm(Form):
    # left optional here: the service's own message asks for it
    reason = forms.CharField(label=_("Reason for the reversal"), required=False, max_length=200)


class CalculatorForm(Form):
    category = forms.ChoiceField(label=_("Dues category"), choices=DuesCategory.choices)
    base = forms.CharField(
        label=_("Base (yuan a month)"),
        required=False,
        max_length=30,
        help_text=_(
            "In service: regular monthly pay after tax. Retired: basic pension. Farmers: the "
            "fixed amount chosen, 0.2 to 1 yuan."
        ),
    )
