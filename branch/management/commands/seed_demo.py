from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from branch.demo import DEMO_PASSWORD, PERSONA_LABELS, PERSONAS, DemoContext, remind


class Command(BaseCommand):
    help = "Load the demo organisation (running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )

    def handle(self, *args, quiet_logins=False, **options):
        ctx = DemoContext()
        with transaction.atomic():
            # The organisation first, then each app's records, in INSTALLED_APPS order.
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(ctx)
            remind()
        self.stdout.write(self.style.SUCCESS(_("The demo data is ready.")))
        if quiet_logins:
            return
        self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": DEMO_PASSWORD})
        for username, full_name, _role, code in PERSONAS:
            label, org = PERSONA_LABELS[username], ctx.orgs[code].name
            self.stdout.write(f"  {username:<10} {full_name}　{label}（{org}）")
