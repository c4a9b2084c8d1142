"""What the workbook benchmark sets up and measures; ``bench/workbook_bench.py`` runs it in a
throwaway database and prints the figures, ``tests/branch/test_workbook_bench.py`` runs it
small.

A 党员名册 of ``people`` rows (full and probationary members, people in the pipeline, eight
party groups, ID and phone numbers) is imported into an empty branch: the preview (a dry run)
and the import, each the median of three; the import runs inside a transaction rolled back
after each run, so every run starts from the same empty branch. Then the file is imported for
good, and the preview and the import of the same file again (nothing to change) are measured,
and the export of the branch.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.db import transaction
from django.utils import timezone

from bench.dues_workload import Figure, measure
from branch import services as branch_services
from branch.models import AuditEntry, Organization, OrgKind
from branch.workbook_export import export_workbook
from branch.workbook_import import import_workbook
from members.idcard import check_char
from members.models import Person, StatusChange

D = datetime.date
HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学历",
    "党员类别",
    "入党日期",
    "转正日期",
    "人员类别",
    "党小组",
    "工作单位及职务",
    "联系电话",
    "加入本支部日期",
]


def _id_number(birth: datetime.date, seq: int, male: bool) -> str:
    first17 = f"110105{birth:%Y%m%d}{seq % 100:02d}{(seq // 100) * 2 % 10 + (1 if male else 0)}"
    return first17 + check_char(first17)


def roster_row(i: int, today: datetime.date) -> list:
    """Row ``i`` of the roster: mostly full members, some probationary, some in the pipeline."""
    male = i % 2 == 0
    birth = D(1950 + i % 50, 1 + i % 12, 1 + i % 28)
    joined_party = birth.replace(year=birth.year + 25)
    kind = i % 10
    stage, party, full = "正式党员", joined_party, joined_party.replace(year=joined_party.year + 1)
    if kind == 7:
        stage, party, full = "预备党员", today - datetime.timedelta(days=200), None
    elif kind == 8:
        stage, party, full = "发展对象", None, None
    elif kind == 9:
        stage, party, full = "入党积极分子", None, None
    return [
        f"党员{i:04d}",
        "男" if male else "女",
        "汉族",
        birth,
        _id_number(birth, i // 2, male),
        "大学本科",
        stage,
        party,
        full,
        "离退休" if i % 5 == 0 else "在职",
        f"第{i % 8 + 1}党小组",
        "某单位职员",
        f"139{i:08d}",
        D(2015, 1, 1) + datetime.timedelta(days=i % 3000),
    ]


def roster_workbook(people: int, today: datetime.date, start: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    sheet.append(HEADERS)
    for i in range(start, start + people):
        sheet.append(roster_row(i, today))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def empty_branch(code: str) -> Organization:
    committee = Organization.objects.filter(code="bench-committee").first()
    committee = committee or branch_services.organization_create(
        actor=None, code="bench-committee", name="基准测试党委", kind=OrgKind.COMMITTEE
    )
    return branch_services.organization_create(
        actor=None, code=code, name="基准测试名册支部", kind=OrgKind.BRANCH, parent=committee
    )


def _import(org: Organization, content: bytes, *, dry_run: bool, keep: bool = True):
    def run():
        with transaction.atomic():
            result = import_workbook(
                org=org, source=io.BytesIO(content), actor=None, dry_run=dry_run
            )
            if not keep:
                transaction.set_rollback(True)
        if result.errors:
            raise RuntimeError("; ".join(str(p) for p in result.errors[:5]))
        return result

    return run


def _counts(result) -> str:
    (summary,) = result.sheets
    return f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"


def run(*, people: int = 1000, repeat: int = 3, start: int = 0) -> list[Figure]:
    """``start``: the number of the first row's person, so that a second run in the same
    database lists other people."""
    today = timezone.localdate()
    content = roster_workbook(people, today, start)
    org = empty_branch(f"bench-roster-{start}-{people}")
    figures = []
    result, timing = measure(_import(org, content, dry_run=True), repeat=repeat)
    figures.append(Figure("roster preview, new people", timing, people, _counts(result)))
    result, timing = measure(_import(org, content, dry_run=False, keep=False), repeat=repeat)
    figures.append(Figure("roster import, new people", timing, people, _counts(result)))

    _import(org, content, dry_run=False)()  # for good this time
    written = StatusChange.objects.filter(person__memberships__organization=org).count()
    entries = AuditEntry.objects.filter(organization=org).count()
    result, timing = measure(_import(org, content, dry_run=True), repeat=repeat)
    figures.append(
        Figure("roster preview again, nothing to change", timing, people, _counts(result))
    )
    result, timing = measure(_import(org, content, dry_run=False), repeat=repeat)
    figures.append(
        Figure("roster import again, nothing to change", timing, people, _counts(result))
    )
    people_kept = Person.objects.filter(memberships__organization=org).count()
    data, timing = measure(lambda: export_workbook(org=org, personal_data=True), repeat=repeat)
    figures.append(
        Figure(
            "export of that branch",
            timing,
            people_kept,
            f"{len(data) // 1024} KB; the import wrote {written} status changes, "
            f"{entries} audit entr{'y' if entries == 1 else 'ies'}",
        )
    )
    return figures


def export_scale(code: str, repeat: int = 3) -> Figure:
    """The export of a branch of the county database (``manage.py seed_scale``): all sheets."""
    org = Organization.objects.get(code=code)
    data, timing = measure(lambda: export_workbook(org=org, personal_data=True), repeat=repeat)
    return Figure(f"export of {code}, all sheets", timing, 0, f"{len(data) // 1024} KB")
