"""Forms of talks (谈心谈话) and the democratic review (民主评议党员). They check what a form
can check; ``meetings.talks`` and ``meetings.reviews`` check the rest, and their refusals come
back onto the form."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branch.forms import DateInput, Form
from branch.models import Organization
from meetings.models import Kind, Meeting, Rating, Review, ReviewEntry, TalkCategory
from members.models import Person

BLANK = [("", "---------")]


def talk_candidates(org: Organization, today: datetime.date) -> QuerySet[Person]:
    """People the branch kept since the start of last year: a talk is often written up weeks
    later, by which time a participant may have transferred out. The service checks that
    each was in the branch on the day of the talk."""
    since = datetime.date(today.year - 1, 1, 1)
    return (
        Person.objects.filter(
            Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=since),
            memberships__organization=org,
        )
        .distinct()
        .order_by("sort_key", "pk")
    )


class TalkForm(Form):
    held_on = forms.DateField(label=_("date"), widget=DateInput())
    category = forms.ChoiceField(label=_("kind of talk"), choices=BLANK + TalkCategory.choices)
    participants = forms.ModelMultipleChoiceField(
        label=_("participants"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who took part: at least two people."),
    )
    topic = forms.CharField(label=_("topic"), max_length=200)
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = talk_candidates(org, timezone.localdate())


class ReviewOpenForm(Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    held_on = forms.DateField(label=_("date of the review"), widget=DateInput())
    meeting = forms.ModelChoiceField(
        label=_("organisational life meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("The organisational life meeting of that year at which the review was held."),
    )

    def __init__(self, *args: Any, org: Organization, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A posted year wins over the year of the page, so the choice is checked against it.
        posted = self.data.get(self.add_prefix("year")) if self.is_bound else None
        field = self.fields["year"]
        # a year out of the field's range is refused by the field; it must not reach the query
        if posted and str(posted).isdigit() and field.min_value <= int(posted) <= field.max_value:
            year = int(posted)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            organization=org, kind=Kind.ORG_LIFE_MEETING, held_on__year=year
        ).order_by("-held_on")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.held_on:%Y-%m-%d} {m.topic}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        meeting, year = data.get("meeting"), data.get("year")
        if meeting is not None and year and meeting.held_on.year != year:
            self.add_error(
                "meeting", _("Choose an organisational life meeting of the year under review.")
            )
        return data


@dataclass
class EntryRow:
    """One member under review and the form fields that belong to them."""

    entry: ReviewEntry
    self_evaluation: forms.BoundField
    rating: forms.BoundField | None  # probationary members are not rated


class ReviewEntriesForm(Form):
    """Every member of the review on one page with one save: a secretary enters the ratings
    after the meeting, often on a phone, and a page per member would mean thirty saves."""

    def __init__(self, *args: Any, review: Review, entries: list[ReviewEntry], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.review, self.entries = review, entries
        for entry in entries:
            # the table's columns say what each field is; screen readers get it from aria-label
            label = _("self-evaluation of %(name)s") % {"name": entry.person.name}
            self.fields[self._name(entry, "self_evaluation")] = forms.CharField(
                label=label,
                required=False,
                initial=entry.self_evaluation,
                widget=forms.Textarea(attrs={"rows": 2, "aria-label": label}),
            )
            if not entry.probationary:
                label = _("rating of %(name)s") % {"name": entry.person.name}
                self.fields[self._name(entry, "rating")] = forms.ChoiceField(
                    label=label,
                    choices=BLANK + Rating.choices,
                    required=False,
                    initial=entry.rating,
                    widget=forms.Select(attrs={"aria-label": label}),
                )

    @staticmethod
    def _name(entry: ReviewEntry, field: str) -> str:
        return f"e{entry.pk}-{field}"

    def rows(self) -> Iterator[EntryRow]:
        for entry in self.entries:
            rating = self._name(entry, "rating")
            yield EntryRow(
                entry=entry,
                self_evaluation=self[self._name(entry, "self_evaluation")],
                rating=self[rating] if rating in self.fields else None,
            )

    def changes(self) -> dict[int, tuple[str, str]]:
        """entry id -> (self-evaluation, rating) of each entry whose values changed."""
        out = {}
        for entry in self.entries:
            text = self.cleaned_data.get(self._name(entry, "self_evaluation"), "").strip()
            rating = self.cleaned_data.get(self._name(entry, "rating"), "") or ""
            if (text, rating) != (entry.self_evaluation, entry.rating):
                out[entry.pk] = (text, rating)
        return out

    def field_of(self, entry_id: int | None, field: str | None) -> str | None:
        """The form's field for a refusal of ``field`` of an entry, if it has one."""
        name = f"e{entry_id}-{field}" if entry_id and field else None
        return name if name in self.fields else None


class ReviewFinalizeForm(Form):
    decided_on = forms.DateField(
        label=_("ratings decided on"),
        widget=DateInput(),
        help_text=_("Once decided, the ratings can no longer change."),
    )
