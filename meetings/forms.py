"""Forms of the meeting pages. They check what a form can (required fields, formats, which
field goes with which kind); the services check the rest, and their refusals come back onto
the form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form, YearField
from branch.models import Organization, PartyGroup
from branch.uploads import MultipleFileField
from meetings.models import Attendance, DecisionCategory, Kind, Meeting, Period
from meetings.rules import FREQUENCIES
from members.models import Person
from members.selectors import PersonState, people_in

# Fields that only some kinds use: the page hides them for the other kinds (a few lines of
# JS), and ``clean`` drops what a hidden field may still hold.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "lecturer": (Kind.PARTY_LECTURE,),
    "lecturer_name": (Kind.PARTY_LECTURE,),
    "lecture_title": (Kind.PARTY_LECTURE,),
    "party_group": (Kind.GROUP_MEETING,),
    "documents_studied": (Kind.STUDY_SESSION,),
}
# Fields that must be filled in for the kinds they belong to
KIND_REQUIRED: dict[str, Any] = {
    "party_group": _("Choose the party group that met: a party group meeting needs one."),
}
STEP_ONE_FIELDS = (
    "kind",
    "held_on",
    "starts_at",
    "place",
    "topic",
    "host",
    "recorder",
    "lecturer",
    "lecturer_name",
    "lecture_title",
    "party_group",
    "documents_studied",
    "minutes",
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def people_choices(org: Organization, day: datetime.date, keep: list[Person]) -> QuerySet[Person]:
    """The branch's people on ``day``, plus whoever the meeting already names (a host who
    has since left still shows on the edit form)."""
    ids = [p.pk for p in keep if p is not None]
    return Person.objects.filter(
        Q(pk__in=people_in(org, day).values("pk")) | Q(pk__in=ids)
    ).order_by("sort_key", "pk")


class MeetingForm(Form):
    """Step 1 of logging a meeting, and its edit form."""

    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    held_on = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)
    starts_at = forms.TimeField(label=_("time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    topic = forms.CharField(label=_("topic"), max_length=200)
    host = forms.ModelChoiceField(label=_("host"), queryset=Person.objects.none(), required=False)
    recorder = forms.ModelChoiceField(
        label=_("recorder"), queryset=Person.objects.none(), required=False
    )
    lecturer = forms.ModelChoiceField(
        label=_("lecturer"), queryset=Person.objects.none(), required=False
    )
    lecturer_name = forms.CharField(
        label=_("lecturer from outside"),
        max_length=60,
        required=False,
        help_text=_("When the lecturer is not in the branch's records."),
    )
    lecture_title = forms.CharField(label=_("title of the lecture"), max_length=200, required=False)
    party_group = forms.ModelChoiceField(
        label=_("party group"), queryset=PartyGroup.objects.none(), required=False
    )
    documents_studied = forms.CharField(
        label=_("documents studied"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("An empty line starts a new paragraph."),
    )

    def __init__(
        self, *args: Any, org: Organization, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        today = timezone.localdate()
        keep = [meeting.host, meeting.recorder, meeting.lecturer] if meeting else []
        people = people_choices(org, today, keep)
        for name in ("host", "recorder", "lecturer"):
            self.fields[name].queryset = people
        groups = PartyGroup.objects.filter(organization=org)
        if meeting is None or meeting.party_group_id is None:
            groups = groups.filter(dissolved_on__isnull=True)
        else:
            groups = groups.filter(Q(dissolved_on__isnull=True) | Q(pk=meeting.party_group_id))
        self.fields["party_group"].queryset = groups
        for name, kinds in KIND_FIELDS.items():
            # read by the template: the field's wrapper names the kinds it belongs to
            self.fields[name].only_for = " ".join(kinds)
        for name in KIND_REQUIRED:
            # shown only for its kinds, where it must be filled in: marked as required there
            self.fields[name].required_for = self.fields[name].only_for

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        for name, kinds in KIND_FIELDS.items():
            if kind and kind not in kinds:
                data[name] = None if isinstance(self.fields[name], forms.ModelChoiceField) else ""
        for name, message in KIND_REQUIRED.items():
            if kind in KIND_FIELDS[name] and not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if data.get("lecturer") and data.get("lecturer_name"):
            self.add_error(
                "lecturer_name",
                _("Choose a person of the branch or give a name from outside, not both."),
            )
        return data

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in STEP_ONE_FIELDS}


class MeetingCreateForm(MeetingForm):
    files = MultipleFileField(
        label=_("attachments"),
        required=False,
        help_text=_("Photos, sign-in sheets, PDF, Word or PowerPoint; at most 20 MB each."),
    )


def meeting_initial(meeting: Meeting) -> dict[str, Any]:
    return {name: getattr(meeting, name) for name in STEP_ONE_FIELDS}


# Attendance ---------------------------------------------------------------------------------

NOT_EXPECTED = ""


class AttendanceForm(Form):
    """One row per person: present, absent, on leave, or not expected at this meeting (the
    rest of the branch at a committee or party group meeting)."""

    def __init__(
        self,
        *args: Any,
        states: list[PersonState],
        recorded: dict[int, Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        choices = [*Attendance.Status.choices, (NOT_EXPECTED, _("not expected"))]
        for state in states:
            pk = state.person.pk
            current = recorded.get(pk)
            status = forms.ChoiceField(
                label=state.person.name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=current.status if current else NOT_EXPECTED,
            )
            reason = forms.CharField(
                label=_("reason"),
                max_length=200,
                required=False,
                initial=current.reason if current else "",
            )
            self.fields[f"status_{pk}"] = status
            self.fields[f"reason_{pk}"] = reason
            self.rows.append({"state": state, "status_name": f"status_{pk}", "current": current})

    def __iter__(self):
        # the template walks the rows, not the flat list of fields
        for row in self.rows:
            pk = row["state"].person.pk
            yield {
                **row,
                "status": self[f"status_{pk}"],
                "reason": self[f"reason_{pk}"],
            }

    def attendance(self) -> dict[int, tuple[str, str]]:
        out = {}
        for row in self.rows:
            pk = row["state"].person.pk
            status = self.cleaned_data[f"status_{pk}"]
            if status != NOT_EXPECTED:
                out[pk] = (status, self.cleaned_data[f"reason_{pk}"].strip())
        return out


# Decisions and attachments ------------------------------------------------------------------


class DecisionForm(Form):
    title = forms.CharField(label=_("title"), max_length=200)
    category = forms.ChoiceField(
        label=_("category"), choices=DecisionCategory.choices, initial=DecisionCategory.ORDINARY
    )
    votes_for = forms.IntegerField(label=_("for"), min_value=0)
    votes_against = forms.IntegerField(label=_("against"), min_value=0, initial=0, required=False)
    abstentions = forms.IntegerField(label=_("abstentions"), min_value=0, initial=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # left empty on a phone: nobody voted against, nobody abstained
        for name in ("votes_against", "abstentions"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data


class AttachmentForm(Form):
    files = MultipleFileField(
        label=_("files"),
        help_text=_("Photos, sign-in sheets, PDF, Word or PowerPoint; at most 20 MB each."),
    )


# Filters and the branch's rules -------------------------------------------------------------


class MeetingFilterForm(Form):
    """The index's filters; the calendar's links add a party group and a period
    (``from``/``to``)."""

    year = YearField(label=_("year"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("all kinds")), *Kind.choices], required=False
    )
    group = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``from`` is a Python keyword, so these two cannot be declared as attributes
        self.fields["from"] = forms.DateField(required=False, widget=forms.HiddenInput)
        self.fields["to"] = forms.DateField(required=False, widget=forms.HiddenInput)


class BranchRuleForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=[(k, Kind(k).label) for k in FREQUENCIES])
    period = forms.ChoiceField(
        label=_("at least once a"),
        choices=[("", _("(back to the default rule)")), *Period.choices],
        required=False,
    )
    times = forms.IntegerField(label=_("times per period"), min_value=1, max_value=31, initial=1)
