"""The first run of a fresh installation: the branch, its higher committee and the people who
manage them, set up in one step from the set-up page or ``manage.py start_branch``.

It runs only while no organisation exists, so it can never be used to take over a site that is
already in use. From a browser it is open to the machine's own address, or to anyone who types
the set-up code that the server prints in its console.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from branch import services
from branch.exceptions import ServiceError
from branch.models import Organization, OrgKind, Role
from branch.pinyin import pinyin_slug

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    full_name: str = ""
    email: str = ""


def is_fresh_install() -> bool:
    return not Organization.objects.exists()


def setup_code() -> str:
    """A code derived from the secret key: every process of the site knows the same one, and
    it needs no storage. It is useless once the site is set up."""
    digest = salted_hmac("branch.firstrun", "setup-code").hexdigest()
    return digest[:8].upper()


def announce_setup_code() -> None:
    logger.warning(
        "支部通 is not set up yet. Set-up code for a browser on another machine: %s",
        setup_code(),
    )


def code_matches(typed: str) -> bool:
    return constant_time_compare(typed.strip().upper(), setup_code())


def request_is_local(request: Any) -> bool:
    """A request from this machine itself, not passed on by a reverse proxy (a proxy on the same
    machine would make every visitor look local)."""
    if any(h in request.META for h in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def code_from_name(name: str, *, taken: set[str] | None = None) -> str:
    """A short code for an organisation from the initials of its name in pinyin:
    青山镇中心小学党支部 → qszzxxxdzb; a number is added while the code is taken."""
    if taken is None:
        taken = set(Organization.objects.values_list("code", flat=True))
    return pinyin_slug(name, taken=taken, initials=True, fallback="org", limit=40)


@transaction.atomic
def first_run_setup(
    *,
    branch_name: str,
    committee_name: str,
    secretary: Account,
    unit: str = "",
    community_based: bool = False,
    established_on: datetime.date | None = None,
    branch_code: str = "",
    committee_code: str = "",
    committee_admin: Account | None = None,
) -> Organization:
    """Create the higher committee, the branch below it, the secretary's account (and the
    committee administrator's), and grant their roles. Refused once any organisation exists."""
    # Lock the organisation table's rows so that two set-ups sent at once cannot both pass.
    if Organization.objects.select_for_update().exists():
        raise ServiceError(
            _("This site is already set up. Log in, or ask the administrator of your committee.")
        )
    usernames = [secretary.username] + ([committee_admin.username] if committee_admin else [])
    if len({u.lower() for u in usernames}) != len(usernames):
        raise ServiceError(
            _("The secretary and the committee administrator need different login names."),
            field="admin_username",
        )
    committee_code = committee_code or code_from_name(committee_name, taken=set())
    branch_code = branch_code or code_from_name(branch_name, taken={committee_code})
    if branch_code == committee_code:
        raise ServiceError(
            _("The branch and its higher committee need different codes."), field="branch_code"
        )
    committee = services.organization_create(
        actor=None,
        code=committee_code,
        name=committee_name,
        kind=OrgKind.COMMITTEE,
        community_based=community_based,
    )
    branch = services.organization_create(
        actor=None,
        code=branch_code,
        name=branch_name,
        kind=OrgKind.BRANCH,
        parent=committee,
        unit=unit,
        community_based=community_based,
        established_on=established_on,
    )
    _account_with_role(branch, secretary, Role.SECRETARY)
    if committee_admin is not None:
        _account_with_role(committee, committee_admin, Role.HIGHER_ADMIN)
    return branch


def _account_with_role(org: Organization, account: Account, role: str) -> Any:
    user = services.account_create(
        actor=None,
        org=org,
        username=account.username,
        password=account.password,
        full_name=account.full_name,
        email=account.email,
    )
    services.role_grant(actor=None, org=org, user=user, role=role)
    return user
