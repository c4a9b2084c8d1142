"""The development of new members: recording one of the 25 steps against the rules of
``members.rules``, and working out what each person's development is waiting for."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branch import step_checks
from branch.audit import Action, audit_record
from branch.dates import DateKind, service_check
from branch.exceptions import ServiceError, ServicePermissionDenied
from branch.models import Organization
from branch.permissions import has_org_perm
from branch.services import require_perm
from branch.uploads import attachment_fields, check_upload
from members import rules
from members.models import (
    Aspect,
    DevelopmentStep,
    Person,
    Stage,
    Standing,
    StepAttachment,
)
from members.rules import HIGHER, STEPS, TIME_RULES_BY_STEP, Due, Outcome
from members.selectors import state_of, voters_on, with_history
from members.services import add_status, end_membership

ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def latest(steps: list[DevelopmentStep], number: int) -> DevelopmentStep | None:
    found = [s for s in steps if s.number == number]
    return max(found, key=lambda s: (s.cycle, s.done_on)) if found else None


def succeeded(step: DevelopmentStep | None) -> bool:
    """A vote that passed, an approval that was given; any other step simply happened."""
    if step is None:
        return False
    if STEPS[step.number].vote:
        return bool(step.data.get("passed"))
    if step.number in (17, 24):
        return bool(step.data.get("approved", True))
    return True


def probation_end(steps: list[DevelopmentStep]) -> datetime.date | None:
    """One year from the assembly that admitted the person, plus an approved extension."""
    admitted = latest(steps, 15)
    if not succeeded(admitted) or not succeeded(latest(steps, 17)):
        return None
    end = admitted.done_on + rules.PROBATION
    for decision in (s for s in steps if s.number == 23 and succeeded(s)):
        if decision.data.get("outcome") == Outcome.EXTENDED and _approved_after(steps, decision):
            end += relativedelta(months=int(decision.data.get("extension_months", 0)))
    return end


def _approved_after(steps: list[DevelopmentStep], decision: DevelopmentStep) -> bool:
    return any(s.number == 24 and s.cycle == decision.cycle and succeeded(s) for s in steps)


def refused(steps: list[DevelopmentStep], number: int) -> DevelopmentStep | None:
    """The higher committee's refusal (step 17 or 24) that answered the branch's last vote,
    when nothing has been done since: after a refused 17 the person is a candidate again and
    the branch may start over at step 14 (a new cycle, no waiting period); after a refused 24
    the general assembly decides again (step 23) within three months."""
    answer = latest(steps, number)
    vote = latest(steps, 15 if number == 17 else 23)
    if answer is None or succeeded(answer) or vote is None or vote.cycle != answer.cycle:
        return None
    if number == 17:
        started = latest(steps, 14)
        if started is not None and started.cycle > answer.cycle:
            return None  # the branch has started over
    return answer


def _extended(steps: list[DevelopmentStep]) -> bool:
    return any(
        s.number == 23 and succeeded(s) and s.data.get("outcome") == Outcome.EXTENDED for s in steps
    )


def next_cycle(steps: list[DevelopmentStep], number: int) -> int | None:
    """The cycle a new record of ``number`` gets, or ``None`` when it cannot be recorded again."""
    last = latest(steps, number)
    if number == 14 and refused(steps, 17):
        # a new round after the refusal: above every cycle of the round before
        return refused(steps, 17).cycle + 1
    if number == 15 and last is not None and succeeded(last):
        started = latest(steps, 14)
        if started is not None and started.cycle > last.cycle:
            return started.cycle  # the vote of the new round
    if number == 23 and refused(steps, 24):
        return refused(steps, 24).cycle + 1
    if number in (16, 17, 24):
        # These answer the vote before them and carry its cycle, so that an approval is
        # matched with its decision even when a failed vote came first.
        vote = latest(steps, 15 if number < 24 else 23)
        if vote is None or not succeeded(vote):
            return 1 if last is None else None  # the order check says what is missing
        return vote.cycle if last is None or vote.cycle > last.cycle else None
    if last is None:
        return 1
    rule = STEPS[number]
    if rule.repeatable:
        return last.cycle + 1
    if rule.vote and not succeeded(last):
        return last.cycle + 1  # the vote failed: the assembly may vote again
    if number in (22, 23):
        decision = latest(steps, 23)
        if (
            decision is not None
            and decision.data.get("outcome") == Outcome.EXTENDED
            and _approved_after(steps, decision)
            and last.cycle <= decision.cycle
        ):
            # after an extended probation the 转正 steps run once more
            return decision.cycle + 1
    return None


def _step_label(number: int) -> str:
    return _("step %(n)d (%(title)s)") % {"n": number, "title": STEPS[number].title}


def _months_between(start: datetime.date, end: datetime.date) -> int:
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def _reference_date(steps: list[DevelopmentStep], after: int | str) -> datetime.date | None:
    if after == "probation_end":
        return probation_end(steps)
    if after == rules.REFUSED_FULL_MEMBERSHIP:
        refusal = refused(steps, 24)
        return refusal.done_on if refusal else None
    ref = latest(steps, int(after))
    return ref.done_on if ref else None


def check_time_rules(
    steps: list[DevelopmentStep], number: int, done_on: datetime.date, late_reason: str
) -> None:
    for rule in TIME_RULES_BY_STEP.get(number, []):
        ref = _reference_date(steps, rule.after)
        if ref is None:
            continue  # the order check reports the missing step
        limit = ref + rule.delta
        if rule.after == "probation_end":
            ref_text = _("the probation ends on %(date)s") % {"date": ref.isoformat()}
        elif rule.after == rules.REFUSED_FULL_MEMBERSHIP:
            ref_text = _("the higher committee did not approve on %(date)s") % {
                "date": ref.isoformat()
            }
        else:
            ref_text = _("%(step)s was on %(date)s") % {
                "step": _step_label(int(rule.after)),
                "date": ref.isoformat(),
            }
        if rule.kind == "min" and done_on < limit:
            values = {
                "rule": rule.text,
                "ref": ref_text,
                "limit": limit.isoformat(),
                "date": done_on.isoformat(),
                "months": _months_between(ref, done_on),
            }
            # Counting months only makes sense after an earlier step; before the end of the
            # probation it would read "only -1 months later".
            message = (
                _(
                    "Refused by the rule that %(rule)s: %(ref)s, so this step can be recorded "
                    "from %(limit)s on, not on %(date)s."
                )
                if rule.after == "probation_end"
                else _(
                    "Refused by the rule that %(rule)s: %(ref)s, so this step can be recorded "
                    "from %(limit)s on, not on %(date)s (only %(months)d months later)."
                )
            )
            raise ServiceError(message % values, field="done_on")
        if rule.kind == "max" and done_on > limit:
            hard = ref + rule.extendable if rule.extendable else None
            if hard is not None and done_on > hard:
                raise ServiceError(
                    _(
                        "Refused by the rule that %(rule)s: %(ref)s, so even with a reason this "
                        "step is due by %(limit)s at the latest, not %(date)s."
                    )
                    % {
                        "rule": rule.text,
                        "ref": ref_text,
                        "limit": hard.isoformat(),
                        "date": done_on.isoformat(),
                    },
                    field="done_on",
                )
            if not late_reason.strip():
                raise ServiceError(
                    _(
                        "Late by the rule that %(rule)s: %(ref)s, so this step was due by "
                        "%(limit)s and is dated %(date)s. Give the reason for the delay to "
                        "record it."
                    )
                    % {
                        "rule": rule.text,
                        "ref": ref_text,
                        "limit": limit.isoformat(),
                        "date": done_on.isoformat(),
                    },
                    field="late_reason",
                )


def _check_order(steps: list[DevelopmentStep], number: int, done_on: datetime.date) -> None:
    for required in STEPS[number].required_steps:
        before = latest(steps, required)
        if before is None or not succeeded(before):
            raise ServiceError(
                _("%(step)s comes after %(required)s, which is not recorded yet.")
                % {"step": _step_label(number), "required": _step_label(required)},
                field="number",
            )
        if before.done_on > done_on:
            raise ServiceError(
                _("%(step)s cannot be dated %(date)s: %(required)s was on %(before)s.")
                % {
                    "step": _step_label(number),
                    "date": done_on.isoformat(),
                    "required": _step_label(required),
                    "before": before.done_on.isoformat(),
                },
                field="done_on",
            )


def _check_people(org: Organization, number: int, done_on: datetime.date, people: list) -> None:
    low, high = STEPS[number].people
    if not (low <= len(people) <= high):
        raise ServiceError(
            _("%(step)s names %(low)d to %(high)d full members; %(n)d given.")
            % {"step": _step_label(number), "low": low, "high": high, "n": len(people)}
            if low != high
            else _("%(step)s names %(low)d full members; %(n)d given.")
            % {"step": _step_label(number), "low": low, "n": len(people)},
            field="people",
        )
    voters = {p.pk for p in voters_on(org, done_on)}
    for person in people:
        if person.pk not in voters:
            raise ServiceError(
                _("%(person)s was not a full member of %(org)s on %(date)s.")
                % {"person": person.name, "org": org.name, "date": done_on.isoformat()},
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
            % {"cast": cast, "entitled": entitled, "date": done_on.isoformat()},
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
    if number == 1:
        adult_on = person.birth_date + relativedelta(years=rules.MIN_APPLICATION_AGE)
        if done_on < adult_on:
            raise ServiceError(
                _("An applicant must be at least 18: %(person)s turns 18 on %(date)s.")
                % {"person": person.name, "date": adult_on.isoformat()},
                field="done_on",
            )
    if number == 11:
        days, hours = _number(data, "training_days"), _number(data, "training_hours")
        if days < rules.TRAINING_MIN_DAYS and hours < rules.TRAINING_MIN_HOURS:
            raise ServiceError(
                _("The intensive training lasts at least 3 days or 24 class hours."),
                field="training_days",
            )
        clean.update(training_days=days, training_hours=hours)
    if STEPS[number].vote:
        clean.update(_check_vote(org, done_on, data))
    if number == 23 and clean.get("passed"):
        outcome = data.get("outcome")
        if outcome not in dict(Outcome.choices):
            raise ServiceError(_("Say what the assembly decided."), field="outcome")
        clean["outcome"] = outcome
        if outcome == Outcome.EXTENDED:
            if _extended(steps):
                raise ServiceError(_("A probation can be extended only once."), field="outcome")
            months = _number(data, "extension_months")
            low, high = rules.EXTENSION_MONTHS
            if not (low <= months <= high):
                raise ServiceError(
                    _("A probation is extended by 6 to 12 months."), field="extension_months"
                )
            clean["extension_months"] = months
    if number in (17, 24):
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


def _check_attachment(upload: Any) -> None:
    check_upload(
        upload,
        suffixes=ATTACHMENT_TYPES,
        max_bytes=ATTACHMENT_MAX_BYTES,
        kinds=_("PDF, images, Word and Excel files"),
    )


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
            % {"step": _step_label(number)},
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
            % {"person": person.name, "org": org.name, "date": done_on.isoformat()},
            field="done_on",
        )
    before = state_of(person, done_on - datetime.timedelta(days=1)) if rule.enters else state
    if before.stage not in (rule.stage, None if number == 1 else rule.stage):
        raise ServiceError(
            _("%(step)s is for a person who is a %(stage)s; on %(date)s %(person)s was %(now)s.")
            % {
                "step": _step_label(number),
                "stage": Stage(rule.stage).label,
                "date": done_on.isoformat(),
                "person": person.name,
                "now": before.stage_label or _("not in the pipeline"),
            },
            field="number",
        )
    cycle = next_cycle(steps, number)
    if cycle is None:
        raise ServiceError(
            _("%(step)s is already recorded for %(person)s.")
            % {"step": _step_label(number), "person": person.name},
            field="number",
        )
    _check_order(steps, number, done_on)
    check_time_rules(steps, number, done_on, str(data.get("late_reason", "")))
    step_checks.run(org=org, person=person, number=number, done_on=done_on)
    if rule.people:
        _check_people(org, number, done_on, people)
    clean = _check_step_data(org, person, steps, number, done_on, data)
    for upload in files:
        _check_attachment(upload)

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
            _("%(step)s was recorded by someone else just now.") % {"step": _step_label(number)}
        ) from None
    step.people.set(people)
    for upload in files:
        StepAttachment.objects.create(step=step, **attachment_fields(upload))
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
    """Move the person to the stage the step leads to."""
    rule = STEPS[step.number]
    if step.number == 17:
        if succeeded(step):
            # The probation, and party age, run from the assembly that admitted them.
            _enter(actor, person, Stage.PROBATIONARY, latest(steps, 15).done_on)
        return
    if step.number == 24:
        decision = latest(steps, 23)
        if not succeeded(step) or decision is None:
            return
        outcome = decision.data.get("outcome")
        if outcome == Outcome.ON_TIME:
            _enter(actor, person, Stage.FULL, probation_end(steps))
        elif outcome == Outcome.DISQUALIFIED:
            add_status(person, Aspect.STANDING, Standing.DISQUALIFIED, step.done_on, actor)
            end_membership(person, org, step.done_on, "standing")
        return
    if rule.enters and succeeded(step):
        _enter(actor, person, rule.enters, step.done_on)


def _enter(actor: Any, person: Person, stage: str, day: datetime.date) -> None:
    person = Person.objects.prefetch_related("status_changes").get(pk=person.pk)
    from members.selectors import value_on

    if value_on(person.status_changes.all(), Aspect.STAGE, day) != stage:
        add_status(person, Aspect.STAGE, stage, day, actor)


# What is due ---------------------------------------------------------------------------------


def dues_for(person: Person, stage: str | None, steps: list[DevelopmentStep]) -> list[Due]:
    """What the person's development waits for next, with the date it is due by."""
    due: list[Due] = []
    s = {n: latest(steps, n) for n in STEPS}
    if stage == Stage.APPLICANT and s[1] and not s[2]:
        due.append(Due(2, s[1].done_on + relativedelta(months=1), str(STEPS[2].title)))
    if stage == Stage.ACTIVIST and s[3]:
        last_check = s[6].done_on if s[6] else s[3].done_on
        due.append(Due(6, last_check + rules.ASSESSMENT_INTERVAL, str(STEPS[6].title)))
    awaiting_approval = succeeded(s[15]) and not (s[17] and s[17].cycle >= s[15].cycle)
    if stage == Stage.CANDIDATE and awaiting_approval:
        due.append(Due(17, s[15].done_on + relativedelta(months=3), str(STEPS[17].title)))
    if stage == Stage.PROBATIONARY:
        end = probation_end(steps)
        last_check = s[21].done_on if s[21] else (s[17].done_on if s[17] else None)
        if last_check:
            due.append(Due(21, last_check + rules.ASSESSMENT_INTERVAL, str(STEPS[21].title)))
        cycle = next_cycle(steps, 23)
        refusal = refused(steps, 24)
        if refusal is not None:
            # the assembly decides again, within three months of the refusal
            limit = refusal.done_on + relativedelta(months=3)
            due.append(Due(23, limit, str(STEPS[23].title)))
        elif end and cycle is not None:
            if next_cycle(steps, 22) == cycle:
                due.append(Due(22, end, str(STEPS[22].title)))
            due.append(Due(23, end, str(STEPS[23].title)))
        if s[23] and succeeded(s[23]) and next_cycle(steps, 24) == s[23].cycle:
            due.append(Due(24, s[23].done_on + relativedelta(months=3), str(STEPS[24].title)))
    return due
