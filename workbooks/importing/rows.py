"""From a sheet's cells to typed rows: headings, empty rows, formulas, merged cells, each cell.

Nothing here reads the database; the sheets' checkers match the rows with what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from workbooks.importing.cells import CellProblem, read_cell, read_code, read_id
from workbooks.importing.problems import Problem
from workbooks.importing.reading import BLANK, SheetCell, SheetContent
from workbooks.layout import COLUMNS, Column, Kind, headings_for


class SheetRow:
    """One data row: what the checks read of it (its IDs and editable columns) by column key,
    what was read of them, and the problems found in it so far.

    A sheet's rows are checked a chunk at a time, a thousand of them held at once, and a large
    workbook's rows would otherwise weigh on the garbage collector: a row keeps only the values
    of these cells — the cell itself only in a number column, whose format tells what the
    number means (``cells.read_value``) — and its set of refused cells and its list of problems
    only once it has one."""

    __slots__ = ("cells", "empty_above", "number", "problems", "refused", "sheet", "values")

    def __init__(self, sheet: str, number: int, cells: dict[str, Any]) -> None:
        self.sheet = sheet
        self.number = number
        # A number column's cell; any other column's value (``sheet_rows``).
        self.cells = cells
        self.values: dict[str, Any] = {}
        self.problems: list[Problem] | tuple[Problem, ...] = NO_PROBLEMS
        # Cells already refused (formulas, content that cannot be read): not read again, so
        # each gets one message.
        self.refused: set[str] | frozenset[str] = NOTHING_REFUSED
        # Empty rows between the previous row and this one, each a problem of its own.
        self.empty_above: list[Problem] | tuple[Problem, ...] = NO_PROBLEMS

    def add_problem(self, problem: Problem) -> None:
        if not isinstance(self.problems, list):
            self.problems = []
        self.problems.append(problem)

    def refuse(self, key: str) -> None:
        if not isinstance(self.refused, set):
            self.refused = set()
        self.refused.add(key)

    def problem(self, key: str, message: str) -> None:
        columns = COLUMNS[self.sheet]
        position = next((i for i, c in enumerate(columns, start=1) if c.key == key), None)
        if position is None:  # about the row as a whole
            self.add_problem(Problem(message, sheet=self.sheet, row=self.number))
            return
        self.add_problem(
            Problem(
                message,
                sheet=self.sheet,
                row=self.number,
                column=get_column_letter(position),
                heading=columns[position - 1].heading,
            )
        )

    def refused_by_rule(self, refusal: ValidationError) -> None:
        """The entry rule's messages (``indicators.result_rules``), each on the cell of the field
        it names: the columns' keys are the fields' names."""
        if not hasattr(refusal, "error_dict"):
            for message in refusal.messages:
                self.problem("", message)
            return
        for key, messages in refusal.message_dict.items():
            for message in messages:
                self.problem(key, message)

    def read(self, column: Column, **kwargs: Any) -> Any:
        if column.key in self.refused:
            return None
        kept = self.cells[column.key]
        try:
            value = read_cell(
                kept if column.kind == Kind.NUMBER else ValueCell(kept), column, **kwargs
            )
        except CellProblem as exc:
            self.refuse(column.key)
            self.problem(column.key, str(exc))
            return None
        self.values[column.key] = value
        return value

    def read_id(self, key: str, *, required: bool = True) -> int | None:
        if key in self.refused:
            return None
        try:
            value = read_id(ValueCell(self.cells[key]), required=required)
        except CellProblem as exc:
            self.refuse(key)
            self.problem(key, str(exc))
            return None
        self.values[key] = value
        return value

    def read_code(self, key: str) -> str:
        value = read_code(ValueCell(self.cells[key]))
        self.values[key] = value
        return value

    def all_read(self, columns: Iterable[Column]) -> bool:
        """Whether each of ``columns`` was read: none of them refused."""
        return not any(column.key in self.refused for column in columns)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.empty_above, *self.problems]


def _blank(cells: Sequence[SheetCell]) -> bool:
    for cell in cells:
        value = cell.value
        if value is not None and (not isinstance(value, str) or value.strip()):
            return False
    return True


class ValueCell:
    """A kept value, given as a cell to the readers of ``workbooks.importing.cells``, which read
    only a cell's value — but for a number's, which is given the cell itself."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


# What a row has before it has a problem or a refused cell (a row makes its own list or set for
# its first one).
NO_PROBLEMS: tuple[Problem, ...] = ()
NOTHING_REFUSED: frozenset[str] = frozenset()


