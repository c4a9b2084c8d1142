"""Pages that read meetings: the list of a year, one meeting, the user's own meetings and the
download of an attachment. The forms that write are in ``views_log``, the compliance calendar
in ``views_calendar``."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from branch.downloads import private_download
from branch.mixins import OrganizationMixin
from meetings import rules
from meetings.forms import MeetingFilterForm
from meetings.models import Attendance, Kind, Meeting
from meetings.selectors import meeting_get_for_user, meetings_for, quorum
from members.selectors import person_for_user


class MeetingIndexView(OrganizationMixin, TemplateView):
    """会议活动: a year's meetings and activities of the branch (or of every branch below a
    committee). A member, who may not read the whole list, is sent to their own meetings."""

    page_cache = True
    permission = "view_organization"
    own_page = "meetings:mine"
    template_name = "meetings/index.html"
    paginate_by = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        form = MeetingFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        start, end = data.get("from"), data.get("to")
        # a period from the calendar names its own dates; the year follows from them
        year = data.get("year") or (start or end or timezone.localdate()).year
        q = self.request.GET.get("q", "").strip()[:60]
        meetings = meetings_for(
            self.org,
            year=None if (start or end) else year,
            kind=data.get("kind") or "",
            group=data.get("group"),
            start=start,
            end=end,
            q=q,
        )
        # a county logs thousands a year: a page at a time
        page = Paginator(meetings, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            year=year,
            this_year=this_year,
            previous_year=year - 1,
            next_year=year + 1 if year < this_year else None,
            period=(start, end) if (start or end) else None,
            kind=data.get("kind") or "",
            kind_label=Kind(data["kind"]).label if data.get("kind") else "",
            meetings=page.object_list,
            total=page.paginator.count,
            page=page,
            query=query.urlencode(),
            q=q,
            can_log="log_records" in self.perms and self.org.is_branch,
            many_branches=not self.org.is_branch,
        )
        return context


def attendance_groups(meeting: Meeting) -> list[tuple[str, str, list[Attendance]]]:
    """The attendance list by status, in the order present, on leave, absent."""
    order = (Attendance.Status.PRESENT, Attendance.Status.LEAVE, Attendance.Status.ABSENT)
    by_status: dict[str, list[Attendance]] = {status: [] for status in order}
    for attendance in meeting.attendances.all():
        by_status[attendance.status].append(attendance)
    return [(status, Attendance.Status(status).label, by_status[status]) for status in order]


class MeetingDetailView(OrganizationMixin, TemplateView):
    template_name = "meetings/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = meeting_get_for_user(self.request.user, self.org, self.kwargs["pk"])
        context.update(
            meeting=meeting,
            attendance=attendance_groups(meeting),
            attendance_total=len(meeting.attendances.all()),
            quorum=quorum(meeting),
            decides=meeting.kind in rules.DECIDING_KINDS,
            decisions=meeting.decisions.all(),
            attachments=meeting.attachments.all(),
            can_log="log_records" in self.perms,
            held_today=meeting.held_on == timezone.localdate(),
        )
        return context


class MyMeetingsView(OrganizationMixin, TemplateView):
    """我的会议: the meetings the user's person record was on the attendance list of."""

    template_name = "meetings/mine.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = person_for_user(self.request.user, self.org)
        attendances = []
        if person is not None:
            attendances = list(
                Attendance.objects.filter(
                    person=person, meeting__organization__path__startswith=self.org.path
                )
                .select_related("meeting__organization")
                .order_by("-meeting__held_on", "-meeting__pk")
            )
        counts = {status: 0 for status in Attendance.Status.values}
        for attendance in attendances:
            counts[attendance.status] += 1
        context.update(
            person=person,
            attendances=attendances,
            counts=[(s, Attendance.Status(s).label, n) for s, n in counts.items()],
        )
        return context


class AttachmentDownloadView(OrganizationMixin, View):
    """An attachment, to whoever may read the meeting: files are never public media URLs."""

    def get(self, request, *args, **kwargs):
        meeting = meeting_get_for_user(request.user, self.org, kwargs["pk"])
        attachment = next((a for a in meeting.attachments.all() if a.pk == kwargs["att_pk"]), None)
        if attachment is None:
            raise Http404(_("No such attachment."))
        return private_download(attachment.file, attachment.name)
