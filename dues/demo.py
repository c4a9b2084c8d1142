"""The demo branches' dues: bases for last year and this year, the monthly charges, and a
ledger of collections from January of last year up to the last month that has ended.

The ledger is written through the services, as a committee member would write it: a
collection on the 10th of every month, a few members in arrears (one three months behind and
more, one past six months with no reason — flagged — and one past six months with a recorded
reason), one back-payment of several months, one payment recorded for the wrong member and
reversed, and one voluntary payment of over 1000 yuan.

Everything is counted back from today, so the arrears are always current. A month whose
collection is in the ledger already is left alone, so a second run changes nothing, and a run
a month later only collects the month that has ended since.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from branch.demo import DemoContext
from branch.models import Organization
from dues import rules, services, services_bases
from dues.charges import wanted_charges
from dues.models import ArrearsNote, DuesCategory, Method, Payment, PaymentKind
from members.models import Person
from members.selectors import state_of, with_history

D = datetime.date
COLLECTION_DAY = 10  # the branch's fixed collection day (收缴日)

# After-tax monthly pay (in service) or basic pension (retired), (last year, this year): the
# school's teachers span every bracket, from 3000 (0.5%) to over 10000 (2%).
PAY = {
    "王建国": (11200, 11800),
    "李红梅": (8800, 9200),
    "张伟": (6500, 6800),
    "赵敏": (7300, 7600),
    "孙德明": (5600, 5800),
    "周丽": (9900, 10400),
    "吴强": (6800, 7100),
    "郑华": (5300, 5600),
    "冯建军": (8000, 8300),
    "陈静": (4600, 4800),
    "褚明": (4400, 4600),
    "卫国强": (5900, 6200),
    "蒋文": (4300, 4500),
    "沈燕": (6600, 6900),
    "韩磊": (4000, 4200),
    "杨帆": (6100, 6400),
    "朱琳": (4900, 5200),
    "秦峰": (3700, 3900),
    "尤佳": (3400, 3600),
    "许诺": (3000, 3000),
    "何晓": (3200, 3400),
    "吕博": (3600, 3800),
    # the village's officials in service and its retired cadre
    "刘芳": (4100, 4300),
    "林海": (3800, 4000),
    "罗艳": (2800, 2900),
    "马长林": (4700, 4900),
}
# Anyone the table does not know (a person added to the demo later) gets a plain figure.
DEFAULT_PAY = {DuesCategory.EMPLOYED: (4000, 4200), DuesCategory.RETIRED: (4500, 4600)}
FARMER_AMOUNT = Decimal("0.50")

Step = tuple[datetime.date, Callable[[], Any]]
# who skips which collections (by name), and the one-off entries by month
Plan = tuple[dict[str, set[datetime.date]], dict[datetime.date, list[Step]]]


def seed(ctx: DemoContext) -> None:
    today = timezone.localdate()
    for code, scenario, method in (
        ("demo-school", _school, Method.ONLINE),
        ("demo-village", _village, Method.CASH),
    ):
        org = ctx.orgs[code]
        for year in (today.year - 1, today.year):
            _bases(org, year, today, ctx.people)
        _ledger(org, today, scenario, method, ctx.people)


# Bases and charges ------------------------------------------------------------------------


def _bases(org: Organization, year: int, today: datetime.date, people: dict[str, Person]) -> None:
    """年初核定 for the demo's people the branch charges in ``year`` who have no base yet.
    Someone a user added to the branch is theirs to set (the bases page lists them)."""
    _wanted, without_base = wanted_charges(org, year)
    ours = {p.pk for p in people.values()}
    missing = [p.pk for p in without_base if p.pk in ours]
    if not missing:
        return
    day = min(D(year, 12, 31), today)
    people = with_history(Person.objects.filter(pk__in=missing), org)
    rows = [_base_row(state_of(person, day).category, person, year, today) for person in people]
    services_bases.bases_set_batch(actor=None, org=org, year=year, rows=rows)


def _base_row(
    person_category: str | None, person: Person, year: int, today: datetime.date
) -> dict[str, Any]:
    category = rules.FROM_PERSON_CATEGORY.get(person_category, DuesCategory.LOW_INCOME)
    base: Any = None
    if category in rules.BRACKETS:
        last_year, this_year = PAY.get(person.name, DEFAULT_PAY[category])
        base = Decimal(this_year if year == today.year else last_year)
    elif category == DuesCategory.FARMER:
        base = FARMER_AMOUNT
    return {"person": person, "category": category, "base_amount": base}


# The ledger -------------------------------------------------------------------------------


def _ledger(
    org: Organization,
    today: datetime.date,
    scenario: Callable[[Organization, datetime.date, dict[str, Person], str], Plan],
    method: str,
    people: dict[str, Person],
) -> None:
    last = services.first_of_month(today) - relativedelta(months=1)
    skipped, events = scenario(org, last, people, method)
    month = D(today.year - 1, 1, 1)
    while month <= last:
        if not Payment.objects.filter(organization=org, month=month).exists():
            _month(org, month, people, skipped, events.get(month, []), method)
        month += relativedelta(months=1)


def _month(
    org: Organization,
    month: datetime.date,
    people: dict[str, Person],
    skipped: dict[str, set[datetime.date]],
    events: list[Step],
    method: str,
) -> None:
    """The collection day of ``month`` and whatever else happened that month, in date order.
    The demo's people pay; whoever a user added since is left to the user."""
    charged = Person.objects.filter(
        dues_charges__organization=org,
        dues_charges__month=month,
        pk__in=[p.pk for p in people.values()],
    ).order_by("name", "pk")
    payers = [p for p in charged if month not in skipped.get(p.name, set())]
    day = month.replace(day=COLLECTION_DAY)
    collection = partial(_collect, org, month, payers, day, method)
    for _day, step in sorted([(day, collection), *events], key=lambda s: s[0]):
        step()


