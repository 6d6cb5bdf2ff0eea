"""Checking an uploaded data workbook against the database: every problem, or every change.

The result is an ``ImportCheck``: the problems (each naming sheet, row and column), and for a
workbook without problems the change of every row (new, changed, unchanged; old → new). The rows
are streamed from the file and checked a chunk at a time, so a large workbook is never held
whole. Nothing here writes: applying passes ``save``, which gets each chunk's writes while no
problem has been found.
"""

from __future__ import annotations

from collections.abc import Callable

from custodians.roles import User
from workbooks.importing.actions import ActionRows
from workbooks.importing.changes import (
    ImportCheck,
    PlannedWrite,
    Progress,
    RowChange,
    SheetChecker,
    no_progress,
)
from workbooks.importing.problems import Problem, WorkbookRefused
from workbooks.importing.reading import SheetContent, open_sheets
from workbooks.importing.results import ResultRows
from workbooks.importing.rows import check_headings, chunks, merged_problems, sheet_rows
from workbooks.layout import ACTIONS_SHEET, DATA_SHEETS, RESULTS_SHEET

__all__ = ["ImportCheck", "PlannedWrite", "Progress", "RowChange", "check_workbook"]

# Rows checked against the database at once: few queries, little memory.
CHUNK_ROWS = 1_000
# Where each sheet's rows fall on the progress bar.
PROGRESS_SPANS = {RESULTS_SHEET: (0.3, 0.65), ACTIONS_SHEET: (0.65, 0.95)}
CHECKERS: dict[str, Callable[[User, ImportCheck], SheetChecker]] = {
    RESULTS_SHEET: ResultRows,
    ACTIONS_SHEET: ActionRows,
}
SaveChunk = Callable[[ImportCheck, list[PlannedWrite]], None]


def check_workbook(
    content: bytes,
    *,
    user: User,
    progress: Progress | None = None,
    save: SaveChunk | None = None,
) -> ImportCheck:
    """Every problem of the workbook, or every change it would make.

    ``save`` (only for applying) is called with each chunk's writes as long as the check has
    found no problem; the caller's transaction undoes them if a later row has one.
    """
    progress = progress or no_progress
    check = ImportCheck()
    progress(0.05, "Opening the workbook")
    try:
        with open_sheets(content, DATA_SHEETS) as (names, sheets):
            if _sheet_problems(check, names, sheets):
                return check
            for name in DATA_SHEETS:
                _check_rows(check, sheets[name], user, progress, save)
    except WorkbookRefused as refused:  # the file cannot be read (to the end)
        check.problems, check.changes = list(refused.problems), []
        return check
    check.problems.sort(
        key=lambda p: (
            DATA_SHEETS.index(p.sheet) if p.sheet in DATA_SHEETS else -1,
            p.row or 0,
            p.column,
        )
    )
    if check.problems:
        check.changes = []
    progress(1.0, "Checked")
    return check


def _sheet_problems(check: ImportCheck, names: list[str], sheets: dict[str, SheetContent]) -> bool:
    """Missing sheets, then wrong headings and merged cells: a workbook with these is not read
    further."""
    for name in DATA_SHEETS:
        if name not in sheets:
            found = ", ".join(f"“{n}”" for n in names)
            check.problems.append(
                Problem(
                    f"the sheet “{name}” is missing (the workbook has {found}). Keep the "
                    "sheets and their names as exported.",
                    sheet=name,
                )
            )
    if check.problems:
        return True
    for name in DATA_SHEETS:
        check.problems.extend(check_headings(sheets[name]))
        check.problems.extend(merged_problems(sheets[name]))
    return bool(check.problems)


def _check_rows(
    check: ImportCheck,
    sheet: SheetContent,
    user: User,
    progress: Progress,
    save: SaveChunk | None,
) -> None:
    checker = CHECKERS[sheet.name](user, check)
    start, end = PROGRESS_SPANS[sheet.name]
    progress(start, f"Checking {sheet.name.lower()}")
    for chunk in chunks(sheet_rows(sheet, check.problems), CHUNK_ROWS):
        writes = checker.check_chunk(chunk)
        if save is not None and writes and not check.problems:
            save(check, writes)
        done = min(chunk[-1].number / max(sheet.declared_rows, 1), 1.0)
        progress(start + (end - start) * done, f"Checking {sheet.name.lower()}")
