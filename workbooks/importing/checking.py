"""Checking an uploaded data workbook against the database: every problem, or every change.

The result is an ``ImportCheck``: the problems (each naming sheet, row and column), and for a
workbook without problems the change of every row (new, changed, unchanged; old → new) and the
writes that applying it will make. Nothing here writes.
"""

from __future__ import annotations

from custodians.roles import User
from workbooks.importing.actions import ActionRows
from workbooks.importing.changes import (
    ImportCheck,
    PlannedWrite,
    Progress,
    RowChange,
    no_progress,
)
from workbooks.importing.problems import Problem, WorkbookRefused
from workbooks.importing.reading import read_sheets
from workbooks.importing.results import ResultRows
from workbooks.importing.rows import check_headings, merged_problems, sheet_rows
from workbooks.layout import ACTIONS_SHEET, DATA_SHEETS, RESULTS_SHEET

__all__ = ["ImportCheck", "PlannedWrite", "Progress", "RowChange", "check_workbook"]


def check_workbook(content: bytes, *, user: User, progress: Progress | None = None) -> ImportCheck:
    """Every problem of the workbook, or every change it would make. Reads only."""
    progress = progress or no_progress
    check = ImportCheck()
    progress(0.05, "Opening the workbook")
    try:
        names, sheets = read_sheets(content, DATA_SHEETS)
    except WorkbookRefused as refused:
        check.problems.extend(refused.problems)
        return check
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
        return check
    for name in DATA_SHEETS:
        check.problems.extend(check_headings(sheets[name]))
        check.problems.extend(merged_problems(sheets[name]))
    if check.problems:
        return check
    progress(0.3, "Reading the rows")
    rows = {}
    for name in DATA_SHEETS:
        rows[name], problems = sheet_rows(sheets[name])
        check.problems.extend(problems)
    ResultRows(user, progress, check).check_rows(rows[RESULTS_SHEET])
    ActionRows(user, progress, check).check_rows(rows[ACTIONS_SHEET])
    check.problems.sort(
        key=lambda p: (
            DATA_SHEETS.index(p.sheet) if p.sheet in DATA_SHEETS else -1,
            p.row or 0,
            p.column,
        )
    )
    if check.problems:
        check.changes, check.writes = [], []
    progress(1.0, "Checked")
    return check
