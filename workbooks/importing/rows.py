"""From a sheet's cells to typed rows: headings, empty rows, formulas, merged cells, each cell.

Nothing here reads the database; the sheets' checkers match the rows with what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from workbooks.importing.cells import CellProblem, read_cell, read_code, read_id
from workbooks.importing.problems import Problem
from workbooks.importing.reading import BLANK, SheetCell, SheetContent
from workbooks.layout import COLUMNS, Column, headings_for


@dataclass
class SheetRow:
    """One data row: the cells by column key, and the problems found in it so far."""

    sheet: str
    number: int
    cells: dict[str, SheetCell]
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Cells already refused (formulas, content that cannot be read): not read again, so each
    # gets one message.
    refused: set[str] = field(default_factory=set)
    # Empty rows between the previous row and this one, each a problem of its own.
    empty_above: list[Problem] = field(default_factory=list)

    def problem(self, key: str, message: str) -> None:
        columns = COLUMNS[self.sheet]
        position = next((i for i, c in enumerate(columns, start=1) if c.key == key), None)
        if position is None:  # about the row as a whole
            self.problems.append(Problem(message, sheet=self.sheet, row=self.number))
            return
        self.problems.append(
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
        try:
            value = read_cell(self.cells[column.key], column, **kwargs)
        except CellProblem as exc:
            self.refused.add(column.key)
            self.problem(column.key, str(exc))
            return None
        self.values[column.key] = value
        return value

    def read_id(self, key: str, *, required: bool = True) -> int | None:
        if key in self.refused:
            return None
        try:
            value = read_id(self.cells[key], required=required)
        except CellProblem as exc:
            self.refused.add(key)
            self.problem(key, str(exc))
            return None
        self.values[key] = value
        return value

    def read_code(self, key: str) -> str:
        value = read_code(self.cells[key])
        self.values[key] = value
        return value

    def all_read(self, columns: Iterable[Column]) -> bool:
        """Whether each of ``columns`` was read: none of them refused."""
        return not any(column.key in self.refused for column in columns)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.empty_above, *self.problems]


def _blank(cells: Sequence[SheetCell]) -> bool:
    return all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells)


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
    keys = [c.key for c in columns]
    width = len(columns)
    pending_blank: list[int] = []
    for number, cells in sheet.rows:
        if _blank(cells):
            pending_blank.append(number)
            continue
        row = SheetRow(sheet.name, number, dict(zip(keys, _padded(cells, width), strict=True)))
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
                    row.problems.append(
                        Problem(
                            _("A value outside the workbook's columns; delete it."),
                            sheet=sheet.name,
                            row=number,
                            column=get_column_letter(position),
                        )
                    )
            elif _is_formula(cell):
                key = columns[position - 1].key
                row.refused.add(key)
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
