"""The 25 steps read from a person's records, without touching the database: what a step's
record means (``succeeded``), when the probation ends, which cycle a new record gets, whether
a date keeps the time rules, and what the development waits for next (``deadlines_for``).

Everything here is derived from ``members.rules.STEPS`` and ``TIME_RULES``; the services that
write a step are in ``members.pipeline``.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from branch.dates import long_date
from branch.exceptions import ServiceError
from members import rules
from members.choices import Stage
from members.models import DevelopmentStep
from members.rules import (
    OUTCOMES,
    PROBATION_END,
    STEPS,
    TIME_RULES_BY_STEP,
    Deadline,
    Refusal,
    Step,
    TimeRule,
)

# admission (step 17) answers the vote that admits (step 15); the probation runs from that vote
ADMISSION = rules.entering(Stage.PROBATIONARY)
# the assembly's decision on full membership (step 23) and the approval it needs (step 24)
DECISION = next(s for s in STEPS.values() if s.decides)
APPROVALS = [s for s in STEPS.values() if s.approval]


def latest(steps: list[DevelopmentStep], number: int | None) -> DevelopmentStep | None:
    found = [s for s in steps if s.number == number]
    return max(found, key=lambda s: (s.cycle, s.done_on)) if found else None


def succeeded(step: DevelopmentStep | None) -> bool:
    """A vote that passed, an approval that was given; any other step simply happened."""
    if step is None:
        return False
    rule = STEPS[step.number]
    if rule.vote:
        return bool(step.data.get("passed"))
    if rule.approval:
        return bool(step.data.get("approved", True))
    return True


def _extends(decision: DevelopmentStep) -> bool:
    consequence = OUTCOMES.get(decision.data.get("outcome"))
    return consequence is not None and consequence.extends


def probation_end(steps: list[DevelopmentStep]) -> datetime.date | None:
    """One year from the assembly that admitted the person, plus an approved extension."""
    admitted = latest(steps, ADMISSION.answers)
    if not succeeded(admitted) or not succeeded(latest(steps, ADMISSION.number)):
        return None
    end = admitted.done_on + rules.PROBATION
    for decision in (s for s in steps if s.number == DECISION.number and succeeded(s)):
        if _extends(decision) and _approved_after(steps, decision):
            end += relativedelta(months=int(decision.data.get("extension_months", 0)))
    return end


def _approved_after(steps: list[DevelopmentStep], decision: DevelopmentStep) -> bool:
    approval = rules.approval_of(decision.number)
    return any(
        s.number == approval.number and s.cycle == decision.cycle and succeeded(s) for s in steps
    )


def extended(steps: list[DevelopmentStep]) -> bool:
    """Whether the assembly has already extended the probation (it may once)."""
    return any(s.number == DECISION.number and succeeded(s) and _extends(s) for s in steps)


def refused(steps: list[DevelopmentStep], number: int) -> DevelopmentStep | None:
    """The higher committee's refusal (an approval step: 17 or 24) that answered the branch's
    last vote, when nothing has been done since. The branch then starts again at the step's
    ``restart``: after a refused 17 the person is a candidate again and the branch may start
    over at step 14 (a new cycle, no waiting period); after a refused 24 the general assembly
    decides again (step 23) within three months."""
    rule = STEPS[number]
    answer = latest(steps, number)
    vote = latest(steps, rule.answers)
    if answer is None or succeeded(answer) or vote is None or vote.cycle != answer.cycle:
        return None
    if rule.restart != rule.answers:
        started = latest(steps, rule.restart)
        if started is not None and started.cycle > answer.cycle:
            return None  # the branch has started over
    return answer


def next_cycle(steps: list[DevelopmentStep], number: int) -> int | None:
    """The cycle a new record of ``number`` gets, or ``None`` when it cannot be recorded again."""
    rule = STEPS[number]
    last = latest(steps, number)
    for approval in APPROVALS:
        if approval.restart == number and (refusal := refused(steps, approval.number)):
            # a new round after the refusal: above every cycle of the round before
            return refusal.cycle + 1
    if rule.vote and last is not None and succeeded(last):
        for answer in rules.answering(number):
            if answer.restart in (None, number):
                continue
            started = latest(steps, answer.restart)
            if started is not None and started.cycle > last.cycle:
                return started.cycle  # the vote of the new round
    if rule.answers is not None:
        # The higher committee's steps answer the vote before them and carry its cycle, so
        # that an approval is matched with its decision even when a failed vote came first.
        vote = latest(steps, rule.answers)
        if vote is None or not succeeded(vote):
            return 1 if last is None else None  # the order check says what is missing
        return vote.cycle if last is None or vote.cycle > last.cycle else None
    if last is None:
        return 1
    if rule.repeatable:
        return last.cycle + 1
    if rule.vote and not succeeded(last):
        return last.cycle + 1  # the vote failed: the assembly may vote again
    if rule.again_after_extension:
        decision = latest(steps, DECISION.number)
        if (
            decision is not None
            and _extends(decision)
            and _approved_after(steps, decision)
            and last.cycle <= decision.cycle
        ):
            # after an extended probation the 转正 steps run once more
            return decision.cycle + 1
    return None


def step_label(number: int) -> str:
    return _("step %(n)d (%(title)s)") % {"n": number, "title": STEPS[number].title}


def _months_between(start: datetime.date, end: datetime.date) -> int:
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def _reference(steps: list[DevelopmentStep], after: int | str | Refusal) -> DevelopmentStep | None:
    if isinstance(after, Refusal):
        return refused(steps, after.step)
    return latest(steps, int(after))


def _reference_date(
    steps: list[DevelopmentStep], after: int | str | Refusal
) -> datetime.date | None:
    if after == PROBATION_END:
        return probation_end(steps)
    ref = _reference(steps, after)
    return ref.done_on if ref else None


def _reference_text(rule: TimeRule, ref: datetime.date) -> str:
    if rule.after == PROBATION_END:
        return _("the probation ends on %(date)s") % {"date": long_date(ref)}
    if isinstance(rule.after, Refusal):
        return _("the higher committee did not approve on %(date)s") % {"date": long_date(ref)}
    return _("%(step)s was on %(date)s") % {
        "step": step_label(int(rule.after)),
        "date": long_date(ref),
    }


def check_time_rules(
    steps: list[DevelopmentStep], number: int, done_on: datetime.date, late_reason: str
) -> None:
    for rule in TIME_RULES_BY_STEP.get(number, []):
        ref = _reference_date(steps, rule.after)
        if ref is None:
            continue  # the order check reports the missing step
        limit = ref + rule.delta
        ref_text = _reference_text(rule, ref)
        if rule.kind == "min" and done_on < limit:
            values = {
                "rule": rule.text,
                "ref": ref_text,
                "limit": long_date(limit),
                "date": long_date(done_on),
                "months": _months_between(ref, done_on),
            }
            # Counting months only makes sense after an earlier step; before the end of the
            # probation it would read "only -1 months later".
            message = (
                _(
                    "Refused by the rule that %(rule)s: %(ref)s, so this step can be recorded "
                    "from %(limit)s on, not on %(date)s (only %(months)d months later)."
                )
                if isinstance(rule.after, int)
                else _(
                    "Refused by the rule that %(rule)s: %(ref)s, so this step can be recorded "
                    "from %(limit)s on, not on %(date)s."
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
                        "limit": long_date(hard),
                        "date": long_date(done_on),
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
                        "limit": long_date(limit),
                        "date": long_date(done_on),
                    },
                    field="late_reason",
                )


def check_order(steps: list[DevelopmentStep], number: int, done_on: datetime.date) -> None:
    for required in STEPS[number].required_steps:
        before = latest(steps, required)
        if before is None or not succeeded(before):
            raise ServiceError(
                _("%(step)s comes after %(required)s, which is not recorded yet.")
                % {"step": step_label(number), "required": step_label(required)},
                field="number",
            )
        if before.done_on > done_on:
            raise ServiceError(
                _("%(step)s cannot be dated %(date)s: %(required)s was on %(before)s.")
                % {
                    "step": step_label(number),
                    "date": long_date(done_on),
                    "required": step_label(required),
                    "before": long_date(before.done_on),
                },
                field="done_on",
            )


# What is due ---------------------------------------------------------------------------------


def deadlines_for(stage: str | None, steps: list[DevelopmentStep]) -> list[Deadline]:
    """What the development of a person at ``stage`` waits for next, with the date it is due
    by: the next time of a repeated step, and every step of the stage whose time rule sets a
    deadline, once its reference date is there and while the step can still be recorded."""
    deadlines = []
    for number, rule in STEPS.items():
        if rule.stage != stage:
            continue
        due_on = _repeat_due(steps, rule) if rule.repeatable else _rule_due(steps, number)
        if due_on is not None:
            deadlines.append(Deadline(number, due_on, str(rule.title)))
    return deadlines


def _repeat_due(steps: list[DevelopmentStep], rule: Step) -> datetime.date | None:
    last = latest(steps, rule.number) or latest(steps, rule.counted_from)
    return last.done_on + rule.every if last else None


def _rule_due(steps: list[DevelopmentStep], number: int) -> datetime.date | None:
    found: list[tuple[datetime.date, datetime.date]] = []
    for rule in TIME_RULES_BY_STEP.get(number, []):
        if rule.due_after is None:
            continue
        if rule.after == PROBATION_END:
            ref = probation_end(steps)
        else:
            step = _reference(steps, rule.after)
            if isinstance(rule.after, int) and not succeeded(step):
                step = None  # a vote that failed sets no deadline for the approval
            ref = step.done_on if step is not None else None
        if ref is not None:
            found.append((ref, ref + rule.due_after))
    if not found or next_cycle(steps, number) is None:
        return None
    # where two rules set one (the assembly decides again after a refusal), the one whose
    # reference came last
    return max(found)[1]
