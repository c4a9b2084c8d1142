"""One accessor per object of the report pages that fetches and authorises in one step.

The organisation in the URL is already checked by ``OrganizationMixin``; here the rule of the
report itself: a draft is read by those who keep the branch's records (secretary and
committee, ``log_records``), a final version by everyone who may see the branch's affairs
(``view_organization``, the higher admin included). An object of another organisation, or one
that does not exist, answers 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from branch.dates import FIRST_YEAR  # no branch has a report for an earlier year
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.permissions import has_org_perm
from reports.models import AnnualReport, RenderJob


def reads_drafts(user: Any, org: Organization) -> bool:
    return has_org_perm(user, "log_records", org)


def check_readable(report: AnnualReport, user: Any) -> None:
    if not report.is_final and not reads_drafts(user, report.organization):
        raise PermissionDenied(
            _("A draft is read by the branch committee; the final version is shared once ready.")
        )


def reports_of_year(org: Organization, year: int):
    return AnnualReport.objects.filter(organization=org, year=year).select_related(
        "organization", "finalized_by"
    )


def report_get_for_user(
    *, org: Organization, user: Any, year: int, version: int | None = None
) -> AnnualReport:
    """Version ``version`` of ``year``'s report, or, without one, the version a reader opens:
    the draft for those who read drafts (else the latest version), the latest final version
    for the others."""
    if year < FIRST_YEAR:
        raise Http404(_("There is no report for %(year)d.") % {"year": year})
    reports = reports_of_year(org, year)
    if version is not None:
        report = reports.filter(version=version).first()
        if report is None:
            raise Http404(
                _("No version %(v)d of the %(year)d report.") % {"v": version, "year": year}
            )
    elif reads_drafts(user, org):
        report = reports.order_by("status", "-version").first()  # "draft" sorts before "final"
        if report is None:
            raise Http404(_("The report of %(year)d has not been started yet.") % {"year": year})
    else:
        report = reports.filter(status=AnnualReport.Status.FINAL).order_by("-version").first()
        if report is None:
            if reports.exists():
                raise PermissionDenied(
                    _("The report of %(year)d is not final yet.") % {"year": year}
                )
            raise Http404(_("There is no report for %(year)d.") % {"year": year})
    check_readable(report, user)
    return report


def report_to_write(*, org: Organization, user: Any, year: int, version: int) -> AnnualReport:
    """The version a write (a save, a render) is for. The first version of a year nobody has
    started is created here, by the first write, never by opening a page."""
    try:
        return report_get_for_user(org=org, user=user, year=year, version=version)
    except Http404:
        if version != 1 or reports_of_year(org, year).exists():
            raise
        from reports import services

        try:
            return services.report_for(actor=user, org=org, year=year)
        except (ServiceError, PermissionDenied):
            raise Http404(
                _("The report of %(year)d has not been started yet.") % {"year": year}
            ) from None


def report_to_read(*, org: Organization, user: Any, year: int, version: int) -> AnnualReport:
    """The version a page shows; for the secretary, the first version of a year nobody has
    started is shown unsaved, as it would be, without writing it."""
    try:
        return report_get_for_user(org=org, user=user, year=year, version=version)
    except Http404:
        if (
            version != 1
            or not has_org_perm(user, "finalize_report", org)
            or reports_of_year(org, year).exists()
        ):
            raise
        from reports import services

        try:
            return services.report_for(actor=user, org=org, year=year, create=False)
        except (ServiceError, PermissionDenied):
            raise Http404(
                _("The report of %(year)d has not been started yet.") % {"year": year}
            ) from None


def job_get_for_user(*, org: Organization, user: Any, pk: int) -> RenderJob:
    job = (
        RenderJob.objects.select_related("report__organization", "requested_by")
        .filter(pk=pk, report__organization=org)
        .first()
    )
    if job is None:
        raise Http404(_("No such file of a report in %(org)s.") % {"org": org})
    check_readable(job.report, user)
    return job


def version_param(value: str | None) -> int | None:
    """``?version=N`` when N is a number; anything else is ignored."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 1000 else None
