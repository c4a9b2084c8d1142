"""The branch workbook in the browser: upload → preview → confirm, and the export.

The preview is a dry run of the real import, so it lists exactly what confirming will do. The
uploaded file waits between the two steps under ``MEDIA_ROOT/imports/`` with a random name that
only this session knows; confirming reads and checks it again (the records may have changed
meanwhile) and deletes it.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from branch.dates import InvalidYear, parse_year
from branch.forms import Form
from branch.mixins import OrganizationMixin
from branch.models import Organization
from branch.permissions import has_org_perm
from branch.workbook import ImportResult, Problem, registered_sheets
from branch.workbook_export import export_workbook
from branch.workbook_import import import_workbook
from branch.workbook_template import template_workbook

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
SESSION_KEY = "workbook_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookUploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Only Excel workbooks saved as .xlsx can be imported; %(name)s is not one.")
                % {"name": upload.name}
            )
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


# The uploaded file between preview and confirmation -----------------------------------------


def _pending_save(request, org: Organization, upload) -> dict[str, str]:
    _pending_discard(request)  # a file uploaded earlier in this session and never confirmed
    token = secrets.token_hex(16)
    path = default_storage.save(f"imports/{token}.xlsx", upload)
    pending = {"token": token, "org": org.code, "name": upload.name, "path": path}
    request.session[SESSION_KEY] = pending
    return pending


def _pending_get(request, org: Organization) -> dict[str, str] | None:
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if (
        not pending
        or pending["org"] != org.code
        or not secrets.compare_digest(pending["token"], token)
    ):
        return None
    return pending


def _pending_discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(pending["path"])


def _run(request, org: Organization, pending: dict[str, str], *, dry_run: bool) -> ImportResult:
    try:
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return ImportResult(errors=[Problem(_("The uploaded file is gone; upload it again."))])
    return import_workbook(org=org, source=io.BytesIO(data), actor=request.user, dry_run=dry_run)


# Views --------------------------------------------------------------------------------------


class WorkbookPageMixin(OrganizationMixin):
    permission = "manage_organization"
    template_name = "workbook/import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The format, shown on the page; a * marks a required column (a header may carry it too).
        context["sheets"] = [
            {
                "name": sheet.name,
                "columns": [c.name + ("*" if c.required else "") for c in sheet.columns],
            }
            for sheet in registered_sheets()
            if self.org.is_branch or not sheet.branch_only
        ]
        context["export_years"] = export_years(self.org)
        return context


def export_years(org: Organization) -> list[int]:
    """The years that have dated records (meetings, dues, honours), latest first: what the
    export of one year can write."""
    years: set[int] = set()
    for sheet in registered_sheets():
        years |= sheet.years(org)
    return sorted(years, reverse=True)


class WorkbookImportView(WorkbookPageMixin, FormView):
    """导入台账: upload a workbook and see what it would change."""

    form_class = WorkbookUploadForm

    def form_valid(self, form):
        pending = _pending_save(self.request, self.org, form.cleaned_data["file"])
        result = _run(self.request, self.org, pending, dry_run=True)
        if not result.ok:
            _pending_discard(self.request)  # nothing to confirm: the file must be fixed first
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                result=result,
                pending=pending if result.ok else None,
                file_name=pending["name"],
            )
        )


class WorkbookConfirmView(WorkbookPageMixin, TemplateView):
    """Apply the previewed workbook, or drop it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pending = _pending_get(request, self.org)
        if pending is None:
            messages.error(request, _("This preview is no longer valid; upload the file again."))
            return redirect("branch:import", org_code=self.org.code)
        if "cancel" in request.POST:
            _pending_discard(request)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("branch:import", org_code=self.org.code)
        try:
            result = _run(request, self.org, pending, dry_run=False)
        finally:
            _pending_discard(request)
        if result.ok:
            messages.success(request, _import_message(result))
            return redirect("branch:import", org_code=self.org.code)
        # The records changed since the preview, so the same file no longer fits.
        return self.render_to_response(
            self.get_context_data(
                form=WorkbookUploadForm(), result=result, file_name=pending["name"], failed=True
            )
        )


def _import_message(result: ImportResult) -> str:
    parts = [
        _("%(sheet)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
        % {
            "sheet": sheet.name,
            "created": sheet.created,
            "updated": sheet.updated,
            "unchanged": sheet.unchanged,
        }
        for sheet in result.sheets
    ]
    return _("The workbook was imported.") + " " + "; ".join(parts)


class WorkbookExportView(OrganizationMixin, View):
    """导出台账: the organisation's records as a workbook the import reads back;
    ``?year=2026`` writes only that year's meetings, dues and honours (and all the people)."""

    permission = "view_organization"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            year = parse_year(request.GET.get("year"), org=self.org)
        except InvalidYear as exc:
            return self._refused(exc.message)
        content = export_workbook(
            org=self.org,
            personal_data=has_org_perm(request.user, "view_personal_data", self.org),
            year=year,
        )
        response = HttpResponse(content, content_type=XLSX_TYPE)
        period = f"-{year}" if year else ""
        file_name = f"{self.org.name}{period}-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        return response

    def _refused(self, message: str) -> HttpResponse:
        """The year cannot be read: say so on a page of the site, with the years on offer."""
        return render(
            self.request,
            "workbook/export_refused.html",
            {"org": self.org, "message": message, "export_years": export_years(self.org)},
            status=400,
        )


class WorkbookTemplateView(WorkbookPageMixin, View):
    """The empty workbook to fill in: every sheet with its headers, an example row, drop-down
    lists and a 说明 sheet (branch.workbook_template)."""

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, _("branch-workbook-template.xlsx")
        )
        return response
