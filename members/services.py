"""Writes about people: the person record, their status history, their party group. The
committee's terms and posts are in ``members.services_committee``, development steps in
``members.pipeline``, transfers in ``members.transfers``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record, snapshot
from branch.dates import DateKind, ImplausibleDate, check_adult, long_date, service_check
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import Organization, PartyGroup
from branch.services import full_clean, require_perm
from members import rules
from members.idcard import InvalidIdNumber, parse_id_number
from members.models import (
    ASPECT_VALUES,
    PARTY_MEMBER_STAGES,
    Aspect,
    GroupMembership,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
)
from members.selectors import date_entered, keeps_now, moved_away, state_of, with_history

# The committee's services are in their own module; they are also reached as the app's services.
from members.services_committee import (  # noqa: F401
    committee_post_add,
    committee_post_end,
    committee_term_create,
)
from members.validation import FULL_MEMBER_ON, JOINED_PARTY_ON, check_phone

PERSON_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "education",
    "unit_and_post",
    "phone",
    "user",
)

# A standing that ends the person's life in the branch: their membership ends that day.
LEAVING_STANDINGS = {
    Standing.DECEASED: Membership.LeftReason.DECEASED,
    Standing.LEFT: Membership.LeftReason.STANDING,
    Standing.EXPELLED: Membership.LeftReason.STANDING,
    Standing.DISQUALIFIED: Membership.LeftReason.STANDING,
}


def check_id_number(person: Person) -> None:
    """Validate the ID number and cross-check it with the birth date and gender."""
    if not person.id_number:
        return
    check_id_number_fits(person)
    if Person.objects.filter(id_number=person.id_number).exclude(pk=person.pk).exists():
        raise id_number_registered()


def check_id_number_fits(person: Person) -> None:
    """The ID number is valid and gives the person's birth date and gender (no query: the
    workbook import checks who holds a number for all its rows at once)."""
    if not person.id_number:
        return
    try:
        parsed = parse_id_number(person.id_number)
    except InvalidIdNumber as exc:
        raise ServiceError(str(exc), field="id_number") from None
    person.id_number = parsed.number
    if person.birth_date and parsed.birth_date != person.birth_date:
        raise ServiceError(
            _("The ID number gives the birth date %(id_date)s, not %(date)s.")
            % {"id_date": long_date(parsed.birth_date), "date": long_date(person.birth_date)},
            field="id_number",
        )
    if person.gender and parsed.gender != person.gender:
        raise ServiceError(
            _("The ID number belongs to a %(gender)s person.")
            % {"gender": _("man") if parsed.gender == "male" else _("woman")},
            field="id_number",
        )


def id_number_registered() -> ServiceError:
    """The answer to an ID number someone else holds. It names neither the person nor their
    branch: typing numbers must not tell whose they are."""
    return ServiceError(
        _(
            "This ID number is already registered in the system. A member coming from another "
            "branch arrives by a transfer: their branch transfers them out to this one, or "
            "you record a transfer in with their introduction letter."
        ),
        field="id_number",
    )


def _save_person(person: Person) -> None:
    # The ID number and the account come before the model's own validation, which would
    # report a clash only as "constraint violated".
    check_id_number(person)
    if (
        person.user_id
        and Person.objects.filter(user_id=person.user_id).exclude(pk=person.pk).exists()
    ):
        raise ServiceError(_("That login account already belongs to another person."), field="user")
    check_phone(person)
    full_clean(person, exclude=["photo"])
    service_check(DateKind.BIRTH, person.birth_date, field="birth_date", label=_label("birth_date"))
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise id_number_registered() from None


def require_kept(person: Person, org: Organization) -> None:
    """Only the branch that keeps the person now writes their records."""
    if not keeps_now(person, org):
        raise ServicePermissionDenied(moved_away(person, org))


def _label(name: str) -> str:
    return str(Person._meta.get_field(name).verbose_name)


def party_dates_check(
    *,
    stage: str,
    birth_date: datetime.date | None,
    joined_party_on: datetime.date | None,
    full_member_on: datetime.date | None,
    require: bool = False,
) -> None:
    """入党日期 and 转正日期 fit the stage and each other: only full and probationary members
    have them, full membership comes at the end of a probation of (at least) one year, and
    nobody joins the Party before turning 18. With ``require`` the stage's dates must be
    given (the forms); the importer and older records may lack a 入党日期."""
    labels = {"joined_party_on": JOINED_PARTY_ON, "full_member_on": FULL_MEMBER_ON}
    for field, day in (("joined_party_on", joined_party_on), ("full_member_on", full_member_on)):
        service_check(DateKind.PARTY, day, field=field, label=labels[field])
    if stage not in PARTY_MEMBER_STAGES:
        for field, day in (
            ("joined_party_on", joined_party_on),
            ("full_member_on", full_member_on),
        ):
            if day:
                raise ServiceError(
                    _("%(field)s is only for full and probationary members; leave it empty.")
                    % {"field": labels[field]},
                    field=field,
                )
        return
    if stage == Stage.PROBATIONARY and full_member_on:
        raise ServiceError(
            _("A probationary member has no %(field)s yet.") % {"field": FULL_MEMBER_ON},
            field="full_member_on",
        )
    if require and not joined_party_on:
        raise ServiceError(
            _("Give the %(field)s of a party member.") % {"field": JOINED_PARTY_ON},
            field="joined_party_on",
        )
    if stage == Stage.FULL and (require or joined_party_on) and not full_member_on:
        raise ServiceError(
            _("Give the %(field)s of a full member.") % {"field": FULL_MEMBER_ON},
            field="full_member_on",
        )
    if joined_party_on and full_member_on:
        earliest = joined_party_on + rules.PROBATION
        if full_member_on < earliest:
            raise ServiceError(
                _(
                    "%(field)s comes after a probation of one year: not before %(date)s "
                    "(joined the Party on %(joined)s)."
                )
                % {
                    "field": FULL_MEMBER_ON,
                    "date": long_date(earliest),
                    "joined": long_date(joined_party_on),
                },
                field="full_member_on",
            )
    if birth_date and joined_party_on:
        try:
            check_adult(birth_date, joined_party_on, label=JOINED_PARTY_ON)
        except ImplausibleDate as exc:
            raise ServiceError(exc.message, field="joined_party_on") from None


def new_person_dates_check(
    *,
    joined_on: datetime.date | None,
    stage_on: datetime.date | None,
    category_on: datetime.date | None,
) -> None:
    """The dates a new person's records start from are plausible (``branch.dates``): the day
    of joining the branch, and those of their stage and category."""
    service_check(
        DateKind.JOINED,
        joined_on,
        field="joined_on",
        label=Membership._meta.get_field("joined_on").verbose_name,
    )
    for field, day in (("stage_on", stage_on), ("category_on", category_on)):
        service_check(
            DateKind.PARTY,
            day,
            field=field,
            label=StatusChange._meta.get_field("effective_on").verbose_name,
        )


@transaction.atomic
def person_create(
    *,
    actor: Any,
    org: Organization,
    name: str,
    gender: str,
    birth_date: datetime.date,
    joined_on: datetime.date,
    stage: str,
    stage_on: datetime.date | None = None,
    category: str = "",
    category_on: datetime.date | None = None,
    party_group: PartyGroup | None = None,
    photo: Any = None,
    joined_party_on: datetime.date | None = None,
    full_member_on: datetime.date | None = None,
    **fields: Any,
) -> Person:
    """A new person in ``org``'s records: the person, their membership from ``joined_on``,
    their stage, category and standing, and their party group.

    A party member's history comes from ``joined_party_on`` (入党日期: probationary from then)
    and ``full_member_on`` (转正日期); without them, ``stage`` holds from ``stage_on`` (else
    the day of joining the branch), as for someone in the pipeline."""
    require_perm(actor, "log_records", org)
    if not org.is_branch:
        raise ServiceError(_("People are kept in the records of a party branch."))
    new_person_dates_check(joined_on=joined_on, stage_on=stage_on, category_on=category_on)
    party_dates_check(
        stage=stage,
        birth_date=birth_date,
        joined_party_on=joined_party_on,
        full_member_on=full_member_on,
    )
    person = Person(name=name, gender=gender, birth_date=birth_date, **fields)
    if photo:
        person.photo = photo
    _save_person(person)
    Membership.objects.create(person=person, organization=org, joined_on=joined_on)
    if joined_party_on or full_member_on:
        history = [(Stage.PROBATIONARY, joined_party_on)] if joined_party_on else []
        if stage == Stage.FULL:
            history.append((Stage.FULL, full_member_on))
    else:
        history = [(stage, stage_on or joined_on)]
    for value, day in history:
        add_status(person, Aspect.STAGE, value, day, actor)
    add_status(person, Aspect.STANDING, Standing.NORMAL, history[0][1], actor)
    if category:
        add_status(person, Aspect.CATEGORY, category, category_on or joined_on, actor)
    if party_group is not None:
        _check_group(party_group, org)
        GroupMembership.objects.create(person=person, party_group=party_group, joined_on=joined_on)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=person,
        after={
            **snapshot(person, PERSON_FIELDS),
            "stage": stage,
            "joined_on": joined_on,
            "joined_party_on": joined_party_on,
            "full_member_on": full_member_on,
        },
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, org: Organization, person: Person, **changes: Any) -> Person:
    require_perm(actor, "log_records", org)
    require_kept(person, org)
    before = snapshot(person, PERSON_FIELDS)
    for name in (*PERSON_FIELDS, "photo"):
        if name in changes and not (name == "photo" and changes[name] is None):
            setattr(person, name, changes[name])
    _save_person(person)
    after = snapshot(person, PERSON_FIELDS)
    if "joined_party_on" in changes or "full_member_on" in changes:
        dates_before, dates_after = _party_dates_update(
            person, actor, changes.get("joined_party_on"), changes.get("full_member_on")
        )
        before |= dates_before
        after |= dates_after
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=person,
        before=before,
        after=after,
    )
    return person


def _party_dates_update(
    person: Person,
    actor: Any,
    joined_party_on: datetime.date | None,
    full_member_on: datetime.date | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Correct 入党日期 and 转正日期 of a party member: the days their probationary and full
    stages began (the rows of the status history, moved rather than added). Gives the dates
    that changed, before and after, for the audit entry."""
    changes = list(person.status_changes.filter(aspect=Aspect.STAGE))
    stage = max(changes, key=lambda c: (c.effective_on, c.pk)).value if changes else ""
    recorded = {
        Stage.PROBATIONARY: date_entered(changes, Aspect.STAGE, Stage.PROBATIONARY),
        Stage.FULL: date_entered(changes, Aspect.STAGE, Stage.FULL),
    }
    given = {Stage.PROBATIONARY: joined_party_on, Stage.FULL: full_member_on}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if stage not in PARTY_MEMBER_STAGES and not any(given.values()):
        return before, after
    party_dates_check(
        stage=stage,
        birth_date=person.birth_date,
        joined_party_on=joined_party_on,
        full_member_on=full_member_on,
    )
    for value, day in given.items():
        if day is None or day == recorded[value]:
            continue
        row = next(
            (c for c in sorted(changes, key=lambda c: c.effective_on) if c.value == value), None
        )
        field = "joined_party_on" if value == Stage.PROBATIONARY else "full_member_on"
        if row is None:
            add_status(person, Aspect.STAGE, value, day, actor)
        else:
            row.effective_on = day
            try:
                with transaction.atomic():
                    row.save(update_fields=["effective_on"])
            except IntegrityError:
                raise ServiceError(
                    _("%(person)s already has a change of %(aspect)s on %(date)s.")
                    % {"person": person.name, "aspect": Aspect.STAGE.label, "date": long_date(day)},
                    field=field,
                ) from None
        before[field], after[field] = recorded[value], day
    first = min(c.effective_on for c in person.status_changes.filter(aspect=Aspect.STAGE))
    standing = person.status_changes.filter(aspect=Aspect.STANDING).order_by("effective_on").first()
    if standing is not None and standing.effective_on > first:
        standing.effective_on = first
        standing.save(update_fields=["effective_on"])
    return before, after


