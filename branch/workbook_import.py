"""Importing the branch workbook (DESIGN §6), all or nothing.

An import reads the file, checks every sheet's headers and cells, then applies the sheets in
their fixed order (the roster first, so later sheets find the people it adds) inside one
transaction. A sheet applies its rows so that one bad row does not stop the others from being
checked against the database (``Sheet.apply_rows``): all problems are reported at once, and when
there is any problem (or on a dry run) the whole transaction is rolled back. A preview is a dry
run, so it shows exactly what the confirmed import will do. A written import leaves one audit
entry that says what it changed, sheet by sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branch.audit import Action, audit_record
from branch.models import Organization
from branch.workbook import (
    EXAMPLE_COLUMN,
    EXAMPLE_MARK,
    INSTRUCTIONS_SHEET,
    Change,
    Failure,
    ImportContext,
    ImportResult,
    Problem,
    Row,
    RowOutcome,
    Sheet,
    SheetSummary,
    registered_sheets,
    sheet_named,
    within_limit,
)
from branch.workbook_cells import CellError, clean_text, is_blank
from branch.workbook_guard import HostileWorkbook, check_archive

# A branch has at most a few hundred members; dues over several years stay well below this.
MAX_DATA_ROWS = 20_000
# A branch workbook has at most a score of columns; cells further right are not read.
MAX_COLUMNS = 256

Source = str | Path | IO[bytes]


class WorkbookError(Exception):
    """The file as a whole cannot be read."""


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
        sheet = sheet_named(name.strip())
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
            _audit(result, ctx)
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
    todo = [row for row in sheet.ordered(rows) if row.number not in flagged]
    for row, outcome in sheet.apply_rows(todo, ctx):
        if isinstance(outcome, Failure):
            (skipped if outcome.skipped else errors).append(outcome.problem)
            continue
        change, columns = (outcome, []) if isinstance(outcome, Change) else outcome
        summary.rows.append(RowOutcome(row.number, sheet.label(row), change, list(columns)))
    if skipped and not errors:
        errors.extend(skipped)  # never let a skipped row pass unnoticed
    summary.rows.sort(key=lambda r: r.number)
    return summary


def _audit(result: ImportResult, ctx: ImportContext) -> None:
    """One entry for the whole import: what each sheet added and updated, and the people of
    the roster it wrote (by name: ID and phone numbers never go into the log)."""
    changed = [s for s in result.sheets if s.created or s.updated]
    if not changed:
        return
    names = [
        row.label
        for s in changed
        if sheet_named(s.name).names_people  # type: ignore[union-attr]
        for row in s.changed_rows
    ]
    audit_record(
        actor=ctx.actor,
        organization=ctx.org,
        action=Action.UPDATE,
        obj=ctx.org,
        object_repr=_("Workbook import into %(org)s") % {"org": ctx.org.name},
        after={
            "workbook_sheets": [
                _("%(sheet)s: %(created)d added, %(updated)d updated")
                % {"sheet": s.name, "created": s.created, "updated": s.updated}
                for s in changed
            ],
            "people": names,
        },
    )
