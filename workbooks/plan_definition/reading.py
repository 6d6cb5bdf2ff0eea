"""From the definition workbook's sheets to typed rows, each bad cell a ``Problem`` with its place.

The file is opened by the data workbook's safe reader (``workbooks.importing.reading``: size
and zip limits, defused XML, formulas kept so they can be refused); the cell readers of
``workbooks.importing.cells`` read text, dates and yes/no. Columns are found by their
headings, so a sheet whose columns were moved still reads; a missing one is named. A
translation's columns may be missing together (a workbook from before them): the row then has
no value for them, and the import leaves the database's translations alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from indicators.limits import too_long
from workbooks.importing.cells import CellProblem, read_date, read_text, read_yes_no
from workbooks.importing.problems import Problem
from workbooks.importing.reading import SheetCell, SheetContent
from workbooks.importing.rows import merged_problems
from workbooks.layout import choice_words
from workbooks.plan_definition.layout import COLUMNS, LIST_SEPARATOR, SHEETS, Column, Kind


@dataclass
class Row:
    """One data row of a sheet: its typed values by column key, and where each column is."""

    sheet: str
    number: int
    values: dict[str, Any]
    letters: dict[str, str]

    def problem(self, key: str, message: str) -> Problem:
        """A problem about this row's ``key`` cell (or the whole row, for an unknown key)."""
        column = next((c for c in COLUMNS[self.sheet] if c.key == key), None)
        if column is None or key not in self.letters:
            return Problem(message, sheet=self.sheet, row=self.number)
        return Problem(
            message,
            sheet=self.sheet,
            row=self.number,
            column=self.letters[key],
            heading=column.heading,
        )


@dataclass
class ReadSheets:
    """Every sheet's rows, and the problems found in its cells."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellProblem(_("TRUE/FALSE where a whole number belongs; write the number."))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise CellProblem(
        _("“%(value)s” is not a whole number; write one such as 2021.") % {"value": str(value)[:40]}
    )


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellProblem(_("TRUE/FALSE where a number belongs; write the number."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return number
    raise CellProblem(
        _("“%(value)s” is not a number; write one such as 37 or 2.5.") % {"value": str(value)[:40]}
    )


def _choice(text: str, column: Column) -> str:
    stored = choice_words(column.choices).get(text.casefold())  # a label in any language
    if stored is not None:
        return stored
    listed = ", ".join(stored for stored, _ in column.choices)
    raise CellProblem(
        _("“%(text)s” is not one of: %(choices)s.") % {"text": text[:40], "choices": listed}
    )


def read_value(cell: SheetCell, column: Column) -> Any:
    """The cell's value as the column takes it; None for a blank one. Raises ``CellProblem``."""
    if cell.data_type == "f":
        raise CellProblem(
            _("The cell holds a formula (%(formula)s); type the value itself.")
            % {"formula": str(cell.value)[:40]}
        )
    if column.kind == Kind.DATE:
        value = read_date(cell)
    elif column.kind == Kind.YES_NO:
        value = None if _blank(cell.value) else read_yes_no(cell)
    elif _blank(cell.value):
        value = None
    elif column.kind == Kind.INTEGER:
        value = _integer(cell.value)
    elif column.kind == Kind.DECIMAL:
        value = _decimal(cell.value)
    else:
        text = read_text(cell)
        if column.kind == Kind.CHOICE:
            value = _choice(text, column)
        elif column.kind == Kind.LIST:
            value = [part.strip() for part in text.split(LIST_SEPARATOR.strip()) if part.strip()]
        else:
            value = text
            if column.limit is not None and (message := too_long(text, column.limit)):
                raise CellProblem(message)
    if value is None and column.required:
        raise CellProblem(_missing_message(column))
    return value


def _headings(sheet: SheetContent) -> tuple[dict[str, int], list[Problem]]:
    """Column key -> position (1-based), and the missing or unknown headings."""
    known = {c.heading.casefold(): c for c in COLUMNS[sheet.name]}
    positions: dict[str, int] = {}
    problems = []
    for position, heading in enumerate(sheet.headings, start=1):
        column = known.get(heading.casefold())
        if column is None and heading:
            problems.append(
                Problem(
                    _(
                        "“%(heading)s” is not one of this sheet's columns (renamed?). Expected: "
                        "%(expected)s."
                    )
                    % {
                        "heading": heading,
                        "expected": ", ".join(c.heading for c in COLUMNS[sheet.name]),
                    },
                    sheet=sheet.name,
                    row=1,
                    column=get_column_letter(position),
                    heading=heading,
                )
            )
        elif column is not None and column.key not in positions:
            positions[column.key] = position
    # A language's translation columns may all be missing, not one of them.
    languages = {column.language for column in COLUMNS[sheet.name] if column.key in positions}
    for column in COLUMNS[sheet.name]:
        if column.key not in positions and (not column.language or column.language in languages):
            problems.append(
                Problem(
                    _(
                        "The column “%(heading)s” is missing. Keep every column of the exported "
                        "workbook."
                    )
                    % {"heading": column.heading},
                    sheet=sheet.name,
                    row=1,
                    heading=column.heading,
                )
            )
    return positions, problems


def _rows(sheet: SheetContent, positions: dict[str, int], problems: list[Problem]) -> list[Row]:
    letters = {key: get_column_letter(position) for key, position in positions.items()}
    rows = []
    for number, cells in sheet.rows:
        if all(_blank(cell.value) and cell.data_type != "f" for cell in cells):
            continue
        row = Row(sheet.name, number, {}, letters)
        for column in COLUMNS[sheet.name]:
            position = positions.get(column.key)
            if position is None:  # a translation's columns, absent from an older workbook
                continue
            cell = cells[position - 1] if position <= len(cells) else None
            try:
                row.values[column.key] = read_value(cell, column) if cell else _missing(column)
            except CellProblem as exc:
                row.values[column.key] = None
                problems.append(row.problem(column.key, str(exc)))
        rows.append(row)
    return rows


def _missing(column: Column) -> None:
    if column.required:
        raise CellProblem(_missing_message(column))


def _missing_message(column: Column) -> str:
    return _("The %(heading)s is missing.") % {"heading": column.heading.lower()}


def read_sheets(names: list[str], sheets: dict[str, SheetContent]) -> ReadSheets:
    """Read every sheet of the definition; must run while ``open_sheets`` keeps the file open."""
    read = ReadSheets()
    for name in names:
        if name not in SHEETS:
            read.problems.append(
                Problem(
                    _(
                        "“%(sheet)s” is not one of the plan definition's sheets (renamed?). "
                        "Expected: %(expected)s."
                    )
                    % {"sheet": name, "expected": ", ".join(SHEETS)},
                    sheet=name,
                )
            )
    for name in SHEETS:
        if name not in sheets:
            read.problems.append(
                Problem(
                    _("The sheet “%(sheet)s” is missing; keep every sheet of the export.")
                    % {"sheet": name},
                    sheet=name,
                )
            )
            continue
        sheet = sheets[name]
        read.problems.extend(merged_problems(sheet))
        positions, heading_problems = _headings(sheet)
        read.problems.extend(heading_problems)
        if heading_problems:
            continue  # a sheet whose columns are not known cannot be read row by row
        read.rows[name] = _rows(sheet, positions, read.problems)
    return read
