from __future__ import annotations

import copy
import datetime
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _

from branch.dates import (
    FIELD_KINDS,
    FIRST_YEAR,
    PARTY_FOUNDED,
    ImplausibleDate,
    check_date,
    long_date,
)
from branch.models import Honor, Organization, OrgKind, PartyGroup, Role
from branch.validators import NamedMaxLengthValidator

User = get_user_model()


class PlausibleDate:
    """A form field's validator: the date rule of ``branch.dates`` for that field."""

    def __init__(self, form: forms.BaseForm, kind: str, label: str) -> None:
        self.form, self.kind, self.label = form, kind, label

    def __call__(self, value) -> None:
        if value is None:
            return
        try:
            check_date(self.kind, value, label=self.label, org=form_organization(self.form))
        except ImplausibleDate as exc:
            raise forms.ValidationError(exc.message, code="implausible_date") from None


def form_organization(form: forms.BaseForm) -> Organization | None:
    """The organisation a form writes for: ``form.org``, else its model instance's."""
    org = getattr(form, "org", None)
    if org is None and getattr(getattr(form, "instance", None), "organization_id", None):
        org = form.instance.organization
    return org if isinstance(org, Organization) else None


class ClearFieldsMixin:
    """What every form of the site does: texts over their limit are refused with the field's
    name and the limit, and dates are held to the rules of ``branch.dates`` (by field name)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or pretty_name(name))
            if getattr(field, "max_length", None):
                field.validators = [
                    NamedMaxLengthValidator(field.max_length, label)
                    if isinstance(v, MaxLengthValidator)
                    else v
                    for v in field.validators
                ]
            kind = FIELD_KINDS.get(name)
            if kind and isinstance(field, forms.DateField):
                field.validators = [*field.validators, PlausibleDate(self, kind, label)]
            _keep_integers_in_range(field)


# What an integer column holds on PostgreSQL and SQLite alike. A larger number in a query makes
# SQLite raise OverflowError and PostgreSQL a DataError: a form refuses it before any query.
INTEGER_RANGE = (-(2**63), 2**63 - 1)


def _in_range(value) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True  # not an integer at all: the field says so in its own words
    return INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1]


def _integer_key(field: forms.ModelChoiceField) -> bool:
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    return isinstance(key, models.IntegerField)


def _keep_integers_in_range(field: forms.Field) -> None:
    """An integer field refuses what no database column holds; a choice of records refuses an
    id beyond any id as it refuses any id that is not on offer."""
    if isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.FloatField | forms.DecimalField
    ):
        low, high = INTEGER_RANGE
        if field.max_value is None or field.max_value > high:
            field.validators = [*field.validators, MaxValueValidator(high)]
        if field.min_value is None or field.min_value < low:
            field.validators = [*field.validators, MinValueValidator(low)]
    elif isinstance(field, forms.ModelMultipleChoiceField):
        check_values = field._check_values

        def _check_values(value, *, field=field, check_values=check_values):
            for item in value or ():
                if not _in_range(item) and _integer_key(field):
                    raise forms.ValidationError(
                        field.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
            return check_values(value)

        field._check_values = _check_values
    elif isinstance(field, forms.ModelChoiceField):
        to_python = field.to_python

        def _to_python(value, *, field=field, to_python=to_python):
            if value not in field.empty_values and not _in_range(value) and _integer_key(field):
                raise forms.ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice"
                )
            return to_python(value)

        field.to_python = _to_python


class Form(ClearFieldsMixin, forms.Form):
    """The base of every plain form of the site (a test walks them all)."""


class ModelForm(ClearFieldsMixin, forms.ModelForm):
    """The base of every model form of the site."""


class ServiceModelForm(ModelForm):
    """A model form whose cleaned data goes to a service, never ``save()``. It validates on a
    copy of its instance, so the view's object stays as stored for the service (and for the
    page that shows a refusal) without being read again."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class YearField(forms.IntegerField):
    """A year of the branch's records in a form or a filter: from the founding of the Party
    (``branch.dates.FIRST_YEAR``); the upper bound only keeps the number sensible, as a page
    of a later year is simply empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)


MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A month as ``YYYY-MM`` (what ``<input type=month>`` sends; a whole date is taken as
    its month), cleaned to the month's first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, for example 2026-03.")}

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = MONTH_RE.match(str(value))
        try:
            if not match:
                raise ValueError
            # the day, when given, must exist, though only its month is kept
            datetime.date(int(match[1]), int(match[2]), int(match[3] or 1))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return datetime.date(int(match[1]), int(match[2]), 1)

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value

    def validate(self, value: Any) -> None:
        super().validate(value)
        # a month of the branch's records (dues, an exemption) is not older than the Party
        if value is not None and value < PARTY_FOUNDED.replace(day=1):
            raise forms.ValidationError(
                _("%(field)s cannot be before %(earliest)s.")
                % {"field": self.label or "", "earliest": long_date(PARTY_FOUNDED)},
                code="implausible_date",
            )


class OrganizationForm(ServiceModelForm):
    class Meta:
        model = Organization
        fields = ["name", "unit", "established_on", "community_based"]
        widgets = {"established_on": DateInput()}


class OrganizationCreateForm(ServiceModelForm):
    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "unit", "established_on", "community_based"]
        widgets = {"established_on": DateInput()}

    def __init__(self, *args, parent: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        from branch.rules import PARENT_KINDS

        allowed = [k for k, parents in PARENT_KINDS.items() if parent.kind in parents]
        self.fields["kind"].choices = [(k, OrgKind(k).label) for k in allowed]

    def validate_unique(self):
        # The service reports a taken code in its own words; skip the model's generic message.
        pass


class PartyGroupForm(ServiceModelForm):
    class Meta:
        model = PartyGroup
        fields = ["name", "leader_name", "established_on", "dissolved_on"]
        widgets = {"established_on": DateInput(), "dissolved_on": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("established_on"), data.get("dissolved_on")
        if start and end and end < start:
            self.add_error("dissolved_on", _("A group cannot be dissolved before it was set up."))
        return data

    def validate_unique(self):
        pass


class HonorForm(ServiceModelForm):
    class Meta:
        model = Honor
        fields = ["awarded_on", "title", "issuer", "rank"]
        widgets = {"awarded_on": DateInput()}


class RoleGrantForm(Form):
    """Grants a role to an existing account, or creates the account first."""

    username = forms.CharField(label=_("Login name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Only for a new account."),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Only for a new account.")
    )
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Only for a new account; the person changes it after logging in."),
    )

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        from branch.rules import ROLE_KINDS

        self.org = org
        self.fields["role"].choices = [
            (role, Role(role).label) for role, kinds in ROLE_KINDS.items() if org.kind in kinds
        ]

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        # Only the accounts of this organisation are found by name: whether a name is taken
        # elsewhere is nobody's business here, so a free name and another organisation's
        # account get the same answer.
        self.existing_user = (
            User.objects.filter(
                username__iexact=username,
                role_assignments__organization__path__startswith=self.org.path,
            )
            .distinct()
            .first()
        )
        if self.existing_user is None:
            password = data.get("password")
            if not password:
                self.add_error(
                    "password",
                    _("%(org)s has no account “%(username)s”: give a password to create it.")
                    % {"org": self.org.name, "username": username},
                )
            elif User.objects.filter(username__iexact=username).exists():
                self.add_error(
                    "username",
                    _("“%(username)s” cannot be a new login name; choose another.")
                    % {"username": username},
                )
            else:
                candidate = User(username=username, first_name=data.get("full_name", ""))
                try:
                    password_validation.validate_password(password, candidate)
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        return data


class AuditFilterForm(Form):
    is_filter = True  # its empty choices read 全部 (branch.forms_render)
    actor = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, actors, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["actor"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["object_type"].choices = [("", _("All"))] + [
            (str(ct.pk), str(ct.model_class()._meta.verbose_name)) for ct in object_types
        ]
