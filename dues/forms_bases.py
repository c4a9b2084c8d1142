"""The batch form of 年初核定: one row of fields per party member of the branch in the year.

Field names carry the person's id (``p12-category``); only the people the page lists are
read back, so a forged field for someone else is ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branch.forms import Form
from dues.models import DuesBase, DuesCategory
from dues.rules import BRACKETS, Working
from members.models import Person

ROW_FIELDS = ("category", "base_amount", "monthly_amount", "reduction_reason", "approval_reference")


@dataclass
class BaseRow:
    """One member on the batch page: this year's base if set, else last year's to start from."""

    person: Person
    suggested_category: str
    base: DuesBase | None
    previous: DuesBase | None
    working: Working | None = None  # of this year's saved base
    fields: dict[str, forms.BoundField] = field(default_factory=dict)

    def initial(self) -> dict[str, Any]:
        source = self.base or self.previous
        # a reduction is approved for one year: last year's does not carry over
        reduced = self.base is not None and self.base.reduced
        return {
            "category": source.category if source else self.suggested_category,
            "base_amount": source.base_amount if source and source.base_amount else "",
            "monthly_amount": self.base.monthly_amount if reduced else "",
            "reduction_reason": self.base.reduction_reason if reduced else "",
            "approval_reference": self.base.approval_reference if reduced else "",
        }


def _name(person: Person, key: str) -> str:
    return f"p{person.pk}-{key}"


def _same_amount(raw: str, stored: Decimal | None) -> bool:
    if not raw.strip():
        return stored is None
    try:
        return stored is not None and Decimal(raw.strip().replace(",", "")) == stored
    except InvalidOperation:
        return False


class BasesForm(Form):
    def __init__(
        self, *args: Any, rows: list[BaseRow], readonly: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            initial = row.initial()
            specs = {
                "category": forms.ChoiceField(
                    label=_("Dues category"),
                    choices=[("", "—"), *DuesCategory.choices],
                    required=False,
                ),
                "base_amount": forms.CharField(
                    label=_("Base"), required=False, max_length=30, widget=_small()
                ),
                "monthly_amount": forms.CharField(
                    label=_("Lower monthly amount"), required=False, max_length=30, widget=_small()
                ),
                "reduction_reason": forms.CharField(
                    label=_("Reason"), required=False, max_length=200
                ),
                "approval_reference": forms.CharField(
                    label=_("Approval reference"), required=False, max_length=60
                ),
            }
            for key, form_field in specs.items():
                form_field.initial = initial[key]
                form_field.disabled = readonly  # readers see the figures, not a form
                self.fields[_name(row.person, key)] = form_field
        for row in rows:
            row.fields = {key: self[_name(row.person, key)] for key in ROW_FIELDS}

    def changed_rows(self) -> list[dict[str, Any]]:
        """The rows to hand to ``bases_set_batch``: those with a category whose values differ
        from the base already saved for the year (an unchanged row writes nothing, not even
        an audit entry). A member without a base whose pay is still blank is left out and
        listed in ``skipped``: the page can be saved while some pay slips are missing."""
        result = []
        self.skipped: list[Person] = []
        for row in self.rows:
            values = {key: self.cleaned_data[_name(row.person, key)] for key in ROW_FIELDS}
            values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
            if not values["category"]:
                continue
            if row.base is None and values["category"] in BRACKETS and not values["base_amount"]:
                self.skipped.append(row.person)
                continue
            if row.base is not None and self._unchanged(row.base, values):
                continue
            result.append({"person": row.person, **values})
        return result

    @staticmethod
    def _unchanged(base: DuesBase, values: dict[str, Any]) -> bool:
        monthly = values["monthly_amount"]
        same_monthly = (
            not base.reduced if not monthly else _same_amount(monthly, base.monthly_amount)
        )
        return (
            values["category"] == base.category
            and _same_amount(values["base_amount"], base.base_amount)
            and same_monthly
            and (not base.reduced or values["reduction_reason"] == base.reduction_reason)
            and (not base.reduced or values["approval_reference"] == base.approval_reference)
        )


def _small() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "class": "amount"})
