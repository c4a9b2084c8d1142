"""The writes of the report editor, each a POST that hands its form to one service and returns
to the editor. A refusal renders the editor again with the form as typed and the service's
message on it; nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from branch.exceptions import ServiceError
from branch.mixins import apply_service_error
from reports import services
from reports.document import facts_of
from reports.forms import FinalizeForm, ProblemsForm, SectionForm
from reports.models import AnnualReport
from reports.proposals import EDITABLE, propose
from reports.views import EditorPageMixin, editor_url
from reports.views_access import report_to_write


class EditView(EditorPageMixin, View):
    """A write on one version of the report: only the secretary finalises and edits."""

    permission = "finalize_report"
    http_method_names = ["post"]
    form_key = ""

    def dispatch(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 302:
                # refused: nothing is written, not even the draft a first save starts
                transaction.set_rollback(True)
        return response

    def report(self) -> AnnualReport:
        return report_to_write(
            org=self.org,
            user=self.request.user,
            year=self.kwargs["year"],
            version=self.kwargs["version"],
        )

    def refused(self, report: AnnualReport, form: Any, exc: ServiceError):
        apply_service_error(form, exc)
        # a final version shows no forms, so its refusal is put at the top of the page
        context = self.editor_context(
            report,
            bound={self.form_key: form},
            page_error=exc.message if report.is_final else "",
        )
        return self.render_to_response(context)

    def render_to_response(self, context: dict[str, Any]) -> HttpResponse:
        return render(self.request, self.template_name, context)


class SectionSaveView(EditView):
    def post(self, request, *args, **kwargs):
        report, key = self.report(), kwargs["key"]
        if key not in EDITABLE:
            raise Http404(_("Unknown section."))
        self.form_key = f"section:{key}"
        form = SectionForm(request.POST, prefix=key)
        if not form.is_valid():
            return self.render_to_response(self.editor_context(report, bound={self.form_key: form}))
        text = form.cleaned_data["text"]
        if "regenerate" in request.POST:
            text = ""
        elif text.strip() == propose(key, facts_of(report)).strip():
            # The proposal saved unchanged stays a proposal, so it keeps following the records.
            text = ""
        try:
            services.section_save(actor=request.user, report=report, key=key, text=text)
        except ServiceError as exc:
            return self.refused(report, form, exc)
        if text:
            messages.success(request, _("Section saved."))
        else:
            messages.success(request, _("Section reset to the text proposed from the records."))
        return HttpResponseRedirect(f"{editor_url(report)}#section-{key}")


class ProblemsSaveView(EditView):
    form_key = "problems"

    def post(self, request, *args, **kwargs):
        report = self.report()
        form = ProblemsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.editor_context(report, bound={"problems": form}))
        try:
            services.problems_save(
                actor=request.user,
                report=report,
                problems=form.problems(request.POST.get("op", "")),
            )
        except ServiceError as exc:
            return self.refused(report, form, exc)
        messages.success(request, _("Problems and measures saved."))
        return HttpResponseRedirect(f"{editor_url(report)}#problems")


class FinalizeView(EditView):
    form_key = "finalize"

    def post(self, request, *args, **kwargs):
        report = self.report()
        form = FinalizeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.editor_context(report, bound={"finalize": form}))
        try:
            services.report_finalize(
                actor=request.user,
                report=report,
                author=form.cleaned_data["author"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except ServiceError as exc:
            return self.refused(report, form, exc)
        messages.success(
            request,
            _("Version %(v)d is final: its facts and text no longer change.")
            % {"v": report.version},
        )
        return HttpResponseRedirect(editor_url(report))


class ReopenView(EditView):
    def post(self, request, *args, **kwargs):
        report = self.report()
        try:
            draft = services.report_reopen(actor=request.user, report=report)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(editor_url(report))
        messages.success(
            request,
            _("Version %(v)d opened for editing; version %(old)d stays as it was.")
            % {"v": draft.version, "old": report.version},
        )
        return HttpResponseRedirect(editor_url(draft))
