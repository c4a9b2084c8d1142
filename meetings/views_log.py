"""The forms that log a meeting: step 1 (what, when, who led it), the attendance list, its
decisions and attachments. Each hands its data to one service of ``meetings.services``."""

from __future__ import annotations

import copy
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branch.mixins import ServiceFormView
from meetings import services
from meetings.forms import (
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
    meeting_initial,
)
from meetings.models import Kind, Meeting
from meetings.selectors import meeting_get_for_user, quorum
from members.models import Person
from members.selectors import people_in, state_of, with_history


def meeting_url(name: str, meeting: Meeting) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"org_code": meeting.organization.code, "pk": meeting.pk}
    )


class MeetingCreateView(ServiceFormView):
    """Step 1 of logging a meeting. The expected attendees are recorded as present, and the
    next page asks only for the exceptions."""

    permission = "log_records"
    template_name = "meetings/meeting_form.html"
    form_class = MeetingCreateForm
    success_message = _(
        "Meeting logged. Everyone expected is marked present: mark who was absent or on leave."
    )
    extra_context = {"title": _("Log a meeting or activity"), "multipart": True}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org}

    def get_initial(self) -> dict[str, Any]:
        # the calendar's "log it" links preselect the kind (and the party group)
        initial = super().get_initial()
        kind = self.request.GET.get("kind", "")
        if kind in Kind.values:
            initial["kind"] = kind
        group = self.request.GET.get("group", "")
        if group.isdigit():
            initial["party_group"] = int(group)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("meetings:index", kwargs={"org_code": self.org.code})
        return context

    def perform(self, form: MeetingCreateForm) -> Meeting:
        return services.meeting_record(
            actor=self.request.user,
            org=self.org,
            files=form.cleaned_data["files"],
            **form.service_data(),
        )

    def get_success_url(self) -> str:
        return meeting_url("attendance", self.result)


class MeetingFormView(ServiceFormView):
    """A form about one meeting of the organisation, fetched and authorised once."""

    permission = "log_records"
    template_name = "meetings/form.html"

    def dispatch(self, request, *args, **kwargs):
        self._meeting: Meeting | None = None
        return super().dispatch(request, *args, **kwargs)

    @property
    def meeting(self) -> Meeting:
        if self._meeting is None:
            self._meeting = meeting_get_for_user(self.request.user, self.org, self.kwargs["pk"])
        return self._meeting

    def fresh(self) -> Meeting:
        """A copy of the meeting for a service, which changes the object it is given: a
        refused change must not show on the page that reports the refusal, and the page's
        meeting is as stored without reading it again."""
        return copy.copy(self.meeting)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        context["cancel_url"] = meeting_url("detail", self.meeting)
        return context

    def get_success_url(self) -> str:
        return meeting_url("detail", self.meeting)


class MeetingUpdateView(MeetingFormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm
    success_message = _("Saved.")
    extra_context = {
        "title": _("Edit the meeting"),
        "intro": _("The attendance list stays as it is; correct it on the attendance page."),
    }

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "org": self.org, "meeting": self.meeting}

    def get_initial(self) -> dict[str, Any]:
        return meeting_initial(self.meeting)

    def perform(self, form: MeetingForm) -> Meeting:
        return services.meeting_update(
            actor=self.request.user, meeting=self.fresh(), **form.service_data()
        )


class AttendanceView(MeetingFormView):
    """Every party member of the branch on the meeting's day (and whoever is already on the
    list), each present, absent, on leave or not expected."""

    template_name = "meetings/attendance.html"
    form_class = AttendanceForm
    success_message = _("Attendance saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        meeting = self.meeting
        day = meeting.held_on
        recorded = {a.person_id: a for a in meeting.attendances.all()}
        states = [
            state
            for state in (
                state_of(p, day) for p in with_history(people_in(self.org, day), self.org)
            )
            if state.is_party_member or state.person.pk in recorded
        ]
        listed = {state.person.pk for state in states}
        # someone on the list who has since left the branch's records keeps their row
        missing = [pk for pk in recorded if pk not in listed]
        if missing:
            others = with_history(Person.objects.filter(pk__in=missing), self.org)
            states += [state_of(p, day) for p in others]
        states.sort(key=lambda s: (s.person.sort_key, s.person.pk))
        return {**super().get_form_kwargs(), "states": states, "recorded": recorded}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["locked"] = bool(self.meeting.decisions.all())
        context["show_group"] = self.meeting.kind == Kind.GROUP_MEETING
        return context

    def perform(self, form: AttendanceForm) -> Meeting:
        return services.attendance_set(
            actor=self.request.user, meeting=self.fresh(), attendance=form.attendance()
        )


class DecisionCreateView(MeetingFormView):
    form_class = DecisionForm
    success_message = _("Decision recorded.")
    extra_context = {"title": _("Record a decision")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["quorum"] = quorum(self.meeting)
        return context

    def perform(self, form: DecisionForm) -> Any:
        return services.decision_record(
            actor=self.request.user, meeting=self.fresh(), **form.cleaned_data
        )


class AttachmentAddView(MeetingFormView):
    form_class = AttachmentForm
    success_message = _("Attachments added.")
    extra_context = {"title": _("Add attachments"), "multipart": True}

    def perform(self, form: AttachmentForm) -> Any:
        return services.attachment_add(
            actor=self.request.user, meeting=self.fresh(), files=form.cleaned_data["files"]
        )
