"""The report as a web page, and as a file: asking for a PDF or Word file queues a render job,
whose page follows it until the file can be downloaded."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin
from reports import services
from reports.document import build_document
from reports.models import RenderJob
from reports.pdf import report_html
from reports.views import editor_url
from reports.views_access import job_get_for_user, report_to_read, report_to_write

# While a job is pending its page reloads itself this often (seconds).
REFRESH_SECONDS = 2

# The print template sets its margins with @page, which a browser ignores on screen; the
# preview shows the text block on a sheet of A4 width instead. Print and PDF are unchanged.
SCREEN_SHEET = """<style>
@media screen {
  html { background: #e8eaed; }
  body { box-sizing: content-box; width: 156mm; margin: 1.5rem auto; padding: 37mm 26mm 35mm 28mm;
         background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.2); }
}
</style>
</head>"""


class PreviewView(OrganizationMixin, View):
    """The whole report as the print template lays it out, shown by the browser."""

    permission = "view_organization"

    def get(self, request, *args, **kwargs):
        report = report_to_read(
            org=self.org,
            user=request.user,
            year=kwargs["year"],
            version=kwargs["version"],
        )
        html = report_html(build_document(report)).replace("</head>", SCREEN_SHEET, 1)
        response = HttpResponse(html)
        # a draft's preview changes with every save and every record logged
        response["Cache-Control"] = "private, no-store"
        return response


class RenderView(OrganizationMixin, View):
    """Queue the rendering of a version as ``?format=pdf`` (the default) or ``docx``."""

    permission = "log_records"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        fmt = request.GET.get("format") or request.POST.get("format") or RenderJob.Format.PDF
        with transaction.atomic():
            report = report_to_write(
                org=self.org,
                user=request.user,
                year=kwargs["year"],
                version=kwargs["version"],
            )
            try:
                job = services.render_request(actor=request.user, report=report, fmt=fmt)
            except ServiceError as exc:
                # refused: not even the draft this first request would have started is kept
                transaction.set_rollback(True)
                messages.error(request, exc.message)
                return HttpResponseRedirect(editor_url(report))
        return HttpResponseRedirect(reverse("reports:job", args=[self.org.code, job.pk]))


class JobView(OrganizationMixin, TemplateView):
    permission = "view_organization"
    template_name = "reports/job.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = job_get_for_user(org=self.org, user=self.request.user, pk=kwargs["job_pk"])
        context.update(
            job=job,
            report=job.report,
            refresh=REFRESH_SECONDS if job.pending else None,
            can_render="log_records" in self.perms,
            file_name=download_name(job),
        )
        return context


def download_name(job: RenderJob) -> str:
    """The name a secretary files the document under: the report's own title."""
    return f"{job.report.title}.{job.format}"


class DownloadView(OrganizationMixin, View):
    permission = "view_organization"

    def get(self, request, *args, **kwargs):
        job = job_get_for_user(org=self.org, user=self.request.user, pk=kwargs["job_pk"])
        if job.status != RenderJob.Status.DONE or not job.file:
            raise Http404(_("This file is not ready."))
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file is missing from the storage.")) from None
        response = FileResponse(handle, as_attachment=True, filename=download_name(job))
        response["Cache-Control"] = "private, no-store"
        return response
