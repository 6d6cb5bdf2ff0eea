"""Writing the exports with XlsxWriter: rows streamed in order, text always written as text.

XlsxWriter in ``constant_memory`` mode writes each row to the sheet's file as soon as the next
one starts, so a 100,000-row export holds one row in memory, and it writes the same cells with
their styles two to three times faster than openpyxl's write-only mode (the data workbook's
cells, measured). The price: rows are written top to bottom, once, and a format is made by the
workbook before any cell uses it. ``Style`` makes each format once. XlsxWriter also writes each
sheet's dimension (the range its cells cover), which readers use to size the sheet. It keeps
each sheet's rows, and each part of the file, in a temporary file until ``close``: a fixed cost
of a few milliseconds (more on a slow disk) that only a small export notices.

Text goes through ``workbooks.cells.clean_text`` and is written with ``write_string`` (or, in the
two cases below, ``write_rich_string``), never ``write``, which would read "=…" as a formula and
"http…" as a link; text a spreadsheet would read as the start of a formula also gets Excel's
quote prefix, so it stays text when someone edits the cell (workbooks.cells says why). The
workbook itself is opened with XlsxWriter's conversions of strings to formulas, numbers and links
switched off, for any cell written some other way.

Three of XlsxWriter's ways with strings are guarded against here:

- In ``constant_memory`` mode XlsxWriter writes a string that starts with ``<r>`` and ends with
  ``</r>`` into the sheet's XML as it is, unescaped: it takes it for a rich string of its own
  making. Such a text, typed by anyone, could break the file or smuggle a formula into a cell
  beside it, so it is written as a rich string of runs, whose text XlsxWriter escapes.
- Text that holds ``_x`` and four hex digits and ``_`` (Excel's way of writing a character in
  the file, as in ``_x000D_``) is written by XlsxWriter as ``_x005F_x…``, which Excel and
  LibreOffice read back as the text but openpyxl's reading of the file, and so the import, does
  not. It is written as runs cut inside each such sequence, which every reader takes as written.
- A carriage return would be written as ``_x000D_``, read back so by openpyxl: line breaks are
  written as line feeds, which is what any XML reader made of the carriage returns openpyxl wrote.

The runs are in the cell's own font, so the text looks as any other.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any

import xlsxwriter
from django.utils.functional import Promise
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from workbooks.cells import EXCEL_CELL_LIMIT, FORMULA_TRIGGERS, clean_text

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "remove_timezone": True,
}
# Excel's limits on a drop-down list and its error message, in UTF-16 code units.
LIST_LIMIT = 255
ERROR_TITLE_LIMIT = 32
ERROR_MESSAGE_LIMIT = 255
# The width of a digit in the default font (Calibri 11), in pixels: Excel stores a column's
# width in digits, with its 5 pixels of padding.
DIGIT_PIXELS = 7
RICH_START, RICH_END = "<r>", "</r>"
# Where Excel's escape of a character (_x000D_) starts in a text; overlapping ones too.
ESCAPE_STARTS = re.compile(r"(?=_x[0-9A-Fa-f]{4}_)")
# Lazy labels (headings, choices, yes/no) put in words once per export; a bound on how many.
LABELS_KEPT = 1_000


def utf16_length(text: str) -> int:
    """The length Excel counts: characters beyond the Basic Multilingual Plane count twice."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def fitted(text: str, limit: int) -> str:
    """``text``, cut with "…" to fit in ``limit`` UTF-16 code units."""
    if utf16_length(text) <= limit:
        return text
    used = 0
    for end, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > limit - 1:
            return text[:end] + "…"
    return text  # pragma: no cover - not reached: the text is over the limit