def _collect(
    org: Organization,
    month: datetime.date,
    payers: list[Person],
    day: datetime.date,
    method: str,
) -> None:
    result = services.month_collect(
        actor=None, org=org, month=month, people=payers, paid_on=day, method=method
    )
    if result.refused:
        # The demo only collects what is owed: a refusal means the demo itself is wrong.
        raise RuntimeError(f"demo dues collection refused: {result.refused}")


def _back(months: int, last: datetime.date) -> datetime.date:
    return last - relativedelta(months=months)


def _done(org: Organization, kind: str) -> bool:
    """The one-off entries are written once: a run months later does not repeat them."""
    return Payment.objects.filter(organization=org, kind=kind).exists()


def _school(org: Organization, last: datetime.date, people: dict[str, Person], method: str) -> Plan:
    """Who skips which collections, and the school's one-off entries, around ``last``."""
    skipped = {
        "韩磊": {_back(k, last) for k in range(4)},  # four months behind: warned
        "秦峰": {_back(k, last) for k in range(8)},  # eight months, no reason: flagged
    }
    events: dict[datetime.date, list[Step]] = defaultdict(list)
    pay = partial(services.payment_record, actor=None, org=org, method=method)
    if not _done(org, PaymentKind.BACK):
        # away on training for three months, pays them all at the fourth collection
        months = [_back(k, last) for k in (5, 4, 3, 2)]
        skipped["杨帆"] = set(months)
        day = months[-1].replace(day=COLLECTION_DAY)
        reason = "参加省级骨干教师脱产培训三个月，返校后补交"
        events[months[-1]].append(
            (day, partial(pay, person=people["杨帆"], months=months, paid_on=day, reason=reason))
        )
    if not _done(org, PaymentKind.REVERSAL):
        skipped["郑华"] = skipped["陈静"] = {last}
        mix_up = partial(_wrong_member, org, last, people["郑华"], people["陈静"], method)
        own = partial(pay, person=people["郑华"], months=[last], paid_on=last.replace(day=20))
        events[last] += [(last.replace(day=COLLECTION_DAY), mix_up), (last.replace(day=20), own)]
    if not _done(org, PaymentKind.EXTRA):
        # 七一, the Party's anniversary, in the last twelve months that have ended
        july = D(last.year if last.month >= 7 else last.year - 1, 7, 1)
        donation = partial(
            services.extra_payment_record,
            actor=None,
            org=org,
            person=people["孙德明"],
            amount="2000.00",
            paid_on=july,
            method=Method.TRANSFER,
            reason="庆祝建党节，老党员自愿多交党费",
        )
        events[july].append((july, donation))
    return skipped, events


def _wrong_member(
    org: Organization, month: datetime.date, wrong: Person, right: Person, method: str
) -> None:
    """陈静's money ticked against 郑华 on the collection day, found and corrected."""
    day = month.replace(day=COLLECTION_DAY)
    [mistake] = services.payment_record(
        actor=None, org=org, person=wrong, months=[month], paid_on=day, method=method
    )
    services.payment_reverse(
        actor=None,
        payment=mistake,
        reason=f"收缴时误记在{wrong.name}名下，实为{right.name}所缴，冲正后重新登记",
    )
    services.payment_record(
        actor=None, org=org, person=right, months=[month], paid_on=day, method=method
    )


def _village(
    org: Organization, last: datetime.date, people: dict[str, Person], method: str
) -> Plan:
    """A farmer working away for seven months, with the reason on record: not flagged."""
    person = people["何春生"]
    skipped = {person.name: {_back(k, last) for k in range(7)}}
    events: dict[datetime.date, list[Step]] = defaultdict(list)
    if not ArrearsNote.objects.filter(organization=org, person=person).exists():
        noted = _back(5, last) + relativedelta(days=14)
        reason = "外出务工（浙江宁波），已电话联系，本人表示春节返乡后补交"
        note = partial(
            services.arrears_note_add,
            actor=None,
            org=org,
            person=person,
            noted_on=noted,
            reason=reason,
        )
        events[services.first_of_month(noted)].append((noted, note))
    return skipped, events
