from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write one archive with every record (portable JSON), every uploaded file and a "
        "manifest with counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the archive to write (default: zhibutong-backup-YYYYMMDD-HHMM.tar.gz here)",
        )

    def handle(self, *args, output=None, **options):
        target = Path(output or f"zhibutong-backup-{timezone.localtime():%Y%m%d-%H%M}.tar.gz")
        manifest = backup_write(target)
        self.stdout.write(
            _("Backup written to %(file)s: %(records)d records, %(files)d files.")
            % {
                "file": target,
                "records": sum(manifest["counts"].values()),
                "files": len(manifest["files"]),
            }
        )
