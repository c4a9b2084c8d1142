"""The branch workbook (DESIGN §6): one ``.xlsx`` with a sheet per record type, imported all or
nothing and exported in the same format.

Each app registers a ``Sheet`` for its record type (``register_sheet`` from its
``AppConfig.ready``). An import reads the file, checks every sheet's headers and cells, then
applies the sheets in their fixed order (the roster first, so later sheets find the people it
adds) inside one transaction. Every row runs in its own savepoint, so one bad row does not stop
the others from being checked against the database: all problems are reported at once, and when
there is any problem (or on a dry run) the whole transaction is rolled back. A preview is a dry
run, so it shows exactly what the confirmed import will do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, ClassVar

import openpyxl
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.exceptions import ServiceError
from branch.models import Organization
from branch.workbook_cells import CellError, Parser, clean_text, is_blank, text
from branch.workbook_guard import HostileWorkbook, check_archive

# A branch has at most a few hundred members; dues over several years stay well below this.
MAX_DATA_ROWS = 20_000
# A branch workbook has at most a score of columns; cells further right are not read.
MAX_COLUMNS = 256
# The empty workbook (branch.workbook_template) explains itself on a sheet of its own and marks
# its example rows in a column of its own; an import passes over both.
INSTRUCTIONS_SHEET = "说明"
EXAMPLE_COLUMN = "填写说明"
EXAMPLE_MARK = "示例行，导入时不读入"

Source = str | Path | IO[bytes]


class WorkbookError(Exception):
    """The file as a whole cannot be read."""


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

    def label(self, row: Row) -> str:
        """How the preview names the row."""
        return clean_text(row[self.columns[0].name])

    def check(self, rows: list[Row], ctx: ImportContext) -> list[Problem]:
        """Problems between rows (the same record twice); those rows are not applied."""
        return []

    def ordered(self, rows: list[Row]) -> list[Row]:
        return rows

    def apply(self, row: Row, ctx: ImportContext) -> Change | tuple[Change, list[str]]:
        """Create, update or leave the record of ``row``. An update may say which columns
        changed it (``(Change.UPDATED, ["地点", …])``), which the preview shows."""
        raise NotImplementedError

    def export(self, ctx: ExportContext) -> Iterable[dict[str, Any]]:
        raise NotImplementedError

    def years(self, org: Organization) -> set[int]:
        """The years of the dated records this sheet writes (none: it is written whole)."""
        return set()

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


_sheets: dict[str, Sheet] = {}


def register_sheet(sheet: Sheet) -> Sheet:
    _sheets[sheet.name] = sheet
    return sheet


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


# Reading ------------------------------------------------------------------------------------


def read_workbook(source: Source) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows as tuples of raw values, in the file's order. The archive is checked
    first (``branch.workbook_guard``), so a hostile file is refused before it is parsed."""
    try:
        check_archive(source, max_rows=MAX_DATA_ROWS + 1)
    except HostileWorkbook as exc:
        raise WorkbookError(str(exc)) from None
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl fails in many ways on what is not an xlsx file
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        sheets = {}
        for name in book.sheetnames:
            sheet = book[name]
            # Some programs write a sheet's size as the whole grid; rows would be padded to
            # 16384 columns. Read only the cells the file holds, up to MAX_COLUMNS (the
            # columns beyond are extra columns, which an import ignores).
            sheet.reset_dimensions()
            rows = []
            for values in sheet.iter_rows(
                max_col=MAX_COLUMNS, max_row=MAX_DATA_ROWS + 2, values_only=True
            ):
                rows.append(_trimmed(values))
                if len(rows) > MAX_DATA_ROWS + 1:
                    break
            sheets[name] = rows
        return sheets
    except Exception:
        raise WorkbookError(_("The workbook cannot be read; save it again as .xlsx.")) from None
    finally:
        book.close()