def _line_feeds(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def runs(text: str) -> list[str] | None:
    """The pieces to write ``text`` in as runs of a rich string, or None when XlsxWriter writes
    it as it is (see the module's docstring)."""
    cuts = set()
    if text.startswith(RICH_START) and text.endswith(RICH_END):
        cuts.add(len(RICH_START))
    if "_x" in text:
        cuts.update(match.start() + 2 for match in ESCAPE_STARTS.finditer(text))  # after "_x"
    if not cuts:
        return None
    ends = sorted(cuts)
    return [text[start:end] for start, end in zip([0, *ends], [*ends, len(text)], strict=True)]


class Style:
    """A cell format made once per workbook, and its quote-prefixed twin made when first needed."""

    def __init__(self, workbook: Workbook, **properties: Any) -> None:
        self._workbook = workbook
        self._properties = properties
        self.format: Format = workbook.add_format(properties)
        self._quoted: Format | None = None

    @property
    def quoted(self) -> Format:
        if self._quoted is None:
            self._quoted = self._workbook.add_format({**self._properties, "quote_prefix": True})
        return self._quoted


class XlsxExport:
    """One export being written: its workbook, its styles, and each cell written safely.

    Rows and columns are 0-based, as XlsxWriter counts them. ``close`` writes the file and
    returns its bytes; used as a context manager, an export that fails is closed too."""

    def __init__(self) -> None:
        self._buffer = BytesIO()
        self.workbook: Workbook = xlsxwriter.Workbook(self._buffer, WORKBOOK_OPTIONS)
        self.plain = Style(self.workbook)
        # By the label's id, with the label itself kept so that the id stays its own.
        self._labels: dict[int, tuple[Promise, str]] = {}

    def style(self, **properties: Any) -> Style:
        return Style(self.workbook, **properties)

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.add_worksheet(name)

    def text(
        self, sheet: Worksheet, row: int, column: int, value: Any, style: Style | None = None
    ) -> None:
        """``value`` as text in the cell, whatever it starts with."""
        style = style or self.plain
        text = self._label(value) if isinstance(value, Promise) else clean_text(value)
        # "\r…" is quoted too, and written "\n…" below.
        cell_format = style.quoted if text.startswith(FORMULA_TRIGGERS) else style.format
        text = _line_feeds(text)
        if len(text) > EXCEL_CELL_LIMIT // 2 and utf16_length(text) > EXCEL_CELL_LIMIT:
            text = fitted(text, EXCEL_CELL_LIMIT)  # characters beyond the BMP count twice
        pieces = runs(text) if "_x" in text or text.startswith(RICH_START) else None
        if pieces is None:
            sheet.write_string(row, column, text, cell_format)
            return
        tokens: list[Any] = []
        for piece in pieces:  # two at least, none empty
            tokens += [cell_format, piece]  # each run in the cell's own font
        sheet.write_rich_string(row, column, *tokens, cell_format)

    def _label(self, label: Promise) -> str:
        """A lazy label in words, translated once per export: the same few labels fill a column
        row after row, and the language does not change while the export is written."""
        kept = self._labels.get(id(label))
        if kept is not None:
            return kept[1]
        text = clean_text(label)
        if len(self._labels) < LABELS_KEPT:
            self._labels[id(label)] = (label, text)
        return text

    def cell(
        self, sheet: Worksheet, row: int, column: int, value: Any, style: Style | None = None
    ) -> None:
        """One cell: text as text, numbers, yes/no, dates; an empty cell keeps its style alone
        (and with no style is not written at all)."""
        if value is None or value == "":
            if style is not None:
                sheet.write_blank(row, column, None, style.format)
        elif isinstance(value, str | Promise):  # a Promise: a label translated when written
            self.text(sheet, row, column, value, style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, (style or self.plain).format)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, column, float(value), (style or self.plain).format)
        elif isinstance(value, datetime.date):  # a datetime too
            sheet.write_datetime(row, column, value, (style or self.plain).format)
        else:
            self.text(sheet, row, column, value, style)

    def row(
        self, sheet: Worksheet, row: int, values: list[Any], styles: list[Style | None]
    ) -> None:
        for column, (value, style) in enumerate(zip(values, styles, strict=True)):
            self.cell(sheet, row, column, value, style)

    def column_widths(self, sheet: Worksheet, widths: Iterable[float]) -> None:
        """Each column's width from the first, as Excel stores it in the file: in digits of the
        default font, padding included (openpyxl's ``column_dimensions[…].width``). XlsxWriter's
        ``set_column`` adds the padding to the width it is given; set in pixels, it does not."""
        for column, width in enumerate(widths):
            sheet.set_column_pixels(column, column, round(width * DIGIT_PIXELS))

    def drop_down(
        self,
        sheet: Worksheet,
        cells: tuple[int, int, int, int],
        choices: list[str],
        *,
        allow_blank: bool,
        error_title: str,
        error_message: str,
    ) -> bool:
        """A drop-down list of ``choices`` on the cells (first row, first column, last row, last
        column), which refuses anything else with this error. False, and no list, when there are
        no choices or they are too long for a list written in the sheet (255 characters, commas
        included), which Excel would refuse. The error's title and message are cut to Excel's
        limits (32 and 255 characters), beyond which XlsxWriter would write no list at all."""
        if not choices or utf16_length(",".join(choices)) > LIST_LIMIT:
            return False
        options = {
            "validate": "list",
            "source": list(choices),
            "ignore_blank": allow_blank,
            "show_input": False,  # there is no input message to show
            "show_error": True,
            "error_title": fitted(error_title, ERROR_TITLE_LIMIT),
            "error_message": fitted(error_message, ERROR_MESSAGE_LIMIT),
        }
        return sheet.data_validation(*cells, options) == 0

    def close(self) -> bytes:
        self.workbook.close()
        return self._buffer.getvalue()

    def __enter__(self) -> XlsxExport:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        """Leaving on an error closes the half-written workbook, and drops it: in
        ``constant_memory`` mode each sheet's rows wait in a temporary file that only closing
        removes. (Leaving without one, the caller has closed it to take its bytes.)"""
        if kind is not None:
            self.workbook.close()


# Layout as the sheets have always stored it, for sheets written row by row in
# ``constant_memory`` mode (the appendix and its cover).


def set_width(sheet: Worksheet, column: int, width: float) -> None:
    """Column ``column`` ``width`` characters wide, stored as that number (``set_column`` would
    add Excel's cell padding, 34 becoming 34.71): as the sheets have always been laid out."""
    sheet.set_column_pixels(column, column, width * DIGIT_PIXELS)


def set_height(sheet: Worksheet, row: int, height: float) -> None:
    """Row ``row`` ``height`` points tall, stored as that number (``set_row`` rounds it to a
    whole pixel). Set before the row's cells: in ``constant_memory`` mode, once the next row is
    written this one cannot change."""
    sheet.set_row_pixels(row, height * 4 / 3)


def record_merge(
    sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int
) -> None:
    """Merge the range, its cells written by the caller (``merge_range`` cannot serve here).

    In ``constant_memory`` mode a row is written to the file when a later one is first written
    to, and cannot be written to again: ``merge_range`` writes its blank cells at once, all the
    way down, so a merge over several rows would send the rows it covers off before their other
    cells. A merged range is only a line at the end of the sheet's file, so it is recorded here
    (in the list ``merge_range`` adds to) and the caller writes the row's cells in order (the
    table writes the covered ones as styled blanks, the cover leaves them out). ``merge_range``
    would also keep an entry per merged cell, to check later ranges against; the ranges made here
    never overlap."""
    sheet.merge.append([first_row, first_column, last_row, last_column])
