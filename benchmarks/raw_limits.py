"""The raw rates an export or import is compared with: the fastest library on the same cells.

Writing: XlsxWriter in ``constant_memory`` mode (one row in memory at a time, as a streamed export
needs) writing the same values the export holds, read back from it, and nothing else: no styles,
widths, protection, drop-down lists or merged cells. It is what writing these cells costs at the
least, so an export's ratio to it says what everything else costs (the database, the layout, the
styles, openpyxl itself).

Reading: python-calamine (Rust) reading every value of every sheet of the same workbook; openpyxl
in read-only mode reading the same values is given beside it, as the rate of the library the
import reads with today.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

Values = dict[str, list[list[object]]]


@dataclass(frozen=True)
class Cells:
    """A workbook's values, sheet by sheet, and how many rows and non-empty cells they are."""

    sheets: Values

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())

    @property
    def cells(self) -> int:
        return sum(
            1
            for rows in self.sheets.values()
            for row in rows
            for value in row
            if value is not None and value != ""
        )


def workbook_values(content: bytes) -> Cells:
    """Every value of every sheet (python-calamine), read once, outside any timing."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    try:
        return Cells(
            {
                name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in workbook.sheet_names
            }
        )
    finally:
        workbook.close()


def xlsxwriter_values(cells: Cells) -> bytes:
    """XlsxWriter in constant-memory mode writing exactly these values, nothing else.

    Text stays text (no formulas, links or numbers made of it), as in the export."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    for title, rows in cells.sheets.items():
        sheet = workbook.add_worksheet(title)
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
    workbook.close()
    return buffer.getvalue()


def calamine_read(content: bytes) -> int:
    """python-calamine reading every value of every sheet; returns the row count."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    try:
        return sum(
            len(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        )
    finally:
        workbook.close()


def openpyxl_read(content: bytes) -> int:
    """openpyxl in read-only mode reading every value of every sheet; returns the row count."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    count = 0
    try:
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                count += 1
    finally:
        workbook.close()
    return count
