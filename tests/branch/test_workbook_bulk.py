"""The 党员名册 import at scale: new people written in bulk as the services would write them
(encrypted numbers with their keyed hashes, the same history rows), the same number of
queries however many rows, and one audit entry for the whole import."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bench.workbook_workload import HEADERS, roster_row
from branch import services as branch_services
from branch.models import AuditEntry, PartyGroup
from branch.workbook_import import import_workbook
from members.encryption import is_token, keyed_hash
from members.models import (
    Aspect,
    Category,
    GroupMembership,
    Membership,
    Person,
    Stage,
    Standing,
    StatusChange,
)
from tests.branch.test_workbook import make_workbook

TODAY = timezone.localdate()
D = datetime.date


def roster(count: int, start: int = 0) -> bytes:
    return make_workbook(
        {"党员名册": [HEADERS] + [roster_row(i, TODAY) for i in range(start, start + count)]}
    )


def imported(org, content: bytes, **kwargs):
    result = import_workbook(org=org, source=io.BytesIO(content), actor=None, **kwargs)
    assert [str(p) for p in result.errors] == []
    return result


def test_a_bulk_imported_person_is_stored_as_save_would_store_them(school):
    row = roster_row(0, TODAY)
    number, phone = row[HEADERS.index("身份证号")], row[HEADERS.index("联系电话")]
    imported(school, roster(3))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, id_number_hash, phone, phone_hash, sort_key FROM members_person "
            "WHERE name = %s",
            [row[0]],
        )
        stored_id, id_hash, stored_phone, phone_hash, sort_key = cursor.fetchone()
    assert is_token(stored_id) and number not in stored_id
    assert is_token(stored_phone) and phone not in stored_phone
    assert (id_hash, phone_hash) == (keyed_hash(number), keyed_hash(phone))
    assert sort_key
    person = Person.objects.get(id_number=number)
    assert (person.name, person.id_number, person.phone) == (row[0], number, phone)
    assert Person.objects.filter(phone=phone).get() == person


def test_the_bulk_rows_are_those_the_services_write(school):
    group = branch_services.party_group_create(actor=None, org=school, name="第一党小组")
    sheets = {
        "党员名册": [
            [*HEADERS, "离开本支部日期"],
            [
                "钱多多",
                "女",
                "汉族",
                D(1970, 2, 3),
                "",
                "大学本科",
                "正式党员",
                D(1995, 7, 1),
                D(1996, 7, 1),
                "在职",
                "第一党小组",
                "",
                "",
                D(2010, 3, 1),
                D(2020, 5, 1),
            ],
        ]
    }
    imported(school, make_workbook(sheets))

    person = Person.objects.get(name="钱多多")
    history = StatusChange.objects.filter(person=person).order_by("pk")
    assert [(c.aspect, c.value, c.effective_on) for c in history] == [
        (Aspect.STAGE, Stage.PROBATIONARY, D(1995, 7, 1)),
        (Aspect.STANDING, Standing.NORMAL, D(1995, 7, 1)),
        (Aspect.CATEGORY, Category.EMPLOYED, D(2010, 3, 1)),
        (Aspect.STAGE, Stage.FULL, D(1996, 7, 1)),
    ]
    membership = Membership.objects.get(person=person)
    assert (membership.joined_on, membership.left_on, membership.left_reason) == (
        D(2010, 3, 1),
        D(2020, 5, 1),
        Membership.LeftReason.OTHER,
    )
    placed = GroupMembership.objects.get(person=person)
    assert (placed.party_group, placed.joined_on, placed.left_on) == (
        group,
        D(2010, 3, 1),
        D(2020, 5, 1),
    )


def test_one_audit_entry_names_the_people_and_no_number(school):
    imported(school, roster(4))
    (entry,) = AuditEntry.objects.filter(organization=school, changes__has_key="people")
    assert entry.changes["people"][1] == [f"党员{i:04d}" for i in range(4)]
    assert entry.changes["workbook_sheets"][1] == ["党员名册：新增 4 条，更新 0 条"]
    for i in range(4):
        row = roster_row(i, TODAY)
        for column in ("身份证号", "联系电话"):
            assert row[HEADERS.index(column)] not in str(entry.changes)
    # the same file again changes nothing and leaves no entry
    result = imported(school, roster(4))
    assert result.sheets[0].unchanged == 4
    assert AuditEntry.objects.filter(organization=school, changes__has_key="people").count() == 1


def _counted(org, content, assert_queries, expected, *, dry_run):
    with transaction.atomic():
        with assert_queries(expected):
            imported(org, content, dry_run=dry_run)
        transaction.set_rollback(True)


@pytest.mark.parametrize("count", [3, 12])
def test_the_import_of_new_people_runs_the_same_queries_however_many(
    school, django_assert_num_queries, count
):
    for n in range(1, 9):  # every group the rows name exists already
        PartyGroup.objects.create(organization=school, name=f"第{n}党小组")
    content = roster(count)
    # savepoint; the people the branch keeps (none yet: no history to prefetch); the holders
    # of the file's ID numbers; the groups; people, memberships, status changes and group
    # memberships, one insert each; a preview rolls back to the savepoint and releases it
    _counted(school, content, django_assert_num_queries, 10, dry_run=True)
    # an import writes the audit entry instead of rolling back, and releases the savepoint
    _counted(school, content, django_assert_num_queries, 10, dry_run=False)


@pytest.mark.parametrize("count", [3, 12])
def test_the_same_file_again_runs_the_same_queries_however_many(
    school, django_assert_num_queries, count
):
    imported(school, roster(count))
    content = roster(count)
    # savepoint; the people the branch keeps with their status changes, memberships and
    # group memberships; the holders of the file's ID numbers; the groups; release
    _counted(school, content, django_assert_num_queries, 8, dry_run=False)
