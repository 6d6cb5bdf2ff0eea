"""The appendix workbook's cover sheet, "Phases": the plan phase by phase, before the table.

What the sheet says is built elsewhere: the phase summary is the reports' (reports/phase_summary.py,
read by reports/appendix_cover.py), and workbooks may not read reports. So this module defines the
plain rows the cover is made of (strings and numbers, each row with its kind) and writes them onto
a sheet of the appendix's ``XlsxExport`` (workbooks/xlsx_writing.py); every string is written as
text through it, so a section title or a source that starts with "=" stays text.

Kinds of row:
- ``TITLE``: the plan's title; ``PHASE``: a phase's label; ``TEXT``: a sentence (the comparison
  with the previous phase) — one cell, spanning the sheet's width, wrapped;
- ``FIELD``: a label and its value ("Source", "GB.343/INS, paragraph 2"), the value spanning the
  rest of the width;
- ``HEADING``, ``ROW``, ``TOTAL``: a small table's headings, lines and total line;
- ``BLANK``: an empty row between blocks.

It also holds the page setup the appendix's sheets share; their column widths, row heights and
merged ranges are set by ``workbooks/xlsx_writing.py``'s layout helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

from workbooks.xlsx_writing import Style, XlsxExport, record_merge, set_height, set_width

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


# Cell formats, as XlsxWriter takes them: thin grey borders, a blue heading fill, wrapped text
# at the top of its cell.
WRAP = {"text_wrap": True, "valign": "top"}
BORDER = {"border": 1, "border_color": "#808080"}
HEADING_FILL = {"pattern": 1, "bg_color": "#D9E1F2"}
FONTS = {
    TITLE: {"font_name": "Calibri", "font_size": 14, "bold": True},
    PHASE: {"font_name": "Calibri", "font_size": 12, "bold": True},
    FIELD: {"font_name": "Calibri", "font_size": 11, "bold": True},
    HEADING: {"font_name": "Calibri", "font_size": 11, "bold": True},
    TOTAL: {"font_name": "Calibri", "font_size": 11, "bold": True},
}
TABLE_KINDS = (HEADING, ROW, TOTAL)

PORTRAIT, LANDSCAPE = "portrait", "landscape"
A4 = 9  # the paper size's number in the file format
# The margins the appendix's sheets have always had, in inches (openpyxl's defaults; Excel's
# own, which XlsxWriter would write, are narrower).
MARGINS = {"left": 0.75, "right": 0.75, "top": 1, "bottom": 1}
HEADER_MARGIN = FOOTER_MARGIN = 0.5


def page_margins(sheet: Worksheet) -> None:
    """The margins every sheet of the appendix workbook has, printed or not: ``MARGINS``."""
    sheet.set_margins(**MARGINS)
    sheet.set_header("", margin=HEADER_MARGIN)
    sheet.set_footer("", margin=FOOTER_MARGIN)


def print_on_a4(sheet: Worksheet, orientation: str) -> None:
    """The appendix workbook's page setup, the same on each of its printed sheets: A4 in
    ``orientation`` (``PORTRAIT`` or ``LANDSCAPE``), as wide as the page, no grid lines (as
    XlsxWriter writes by default), "Page n of m" at the foot."""
    page_margins(sheet)
    if orientation == LANDSCAPE:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    # &P and &N are the spreadsheet's codes for this page's number and the number of pages.
    sheet.set_footer("&C" + _("Page &P of &N"), margin=FOOTER_MARGIN)


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` characters needs: a streamed sheet says its rows'
    heights, as the appendix does (workbooks/appendix.py)."""
    per_line = max(int(width * 1.1), 10)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


class _CoverSheet:
    """Writes the cover's rows with their heights, and records the merged ranges."""

    def __init__(self, export: XlsxExport, sheet: Worksheet) -> None:
        self.export = export
        self.sheet = sheet
        self.row = 0
        self.percent_columns: set[int] = set()
        self._styles: dict[tuple[str, bool], Style] = {}

    def _style(self, kind: str, *, percent: bool = False) -> Style:
        """The format of a cell of a row of ``kind``, made once."""
        key = (kind, percent)
        if key not in self._styles:
            properties: dict[str, Any] = {**WRAP, **FONTS.get(kind, {})}
            if kind in TABLE_KINDS:
                properties |= BORDER
            if kind == HEADING:
                properties |= HEADING_FILL
            if percent:
                properties["num_format"] = PERCENT_FORMAT
            self._styles[key] = self.export.style(**properties)
        return self._styles[key]

    def _cell(self, column: int, kind: str, value: Value, *, percent: bool = False) -> None:
        """A cell of a row of ``kind``: strings as text, numbers as numbers; an empty one keeps
        its format."""
        percent = percent and isinstance(value, int | float)
        self.export.cell(self.sheet, self.row, column, value, self._style(kind, percent=percent))

    def write(self, row: CoverRow) -> None:
        kind, values = row.kind, list(row.cells)
        if kind == BLANK:
            set_height(self.sheet, self.row, LINE_HEIGHT)
            # A row with no cell is never written out in constant_memory mode: one empty cell
            # of the default format keeps the row, and its height.
            self.sheet.write_blank(self.row, 0, None, self.export.plain.format)
        elif kind in (TITLE, PHASE, TEXT):
            text = str(values[0]) if values and values[0] is not None else ""
            scale = 1.3 if kind == TITLE else 1.0
            lines = _lines_needed(text, sum(COLUMN_WIDTHS) / scale)
            set_height(self.sheet, self.row, LINE_HEIGHT * lines * scale + 3)
            record_merge(self.sheet, self.row, 0, self.row, WIDTH - 1)
            self._cell(0, kind, text)
        elif kind == FIELD:
            label, value = ([*values, None, None])[:2]
            lines = _lines_needed(str(value or ""), sum(COLUMN_WIDTHS[1:]))
            set_height(self.sheet, self.row, LINE_HEIGHT * lines + 3)
            record_merge(self.sheet, self.row, 1, self.row, WIDTH - 1)
            self._cell(0, FIELD, label)
            self._cell(1, TEXT, value)
        else:
            if kind == HEADING:
                # A table's per cent columns are those headed so: their numbers get one decimal.
                self.percent_columns = {
                    column for column, value in enumerate(values) if isinstance(value, PerCent)
                }
            lines = max(
                (
                    _lines_needed(str(value), COLUMN_WIDTHS[min(column, WIDTH - 1)])
                    for column, value in enumerate(values)
                    if value is not None
                ),
                default=1,
            )
            set_height(self.sheet, self.row, LINE_HEIGHT * lines + 3)
            for column, value in enumerate(values):
                self._cell(column, kind, value, percent=column in self.percent_columns)
        self.row += 1


def cover_sheet(export: XlsxExport, cover: CoverRows) -> None:
    """Write ``cover`` onto a new sheet "Phases" of ``export``: made before the appendix's
    sheets, it is the first."""
    sheet = export.sheet(_("Phases"))
    for column, width in enumerate(COLUMN_WIDTHS):
        set_width(sheet, column, width)
    print_on_a4(sheet, PORTRAIT)
    writer = _CoverSheet(export, sheet)
    for row in cover.rows:
        writer.write(row)
