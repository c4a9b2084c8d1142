"""The 荣誉 sheet of the branch workbook: one honour a row, matched by date and title."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from branch import services
from branch.dates import DateKind
from branch.models import Honor, Organization
from branch.workbook import (
    Change,
    Column,
    ExportContext,
    ImportContext,
    Problem,
    Row,
    Sheet,
    duplicates,
    limit,
    register_sheet,
)
from branch.workbook_cells import dated

DATE, TITLE, ISSUER, RANK = "日期", "名称", "授予单位", "等次"


class HonorSheet(Sheet):
    name = "荣誉"
    order = 90
    columns = (
        Column(DATE, dated(DateKind.EVENT, DATE), required=True),
        Column(TITLE, required=True, max_length=limit(Honor, "title")),
        Column(ISSUER, max_length=limit(Honor, "issuer")),
        Column(RANK, max_length=limit(Honor, "rank")),
    )
    field_columns = {"awarded_on": DATE, "title": TITLE, "issuer": ISSUER, "rank": RANK}
    branch_only = False  # committees receive honours too

    def label(self, row: Row) -> str:
        return row[TITLE] or ""

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        return duplicates(
            rows, lambda r: (r[DATE], r[TITLE]) if r[DATE] and r[TITLE] else None, TITLE
        )

    def apply(self, row: Row, ctx: ImportContext) -> Change | tuple[Change, list[str]]:
        honor = Honor.objects.filter(
            organization=ctx.org, awarded_on=row[DATE], title=row[TITLE]
        ).first()
        if honor is None:
            services.honor_create(
                actor=ctx.actor,
                org=ctx.org,
                awarded_on=row[DATE],
                title=row[TITLE],
                issuer=row[ISSUER] or "",
                rank=row[RANK] or "",
            )
            return Change.CREATED
        # A blank cell keeps what is recorded: a workbook often leaves out what it does not know.
        changes = {
            field: row[column]
            for field, column in (("issuer", ISSUER), ("rank", RANK))
            if row[column] and row[column] != getattr(honor, field)
        }
        if not changes:
            return Change.UNCHANGED
        services.honor_update(actor=ctx.actor, honor=honor, **changes)
        columns = {"issuer": ISSUER, "rank": RANK}
        return Change.UPDATED, [columns[field] for field in changes]

    def years(self, org: Organization) -> set[int]:
        return {d.year for d in Honor.objects.filter(organization=org).dates("awarded_on", "year")}

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        honours = Honor.objects.filter(organization=ctx.org)
        if ctx.year is not None:
            honours = honours.filter(awarded_on__year=ctx.year)
        for honor in honours.order_by("awarded_on", "title"):
            yield {
                DATE: honor.awarded_on,
                TITLE: honor.title,
                ISSUER: honor.issuer,
                RANK: honor.rank,
            }


def register() -> None:
    register_sheet(HonorSheet())
