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

from members.choices import Stage

BRANCH = "branch"  # done by the branch (secretary or committee)
HIGHER = "higher"  # done by the higher committee (its administrator)


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    stage: str  # the stage the person is in when the step is done
    actor: str = BRANCH
    requires: tuple[int, ...] | None = None  # defaults to the step before
    repeatable: bool = False
    vote: bool = False
    people: tuple[int, int] | None = None  # how many full members it names (min, max)
    # the stage the person enters when the step is recorded (and approved, where it needs it)
    enters: str | None = None

    @property
    def required_steps(self) -> tuple[int, ...]:
        if self.requires is not None:
            return self.requires
        return (self.number - 1,) if self.number > 1 else ()


A, C, P = Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY

STEPS: dict[int, Step] = {
    s.number: s
    for s in [
        # 入党申请人
        Step(1, _("Application for membership received"), Stage.APPLICANT, enters=Stage.APPLICANT),
        Step(2, _("Talk with the applicant"), Stage.APPLICANT),
        # 入党积极分子
        Step(3, _("Recommended and chosen as activist"), Stage.APPLICANT, enters=A),
        Step(4, _("Activist filed with the higher committee"), A, actor=HIGHER),
        Step(5, _("Contacts assigned"), A, people=(1, 2)),
        Step(6, _("Education and assessment"), A, requires=(5,), repeatable=True),
        # 发展对象
        Step(7, _("Chosen as candidate for membership"), A, requires=(6,), enters=C),
        Step(8, _("Candidate filed with the higher committee"), C, actor=HIGHER),
        Step(9, _("Introducers named"), C, people=(2, 2)),
        Step(10, _("Political review"), C),
        Step(11, _("Intensive training"), C),
        Step(12, _("Review by the branch committee"), C),
        Step(13, _("Pre-review by the higher committee"), C, actor=HIGHER),
        # 预备党员
        Step(14, _("Application form filled in"), C),
        Step(15, _("Branch general assembly votes on admission"), C, vote=True),
        Step(16, _("Talk by the higher committee"), C, actor=HIGHER),
        Step(17, _("Admission approved by the higher committee"), C, actor=HIGHER, enters=P),
        Step(18, _("Filed with the next higher organisation department"), P, actor=HIGHER),
        Step(19, _("Placed in the branch and a party group"), P),
        Step(20, _("Oath of admission"), P, requires=(17,)),
        Step(21, _("Education and assessment in probation"), P, requires=(17,), repeatable=True),
        # 正式党员
        Step(22, _("Application for full membership"), P, requires=(17,)),
        Step(23, _("Branch general assembly decides on full membership"), P, vote=True),
        Step(24, _("Full membership approved by the higher committee"), P, actor=HIGHER),
        Step(25, _("Files archived"), Stage.FULL, actor=HIGHER, requires=(24,)),
    ]
}


@dataclass(frozen=True)
class TimeRule:
    """``step`` must be done ``kind`` ("min": no earlier than, "max": no later than) ``delta``
    after the reference date: the last record of step ``after``, or ``"probation_end"``.

    A "max" rule that is missed can still be recorded with the reason for the delay; a "min"
    rule cannot be broken. ``extendable`` is a longer limit a "max" rule allows with a reason.
    """

    step: int
    after: int | str
    kind: str
    delta: relativedelta
    text: str
    extendable: relativedelta | None = None


MONTH, YEAR = relativedelta(months=1), relativedelta(years=1)
# A reference date of a time rule: the day the higher committee did not approve full membership
# (step 24) answering the assembly's last decision.
REFUSED_FULL_MEMBERSHIP = "refused_24"

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
        relativedelta(months=3),
        _("the higher committee approves within three months of the general assembly"),
        extendable=relativedelta(months=6),
    ),
    TimeRule(
        22,
        "probation_end",
        "min",
        -MONTH,
        _("the application for full membership is made when the probation is about to end"),
    ),
    TimeRule(
        23,
        "probation_end",
        "min",
        relativedelta(),
        _("the general assembly decides on full membership when the probation has ended"),
    ),
    TimeRule(
        24,
        23,
        "max",
        relativedelta(months=3),
        _("the higher committee approves full membership within three months"),
    ),
    TimeRule(
        23,
        REFUSED_FULL_MEMBERSHIP,
        "max",
        relativedelta(months=3),
        _(
            "when the higher committee does not approve full membership, the general assembly "
            "decides again within three months"
        ),
    ),
]

TIME_RULES_BY_STEP: dict[int, list[TimeRule]] = {}
for _rule in TIME_RULES:
    TIME_RULES_BY_STEP.setdefault(_rule.step, []).append(_rule)

MIN_APPLICATION_AGE = 18
ASSESSMENT_INTERVAL = relativedelta(months=6)  # steps 6 and 21
PROBATION = YEAR
EXTENSION_MONTHS = (6, 12)  # a probation may be extended once, by 6 to 12 months
TRAINING_MIN_DAYS, TRAINING_MIN_HOURS = 3, 24  # step 11: three days or 24 class hours


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


# The committee ------------------------------------------------------------------------------

COMMITTEE_THRESHOLD = 7  # full members from which a branch elects a committee
COMMITTEE_SIZE = (3, 7)  # usually 3–5, at most 7
TERM_YEARS = {False: 3, True: 5}  # village and community branches: five years
TERM_WARNING = relativedelta(months=6)


def term_years(community_based: bool) -> int:
    return TERM_YEARS[bool(community_based)]


@dataclass(frozen=True)
class Due:
    """A step a person's development waits for, and the day it is due by."""

    step: int
    due_on: datetime.date
    text: str
