from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty, migrated instance."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": archive})
        try:
            manifest = backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Restored %(records)d records and %(files)d files from %(file)s.")
            % {
                "records": sum(manifest["counts"].values()),
                "files": len(manifest["files"]),
                "file": archive,
            }
        )
