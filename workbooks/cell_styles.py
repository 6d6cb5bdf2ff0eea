"""Cell styles made once per sheet, for the write-only workbooks the exports stream.

A write-only sheet takes each row as finished cells. Giving every cell a named style, a font or
a border looks the style up and copies it cell by cell, which costs more than writing the cell;
a ``CellStyle`` does that once, and each of its cells starts from a copy of the ready style.
Text still goes through ``workbooks.cells``, so it stays text whatever it starts with.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from workbooks.cells import write_text


class CellStyle:
    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        *,
        named: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        alignment: Alignment | None = None,
        protection: Protection | None = None,
        number_format: str | None = None,
    ) -> None:
        prototype = WriteOnlyCell(sheet)
        if named is not None:
            prototype.style = named  # first: a named style replaces the whole style
        for attribute, value in (
            ("font", font),
            ("fill", fill),
            ("alignment", alignment),
            ("protection", protection),
            ("number_format", number_format),
        ):
            if value is not None:
                setattr(prototype, attribute, value)
        self._sheet = sheet
        self._style = prototype._style

    def cell(self, value: Any = None) -> Cell:
        """A cell of this style for ``sheet.append``; an empty one keeps the style alone."""
        cell = Cell(self._sheet, row=1, column=1, style_array=self._style)  # its own copy
        if isinstance(value, str | Promise):  # a Promise: a label translated when written
            write_text(cell, value)
        elif value is not None:
            cell.value = value
        return cell
