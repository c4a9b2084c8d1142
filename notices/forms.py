from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form, YearField
from branch.uploads import MultipleFileField
from notices.models import Audience

FILES_HELP = _("PDF, images, Word or Excel files; at most 20 MB each.")


class NoticeForm(Form):
    title = forms.CharField(label=_("title"), max_length=200)
    body = forms.CharField(
        label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    audience = forms.ChoiceField(
        label=_("published to"),
        choices=Audience.choices,
        initial=Audience.PARTY,
        help_text=_(
            "Within the party: the branch's members, logged in. The public: the branch's "
            "public page, without login, where people are named and nothing more about them."
        ),
    )
    files = MultipleFileField(label=_("attachments"), required=False, help_text=FILES_HELP)


class PublishForm(Form):
    audience = forms.ChoiceField(label=_("published to"), choices=Audience.choices)
    published_on = forms.DateField(label=_("publish date"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("end date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to keep the item up; a public notice ends after its period."),
    )


class WithdrawForm(Form):
    reason = forms.CharField(label=_("reason for the withdrawal"), max_length=200)


class ProposeForm(Form):
    """One of the proposals of the page, as its button posts it."""

    kind = forms.CharField(label=_("kind"), max_length=20, widget=forms.HiddenInput)
    year = YearField(label=_("year"), required=False, widget=forms.HiddenInput)
    people = forms.MultipleChoiceField(label=_("candidates"), required=False)

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(p.pk), p.name) for p in candidates]
        self.fields["people"].widget = forms.CheckboxSelectMultiple()
        self.candidates = {str(p.pk): p for p in candidates}

    def chosen(self) -> list:
        return [self.candidates[pk] for pk in self.cleaned_data.get("people") or []]
