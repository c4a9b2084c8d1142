"""The rules of DESIGN §4 for people, as tables.

《中国共产党发展党员工作细则》(2014): five stages and 25 steps, with the time each step must
keep relative to an earlier one. The committee: size and term by branch type
(《中国共产党支部工作条例（试行）》, 2018).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from members.choices import Stage, Standing

BRANCH = "branch"  # done by the branch (secretary or committee)
HIGHER = "higher"  # done by the higher committee (its administrator)

MONTH, YEAR = relativedelta(months=1), relativedelta(years=1)
MIN_APPLICATION_AGE = 18
ASSESSMENT_INTERVAL = relativedelta(months=6)  # steps 6 and 21
PROBATION = YEAR
EXTENSION_MONTHS = (6, 12)  # a probation may be extended once, by 6 to 12 months
TRAINING_MIN_DAYS, TRAINING_MIN_HOURS = 3, 24  # step 11: three days or 24 class hours


@dataclass(frozen=True)
class Step:
    """One of the 25 steps, with everything the pipeline decides by: who records it, what it
    records, what it changes and what it waits for. Time limits are ``TIME_RULES``."""

    number: int
    title: str
    stage: str  # the stage the person is in when the step is done
    actor: str = BRANCH  # who records it
    requires: tuple[int, ...] | None = None  # defaults to the step before
    # A repeated step (the assessments) is due again ``every`` so long, the first time counted
    # from step ``counted_from``.
    every: relativedelta | None = None
    counted_from: int | None = None
    vote: bool = False  # the general assembly votes: it needs a quorum and a majority
    # The higher committee's step that answers the branch's vote ``answers``: it carries that
    # vote's cycle. An ``approval`` approves or refuses; after a refusal the branch starts
    # again at step ``restart``.
    answers: int | None = None
    approval: bool = False
    restart: int | None = None
    decides: bool = False  # the assembly's vote names an ``Outcome`` (on time, extended, ...)
    again_after_extension: bool = False  # runs once more after an extended probation
    people: tuple[int, int] | None = None  # how many full members it names (min, max)
    min_age: int | None = None  # the person's age on the day of the step
    training: bool = False  # records the days and class hours of a training
    # The stage the person enters when the step is recorded (and approved, where it needs it):
    # from the day of the step, or of the vote an approval answers.
    enters: str | None = None

    @property
    def required_steps(self) -> tuple[int, ...]:
        if self.requires is not None:
            return self.requires
        return (self.number - 1,) if self.number > 1 else ()

    @property
    def repeatable(self) -> bool:
        return self.every is not None

    @property
    def opens_pipeline(self) -> bool:
        """The step that puts someone not yet in the pipeline into its first stage."""
        return self.enters is not None and self.enters == self.stage


A, C, P = Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY

STEPS: dict[int, Step] = {
    s.number: s
    for s in [
        # 入党申请人
        Step(
            1,
            _("Application for membership received"),
            Stage.APPLICANT,
            enters=Stage.APPLICANT,
            min_age=MIN_APPLICATION_AGE,
        ),
        Step(2, _("Talk with the applicant"), Stage.APPLICANT),
        # 入党积极分子
        Step(3, _("Recommended and chosen as activist"), Stage.APPLICANT, enters=A),
        Step(4, _("Activist filed with the higher committee"), A, actor=HIGHER),
        Step(5, _("Contacts assigned"), A, people=(1, 2)),
        Step(
            6,
            _("Education and assessment"),
            A,
            requires=(5,),
            every=ASSESSMENT_INTERVAL,
            counted_from=3,
        ),
        # 发展对象
        Step(7, _("Chosen as candidate for membership"), A, requires=(6,), enters=C),
        Step(8, _("Candidate filed with the higher committee"), C, actor=HIGHER),
        Step(9, _("Introducers named"), C, people=(2, 2)),
        Step(10, _("Political review"), C),
        Step(11, _("Intensive training"), C, training=True),
        Step(12, _("Review by the branch committee"), C),
        Step(13, _("Pre-review by the higher committee"), C, actor=HIGHER),
        # 预备党员
        Step(14, _("Application form filled in"), C),
        Step(15, _("Branch general assembly votes on admission"), C, vote=True),
        Step(16, _("Talk by the higher committee"), C, actor=HIGHER, answers=15),
        Step(
            17,
            _("Admission approved by the higher committee"),
            C,
            actor=HIGHER,
            answers=15,
            approval=True,
            restart=14,
            enters=P,
        ),
        Step(18, _("Filed with the next higher organisation department"), P, actor=HIGHER),
        Step(19, _("Placed in the branch and a party group"), P),
        Step(20, _("Oath of admission"), P, requires=(17,)),
        Step(
            21,
            _("Education and assessment in probation"),
            P,
            requires=(17,),
            every=ASSESSMENT_INTERVAL,
            counted_from=17,
        ),
        # 正式党员
        Step(
            22,
            _("Application for full membership"),
            P,
            requires=(17,),
            again_after_extension=True,
        ),
        Step(
            23,
            _("Branch general assembly decides on full membership"),
            P,
            vote=True,
            decides=True,
            again_after_extension=True,
        ),
        Step(
            24,
            _("Full membership approved by the higher committee"),
            P,
            actor=HIGHER,
            answers=23,
            approval=True,
            restart=23,
        ),
        Step(25, _("Files archived"), Stage.FULL, actor=HIGHER, requires=(24,)),
    ]
}


def entering(stage: str) -> Step:
    """The step that makes a person ``stage`` (admission: step 17)."""
    return next(s for s in STEPS.values() if s.enters == stage and not s.opens_pipeline)


def answering(number: int) -> list[Step]:
    """The higher committee's steps that answer the vote of step ``number``."""
    return [s for s in STEPS.values() if s.answers == number]


