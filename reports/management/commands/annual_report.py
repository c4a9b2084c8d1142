from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch.dates import year_allowed
from branch.models import Organization, OrgKind
from branch.pdf_fonts import ReportFontMissing
from reports.models import AnnualReport
from reports.pdf import render_annual_report


class Command(BaseCommand):
    help = "Render a branch's annual duty report for a year as a PDF, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the branch's code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, org, year, output, **options):
        branch = Organization.objects.filter(code=org).first()
        if branch is None:
            raise CommandError(_("No organisation with the code “%(code)s”.") % {"code": org})
        if branch.kind not in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH):
            raise CommandError(_("The duty report is written by a party branch."))
        if not year_allowed(year):
            raise CommandError(_("There is no report for %(year)d.") % {"year": year})
        # the latest version: a final one as frozen, else the draft (or a fresh one) as it
        # stands, with the proposed text wherever the secretary wrote nothing
        report = AnnualReport.objects.filter(organization=branch, year=year).order_by(
            "-version"
        ).first() or AnnualReport(organization=branch, year=year)
        try:
            pdf = render_annual_report(report)
        except ReportFontMissing as exc:
            raise CommandError(str(exc)) from None
        Path(output).write_bytes(pdf)
        self.stdout.write(
            _("Wrote %(path)s (%(size)d bytes).") % {"path": output, "size": len(pdf)}
        )
