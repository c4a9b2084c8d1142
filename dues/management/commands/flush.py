"""Django's flush, with the dues ledger's lock lifted while it empties the database: flush is
the one maintenance operation allowed to remove ledger entries (dues.ledger_lock)."""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand

from dues.ledger_lock import unlocked


class Command(FlushCommand):
    def handle(self, **options):
        with unlocked(options.get("database", "default")):
            return super().handle(**options)
