"""组织关系转接: transfers out of and into a branch, and between two branches of this system."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record, snapshot
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError
from branch.models import Organization
from branch.services import require_perm
from members.models import Membership, Person, Standing, Transfer
from members.selectors import state_of, with_history
from members.services import end_membership, id_number_registered, person_create

TRANSFER_FIELDS = (
    "direction",
    "transferred_on",
    "letter_number",
    "counterpart",
    "counterpart_org",
    "dues_paid_until",
    "valid_until",
    "return_slip_on",
    "note",
)


def _check_dates(transferred_on: datetime.date, valid_until: datetime.date | None) -> None:
    service_check(
        DateKind.PARTY,
        transferred_on,
        field="transferred_on",
        label=Transfer._meta.get_field("transferred_on").verbose_name,
    )
    if valid_until is not None and valid_until < transferred_on:
        raise ServiceError(_("The letter cannot expire before the transfer."), field="valid_until")


def _first_of_month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day else None


def _open_membership(person: Person, org: Organization, day: datetime.date) -> Membership:
    person = with_history(Person.objects.filter(pk=person.pk), org).get()
    state = state_of(person, day)
    if state.membership is None or state.membership.organization_id != org.pk:
        raise ServiceError(
            _("%(person)s was not in %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(day)},
            field="transferred_on",
        )
    if state.membership.left_on is not None:
        raise ServiceError(
            _("%(person)s already left %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(state.membership.left_on)},
            field="transferred_on",
        )
    return state.membership


def _record(actor: Any, org: Organization, **fields: Any) -> Transfer:
    transfer = Transfer.objects.create(
        organization=org, recorded_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=transfer,
        after=snapshot(transfer, TRANSFER_FIELDS),
    )
    return transfer


@transaction.atomic
def transfer_out(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    transferred_on: datetime.date,
    letter_number: str,
    counterpart: str,
    dues_paid_until: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> Transfer:
    """The member leaves with an introduction letter; the membership ends that day and the
    branch keeps the history. The return slip is recorded when it comes back."""
    require_perm(actor, "log_records", org)
    _check_dates(transferred_on, valid_until)
    _open_membership(person, org, transferred_on)
    end_membership(person, org, transferred_on, Membership.LeftReason.TRANSFER)
    return _record(
        actor,
        org,
        person=person,
        direction=Transfer.Direction.OUT,
        transferred_on=transferred_on,
        letter_number=letter_number,
        counterpart=counterpart,
        dues_paid_until=_first_of_month(dues_paid_until),
        valid_until=valid_until,
        note=note,
    )


@transaction.atomic
def transfer_in(
    *,
    actor: Any,
    org: Organization,
    transferred_on: datetime.date,
    letter_number: str,
    counterpart: str,
    person: Person | None = None,
    person_fields: dict | None = None,
    dues_paid_until: datetime.date | None = None,
    note: str = "",
) -> Transfer:
    """A member arrives with an introduction letter from elsewhere. An existing person (found
    by their ID number, or given) is re-activated; otherwise the person is created from
    ``person_fields`` (name, gender, birth date, stage… as for ``person_create``)."""
    require_perm(actor, "log_records", org)
    _check_dates(transferred_on, None)
    fields = dict(person_fields or {})
    if person is None and fields.get("id_number"):
        person = Person.objects.filter(id_number=fields["id_number"].strip().upper()).first()
        # the letter names the person: an ID number alone opens nobody's record
        if person is not None and fields.get("name", "").strip() != person.name:
            raise id_number_registered()
    if person is None:
        if not fields:
            raise ServiceError(_("Say who is transferring in."), field="name")
        person = person_create(actor=actor, org=org, joined_on=transferred_on, **fields)
    else:
        if Membership.objects.filter(person=person, left_on__isnull=True).exists():
            raise ServiceError(
                _(
                    "The person with this ID number is still in the records of another branch "
                    "of this system; that branch transfers them out to this one first."
                ),
                field="id_number" if fields else "name",
            )
        Membership.objects.create(person=person, organization=org, joined_on=transferred_on)
        standing = state_of(
            with_history(Person.objects.filter(pk=person.pk), org).get(), transferred_on
        ).standing
        if standing not in (None, Standing.NORMAL, Standing.SUSPENDED):
            raise ServiceError(
                _("The person with this ID number is no longer a party member."),
                field="id_number" if fields else None,
            )
    return _record(
        actor,
        org,
        person=person,
        direction=Transfer.Direction.IN,
        transferred_on=transferred_on,
        letter_number=letter_number,
        counterpart=counterpart,
        dues_paid_until=_first_of_month(dues_paid_until),
        note=note,
    )


@transaction.atomic
def transfer_within(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    to_org: Organization,
    transferred_on: datetime.date,
    letter_number: str,
    dues_paid_until: datetime.date | None = None,
    note: str = "",
) -> tuple[Transfer, Transfer]:
    """Both branches are in this system: one operation ends the membership in ``org``, starts
    it in ``to_org`` and records the transfer on both sides. The receiving side has the
    letter at once, so the return slip is recorded with it."""
    require_perm(actor, "log_records", org)
    if not to_org.is_branch or to_org.pk == org.pk:
        raise ServiceError(_("Choose another party branch to transfer to."), field="to_org")
    _check_dates(transferred_on, None)
    _open_membership(person, org, transferred_on)
    end_membership(person, org, transferred_on, Membership.LeftReason.TRANSFER)
    Membership.objects.create(person=person, organization=to_org, joined_on=transferred_on)
    paid = _first_of_month(dues_paid_until)
    out = _record(
        actor,
        org,
        person=person,
        direction=Transfer.Direction.OUT,
        transferred_on=transferred_on,
        letter_number=letter_number,
        counterpart=to_org.name,
        counterpart_org=to_org,
        dues_paid_until=paid,
        return_slip_on=transferred_on,
        note=note,
    )
    arrival = _record(
        actor,
        to_org,
        person=person,
        direction=Transfer.Direction.IN,
        transferred_on=transferred_on,
        letter_number=letter_number,
        counterpart=org.name,
        counterpart_org=org,
        dues_paid_until=paid,
        note=note,
    )
    return out, arrival


@transaction.atomic
def return_slip_record(*, actor: Any, transfer: Transfer, received_on: datetime.date) -> Transfer:
    """The receiving side's 回执 came back: from now on the sending branch is no longer
    responsible for the member."""
    require_perm(actor, "log_records", transfer.organization)
    if transfer.direction != Transfer.Direction.OUT:
        raise ServiceError(_("Only a transfer out has a return slip."))
    if transfer.return_slip_on is not None:
        raise ServiceError(_("The return slip is already recorded."))
    if received_on < transfer.transferred_on or received_on > timezone.localdate():
        raise ServiceError(
            _("The return slip arrives after the transfer (%(date)s) and not in the future.")
            % {"date": long_date(transfer.transferred_on)},
            field="received_on",
        )
    before = snapshot(transfer, TRANSFER_FIELDS)
    transfer.return_slip_on = received_on
    transfer.save(update_fields=["return_slip_on"])
    audit_record(
        actor=actor,
        organization=transfer.organization,
        action=Action.UPDATE,
        obj=transfer,
        before=before,
        after=snapshot(transfer, TRANSFER_FIELDS),
    )
    return transfer
