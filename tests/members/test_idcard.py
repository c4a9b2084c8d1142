"""ID numbers (GB 11643): the check digit, the birth date inside, and the cross-checks the
person services make with it. A refused number writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from branch.exceptions import ServiceError
from branch.models import AuditEntry
from members.idcard import InvalidIdNumber, mask, parse_id_number
from members.models import Gender, Membership, Person, StatusChange
from tests.members.roster_helpers import make_id

D = dt.date


def test_it_reads_a_number_with_an_x_check_digit():
    parsed = parse_id_number(" 11010519491231002x ")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == D(1949, 12, 31)
    assert parsed.gender == "female"


def test_it_reads_a_man_from_an_odd_17th_digit():
    parsed = parse_id_number(make_id(D(1990, 2, 28), "male"))
    assert (parsed.birth_date, parsed.gender) == (D(1990, 2, 28), "male")


def test_it_refuses_a_wrong_check_digit():
    good = make_id(D(1990, 2, 28))
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with translation.override("en"), pytest.raises(InvalidIdNumber, match="check digit"):
        parse_id_number(wrong)


@pytest.mark.parametrize("digits", ["19901301", "19900230", "00000000"])
def test_it_refuses_digits_that_are_not_a_date(digits):
    first17 = f"110105{digits}013"
    from members.idcard import check_char

    with translation.override("en"), pytest.raises(InvalidIdNumber, match="not a date"):
        parse_id_number(first17 + check_char(first17))


@pytest.mark.parametrize("raw", ["1101051990022801", "1101051990022801311", ""])
def test_it_refuses_a_wrong_length(raw):
    with translation.override("en"), pytest.raises(InvalidIdNumber, match="18 characters"):
        parse_id_number(raw)


def test_it_refuses_letters_inside_the_number():
    with pytest.raises(InvalidIdNumber):
        parse_id_number("11010519A0022801X3")


def test_mask_keeps_only_the_ends():
    assert mask("11010519491231002X") == "110***********002X"
    assert mask("13812345678") == "138****5678"
    assert mask("1234") == "****"
    assert mask("") == ""


# Through the person services -----------------------------------------------------------------


def _written() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        StatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_valid_number_is_stored_in_capitals(make_person):
    person = make_person(
        birth_date=D(1949, 12, 31), gender=Gender.FEMALE, id_number="11010519491231002x"
    )
    person.refresh_from_db()
    assert person.id_number == "11010519491231002X"


def test_a_birth_date_mismatch_is_refused_and_nothing_written(make_person, school):
    before = _written()
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        make_person(birth_date=D(1985, 6, 1), id_number=make_id(D(1985, 6, 2)))
    assert caught.value.field == "id_number"
    assert "June 2, 1985, not June 1, 1985" in caught.value.message
    assert _written() == before


def test_a_gender_mismatch_is_refused_and_nothing_written(make_person):
    before = _written()
    with pytest.raises(ServiceError) as caught:
        make_person(
            birth_date=D(1985, 6, 1), gender=Gender.MALE, id_number=make_id(D(1985, 6, 1), "female")
        )
    assert caught.value.field == "id_number"
    assert _written() == before


def test_a_bad_check_digit_is_refused_by_the_service(make_person):
    good = make_id(D(1985, 6, 1))
    before = _written()
    with pytest.raises(ServiceError) as caught:
        make_person(
            birth_date=D(1985, 6, 1), id_number=good[:17] + ("1" if good[17] == "0" else "0")
        )
    assert caught.value.field == "id_number"
    assert _written() == before


def test_a_duplicate_in_the_organisation_is_refused_and_nothing_written(make_person):
    number = make_id(D(1985, 6, 1))
    first = make_person("王一", id_number=number)
    before = _written()
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        make_person("王二", id_number=number.lower())
    assert caught.value.field == "id_number"
    # typing numbers must not tell whose they are
    assert first.name not in caught.value.message and number not in caught.value.message
    assert "already registered" in caught.value.message
    assert _written() == before


def test_a_duplicate_is_refused_on_update_too(make_person, secretary, school):
    from members.services import person_update

    taken = make_id(D(1985, 6, 1))
    make_person("王一", id_number=taken)
    other = make_person("王二")
    with pytest.raises(ServiceError):
        person_update(actor=secretary, org=school, person=other, id_number=taken)
    other.refresh_from_db()
    assert other.id_number == ""
