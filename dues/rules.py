"""The dues rules (中组发〔2008〕3号) as tables: the rate brackets of members in service and of
retired members, and the fixed amounts of the other categories. The whole base is charged at
the one rate of its bracket (not progressively); each upper bound is inclusive; amounts are
rounded half-up to the fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from dues.choices import DuesCategory
from members.models import Category

FEN = Decimal("0.01")

# category -> [(upper bound of the base, inclusive; None = no bound), rate]
BRACKETS: dict[str, list[tuple[Decimal | None, Decimal]]] = {
    DuesCategory.EMPLOYED: [
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ],
    DuesCategory.RETIRED: [
        (Decimal("5000"), Decimal("0.005")),
        (None, Decimal("0.01")),
    ],
}

# category -> (lowest, highest) fixed monthly amount
FIXED: dict[str, tuple[Decimal, Decimal]] = {
    DuesCategory.FARMER: (Decimal("0.20"), Decimal("1.00")),
    DuesCategory.LOW_INCOME: (Decimal("0.20"), Decimal("0.20")),
}

# A person's category in the roster suggests their dues category.
FROM_PERSON_CATEGORY = {
    Category.EMPLOYED: DuesCategory.EMPLOYED,
    Category.RETIRED: DuesCategory.RETIRED,
    Category.FARMER: DuesCategory.FARMER,
    Category.STUDENT: DuesCategory.LOW_INCOME,
    Category.OTHER: DuesCategory.LOW_INCOME,
}

MAX_AMOUNT = Decimal("100000")  # any single amount above this is a typing mistake
CENTRAL_THRESHOLD = Decimal("1000")  # voluntary payments above go to the central committee
MAX_BACK_MONTHS = 6  # 补交 of more months at once needs a reason
MAX_ADVANCE_MONTHS = 6
WARN_UNPAID_MONTHS = 3
# The dues of next year are planned in December (bases, exemptions): the last year a page, a
# base or an exemption reaches is this year + YEARS_AHEAD.
YEARS_AHEAD = 1
FLAG_UNPAID_MONTHS = 6  # 党章: six months without paying and without reason


@dataclass(frozen=True)
class Working:
    """How a monthly amount was reached, to show beside it."""

    category: str
    base: Decimal | None
    bracket: str
    rate: Decimal | None
    amount: Decimal

    @property
    def rate_percent(self) -> str:
        return f"{(self.rate * 100).normalize():f}%" if self.rate is not None else ""


def collection_rate(paid: Decimal, due: Decimal) -> Decimal | None:
    """收缴率: what was paid against what was due, as a percentage to one decimal; ``paid``
    counts each member's month up to its amount due (no extra, no prepaid months)."""
    if not due:
        return None
    return (min(paid, due) * 100 / due).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def round_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _bracket_label(lower: Decimal | None, upper: Decimal | None) -> str:
    if lower is None:
        return _("up to %(upper)s") % {"upper": upper}
    if upper is None:
        return _("over %(lower)s") % {"lower": lower}
    return _("over %(lower)s up to %(upper)s") % {"lower": lower, "upper": upper}


def standard_amount(category: str, base: Decimal | None) -> Working:
    """The monthly amount the rules give for ``category`` and ``base``. For the fixed
    categories ``base`` is the fixed amount chosen (farmers: 0.2 to 1 yuan)."""
    if category in BRACKETS:
        if base is None or base < 0:
            raise ValueError("a base of at least 0 is needed")
        lower = None
        for upper, rate in BRACKETS[category]:
            if upper is None or base <= upper:
                return Working(
                    category, base, _bracket_label(lower, upper), rate, round_fen(base * rate)
                )
            lower = upper
    low, high = FIXED[category]
    amount = low if base is None else round_fen(base)
    if not (low <= amount <= high):
        raise ValueError(f"a fixed amount between {low} and {high} is needed")
    return Working(category, None, _("fixed amount"), None, amount)
