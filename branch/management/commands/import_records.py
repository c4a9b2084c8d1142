from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branch.models import Organization
from branch.workbook import ImportResult
from branch.workbook_import import import_workbook


class Command(BaseCommand):
    help = (
        "Import a branch workbook (.xlsx, one sheet per record type). All or nothing: "
        "when any row is wrong, nothing is written and every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="code of the party branch")
        parser.add_argument("file", help="the workbook, e.g. 台账.xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )

    def handle(self, *args, org: str, file: str, dry_run: bool = False, **options):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(_("No organisation with the code “%(code)s”.") % {"code": org})
        try:
            with open(file, "rb") as source:
                result = import_workbook(
                    org=organization, source=source, actor=None, dry_run=dry_run
                )
        except OSError as exc:
            raise CommandError(
                _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from None
        for notice in result.notices:
            self.stdout.write(str(notice))
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)d problem.",
                    "Nothing was imported: %(count)d problems.",
                    count,
                )
                % {"count": count}
            )
        self._summary(result, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("Imported into %(org)s.") % {"org": organization.name})
            )

    def _summary(self, result: ImportResult, *, dry_run: bool) -> None:
        if dry_run:
            line = _(
                "%(sheet)s: %(created)d to create, %(updated)d to update, %(unchanged)d unchanged"
            )
        else:
            line = _("%(sheet)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
        for sheet in result.sheets:
            self.stdout.write(
                line
                % {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                }
            )
