"""The branch workbook (DESIGN §6): one ``.xlsx`` with a sheet per record type, imported all or
nothing and exported in the same format.

Each app registers a ``Sheet`` for its record type (``register_sheet`` from its
``AppConfig.ready``): its columns, how it applies a row and how it lists the rows of an export.
This module holds what the sheets and the engine share; the import engine is
``branch.workbook_import``, the export ``branch.workbook_export``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branch.exceptions import ServiceError
from branch.models import Organization
from branch.workbook_cells import CellError, Parser, clean_text, text

# The empty workbook (branch.workbook_template) explains itself on a sheet of its own and marks
# its example rows in a column of its own; an import passes over both.
INSTRUCTIONS_SHEET = "说明"
EXAMPLE_COLUMN = "填写说明"
EXAMPLE_MARK = "示例行，导入时不读入"


class RowError(Exception):
    """A row cannot be imported; ``column`` is the header of the cell at fault, if one is."""

    def __init__(self, message: str, *, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


class SkipRow(RowError):
    """The row depends on a row of an earlier sheet that failed, whose problem is reported
    already; repeating it for every dependent row would only bury it."""


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, a sheet, a row or one cell."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if self.row and self.column:
            return _("Sheet %(sheet)s, row %(row)d, column %(column)s: %(message)s") % where
        if self.row:
            return _("Sheet %(sheet)s, row %(row)d: %(message)s") % where
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % where
        return self.message


@dataclass(frozen=True)
class Column:
    name: str  # the header, Chinese by contract
    parse: Parser = text
    required: bool = False
    # The longest text the record keeps (the model field's ``max_length``); checked here, so a
    # long cell is refused in its own words rather than by the model's stock message.
    max_length: int | None = None


@dataclass
class Row:
    """One data row: the parsed value of every known column (``None`` where blank or absent)."""

    sheet: str
    number: int
    values: dict[str, Any]

    def __getitem__(self, column: str) -> Any:
        return self.values.get(column)


@dataclass
class ImportContext:
    org: Organization
    actor: Any
    today: datetime.date
    # What a sheet leaves for the sheets after it (the roster: the people this file lists).
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportContext:
    org: Organization
    today: datetime.date
    personal_data: bool  # whether ID and phone numbers are written
    # Only this year's dated records (meetings, dues, honours); the people and the committee
    # are always written whole, so the file imports into an empty branch.
    year: int | None = None


class Sheet:
    """One record type of the workbook. Subclasses name the sheet and its columns, apply one
    row (create, update, or leave it) and list the rows of an export."""

    name: ClassVar[str]
    order: ClassVar[int]  # sheets are applied in this order, lowest first
    columns: ClassVar[tuple[Column, ...]]
    # ``ServiceError.field`` of the services this sheet calls -> the column it is about
    field_columns: ClassVar[dict[str, str]] = {}
    branch_only: ClassVar[bool] = True
    # whether the rows name people, whom the import's audit entry then names (the roster)
    names_people: ClassVar[bool] = False

    def label(self, row: Row) -> str:
        """How the preview names the row."""
        return clean_text(row[self.columns[0].name])

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        """Problems between rows (the same record twice); those rows are not applied."""
        return []

    def ordered(self, rows: list[Row]) -> list[Row]:
        return rows

    def apply(self, row: Row, ctx: ImportContext) -> Outcome:
        """Create, update or leave the record of ``row``. An update may say which columns
        changed it (``(Change.UPDATED, ["地点", …])``), which the preview shows."""
        raise NotImplementedError

    def apply_rows(
        self, rows: list[Row], ctx: ImportContext
    ) -> Iterable[tuple[Row, Outcome | Failure]]:
        """Apply the rows in order, each in a savepoint of its own (``attempt``). A sheet
        that can check its rows against what is kept in a few queries, and write them in
        bulk, does so here instead: its number of queries then does not grow with the rows."""
        for row in rows:
            yield row, attempt(self, self.apply, row, ctx)

    def failure(self, row: Row, exc: Exception) -> Failure:
        """The problem a row's ``RowError``, ``ServiceError`` or ``IntegrityError`` reports."""
        if isinstance(exc, RowError):
            problem = Problem(exc.message, self.name, row.number, exc.column)
            return Failure(problem, skipped=isinstance(exc, SkipRow))
        if isinstance(exc, ServiceError):
            column = self.field_columns.get(exc.field or "", "")
            return Failure(Problem(exc.message, self.name, row.number, column))
        return Failure(
            Problem(_("This row clashes with a record already kept."), self.name, row.number)
        )

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        raise NotImplementedError

    def years(self, org: Organization) -> set[int]:
        """The years of the dated records this sheet writes (none: it is written whole)."""
        return set()

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


Outcome = Change | tuple[Change, list[str]]


@dataclass(frozen=True)
class Failure:
    """A row that cannot be applied. ``skipped``: it depends on a failed row of an earlier
    sheet (``SkipRow``), whose problem is reported already."""

    problem: Problem
    skipped: bool = False


def attempt(
    sheet: Sheet, apply: Callable[[Row, ImportContext], Outcome], row: Row, ctx: ImportContext
) -> Outcome | Failure:
    """``apply(row, ctx)`` in a savepoint of its own, so a row that fails leaves nothing
    behind and the rows after it are still checked against the database."""
    try:
        with transaction.atomic():
            return apply(row, ctx)
    except (RowError, ServiceError, IntegrityError) as exc:
        return sheet.failure(row, exc)


_sheets: dict[str, Sheet] = {}


def register_sheet(sheet: Sheet) -> Sheet:
    _sheets[sheet.name] = sheet
    return sheet


def sheet_named(name: str) -> Sheet | None:
    return _sheets.get(name)


def registered_sheets() -> list[Sheet]:
    return sorted(_sheets.values(), key=lambda s: s.order)


def duplicates(
    rows: list[Row], key: Callable[[Row], Hashable | None], column: str
) -> list[Problem]:
    """A problem for each row whose ``key`` an earlier row already had."""
    first: dict[Hashable, int] = {}
    problems = []
    for row in rows:
        value = key(row)
        if value is None:
            continue
        if value in first:
            problems.append(
                Problem(
                    _("This is the same record as row %(row)d.") % {"row": first[value]},
                    row.sheet,
                    row.number,
                    column,
                )
            )
        else:
            first[value] = row.number
    return problems


# Results ------------------------------------------------------------------------------------


@dataclass
class RowOutcome:
    number: int
    label: str
    change: Change
    columns: list[str] = field(default_factory=list)  # what an update changes

    @property
    def columns_text(self) -> str:
        return "、".join(self.columns)


@dataclass
class SheetSummary:
    name: str
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, change: Change) -> int:
        return sum(1 for r in self.rows if r.change == change)

    @property
    def created(self) -> int:
        return self.count(Change.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Change.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Change.UNCHANGED)

    @property
    def changed_rows(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.change != Change.UNCHANGED]


@dataclass
class ImportResult:
    sheets: list[SheetSummary] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def within_limit(column: Column, value: Any) -> Any:
    if column.max_length is not None and isinstance(value, str) and len(value) > column.max_length:
        raise CellError(
            _("At most %(limit)d characters can be kept here; this cell has %(length)d.")
            % {"limit": column.max_length, "length": len(value)}
        )
    return value


def limit(model: Any, field: str) -> int | None:
    """The ``max_length`` of a model's text field, for ``Column.max_length``."""
    return model._meta.get_field(field).max_length
