"""Reading an uploaded data workbook as checked chunks, and the dry run that collects them.

``checked_chunks`` streams the rows from the file and checks them against the database a chunk
at a time, so a large workbook is never held whole; each ``CheckedChunk`` holds its rows' writes,
problems and changes. Nothing here writes. The dry run (``check_workbook``) collects the chunks
into an ``ImportCheck``; applying (``workbooks.importing.applying``) consumes the same chunks and
saves their writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians.roles import User
from workbooks.importing.actions import ActionRows
from workbooks.importing.changes import (
    CheckedChunk,
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

__all__ = [
    "CheckedChunk",
    "ImportCheck",
    "PlannedWrite",
    "Progress",
    "RowChange",
    "check_workbook",
    "checked_chunks",
]

# Rows checked against the database at once: few queries, little memory.
CHUNK_ROWS = 1_000
# Where each sheet's rows fall on the progress bar.
PROGRESS_SPANS = {RESULTS_SHEET: (0.3, 0.65), ACTIONS_SHEET: (0.65, 0.95)}
CHECKERS: dict[str, Callable[[User], SheetChecker]] = {
    RESULTS_SHEET: ResultRows,
    ACTIONS_SHEET: ActionRows,
}
# What the import is doing, shown under its progress bar: put in words (``str``) when reported,
# in the language the import runs in.
OPENING = gettext_lazy("Opening the workbook")
SHEETS = gettext_lazy("Checking the sheets")
CHECKED = gettext_lazy("Checked")
SHEETS_CHECKED = PROGRESS_SPANS[RESULTS_SHEET][0]


def checked_chunks(content: bytes, *, user: User) -> Iterator[CheckedChunk]:
    """The workbook's rows checked for ``user``, a chunk at a time, sheet after sheet.

    A workbook whose sheets or headings are wrong gives one chunk with those problems. Raises
    ``WorkbookRefused`` for a file that cannot be read (to the end). Close the iterator when
    stopping early (``contextlib.closing``): the file stays open while it runs.
    """
    with open_sheets(content, DATA_SHEETS) as (names, sheets):
        problems = _sheet_problems(names, sheets)
        if problems:
            yield CheckedChunk(problems=problems, done=SHEETS_CHECKED, stage=str(SHEETS))
            return
        for name in DATA_SHEETS:
            yield from _sheet_chunks(sheets[name], user)


def _sheet_problems(names: list[str], sheets: dict[str, SheetContent]) -> list[Problem]:
    """Missing sheets, then wrong headings and merged cells: a workbook with these is not read
    further."""
    problems = []
    for name in DATA_SHEETS:
        if name not in sheets:
            found = ", ".join(f"“{n}”" for n in names)
            problems.append(
                Problem(
                    _(
                        "The sheet “%(sheet)s” is missing (the workbook has %(found)s). Keep the "
                        "sheets and their names as exported."
                    )
                    % {"sheet": name, "found": found},
                    sheet=name,
                )
            )
    if problems:
        return problems
    for name in DATA_SHEETS:
        problems.extend(check_headings(sheets[name]))
        problems.extend(merged_problems(sheets[name]))
    return problems


def _sheet_chunks(sheet: SheetContent, user: User) -> Iterator[CheckedChunk]:
    checker = CHECKERS[sheet.name](user)
    start, end = PROGRESS_SPANS[sheet.name]
    for rows in chunks(sheet_rows(sheet), CHUNK_ROWS):
        chunk = checker.check_chunk(rows)
        read = min(rows[-1].number / max(sheet.declared_rows, 1), 1.0)
        chunk.done = start + (end - start) * read
        chunk.stage = _("Checking %(sheet)s") % {"sheet": sheet.name.lower()}
        yield chunk


def check_workbook(content: bytes, *, user: User, progress: Progress | None = None) -> ImportCheck:
    """The dry run: every problem of the workbook, or every change it would make."""
    progress = progress or no_progress
    progress(0.05, str(OPENING))
    check = ImportCheck()
    try:
        with closing(checked_chunks(content, user=user)) as checked:
            for chunk in checked:
                check.add(chunk)
                progress(chunk.done, chunk.stage)
    except WorkbookRefused as refused:  # the file cannot be read (to the end)
        return ImportCheck(problems=list(refused.problems))
    progress(1.0, str(CHECKED))
    return check.finish()