def approval_of(number: int) -> Step | None:
    """The higher committee's approval of the vote of step ``number`` (15 → 17, 23 → 24)."""
    return next((s for s in answering(number) if s.approval), None)


class Outcome:
    """What the general assembly decided at step 23."""

    ON_TIME = "on_time"
    EXTENDED = "extended"
    DISQUALIFIED = "disqualified"

    choices = [
        (ON_TIME, _("full membership on time")),
        (EXTENDED, _("probation extended")),
        (DISQUALIFIED, _("probationary membership cancelled")),
    ]


@dataclass(frozen=True)
class Consequence:
    """What an approved decision of the assembly changes: the stage the person enters at the
    end of the probation, the standing they get on the day of the approval (and leave the
    branch's records), or the months the probation is extended by (given with the decision)."""

    enters: str | None = None
    standing: str | None = None
    extends: bool = False


OUTCOMES: dict[str, Consequence] = {
    Outcome.ON_TIME: Consequence(enters=Stage.FULL),
    Outcome.EXTENDED: Consequence(extends=True),
    Outcome.DISQUALIFIED: Consequence(standing=Standing.DISQUALIFIED),
}


PROBATION_END = "probation_end"  # a reference date: the end of the probation


@dataclass(frozen=True)
class Refusal:
    """A reference date: the day the higher committee did not approve (step ``step``) the
    branch's last vote."""

    step: int


@dataclass(frozen=True)
class TimeRule:
    """``step`` must be done ``kind`` ("min": no earlier than, "max": no later than) ``delta``
    after the reference date: the last record of step ``after``, ``PROBATION_END`` or a
    ``Refusal``.

    A "max" rule that is missed can still be recorded with the reason for the delay; a "min"
    rule cannot be broken. ``extendable`` is a longer limit a "max" rule allows with a reason.
    While the person waits for the step, the pipeline shows it as due ``deadline`` after the
    reference date: by default the limit of a "max" rule; a "min" rule shows none unless it
    says so.
    """

    step: int
    after: int | str | Refusal
    kind: str
    delta: relativedelta
    text: str
    extendable: relativedelta | None = None
    deadline: relativedelta | None = None

    @property
    def due_after(self) -> relativedelta | None:
        """How long after the reference date the step is due, if the rule sets a deadline."""
        if self.deadline is not None:
            return self.deadline
        return self.delta if self.kind == "max" else None


# the reference date of the rule that the assembly decides again after a refused 转正
REFUSED_FULL_MEMBERSHIP = Refusal(24)
THREE_MONTHS = relativedelta(months=3)
AT_THE_REFERENCE = relativedelta()

TIME_RULES: list[TimeRule] = [
    TimeRule(2, 1, "max", MONTH, _("the branch talks to an applicant within one month")),
    TimeRule(
        7,
        3,
        "min",
        YEAR,
        _("an activist becomes a candidate after at least one year of education and assessment"),
    ),
    TimeRule(
        17,
        15,
        "max",
        THREE_MONTHS,
        _("the higher committee approves within three months of the general assembly"),
        extendable=relativedelta(months=6),
    ),
    TimeRule(
        22,
        PROBATION_END,
        "min",
        -MONTH,
        _("the application for full membership is made when the probation is about to end"),
        deadline=AT_THE_REFERENCE,
    ),
    TimeRule(
        23,
        PROBATION_END,
        "min",
        AT_THE_REFERENCE,
        _("the general assembly decides on full membership when the probation has ended"),
        deadline=AT_THE_REFERENCE,
    ),
    TimeRule(
        24,
        23,
        "max",
        THREE_MONTHS,
        _("the higher committee approves full membership within three months"),
    ),
    TimeRule(
        23,
        REFUSED_FULL_MEMBERSHIP,
        "max",
        THREE_MONTHS,
        _(
            "when the higher committee does not approve full membership, the general assembly "
            "decides again within three months"
        ),
    ),
]

TIME_RULES_BY_STEP: dict[int, list[TimeRule]] = {}
for _rule in TIME_RULES:
    TIME_RULES_BY_STEP.setdefault(_rule.step, []).append(_rule)


@dataclass(frozen=True)
class Deadline:
    """A step a person's development waits for, and the day it is due by."""

    step: int
    due_on: datetime.date
    text: str


# The committee ------------------------------------------------------------------------------

COMMITTEE_THRESHOLD = 7  # full members from which a branch elects a committee
COMMITTEE_SIZE = (3, 7)  # usually 3–5, at most 7
TERM_YEARS = {False: 3, True: 5}  # village and community branches: five years
TERM_WARNING = relativedelta(months=6)


def term_years(community_based: bool) -> int:
    return TERM_YEARS[bool(community_based)]
