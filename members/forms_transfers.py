"""Forms of transfers (组织关系转接): out to a branch of this system or outside it, in from
elsewhere, and the return slip."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form, MonthField
from branch.models import Organization, OrgKind, PartyGroup
from members.forms import BLANK, PartyDatesMixin, PersonFieldsForm, active_groups
from members.models import Category, Person, Stage


def sibling_branches(org: Organization) -> QuerySet[Organization]:
    """Branches under the same top-level organisation as ``org``, except ``org`` itself."""
    root = f"/{org.ancestor_ids[0]}/"
    return Organization.objects.filter(path__startswith=root, kind=OrgKind.BRANCH).exclude(
        pk=org.pk
    )


class TransferOutForm(Form):
    WITHIN, OUTSIDE = "within", "outside"

    destination = forms.ChoiceField(
        label=_("transfer to"),
        choices=[
            (WITHIN, _("another branch in this system")),
            (OUTSIDE, _("a party organisation outside this system")),
        ],
        initial=WITHIN,
        widget=forms.RadioSelect,
    )
    to_org = forms.ModelChoiceField(
        label=_("branch in this system"), queryset=Organization.objects.none(), required=False
    )
    counterpart = forms.CharField(
        label=_("destination outside this system"),
        max_length=120,
        required=False,
        help_text=_("The party organisation named on the introduction letter."),
    )
    transferred_on = forms.DateField(
        label=_("date of transfer"), widget=DateInput(), initial=timezone.localdate
    )
    letter_number = forms.CharField(label=_("introduction letter number"), max_length=40)
    dues_paid_until = MonthField(label=_("dues paid up to (month)"), required=False)
    valid_until = forms.DateField(
        label=_("letter valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a letter to an organisation outside this system."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = sibling_branches(org)
        if not self.fields["to_org"].queryset.exists():
            self.fields["destination"].initial = self.OUTSIDE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("destination") == self.WITHIN and not data.get("to_org"):
            self.add_error("to_org", _("Choose the branch the member goes to."))
        if data.get("destination") == self.OUTSIDE and not data.get("counterpart"):
            self.add_error("counterpart", _("Name the party organisation the member goes to."))
        return data


class TransferInForm(PartyDatesMixin, PersonFieldsForm):
    """A member arriving with a letter. Someone this system already knows (by ID number) is
    taken back; anyone else is created from the person fields."""

    transferred_on = forms.DateField(
        label=_("date of transfer"), widget=DateInput(), initial=timezone.localdate
    )
    letter_number = forms.CharField(label=_("introduction letter number"), max_length=40)
    counterpart = forms.CharField(
        label=_("coming from"),
        max_length=120,
        help_text=_("The party organisation that issued the introduction letter."),
    )
    dues_paid_until = MonthField(label=_("dues paid up to (month)"), required=False)
    stage = forms.ChoiceField(
        label=_("stage"),
        choices=[(s, Stage(s).label) for s in (Stage.FULL, Stage.PROBATIONARY)],
        initial=Stage.FULL,
    )
    category = forms.ChoiceField(
        label=_("category"), choices=BLANK + Category.choices, required=False
    )
    party_group = forms.ModelChoiceField(
        label=_("party group"), queryset=PartyGroup.objects.none(), required=False
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    field_order = ["transferred_on", "letter_number", "counterpart", "dues_paid_until"]

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_group"].queryset = active_groups(org)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = data.get("id_number")
        # someone the system knows is taken back with their history; anyone else brings
        # the party dates of their file
        if not (number and Person.objects.filter(id_number=number).exists()):
            self.check_party_dates(data.get("stage"))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        person = {
            **self.person_data(),
            **{name: data[name] for name in ("stage", "category", "party_group")},
            "joined_party_on": data["joined_party_on"],
            "full_member_on": data["full_member_on"],
        }
        return {
            "transferred_on": data["transferred_on"],
            "letter_number": data["letter_number"],
            "counterpart": data["counterpart"],
            "dues_paid_until": data["dues_paid_until"],
            "note": data["note"],
            "person_fields": person,
        }


class ReturnSlipForm(Form):
    received_on = forms.DateField(
        label=_("return slip received on"), widget=DateInput(), initial=timezone.localdate
    )
