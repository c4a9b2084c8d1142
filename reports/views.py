"""Pages of the annual duty report: the reports of a branch by year (or, on a committee node,
the final reports of the branches below) and the editor of one version, where each section's
text stands beside the facts it rests on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from branch.dates import InvalidYear, parse_year
from branch.exceptions import ServiceError
from branch.mixins import OrganizationMixin
from branch.models import Organization, OrgKind
from reports import services
from reports.checks import unmatched_numbers
from reports.document import problems_of
from reports.forms import FinalizeForm, ProblemsForm, SectionForm
from reports.models import AnnualReport
from reports.proposals import EDITABLE, SECTIONS, cn_number, propose, section_facts
from reports.selectors import editor_facts, render_jobs_version
from reports.sources import section_sources
from reports.views_access import (
    reads_drafts,
    report_get_for_user,
    reports_of_year,
    version_param,
)

# In the first quarter a secretary writes the report of the year that has just ended.
WRITES_LAST_YEAR_UNTIL_MONTH = 3


def report_year(today) -> int:
    """The year whose report is the one to write now."""
    return today.year - 1 if today.month <= WRITES_LAST_YEAR_UNTIL_MONTH else today.year


def editor_url(report: AnnualReport) -> str:
    url = reverse("reports:editor", args=[report.organization.code, report.year])
    return f"{url}?version={report.version}"


def _by_year(reports: list[AnnualReport]) -> list[tuple[int, list[AnnualReport]]]:
    years: dict[int, list[AnnualReport]] = {}
    for report in reports:
        years.setdefault(report.year, []).append(report)
    return list(years.items())


class IndexView(OrganizationMixin, TemplateView):
    permission = "view_organization"

    def get_template_names(self) -> list[str]:
        return ["reports/index.html" if self.org.is_branch else "reports/index_higher.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        if self.org.is_branch:
            reports = AnnualReport.objects.filter(organization=self.org).select_related(
                "finalized_by"
            )
            if not reads_drafts(self.request.user, self.org):
                reports = reports.filter(status=AnnualReport.Status.FINAL)
            current = report_year(today)
            # the year to write now first; the other one still open in the first quarter
            open_years = [current] + ([today.year] if current != today.year else [])
            context.update(
                years=_by_year(list(reports.order_by("-year", "-version"))),
                open_years=open_years if "finalize_report" in self.perms else [],
            )
            return context
        return context | self._below(today.year - 1)

    def _below(self, last_year: int) -> dict[str, Any]:
        """Final reports of the branches below, and which branches still lack last year's."""
        branches = list(
            Organization.objects.filter(path__startswith=self.org.path, kind=OrgKind.BRANCH)
            .exclude(pk=self.org.pk)
            .order_by("path")
        )
        finals = list(
            AnnualReport.objects.filter(organization__in=branches, status=AnnualReport.Status.FINAL)
            .select_related("organization", "finalized_by")
            .order_by("-year", "organization__path", "-version")
        )
        with_final = {r.organization_id for r in finals if r.year == last_year}
        return {
            "years": _by_year(finals),
            "last_year": last_year,
            "branches": len(branches),
            "done": len(with_final),
            "missing": [b for b in branches if b.pk not in with_final],
        }


class EditorPageMixin(OrganizationMixin):
    """Builds the editor page of one version; the POST views of ``views_edit`` render it
    again with their bound form when a service refuses the write."""

    permission = "view_organization"
    template_name = "reports/editor.html"

    def editor_context(
        self,
        report: AnnualReport,
        *,
        bound: dict[str, Any] | None = None,
        page_error: str = "",
    ) -> dict[str, Any]:
        bound = bound or {}
        facts = editor_facts(report)
        can_edit = "finalize_report" in self.perms and not report.is_final
        versions = list(reports_of_year(self.org, report.year).order_by("-version"))
        if not reads_drafts(self.request.user, self.org):
            versions = [v for v in versions if v.is_final]
        draft = next((v for v in versions if not v.is_final), None)
        sections, chapter, number = [], 0, 0
        for key, heading, level, _write, _shown in SECTIONS:
            if level == "chapter":
                chapter, number = chapter + 1, 0
                title = f"{cn_number(chapter)}、{heading}"
            elif level == "section":
                number += 1
                title = f"（{cn_number(number)}）{heading}"
            else:
                title = ""
            entry: dict[str, Any] = {
                "key": key,
                "title": title,
                "level": level,
                "editable": key in EDITABLE,
            }
            if key in EDITABLE:
                saved = (report.sections or {}).get(key, "").strip()
                text = saved or propose(key, facts)
                entry.update(
                    facts=section_facts(key, facts),
                    sources=section_sources(key, self.org, report.year),
                    # the secretary's own text quoting a figure the records do not hold
                    stale=unmatched_numbers(saved, facts) if saved and key != "plans" else [],
                    text=text,
                    own=bool(saved),
                    form=bound.get(f"section:{key}")
                    or (SectionForm(prefix=key, initial={"text": text}) if can_edit else None),
                )
            sections.append(entry)
        problems = problems_of(report, facts)
        user = self.request.user
        return {
            "org": self.org,
            "perms": self.perms,
            "report": report,
            "year": report.year,
            "versions": versions,
            "draft": draft if report.is_final else None,
            "sections": sections,
            "problems": problems,
            "problems_proposed": not report.problems_initialised,
            "problems_form": bound.get("problems")
            or (ProblemsForm(problems=problems) if can_edit else None),
            "finalize_form": bound.get("finalize")
            or (
                FinalizeForm(
                    initial={
                        "author": report.author or facts.secretary or user.get_full_name(),
                        # the report's date: the finalisation day unless changed here
                        "signed_on": report.signed_on or timezone.localdate(),
                    }
                )
                if can_edit
                else None
            ),
            "can_edit": can_edit,
            "can_render": "log_records" in self.perms,
            "can_reopen": "finalize_report" in self.perms and report.is_final and draft is None,
            "jobs": list(report.jobs.all()[:5]) if report.pk else [],
            "page_error": page_error,
        }


class EditorView(EditorPageMixin, TemplateView):
    page_cache = True

    def page_versions(self) -> tuple:
        return render_jobs_version(self.org, self.kwargs["year"])

    def get(self, request, *args, **kwargs):
        year = kwargs["year"]
        version = version_param(request.GET.get("version"))
        if version is None and "finalize_report" in self.perms:
            # the secretary opens the year's report, which starts its draft on its first save
            try:
                parse_year(str(year), org=self.org)
            except InvalidYear as exc:
                messages.error(request, exc.message)
                return redirect("reports:index", org_code=self.org.code)
            try:
                # nothing is written on opening: the first save creates the draft
                report = services.report_for(
                    actor=request.user, org=self.org, year=year, create=False
                )
            except ServiceError as exc:
                messages.error(request, exc.message)
                return redirect("reports:index", org_code=self.org.code)
        else:
            report = report_get_for_user(
                org=self.org, user=request.user, year=year, version=version
            )
        return self.render_to_response(self.editor_context(report))
