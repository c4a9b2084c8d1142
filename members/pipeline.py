"""Recording one of the 25 development steps: the service that checks a record against the
rules of ``members.rules`` (through ``members.steps``, which reads a person's steps without the
database) and writes it, with what the step changes: the person's stage or standing."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branch import step_checks
from branch.audit import Action, audit_record
from branch.dates import DateKind, long_date, service_check
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import Organization
from branch.permissions import has_org_perm
from branch.services import require_perm
from members import rules
from members.choices import Aspect, Stage
from members.models import DevelopmentStep, Person, StepAttachment
from members.rules import HIGHER, OUTCOMES, STEPS
from members.selectors import state_of, value_on, voters_on, with_history
from members.services import add_status, end_membership
from members.steps import (
    check_order,
    check_time_rules,
    extended,
    latest,
    next_cycle,
    probation_end,
    step_label,
    succeeded,
)


def _check_people(org: Organization, number: int, done_on: datetime.date, people: list) -> None:
    low, high = STEPS[number].people
    if not (low <= len(people) <= high):
        raise ServiceError(
            _("%(step)s names %(low)d to %(high)d full members; %(n)d given.")
            % {"step": step_label(number), "low": low, "high": high, "n": len(people)}
            if low != high
            else _("%(step)s names %(low)d full members; %(n)d given.")
            % {"step": step_label(number), "low": low, "n": len(people)},
            field="people",
        )
    voters = {p.pk for p in voters_on(org, done_on)}
    for person in people:
        if person.pk not in voters:
            raise ServiceError(
                _("%(person)s was not a full member of %(org)s on %(date)s.")
                % {"person": person.name, "org": org.name, "date": long_date(done_on)},
                field="people",
            )


def _check_vote(org: Organization, done_on: datetime.date, data: dict) -> dict:
    try:
        votes = {k: int(data.get(k) or 0) for k in ("votes_for", "votes_against", "abstentions")}
    except (TypeError, ValueError):
        raise ServiceError(_("Votes are whole numbers."), field="votes_for") from None
    if any(v < 0 for v in votes.values()):
        raise ServiceError(_("Votes cannot be negative."), field="votes_for")
    entitled = len(voters_on(org, done_on))
    cast = sum(votes.values())
    if cast > entitled:
        raise ServiceError(
            _("%(cast)d votes were cast; only %(entitled)d full members could vote on %(date)s.")
            % {"cast": cast, "entitled": entitled, "date": long_date(done_on)},
            field="votes_for",
        )
    if cast * 2 <= entitled:
        raise ServiceError(
            _(
                "No quorum: %(cast)d of %(entitled)d full members voted; more than half must "
                "be present."
            )
            % {"cast": cast, "entitled": entitled},
            field="votes_for",
        )
    return {**votes, "entitled": entitled, "passed": votes["votes_for"] * 2 > entitled}


def _check_step_data(
    org: Organization, person: Person, steps: list, number: int, done_on: datetime.date, data: dict
) -> dict:
    """Validate what the step records beyond its date, returning the data to store."""
    clean: dict[str, Any] = {}
    rule = STEPS[number]
    if rule.min_age:
        adult_on = person.birth_date + relativedelta(years=rule.min_age)
        if done_on < adult_on:
            raise ServiceError(
                _("An applicant must be at least 18: %(person)s turns 18 on %(date)s.")
                % {"person": person.name, "date": long_date(adult_on)},
                field="done_on",
            )
    if rule.training:
        days, hours = _number(data, "training_days"), _number(data, "training_hours")
        if days < rules.TRAINING_MIN_DAYS and hours < rules.TRAINING_MIN_HOURS:
            raise ServiceError(
                _("The intensive training lasts at least 3 days or 24 class hours."),
                field="training_days",
            )
        clean.update(training_days=days, training_hours=hours)
    if rule.vote:
        clean.update(_check_vote(org, done_on, data))
    if rule.decides and clean.get("passed"):
        outcome = data.get("outcome")
        if outcome not in OUTCOMES:
            raise ServiceError(_("Say what the assembly decided."), field="outcome")
        clean["outcome"] = outcome
        if OUTCOMES[outcome].extends:
            if extended(steps):
                raise ServiceError(_("A probation can be extended only once."), field="outcome")
            months = _number(data, "extension_months")
            low, high = rules.EXTENSION_MONTHS
            if not (low <= months <= high):
                raise ServiceError(
                    _("A probation is extended by 6 to 12 months."), field="extension_months"
                )
            clean["extension_months"] = months
    if rule.approval:
        clean["approved"] = bool(data.get("approved", True))
        if data.get("reference"):
            clean["reference"] = str(data["reference"])[:60]
    if data.get("late_reason"):
        clean["late_reason"] = str(data["late_reason"])[:300]
    return clean


def _number(data: dict, key: str) -> int:
    try:
        return int(data.get(key) or 0)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a whole number."), field=key) from None


@transaction.atomic
def step_record(
    *,
    actor: Any,
    org: Organization,
    person: Person,
    number: int,
    done_on: datetime.date,
    notes: str = "",
    data: dict | None = None,
    people: list[Person] | None = None,
    files: list[Any] | None = None,
) -> DevelopmentStep:
    """Record that step ``number`` was done for ``person`` on ``done_on``, after checking the
    order of the steps, their time rules and what the step itself requires."""
    if number not in STEPS:
        raise ServiceError(_("There is no step %(n)s.") % {"n": number}, field="number")
    rule = STEPS[number]
    if (
        rule.actor == HIGHER
        and actor is not None
        and not has_org_perm(actor, "approve_higher", org)
    ):
        # Say whose step it is: "your role does not allow this" leaves a secretary guessing.
        raise ServicePermissionDenied(
            _("%(step)s is recorded by the higher committee's administrator.")
            % {"step": step_label(number)},
            field="number",
        )
    require_perm(actor, "approve_higher" if rule.actor == HIGHER else "log_records", org)
    service_check(
        DateKind.PARTY,
        done_on,
        field="done_on",
        label=DevelopmentStep._meta.get_field("done_on").verbose_name,
    )
    # The same member named twice is one contact (or introducer), not two.
    people = list({p.pk: p for p in people or []}.values())
    data, files = dict(data or {}), list(files or [])
    person = with_history(Person.objects.filter(pk=person.pk), org).select_for_update().get()
    steps = list(person.steps.all())

    state = state_of(person, done_on)
    if state.membership is None or state.membership.organization_id != org.pk:
        raise ServiceError(
            _("%(person)s was not in the records of %(org)s on %(date)s.")
            % {"person": person.name, "org": org.name, "date": long_date(done_on)},
            field="done_on",
        )
    before = state_of(person, done_on - datetime.timedelta(days=1)) if rule.enters else state
    if before.stage not in (rule.stage, None if rule.opens_pipeline else rule.stage):
        raise ServiceError(
            _("%(step)s is for a person who is a %(stage)s; on %(date)s %(person)s was %(now)s.")
            % {
                "step": step_label(number),
                "stage": Stage(rule.stage).label,
                "date": long_date(done_on),
                "person": person.name,
                "now": before.stage_label or _("not in the pipeline"),
            },
            field="number",
        )
    cycle = next_cycle(steps, number)
    if cycle is None:
        raise ServiceError(
            _("%(step)s is already recorded for %(person)s.")
            % {"step": step_label(number), "person": person.name},
            field="number",
        )
    check_order(steps, number, done_on)
    check_time_rules(steps, number, done_on, str(data.get("late_reason", "")))
    step_checks.run(org=org, person=person, number=number, done_on=done_on)
    if rule.people:
        _check_people(org, number, done_on, people)
    clean = _check_step_data(org, person, steps, number, done_on, data)
    for upload in files:
        StepAttachment.check_upload(upload)

    try:
        with transaction.atomic():
            step = DevelopmentStep.objects.create(
                person=person,
                organization=org,
                number=number,
                cycle=cycle,
                done_on=done_on,
                notes=notes,
                data=clean,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ServiceError(
            _("%(step)s was recorded by someone else just now.") % {"step": step_label(number)}
        ) from None
    step.people.set(people)
    for upload in files:
        StepAttachment.store(upload, step=step)
    _apply_consequences(actor, org, person, [*steps, step], step)
    audit_record(
        actor=actor,
        organization=org,
        action=Action.CREATE,
        obj=step,
        after={
            "number": number,
            "done_on": done_on,
            "notes": notes,
            **clean,
            **({"people": [p.name for p in people]} if people else {}),
        },
    )
    return step


def _apply_consequences(
    actor: Any, org: Organization, person: Person, steps: list, step: DevelopmentStep
) -> None:
    """Move the person to the stage the step leads to: the stage it ``enters`` (from the day of
    the vote an approval answers: probation and party age run from the assembly that admitted
    them), or what the approved decision of the assembly says."""
    rule = STEPS[step.number]
    if not succeeded(step):
        return
    if rule.approval and STEPS[rule.answers].decides:
        decision = latest(steps, rule.answers)
        consequence = OUTCOMES.get(decision.data.get("outcome")) if decision else None
        if consequence is None:
            return
        if consequence.enters:
            _enter(actor, person, consequence.enters, probation_end(steps))
        if consequence.standing:
            add_status(person, Aspect.STANDING, consequence.standing, step.done_on, actor)
            end_membership(person, org, step.done_on, "standing")
        return
    if rule.enters:
        since = latest(steps, rule.answers) if rule.answers else step
        _enter(actor, person, rule.enters, since.done_on)


def _enter(actor: Any, person: Person, stage: str, day: datetime.date) -> None:
    person = Person.objects.prefetch_related("status_changes").get(pk=person.pk)
    if value_on(person.status_changes.all(), Aspect.STAGE, day) != stage:
        add_status(person, Aspect.STAGE, stage, day, actor)
