"""Sign-in from a phone: the screen with its QR code and the names as they arrive (for the
secretary and the committee), and the page a member's phone opens from the code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import segno
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin
from meetings import signin
from meetings.models import Attendance
from meetings.selectors import meeting_get_for_user
from meetings.views_log import meeting_url

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def qr_svg(link: str) -> str:
    """The link as an inline SVG QR code, made here: no outside service, no image file."""
    return segno.make(link, error="m").svg_inline(scale=6, border=2, omitsize=True)


class SignInScreenView(OrganizationMixin, TemplateView):
    """签到: opens and closes the sign-in of a meeting held today and, while it is open, shows
    the code and the arrivals. ``live`` renders only the part that refreshes."""

    permission = "log_records"
    template_name = "meetings/sign_in_screen.html"
    live = False

    def get_template_names(self) -> list[str]:
        return ["meetings/_sign_in_live.html" if self.live else self.template_name]

    def meeting(self):
        return meeting_get_for_user(self.request.user, self.org, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.meeting()
        is_open = signin.is_open(meeting)
        context.update(meeting=meeting, is_open=is_open, refresh_seconds=5)
        rows = list(meeting.attendances.all())
        arrived = signin.arrivals(meeting)
        context.update(
            arrivals=[
                {"name": a.person.name, "at": signin.local_time(a.signed_in_at), "late": a.late}
                for a in arrived
            ],
            expected=len([a for a in rows if a.status != Attendance.Status.LEAVE]),
            cancel_url=meeting_url("detail", meeting),
        )
        if is_open:
            path = reverse(
                "meetings:sign_in",
                kwargs={"org_code": self.org.code, "token": signin.sign_in_token(meeting)},
            )
            link = self.request.build_absolute_uri(path)
            context.update(
                link=link,
                qr=mark_safe(qr_svg(link)),  # segno's own markup, no user text
                local_only=(urlsplit(link).hostname or "") in LOCAL_HOSTS,
            )
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.meeting()
        action = request.POST.get("action")
        try:
            if action == "open":
                signin.sign_in_open(actor=request.user, meeting=meeting)
                messages.success(request, _("Sign-in is open: show this screen to the meeting."))
            elif action == "close":
                signin.sign_in_close(actor=request.user, meeting=meeting)
                messages.success(
                    request, _("Sign-in closed. Correct the list on the attendance page.")
                )
            else:
                raise ServiceError(_("Choose to open or to close the sign-in."))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(meeting_url("sign_in_screen", meeting))


class SignInLiveView(SignInScreenView):
    """The part of the screen that refreshes: read only."""

    live = True
    http_method_names = ["get", "head", "options"]


class SignInView(OrganizationMixin, TemplateView):
    """What a phone opens from the code: the meeting and one button; the button marks the
    member present. A code that has expired, a closed sign-in or someone not on the list is
    told so in plain words."""

    template_name = "meetings/sign_in.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        token = self.kwargs["token"]
        try:
            context["meeting"] = signin.meeting_for_token(token, self.org)
        except ServiceError as exc:
            context["refusal"] = exc.message
        return context

    def post(self, request, *args, **kwargs):
        try:
            done = signin.sign_in_record(user=request.user, token=kwargs["token"], org=self.org)
        except ServiceError as exc:
            context = self.get_context_data(**kwargs)
            context["refusal"] = exc.message
            return self.render_to_response(context, status=403)
        context = self.get_context_data(**kwargs)
        context.update(signed=done.attendance, already=not done.changed)
        context["meeting"] = done.attendance.meeting
        context.pop("refusal", None)
        return self.render_to_response(context)
