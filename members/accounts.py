"""Login accounts for the people on the roster, made by the secretary.

Each account gets a login name from the person's name in pinyin and a one-time password that
is shown once (and e-mailed where an address is given); its holder must choose their own
password at the first login (``branch.models.OneTimePassword``). The role follows from the
records: a committee post on the day makes it 支委, anyone else is a member; the roles page
adjusts it afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branch import services as branch_services
from branch.audit import Action, audit_record
from branch.exceptions import ServiceError
from branch.models import OneTimePassword, Organization, Role
from branch.pinyin import pinyin_slug
from branch.services import require_perm
from members.models import CommitteePost, Person
from members.selectors import people_in

User = get_user_model()

# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class IssuedAccount:
    person: Person
    username: str
    password: str  # shown once, never stored in clear
    role: str
    emailed: bool


def username_for(name: str, taken: set[str]) -> str:
    """王建国 → wangjianguo; wangjianguo2 while that is taken."""
    return pinyin_slug(name, taken=taken, fallback="member", limit=30)


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def eligible_people(org: Organization) -> list[Person]:
    """People on the roster today who have no account yet, in roster order."""
    return list(people_in(org, timezone.localdate()).filter(user__isnull=True))


def _role_from_records(person: Person, org: Organization) -> str:
    today = timezone.localdate()
    posts = CommitteePost.objects.filter(person=person, term__organization=org)
    return Role.COMMITTEE if any(p.active_on(today) for p in posts) else Role.MEMBER


@transaction.atomic
def accounts_create(
    *,
    actor: Any,
    org: Organization,
    people: Iterable[Person],
    emails: dict[int, str] | None = None,
) -> list[IssuedAccount]:
    """An account for each of ``people`` (on the roster of ``org`` today, without one yet),
    with a one-time password and the role their records give them."""
    require_perm(actor, "manage_roles", org)
    if not org.is_branch:
        raise ServiceError(_("Accounts are made from the roster of a party branch."))
    emails = emails or {}
    eligible = {p.pk: p for p in eligible_people(org)}
    chosen = list(people)
    if not chosen:
        raise ServiceError(_("Choose at least one person."), field="people")
    for person in chosen:
        if person.pk not in eligible:
            raise ServiceError(
                _("%(name)s is not on the roster today or has an account already.")
                % {"name": person.name},
                field="people",
            )
    taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
    issued = []
    for person in chosen:
        username = username_for(person.name, taken)
        taken.add(username)
        password = one_time_password()
        email = emails.get(person.pk, "").strip()
        user = User(username=username, first_name=person.name, email=email)
        user.set_password(password)
        user.save()
        OneTimePassword.objects.create(user=user, issued_by=actor)
        person.user = user
        person.save(update_fields=["user"])
        role = _role_from_records(person, org)
        branch_services.role_grant(actor=actor, org=org, user=user, role=role)
        audit_record(
            actor=actor,
            organization=org,
            action=Action.CREATE,
            obj=user,
            after={"username": username, "first_name": person.name, "email": email},
        )
        emailed = bool(email) and _send(user, password, org)
        issued.append(IssuedAccount(person, username, password, role, emailed))
    return issued


def _send(user: Any, password: str, org: Organization) -> bool:
    body = _(
        "%(name)s:\n\n%(org)s has opened an account for you on %(site)s.\n\n"
        "Address: %(url)s\nLogin name: %(username)s\nOne-time password: %(password)s\n\n"
        "Choose your own password when you first log in."
    ) % {
        "name": user.first_name,
        "org": org.name,
        "site": settings.SITE_NAME,
        "url": settings.SITE_URL + reverse("login"),
        "username": user.username,
        "password": password,
    }
    subject = _("Your account on %(site)s") % {"site": settings.SITE_NAME}
    # The account exists whether or not the mail goes out; the secretary sees which did.
    sent = send_mail(subject, body, None, [user.email], fail_silently=True)
    return bool(sent)