def _trimmed(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row without the empty cells after its last value: a row padded to MAX_COLUMNS
    would hold hundreds of ``None`` for nothing."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return tuple(values[:end])


def _is_example(values: tuple[Any, ...], at: int) -> bool:
    return at < len(values) and clean_text(values[at]) == EXAMPLE_MARK


def _parse_sheet(sheet: Sheet, raw: list[tuple[Any, ...]]) -> tuple[list[Row], list[Problem]]:
    problems: list[Problem] = []
    if all(is_blank(v) for values in raw for v in values):
        return [], []
    if all(is_blank(v) for v in raw[0]):
        return [], [Problem(_("The first row must hold the column headers."), sheet.name)]
    headers: dict[str, int] = {}
    for index, header in enumerate(raw[0]):
        headers.setdefault(clean_text(header).rstrip("*").strip(), index)
    missing = [name for name in sheet.required if name not in headers]
    if missing:
        return [], [
            Problem(
                _("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)},
                sheet.name,
            )
        ]
    if len(raw) > MAX_DATA_ROWS + 1:
        return [], [
            Problem(_("More than %(n)d rows; split the file.") % {"n": MAX_DATA_ROWS}, sheet.name)
        ]
    rows = []
    example_at = headers.get(EXAMPLE_COLUMN)
    for number, values in enumerate(raw[1:], start=2):
        if all(is_blank(v) for v in values):
            continue
        if example_at is not None and _is_example(values, example_at):
            continue
        parsed: dict[str, Any] = {}
        for column in sheet.columns:
            index = headers.get(column.name)
            value = values[index] if index is not None and index < len(values) else None
            if is_blank(value):
                parsed[column.name] = None
                if column.required:
                    problems.append(
                        Problem(
                            _("This column must be filled in."), sheet.name, number, column.name
                        )
                    )
                continue
            try:
                parsed[column.name] = within_limit(column, column.parse(value))
            except CellError as exc:
                problems.append(Problem(exc.message, sheet.name, number, column.name))
        rows.append(Row(sheet.name, number, parsed))
    return rows, problems


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


# Importing ----------------------------------------------------------------------------------


def import_workbook(
    *, org: Organization, source: Source, actor: Any, dry_run: bool = False
) -> ImportResult:
    """Check the workbook and, when nothing is wrong and it is not a dry run, write it."""
    result = ImportResult()
    try:
        raw_sheets = read_workbook(source)
    except WorkbookError as exc:
        result.errors.append(Problem(str(exc)))
        return result

    parsed: list[tuple[Sheet, list[Row]]] = []
    for name, raw in raw_sheets.items():
        if name.strip() == INSTRUCTIONS_SHEET:
            continue
        sheet = _sheets.get(name.strip())
        if sheet is not None and any(seen is sheet for seen, _rows in parsed):
            result.errors.append(Problem(_("This sheet appears twice in the workbook."), name))
            continue
        if sheet is None:
            result.errors.append(
                Problem(
                    _("Unknown sheet; the sheets of a branch workbook are %(names)s.")
                    % {"names": "、".join(s.name for s in registered_sheets())},
                    name,
                )
            )
            continue
        if sheet.branch_only and not org.is_branch:
            result.errors.append(
                Problem(_("%(org)s is not a party branch.") % {"org": org.name}, name)
            )
            continue
        rows, problems = _parse_sheet(sheet, raw)
        result.errors.extend(problems)
        if not rows and not problems:
            result.notices.append(Problem(_("No data rows; nothing to import."), name))
        parsed.append((sheet, rows))
    if not result.errors and not any(rows for _sheet, rows in parsed):
        result.errors.append(Problem(_("The workbook holds no records to import.")))
    if result.errors:
        return result

    parsed.sort(key=lambda item: item[0].order)
    ctx = ImportContext(org=org, actor=actor, today=timezone.localdate())
    with transaction.atomic():
        for sheet, rows in parsed:
            if rows:  # an empty sheet has its notice already
                result.sheets.append(_apply_sheet(sheet, rows, ctx, result.errors))
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.written = True
    return result


def _apply_sheet(
    sheet: Sheet, rows: list[Row], ctx: ImportContext, errors: list[Problem]
) -> SheetSummary:
    summary = SheetSummary(sheet.name)
    problems = sheet.check(rows, ctx)
    errors.extend(problems)
    flagged = {p.row for p in problems}
    skipped: list[Problem] = []
    for row in sheet.ordered(rows):
        if row.number in flagged:
            continue
        try:
            with transaction.atomic():
                outcome = sheet.apply(row, ctx)
        except SkipRow as exc:
            skipped.append(Problem(exc.message, sheet.name, row.number, exc.column))
        except RowError as exc:
            errors.append(Problem(exc.message, sheet.name, row.number, exc.column))
        except ServiceError as exc:
            column = sheet.field_columns.get(exc.field or "", "")
            errors.append(Problem(exc.message, sheet.name, row.number, column))
        except IntegrityError:
            errors.append(
                Problem(_("This row clashes with a record already kept."), sheet.name, row.number)
            )
        else:
            change, columns = (outcome, []) if isinstance(outcome, Change) else outcome
            summary.rows.append(RowOutcome(row.number, sheet.label(row), change, list(columns)))
    if skipped and not errors:
        errors.extend(skipped)  # never let a skipped row pass unnoticed
    summary.rows.sort(key=lambda r: r.number)
    return summary
