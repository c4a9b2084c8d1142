from __future__ import annotations

from decimal import Decimal

import pytest

from dues.rules import standard_amount

D = Decimal


@pytest.mark.parametrize(
    ("base", "rate", "amount"),
    [
        ("0", "0.005", "0.00"),
        ("2999.99", "0.005", "15.00"),
        ("3000.00", "0.005", "15.00"),
        ("3000.01", "0.01", "30.00"),
        ("5000", "0.01", "50.00"),
        ("5000.01", "0.015", "75.00"),
        ("10000", "0.015", "150.00"),
        ("10000.01", "0.02", "200.00"),
        ("23456.78", "0.02", "469.14"),
    ],
)
def test_in_service_brackets_charge_the_whole_base_at_one_rate(base, rate, amount):
    working = standard_amount("employed", D(base))
    assert (working.rate, working.amount) == (D(rate), D(amount))


@pytest.mark.parametrize(
    ("base", "amount"), [("4999.99", "25.00"), ("5000", "25.00"), ("5000.01", "50.00")]
)
def test_retired_brackets(base, amount):
    assert standard_amount("retired", D(base)).amount == D(amount)


def test_rounding_is_half_up_to_the_fen():
    # 2345.70 × 0.5% = 11.7285 → 11.73; 2345.00 × 0.5% = 11.725 → 11.73 (not banker's 11.72)
    assert standard_amount("employed", D("2345.70")).amount == D("11.73")
    assert standard_amount("employed", D("2345.00")).amount == D("11.73")


def test_fixed_categories():
    assert standard_amount("low_income", None).amount == D("0.20")
    assert standard_amount("farmer", D("0.5")).amount == D("0.50")
    assert standard_amount("farmer", None).amount == D("0.20")
    with pytest.raises(ValueError):
        standard_amount("farmer", D("1.5"))
    with pytest.raises(ValueError):
        standard_amount("low_income", D("0.5"))


def test_the_working_names_bracket_and_rate():
    working = standard_amount("employed", D("6200"))
    assert working.rate_percent == "1.5%"
    assert "5000" in working.bracket and "10000" in working.bracket
