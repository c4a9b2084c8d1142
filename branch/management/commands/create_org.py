from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch import services
from branch.exceptions import ServiceError
from branch.models import Organization, OrgKind


class Command(BaseCommand):
    help = "Create an empty organisation node (基层党委, 党总支 or 党支部)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="short unique code, e.g. town-school")
        parser.add_argument("name", help="full name, e.g. 青山镇中心小学党支部")
        parser.add_argument("--kind", required=True, choices=OrgKind.values)
        parser.add_argument("--parent", help="code of the organisation above it")
        parser.add_argument("--unit", default="", help="the unit it sits in")
        parser.add_argument(
            "--community",
            action="store_true",
            help="a village or community organisation (five-year committee terms)",
        )

    def handle(self, *args, code, name, kind, parent=None, unit="", community=False, **options):
        parent_org = None
        if not parent and kind != OrgKind.COMMITTEE:
            raise CommandError(
                _(
                    "A %(kind)s sits under a party committee: name it with --parent CODE "
                    "(create the committee first with --kind committee), or set up a new site's "
                    "branch and its committee at once with start_branch."
                )
                % {"kind": OrgKind(kind).label}
            )
        if parent:
            parent_org = Organization.objects.filter(code=parent).first()
            if parent_org is None:
                raise CommandError(
                    _("No organisation with the code “%(code)s”.") % {"code": parent}
                )
        try:
            org = services.organization_create(
                actor=None,
                code=code,
                name=name,
                kind=kind,
                parent=parent_org,
                unit=unit,
                community_based=community,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            _("Created %(kind)s %(name)s (%(code)s).")
            % {"kind": org.get_kind_display(), "name": org.name, "code": org.code}
        )
