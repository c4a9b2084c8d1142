"""The one month field of the site (branch.forms.MonthField): what <input type=month> sends,
or a whole date, becomes the month's first day; anything else is refused with the format."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils.timezone import localdate as today

from branch.dates import PARTY_FOUNDED
from branch.forms import MonthField


@pytest.mark.parametrize("raw", ["{y}-03", " {y}-3 ", "{y}-03-31"])
def test_it_reads_a_month_as_its_first_day(raw):
    year = today().year
    assert MonthField().clean(raw.format(y=year)) == datetime.date(year, 3, 1)


@pytest.mark.parametrize("raw", ["0000-05", "{y}-13", "{y}-02-30", "März", "{y}/03"])
def test_it_refuses_what_is_not_a_month(raw):
    with pytest.raises(forms.ValidationError) as refused:
        MonthField().clean(raw.format(y=today().year))
    assert refused.value.code == "invalid"


def test_it_shows_a_stored_month_as_the_input_sends_it():
    day = today().replace(day=1)
    assert MonthField().prepare_value(day) == f"{day:%Y-%m}"


def test_it_refuses_a_month_before_the_party_was_founded():
    field = MonthField(label="起始月份")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(f"{PARTY_FOUNDED.year - 1}-12")
    assert refused.value.code == "implausible_date"
    assert field.clean(f"{PARTY_FOUNDED:%Y-%m}") == PARTY_FOUNDED.replace(day=1)
