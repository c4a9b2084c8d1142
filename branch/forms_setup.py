"""The set-up form of a fresh installation (branch.firstrun)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branch.firstrun import Account
from branch.forms import DateInput, Form

User = get_user_model()


class FirstRunForm(Form):
    branch_name = forms.CharField(
        label=_("Name of the branch"),
        max_length=100,
        help_text=_("The full name, e.g. 青山镇中心小学党支部"),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=100,
        required=False,
        help_text=_("The school, company or village the branch belongs to"),
    )
    community_based = forms.BooleanField(
        label=_("A village or community branch (committee terms of five years)"), required=False
    )
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DateInput())
    committee_name = forms.CharField(
        label=_("Name of the higher party committee"),
        max_length=100,
        help_text=_("The committee the branch reports to, e.g. 青山镇党委"),
    )
    full_name = forms.CharField(label=_("Secretary's full name"), max_length=150)
    username = forms.CharField(label=_("Secretary's login name"), max_length=150)
    email = forms.EmailField(label=_("Secretary's e-mail"), required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    admin_full_name = forms.CharField(
        label=_("Committee administrator's full name"), max_length=150, required=False
    )
    admin_username = forms.CharField(
        label=_("Committee administrator's login name"),
        max_length=150,
        required=False,
        help_text=_("Optional: an account for the higher committee, to see the branch"),
    )
    admin_password = forms.CharField(
        label=_("Committee administrator's password"),
        widget=forms.PasswordInput,
        strip=False,
        required=False,
    )
    code = forms.CharField(
        label=_("Set-up code"),
        max_length=20,
        required=False,
        help_text=_(
            "Printed in the server's console; needed when this page is opened from another machine"
        ),
    )

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_code = needs_code
        if needs_code:
            self.fields["code"].required = True
        else:
            del self.fields["code"]

    def clean_code(self):
        from branch.firstrun import code_matches

        code = self.cleaned_data["code"]
        if not code_matches(code):
            raise ValidationError(_("The set-up code is wrong: copy it from the server's console."))
        return code

    def _check_password(self, password: str, username: str, full_name: str, field: str) -> None:
        try:
            password_validation.validate_password(
                password, User(username=username, first_name=full_name)
            )
        except ValidationError as exc:
            self.add_error(field, exc)

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password and data.get("password2") != password:
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            self._check_password(
                password, data.get("username", ""), data.get("full_name", ""), "password1"
            )
        if data.get("admin_username"):
            if not data.get("admin_password"):
                self.add_error("admin_password", _("Give the committee administrator a password."))
            else:
                self._check_password(
                    data["admin_password"],
                    data["admin_username"],
                    data.get("admin_full_name", ""),
                    "admin_password",
                )
        return data

    def secretary(self) -> Account:
        d = self.cleaned_data
        return Account(d["username"], d["password1"], d["full_name"], d.get("email", ""))

    def committee_admin(self) -> Account | None:
        d = self.cleaned_data
        if not d.get("admin_username"):
            return None
        return Account(d["admin_username"], d["admin_password"], d.get("admin_full_name", ""))
