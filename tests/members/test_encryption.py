"""ID and phone numbers are encrypted at rest: the database holds tokens and keyed hashes,
the code reads plain numbers, equality search and uniqueness work through the hashes, and a
command moves everything to a new key."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import connection

from branch.models import AuditEntry
from members.encryption import decrypt, is_token
from members.models import Person
from tests.members.roster_helpers import make_id

D = dt.date
ID_NUMBER = make_id(D(1980, 5, 17), "female")
PHONE = "13912345678"


def raw_row(person):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, id_number_hash, phone_hash FROM members_person WHERE id = %s",
            [person.pk],
        )
        return cursor.fetchone()


@pytest.fixture
def zhao(make_person):
    return make_person(
        "赵敏", gender="female", birth_date=D(1980, 5, 17), id_number=ID_NUMBER, phone=PHONE
    )


def test_the_database_row_holds_neither_the_id_nor_the_phone(zhao):
    row = raw_row(zhao)
    assert ID_NUMBER not in " ".join(row) and PHONE not in " ".join(row)
    assert ID_NUMBER[-4:] not in row[0] and PHONE[-4:] not in row[1]
    assert is_token(row[0]) and is_token(row[1])
    assert decrypt(row[0]) == ID_NUMBER and decrypt(row[1]) == PHONE
    fresh = Person.objects.get(pk=zhao.pk)
    assert (fresh.id_number, fresh.phone) == (ID_NUMBER, PHONE)
    assert Person.objects.values_list("id_number", flat=True).get(pk=zhao.pk) == ID_NUMBER


def test_a_number_is_found_by_its_keyed_hash(zhao, make_person):
    make_person("钱某")
    assert list(Person.objects.filter(id_number=ID_NUMBER)) == [zhao]
    assert list(Person.objects.filter(phone__in=[PHONE, "13700000000"])) == [zhao]
    assert not Person.objects.filter(id_number=make_id(D(1980, 5, 17), "female", seq="09")).exists()
    assert Person.objects.exclude(id_number="").get() == zhao
    with pytest.raises(FieldError):
        list(Person.objects.filter(phone__contains="5678"))


def test_the_same_number_twice_is_refused_by_the_database(zhao, make_person):
    from django.db import IntegrityError, transaction

    other = make_person("钱某")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=other.pk).update(id_number_hash=raw_row(zhao)[2])


def test_a_saved_change_keeps_the_hash_in_step(zhao):
    zhao.phone = "13700000000"
    zhao.save(update_fields=["phone"])
    assert Person.objects.filter(phone="13700000000").get() == zhao
    assert not Person.objects.filter(phone=PHONE).exists()


def test_a_dump_holds_tokens_and_loads_back(zhao):
    out = StringIO()
    call_command("dumpdata", "members.person", stdout=out)
    assert ID_NUMBER not in out.getvalue() and PHONE not in out.getvalue()
    fields = json.loads(out.getvalue())[0]["fields"]
    assert decrypt(fields["id_number"]) == ID_NUMBER


def test_the_key_is_rotated(zhao, settings):
    old_row = raw_row(zhao)
    old_key = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = "a new key for personal data, long enough " * 2
    with pytest.raises(CommandError):
        call_command("rotate_personal_data_key", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEY_OLD = old_key
    out = StringIO()
    call_command("rotate_personal_data_key", stdout=out)
    assert "1" in out.getvalue()
    new_row = raw_row(zhao)
    assert all(new != old for new, old in zip(new_row, old_row, strict=True))
    settings.FIELD_ENCRYPTION_KEY_OLD = ""  # the old key is no longer needed
    assert (decrypt(new_row[0]), decrypt(new_row[1])) == (ID_NUMBER, PHONE)
    assert Person.objects.get(id_number=ID_NUMBER) == zhao


def test_the_migration_encrypts_existing_rows_and_masks_the_log(zhao):
    migration = importlib.import_module("members.migrations.0004_encrypt_personal_data")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_person SET id_number = %s, phone = %s, id_number_hash = '', "
            "phone_hash = '' WHERE id = %s",
            [ID_NUMBER, PHONE, zhao.pk],
        )
    entry = AuditEntry.objects.filter(object_id=str(zhao.pk)).first()
    AuditEntry.objects.filter(pk=entry.pk).update(
        changes={"id_number": [None, ID_NUMBER], "phone": [None, PHONE], "name": [None, "赵敏"]}
    )
    from django.apps import apps

    migration.encrypt_rows(apps, connection.schema_editor())
    migration.mask_audit_entries(apps, None)
    row = raw_row(zhao)
    assert is_token(row[0]) and is_token(row[1])
    assert Person.objects.get(id_number=ID_NUMBER) == zhao
    entry.refresh_from_db()
    assert entry.changes == {
        "id_number": [None, f"{ID_NUMBER[:4]}**********{ID_NUMBER[-4:]}"],
        "phone": [None, "139****5678"],
        "name": [None, "赵敏"],
    }