def add_status(
    person: Person, aspect: str, value: str, effective_on: datetime.date, actor: Any, note: str = ""
) -> StatusChange:
    if value not in ASPECT_VALUES[aspect].values:
        raise ServiceError(_("Unknown value “%(value)s”.") % {"value": value}, field="value")
    try:
        with transaction.atomic():
            return StatusChange.objects.create(
                person=person,
                aspect=aspect,
                value=value,
                effective_on=effective_on,
                note=note,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ServiceError(
            _("%(person)s already has a change of %(aspect)s on %(date)s.")
            % {
                "person": person.name,
                "aspect": Aspect(aspect).label,
                "date": long_date(effective_on),
            },
            field="effective_on",
        ) from None


@transaction.atomic
def status_change_record(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    aspect: str,
    value: str,
    effective_on: datetime.date,
    note: str = "",
) -> StatusChange:
    """A new stage, category or standing from ``effective_on``. A standing that ends party
    membership (deceased, left, expelled, cancelled) also ends the membership in the branch."""
    require_perm(actor, "log_records", org)
    require_kept(person, org)
    service_check(
        DateKind.PARTY,
        effective_on,
        field="effective_on",
        label=StatusChange._meta.get_field("effective_on").verbose_name,
    )
    person = with_history(Person.objects.filter(pk=person.pk), org).get()
    state = state_of(person, effective_on)
    if state.membership is None:
        raise ServiceError(
            _("%(person)s was not in %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(effective_on)},
            field="effective_on",
        )
    if aspect == Aspect.STAGE and value != Stage.FULL and state.stage == value:
        raise ServiceError(
            _("%(person)s is already at that stage.") % {"person": person.name}, field="value"
        )
    change = add_status(person, aspect, value, effective_on, actor, note)
    if aspect == Aspect.STANDING and value in LEAVING_STANDINGS:
        end_membership(person, org, effective_on, LEAVING_STANDINGS[value])
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=change,
        after={"aspect": aspect, "value": value, "effective_on": effective_on, "note": note},
    )
    return change


def end_membership(
    person: Person, org: Organization, day: datetime.date, reason: str
) -> Membership | None:
    """End the person's open membership in ``org`` (and their party group) on ``day``."""
    membership = Membership.objects.filter(
        person=person, organization=org, left_on__isnull=True
    ).first()
    if membership is None:
        return None
    if day < membership.joined_on:
        raise ServiceError(
            _("%(person)s joined %(org)s on %(joined)s, after %(date)s.")
            % {
                "person": person.name,
                "org": org.name,
                "joined": long_date(membership.joined_on),
                "date": long_date(day),
            }
        )
    membership.left_on, membership.left_reason = day, reason
    membership.save(update_fields=["left_on", "left_reason"])
    GroupMembership.objects.filter(
        person=person, party_group__organization=org, left_on__isnull=True, joined_on__lte=day
    ).update(left_on=day)
    return membership


def _check_group(group: PartyGroup, org: Organization) -> None:
    if group.organization_id != org.pk:
        raise ServiceError(_("That party group belongs to another branch."), field="party_group")


@transaction.atomic
def group_assign(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    party_group: PartyGroup | None,
    joined_on: datetime.date,
) -> GroupMembership | None:
    """Move the person into ``party_group`` from ``joined_on`` (``None``: into no group)."""
    require_perm(actor, "log_records", org)
    require_kept(person, org)
    service_check(
        DateKind.JOINED,
        joined_on,
        field="joined_on",
        label=GroupMembership._meta.get_field("joined_on").verbose_name,
    )
    if party_group is not None:
        _check_group(party_group, org)
    current = GroupMembership.objects.filter(
        person=person, party_group__organization=org, left_on__isnull=True
    ).first()
    if current is not None:
        if current.party_group_id == getattr(party_group, "pk", None):
            raise ServiceError(
                _("%(person)s is already in %(group)s.")
                % {"person": person.name, "group": party_group.name},
                field="party_group",
            )
        if joined_on < current.joined_on:
            raise ServiceError(
                _("%(person)s joined %(group)s on %(date)s; a move must come after that.")
                % {
                    "person": person.name,
                    "group": current.party_group.name,
                    "date": long_date(current.joined_on),
                },
                field="joined_on",
            )
        current.left_on = joined_on
        current.save(update_fields=["left_on"])
    new = None
    if party_group is not None:
        new = GroupMembership.objects.create(
            person=person, party_group=party_group, joined_on=joined_on
        )
    audit_record(
        actor=actor,
        organization=org,
        action=Action.UPDATE,
        obj=person,
        before={"party_group": current.party_group.name if current else None},
        after={"party_group": party_group.name if party_group else None, "from": joined_on},
    )
    return new
