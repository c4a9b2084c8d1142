"""开通账号: the secretary makes login accounts for people on the roster."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from branch.exceptions import ServiceError
from branch.forms import Form
from branch.mixins import OrganizationMixin, apply_service_error
from members import accounts


class AccountsForm(Form):
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("People"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one person.")},
    )

    def __init__(self, *args, eligible: list, **kwargs):
        super().__init__(*args, **kwargs)
        from members.models import Person

        self.eligible = eligible
        self.fields["people"].queryset = Person.objects.filter(pk__in=[p.pk for p in eligible])

    def clean(self):
        data = super().clean()
        emails = {}
        for person in data.get("people") or []:
            email = self.data.get(f"email-{person.pk}", "").strip()
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                self.add_error(
                    "people",
                    _("The e-mail address of %(name)s is not valid: %(email)s")
                    % {"name": person.name, "email": email},
                )
            emails[person.pk] = email
        data["emails"] = emails
        return data


class AccountsView(OrganizationMixin, View):
    """Choose people (one or all) without an account; the one-time passwords are shown once,
    in the answer to the POST, and never kept."""

    permission = "manage_roles"
    template_name = "members/accounts.html"

    def _render(self, form, issued=None):
        response = render(
            self.request,
            self.template_name,
            {
                "org": self.org,
                "perms": self.perms,
                "form": form,
                "issued": issued,
                "eligible": form.eligible,
            },
        )
        add_never_cache_headers(response)
        return response

    def get(self, request, *args: Any, **kwargs: Any):
        return self._render(AccountsForm(eligible=accounts.eligible_people(self.org)))

    def post(self, request, *args: Any, **kwargs: Any):
        form = AccountsForm(request.POST, eligible=accounts.eligible_people(self.org))
        if form.is_valid():
            try:
                issued = accounts.accounts_create(
                    actor=request.user,
                    org=self.org,
                    people=form.cleaned_data["people"],
                    emails=form.cleaned_data["emails"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                fresh = AccountsForm(eligible=accounts.eligible_people(self.org))
                return self._render(fresh, issued=issued)
        return self._render(form)
