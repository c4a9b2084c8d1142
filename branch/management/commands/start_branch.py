from __future__ import annotations

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branch import firstrun
from branch.exceptions import ServiceError

User = get_user_model()


class Command(BaseCommand):
    help = (
        "Set up a fresh installation: the branch, its higher committee and the secretary's "
        "account (and optionally the committee administrator's). Refused once set up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--branch", required=True, help="name, e.g. 青山镇中心小学党支部")
        parser.add_argument("--committee", required=True, help="higher committee, e.g. 青山镇党委")
        parser.add_argument("--unit", default="", help="the unit the branch sits in")
        parser.add_argument("--community", action="store_true", help="village or community")
        parser.add_argument("--branch-code", default="", help="default: pinyin initials")
        parser.add_argument("--committee-code", default="", help="default: pinyin initials")
        parser.add_argument("--secretary", required=True, help="the secretary's login name")
        parser.add_argument("--secretary-name", default="", help="the secretary's full name")
        parser.add_argument("--email", default="", help="the secretary's e-mail")
        parser.add_argument(
            "--password",
            default="",
            help="the secretary's password; asked for when a terminal is attached, else "
            "generated and printed once",
        )
        parser.add_argument("--admin", default="", help="committee administrator's login name")
        parser.add_argument("--admin-name", default="", help="committee administrator's name")

    def _password(self, given: str, username: str, full_name: str, interactive: bool) -> str:
        if given:
            password = given
        elif interactive:
            password = getpass.getpass(_("Password for %(user)s: ") % {"user": username})
        else:
            password = secrets.token_urlsafe(9)
            self.stdout.write(
                _("One-time password for %(user)s: %(password)s (change it after logging in)")
                % {"user": username, "password": password}
            )
            return password
        try:
            password_validation.validate_password(
                password, User(username=username, first_name=full_name)
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        return password

    def handle(self, *args, **o):
        if not firstrun.is_fresh_install():
            raise CommandError(
                _("This site is already set up: start_branch runs only on a fresh installation.")
            )
        interactive = sys.stdin.isatty()
        secretary = firstrun.Account(
            o["secretary"],
            self._password(o["password"], o["secretary"], o["secretary_name"], interactive),
            o["secretary_name"],
            o["email"],
        )
        admin = None
        if o["admin"]:
            admin = firstrun.Account(
                o["admin"], self._password("", o["admin"], o["admin_name"], False), o["admin_name"]
            )
        try:
            branch = firstrun.first_run_setup(
                branch_name=o["branch"],
                committee_name=o["committee"],
                unit=o["unit"],
                community_based=o["community"],
                branch_code=o["branch_code"],
                committee_code=o["committee_code"],
                secretary=secretary,
                committee_admin=admin,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            _("Set up %(branch)s (%(code)s) under %(committee)s; %(user)s is its secretary.")
            % {
                "branch": branch.name,
                "code": branch.code,
                "committee": branch.parent.name,
                "user": secretary.username,
            }
        )
