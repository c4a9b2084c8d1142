"""The form for recording a development step. It only shapes the input; every rule (order,
time limits, votes, who may record which step) is checked by ``members.pipeline.step_record``,
whose message the view puts on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form
from branch.models import Organization
from branch.uploads import MultipleFileField
from members.models import Aspect, Person, Stage
from members.rules import HIGHER, STEPS, Outcome, Step


def _steps(that: Callable[[Step], Any]) -> tuple[int, ...]:
    return tuple(number for number, rule in STEPS.items() if that(rule))


VOTES = _steps(lambda s: s.vote)
DECISIONS = _steps(lambda s: s.decides)
TRAININGS = _steps(lambda s: s.training)
APPROVALS = _steps(lambda s: s.approval)
# step-specific fields -> the steps they belong to (after what ``STEPS`` says each step
# records); the template shows them with those steps
STEP_FIELDS: dict[str, tuple[int, ...]] = {
    "votes_for": VOTES,
    "votes_against": VOTES,
    "abstentions": VOTES,
    "outcome": DECISIONS,
    "extension_months": DECISIONS,
    "training_days": TRAININGS,
    "training_hours": TRAININGS,
    "approved": APPROVALS,
    "reference": APPROVALS,
    "people": _steps(lambda s: s.people is not None),
}
APPROVED, NOT_APPROVED = "yes", "no"


def step_choices() -> list[tuple[str, str]]:
    choices = [("", "---------")]
    for number, rule in STEPS.items():
        label = f"{number}. {rule.title}"
        if rule.actor == HIGHER:
            # one message, not English glued to a translation: xgettext cannot read f-strings
            label = _("%(step)s (higher committee)") % {"step": label}
        choices.append((str(number), label))
    return choices


class StepRecordForm(Form):
    number = forms.TypedChoiceField(label=_("Step"), coerce=int, choices=step_choices)
    done_on = forms.DateField(label=_("Date"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    outcome = forms.ChoiceField(
        label=_("Decision of the assembly"),
        required=False,
        choices=[("", "---------"), *Outcome.choices],
    )
    extension_months = forms.IntegerField(
        label=_("Probation extended by (months)"),
        required=False,
        min_value=0,
        help_text=_("6 to 12 months, once."),
    )
    training_days = forms.IntegerField(label=_("Training days"), required=False, min_value=0)
    training_hours = forms.IntegerField(label=_("Class hours"), required=False, min_value=0)
    approved = forms.ChoiceField(
        label=_("Decision of the higher committee"),
        choices=[(APPROVED, _("approved")), (NOT_APPROVED, _("not approved"))],
        initial=APPROVED,
        required=False,
    )
    reference = forms.CharField(label=_("Document number"), required=False, max_length=60)
    people = forms.ModelMultipleChoiceField(
        label=_("Full members named"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two contacts (step 5), two introducers (step 9)."),
    )
    late_reason = forms.CharField(
        label=_("Reason for the delay"),
        required=False,
        max_length=300,
        help_text=_("Needed only when the step is later than its rule allows."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, Word or Excel, up to 10 MB each."),
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Anyone who has been a full member of the branch; the service checks that they were
        # one on the day of the step.
        self.fields["people"].queryset = Person.objects.filter(
            memberships__organization=org,
            status_changes__aspect=Aspect.STAGE,
            status_changes__value=Stage.FULL,
        ).distinct()
        self.fields["done_on"].initial = timezone.localdate()

    def step_data(self) -> dict[str, Any]:
        """What the service receives as ``data``: only the fields of the chosen step, so a
        value left in a hidden field of another step is not stored."""
        cd, number = self.cleaned_data, self.cleaned_data["number"]
        data: dict[str, Any] = {}
        for name, steps in STEP_FIELDS.items():
            if number in steps and name != "people" and cd.get(name) not in (None, ""):
                data[name] = cd[name]
        if number in STEP_FIELDS["approved"]:
            data["approved"] = cd.get("approved") != NOT_APPROVED
        if cd.get("late_reason"):
            data["late_reason"] = cd["late_reason"]
        return data

    def step_people(self) -> list[Person]:
        if self.cleaned_data["number"] not in STEP_FIELDS["people"]:
            return []
        return list(self.cleaned_data.get("people") or [])
