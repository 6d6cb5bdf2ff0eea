"""The appendix workbook's cover sheet, "Phases": the plan phase by phase, before the table.

What the sheet says is built elsewhere: the phase summary is the reports' (reports/phase_summary.py,
read by reports/appendix_cover.py), and workbooks may not read reports. So this module defines the
plain rows the cover is made of (strings and numbers, each row with its kind) and writes them onto
a sheet; every string goes through the text guard of ``workbooks.cells``, so a section title or a
source that starts with "=" stays text.

Kinds of row:
- ``TITLE``: the plan's title; ``PHASE``: a phase's label; ``TEXT``: a sentence (the comparison
  with the previous phase) — one cell, spanning the sheet's width, wrapped;
- ``FIELD``: a label and its value ("Source", "GB.343/INS, paragraph 2"), the value spanning the
  rest of the width;
- ``HEADING``, ``ROW``, ``TOTAL``: a small table's headings, lines and total line;
- ``BLANK``: an empty row between blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from workbooks.cells import text_cell

TITLE, PHASE, TEXT, FIELD = "title", "phase", "text", "field"
HEADING, ROW, TOTAL, BLANK = "heading", "row", "total", "blank"
KINDS = (TITLE, PHASE, TEXT, FIELD, HEADING, ROW, TOTAL, BLANK)

# A label column, then five narrow ones: a by-section table's four statuses and its total.
COLUMN_WIDTHS = (44, 16, 16, 16, 16, 12)
WIDTH = len(COLUMN_WIDTHS)
LINE_HEIGHT = 12.75  # points per line of 10-11 pt text
PERCENT_FORMAT = "0.0"

Value = str | int | float | None


class PerCent(str):
    """A table heading over per cent figures, in any language: the numbers under it get one
    decimal (``cover.add(HEADING, "Status", "Targets", PerCent(_("Per cent")))``)."""

    __slots__ = ()


class CoverRow(NamedTuple):
    """One row of the cover: its kind (``KINDS``) and its cells, left to right."""

    kind: str
    cells: tuple[Value, ...] = ()


@dataclass
class CoverRows:
    """The cover sheet as rows, in order. In a table, the numbers under a ``PerCent`` heading
    are shown with one decimal."""

    rows: list[CoverRow] = field(default_factory=list)

    def add(self, kind: str, *cells: Value) -> None:
        if kind not in KINDS:
            raise ValueError(f"Not a kind of cover row: {kind!r}.")
        self.rows.append(CoverRow(kind, cells))


THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
FONTS = {
    TITLE: Font(name="Calibri", size=14, bold=True),
    PHASE: Font(name="Calibri", size=12, bold=True),
    FIELD: Font(name="Calibri", size=11, bold=True),
    HEADING: Font(name="Calibri", size=11, bold=True),
    TOTAL: Font(name="Calibri", size=11, bold=True),
}
TABLE_KINDS = (HEADING, ROW, TOTAL)


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs: a write-only sheet says its rows'
    heights, as the appendix does (workbooks/appendix.py)."""
    per_line = max(int(width * 1.1), 10)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _cell(sheet: WriteOnlyWorksheet, kind: str, value: Value, *, percent: bool = False):
    """A cell of a row of ``kind``: strings through the text guard, numbers as numbers."""
    cell = text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value)
    cell.alignment = WRAP
    if kind in FONTS:
        cell.font = FONTS[kind]
    if kind in TABLE_KINDS:
        cell.border = BORDER
    if kind == HEADING:
        cell.fill = HEADING_FILL
    if percent and isinstance(value, int | float):
        cell.number_format = PERCENT_FORMAT
    return cell


class _CoverSheet:
    """Appends the cover's rows with their heights, and records the merged ranges."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.row = 1
        self.percent_columns: set[int] = set()

    def write(self, row: CoverRow) -> None:
        kind, values = row.kind, list(row.cells)
        if kind == BLANK:
            self._append([], LINE_HEIGHT)
        elif kind in (TITLE, PHASE, TEXT):
            text = str(values[0]) if values and values[0] is not None else ""
            scale = 1.3 if kind == TITLE else 1.0
            lines = _lines_needed(text, sum(COLUMN_WIDTHS) / scale)
            self._merge(1, WIDTH)
            self._append([_cell(self.sheet, kind, text)], LINE_HEIGHT * lines * scale + 3)
        elif kind == FIELD:
            label, value = ([*values, None, None])[:2]
            lines = _lines_needed(str(value or ""), sum(COLUMN_WIDTHS[1:]))
            self._merge(2, WIDTH)
            cells = [_cell(self.sheet, FIELD, label), _cell(self.sheet, TEXT, value)]
            self._append(cells, LINE_HEIGHT * lines + 3)
        else:
            if kind == HEADING:
                # A table's per cent columns are those headed so: their numbers get one decimal.
                self.percent_columns = {
                    column
                    for column, value in enumerate(values, start=1)
                    if isinstance(value, PerCent)
                }
            cells = [
                _cell(self.sheet, kind, value, percent=column in self.percent_columns)
                for column, value in enumerate(values, start=1)
            ]
            lines = max(
                (
                    _lines_needed(str(value), COLUMN_WIDTHS[min(column, WIDTH) - 1])
                    for column, value in enumerate(values, start=1)
                    if value is not None
                ),
                default=1,
            )
            self._append(cells, LINE_HEIGHT * lines + 3)

    def _merge(self, first: int, last: int) -> None:
        self.sheet.merged_cells.ranges.add(
            CellRange(min_col=first, min_row=self.row, max_col=last, max_row=self.row)
        )

    def _append(self, cells: list[WriteOnlyCell], height: float) -> None:
        dimensions = self.sheet.row_dimensions
        dimensions[self.row].height = height
        self.sheet.append(cells)
        del dimensions[self.row]  # written with the row: no need to hold it
        self.row += 1


def print_on_a4(sheet: WriteOnlyWorksheet, orientation: str) -> None:
    """The appendix workbook's page setup, the same on each of its sheets: A4 in
    ``orientation``, as wide as the page, no grid lines, "Page n of m" at the foot."""
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    # &P and &N are the spreadsheet's codes for this page's number and the number of pages.
    sheet.oddFooter.center.text = _("Page &P of &N")


def cover_sheet(workbook: Workbook, cover: CoverRows) -> None:
    """Write ``cover`` onto a new sheet "Phases" of the write-only ``workbook``: made before the
    appendix's sheets, it is the first."""
    sheet = workbook.create_sheet(_("Phases"))
    for letter, width in zip("ABCDEF", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    print_on_a4(sheet, Worksheet.ORIENTATION_PORTRAIT)
    writer = _CoverSheet(sheet)
    for row in cover.rows:
        writer.write(row)