def check_headings(sheet: SheetContent) -> list[Problem]:
    found = list(sheet.headings)
    while found and not found[-1]:
        found.pop()
    # In the language the sheet's headings are written in (English, French or Spanish).
    expected = headings_for(COLUMNS[sheet.name], found)
    if found == expected:
        return []
    problems = []
    for heading in expected:
        if heading not in found:
            problems.append(
                Problem(
                    _(
                        "The column “%(heading)s” is missing. Keep every column of the exported "
                        "workbook, even those you do not edit."
                    )
                    % {"heading": heading},
                    sheet=sheet.name,
                    row=1,
                    heading=heading,
                )
            )
    for position, heading in enumerate(found, start=1):
        if heading not in expected:
            if heading:
                message = _(
                    "“%(heading)s” is not one of this workbook's columns (added or renamed?). "
                    "Expected, in order: %(expected)s."
                )
            else:
                message = _(
                    "An empty heading is not one of this workbook's columns (added or "
                    "renamed?). Expected, in order: %(expected)s."
                )
            problems.append(
                Problem(
                    message % {"heading": heading, "expected": ", ".join(expected)},
                    sheet=sheet.name,
                    row=1,
                    column=get_column_letter(position),
                    heading=heading,
                )
            )
    if not problems:  # the same columns, in another order
        position = next(i for i, (a, b) in enumerate(zip(found, expected, strict=False)) if a != b)
        problems.append(
            Problem(
                _(
                    "The columns are in a different order: column %(column)s should be "
                    "“%(expected)s”, not “%(found)s”. Put the columns back in the exported order."
                )
                % {
                    "column": get_column_letter(position + 1),
                    "expected": expected[position],
                    "found": found[position],
                },
                sheet=sheet.name,
                row=1,
                column=get_column_letter(position + 1),
                heading=found[position],
            )
        )
    return problems


def merged_problems(sheet: SheetContent) -> list[Problem]:
    problems = []
    for ref in sheet.merged:
        first_column, first_row, _last_column, _last_row = range_boundaries(ref)
        problems.append(
            Problem(
                _("Cells %(cells)s are merged. Unmerge them: every row needs its own cells.")
                % {"cells": ref},
                sheet=sheet.name,
                row=first_row,
                column=get_column_letter(first_column or 1),
            )
        )
    return problems


def sheet_rows(sheet: SheetContent) -> Iterator[SheetRow]:
    """The sheet's data rows as they are read, with empty rows at the end dropped and empty rows
    inside refused (each a problem, carried by the row below it)."""
    columns = COLUMNS[sheet.name]
    width = len(columns)
    # What a row keeps of the columns the checks read (not the information ones): a number
    # column's cell, any other one's value.
    kept = [
        (position, c.key, c.kind == Kind.NUMBER)
        for position, c in enumerate(columns)
        if c.kind != Kind.INFO
    ]
    pending_blank: list[int] = []
    for number, cells in sheet.rows:
        if _blank(cells):
            pending_blank.append(number)
            continue
        padded = _padded(cells, width)
        row = SheetRow(
            sheet.name,
            number,
            {
                key: padded[position] if whole else padded[position].value
                for position, key, whole in kept
            },
        )
        if pending_blank:
            row.empty_above = [
                Problem(
                    _(
                        "This row is empty. Delete empty rows between rows, so that no row is "
                        "overlooked."
                    ),
                    sheet=sheet.name,
                    row=blank,
                )
                for blank in pending_blank
            ]
            pending_blank = []
        for position, cell in enumerate(cells, start=1):
            if position > width:
                if not _blank([cell]) or _is_formula(cell):
                    row.add_problem(
                        Problem(
                            _("A value outside the workbook's columns; delete it."),
                            sheet=sheet.name,
                            row=number,
                            column=get_column_letter(position),
                        )
                    )
            elif cell.data_type == "f":
                key = columns[position - 1].key
                row.refuse(key)
                row.problem(
                    key,
                    _("The cell holds a formula (%(formula)s); type the value itself.")
                    % {"formula": str(cell.value)[:40]},
                )
        yield row


def _padded(cells: Sequence[SheetCell], width: int) -> Sequence[SheetCell]:
    if len(cells) == width:
        return cells
    return (tuple(cells) + (BLANK,) * width)[:width]


def _is_formula(cell: SheetCell) -> bool:
    return cell.data_type == "f"


def chunks(rows: Iterator[SheetRow], size: int) -> Iterator[list[SheetRow]]:
    """The rows in lists of ``size``, so that each list is checked against the database at once."""
    while chunk := list(islice(rows, size)):
        yield chunk


@cache  # asked for every row
def editable_columns(sheet: str) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS[sheet] if c.editable)
