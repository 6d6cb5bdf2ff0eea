"""A sheet's data rows as openpyxl's read-only mode reads them, in less time.

openpyxl's read-only worksheet (``iter_rows``) parses a sheet with its ``WorkSheetParser``
through defusedxml's pure-Python XML parser, builds a dict for each cell, then a
``ReadOnlyCell`` from it. This reader runs a subclass of that parser on the same part — the
sheet's other elements read by openpyxl's own handlers, formulas kept as formulas — and gives
the rows as ``iter_rows(min_row=...)`` gives them once the sheet's dimensions are reset: a
missing row as an empty one, each row as long as its last cell, an openpyxl ``ReadOnlyCell`` in
each place and ``EMPTY_CELL`` between them (``tests/workbooks/test_import_reading.py`` holds
it to ``iter_rows`` cell by cell). What it does differently changes no value:

- The XML is parsed by Python's C parser when the scan of the part's bytes proved that it holds
  no document-type declaration, in an encoding where that scan is reliable (``plain_xml``):
  without one, no entity can be declared, so defusedxml would have nothing to refuse. Any other
  part is parsed by defusedxml's parser, as openpyxl parses it.
- The plain cells — a number or a shared text with at most its ``<v>``, an inline text with at
  most a plain ``<is><t>…</t></is>`` (what openpyxl, and programs writing inline text, write) —
  are read here by ``parse_cell``'s rules, without its dict or openpyxl's rich text objects;
  every other cell (formulas, dates, booleans, errors, rich text…) by ``parse_cell`` itself.
- Nothing is kept of a row once it is read: openpyxl keeps each row's attributes (heights,
  styles) for the whole sheet, which the import never reads.

It reaches into openpyxl's reader (``openpyxl.worksheet._reader``), as of openpyxl 3.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import iterparse as c_iterparse

from openpyxl.cell.read_only import EMPTY_CELL, ReadOnlyCell
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.worksheet import _reader
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.functions import iterparse as defused_iterparse

INLINE_STRING = _reader.INLINE_STRING
VALUE_TAG = _reader.VALUE_TAG
# The cells read here rather than by openpyxl's parse_cell: numbers, shared and inline text.
PLAIN_TYPES = frozenset(("n", "s", "inlineStr"))
TEXT_TAG = f"{{{_reader.SHEET_MAIN_NS}}}t"
ROW_TAG = _reader.ROW_TAG


class _Parser(WorkSheetParser):
    """openpyxl's worksheet parser, with the XML parser chosen by the part and its rows' cells
    made as read-only cells at once."""

    def __init__(self, source: Any, worksheet: Any, *, plain_xml: bool) -> None:
        workbook = worksheet.parent
        super().__init__(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        self.worksheet = worksheet
        self.plain_xml = plain_xml

    def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """``WorkSheetParser.parse``, with the XML parser the part allows."""
        dispatcher = {
            _reader.COL_TAG: self.parse_column_dimensions,
            _reader.PROT_TAG: self.parse_sheet_protection,
            _reader.EXT_TAG: self.parse_extensions,
            _reader.CF_TAG: self.parse_formatting,
            _reader.LEGACY_TAG: self.parse_legacy,
            _reader.ROW_BREAK_TAG: self.parse_row_breaks,
            _reader.COL_BREAK_TAG: self.parse_col_breaks,
            _reader.CUSTOM_VIEWS_TAG: self.parse_custom_views,
        }
        properties = {
            _reader.PRINT_TAG: ("print_options", _reader.PrintOptions),
            _reader.MARGINS_TAG: ("page_margins", _reader.PageMargins),
            _reader.PAGE_TAG: ("page_setup", _reader.PrintPageSetup),
            _reader.HEADER_TAG: ("HeaderFooter", _reader.HeaderFooter),
            _reader.FILTER_TAG: ("auto_filter", _reader.AutoFilter),
            _reader.VALIDATION_TAG: ("data_validations", _reader.DataValidationList),
            _reader.PROPERTIES_TAG: ("sheet_properties", _reader.WorksheetProperties),
            _reader.VIEWS_TAG: ("views", _reader.SheetViewList),
            _reader.FORMAT_TAG: ("sheet_format", _reader.SheetFormatProperties),
            _reader.SCENARIOS_TAG: ("scenarios", _reader.ScenarioList),
            _reader.TABLE_TAG: ("tables", _reader.TablePartList),
            _reader.HYPERLINK_TAG: ("hyperlinks", _reader.HyperlinkList),
            _reader.MERGE_TAG: ("merged_cells", _reader.MergeCells),
        }
        iterparse = c_iterparse if self.plain_xml else defused_iterparse
        for _event, element in iterparse(self.source):
            tag_name = element.tag
            if tag_name == ROW_TAG:  # first: nearly every element that ends a row is one
                row = self.parse_row(element)
                element.clear()
                yield row
            elif tag_name in dispatcher:
                dispatcher[tag_name](element)
                element.clear()
            elif tag_name in properties:
                name, kind = properties[tag_name]
                setattr(self, name, kind.from_tree(element))
                element.clear()

    def parse_row(self, row: Element) -> tuple[int, list[Any]]:
        """``WorkSheetParser.parse_row``, without keeping the row's attributes."""
        number = row.get("r")
        if number is not None:
            try:
                self.row_counter = int(number)
            except ValueError:
                as_float = float(number)
                if as_float.is_integer():
                    self.row_counter = int(as_float)
                else:
                    raise ValueError(f"{number} is not a valid row number") from None
        else:
            self.row_counter += 1
        self.col_counter = 0
        return self.row_counter, [self.read_cell(cell) for cell in row]

    def read_cell(self, element: Element) -> ReadOnlyCell:
        """The cell as ``parse_cell`` reads it, made a read-only cell. A number or a shared
        text with at most its ``<v>``, and an inline text with at most its ``<is>`` (nearly
        every cell) are read here, in ``parse_cell``'s order and by its rules; any other cell
        (a formula, a date, a boolean, an error…) by ``parse_cell`` itself."""
        data_type = element.get("t", "n")
        if data_type not in PLAIN_TYPES:
            return self._by_openpyxl(element)
        inline = data_type == "inlineStr"
        children = len(element)
        child = element[0] if children == 1 else None
        if children > 1 or (
            child is not None and child.tag != (INLINE_STRING if inline else VALUE_TAG)
        ):
            return self._by_openpyxl(element)
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        if inline:
            value = None if child is None else _plain_text(child)
            if child is not None and value is None:
                return self._by_openpyxl(element)
        else:
            value = None if child is None else child.text or None
            if value is not None and data_type == "n" and style_id in self.date_formats:
                return self._by_openpyxl(element)  # a date or a time
        if coordinate:
            row, column = _coordinates(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        if inline:
            if child is not None:  # without its <is>, the cell is empty and keeps its type
                data_type = "s"
        elif value is not None:
            if data_type == "n":
                value = _reader._cast_number(value)
            else:
                value = self.shared_strings[int(value)]
        return ReadOnlyCell(self.worksheet, row, column, value, data_type, style_id)

    def _by_openpyxl(self, element: Element) -> ReadOnlyCell:
        return ReadOnlyCell(self.worksheet, **self.parse_cell(element))


# A plain reference (B7); any other is read by openpyxl's coordinate_to_tuple, which reads
# these the same way.
PLAIN_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _coordinates(coordinate: str) -> tuple[int, int]:
    plain = PLAIN_COORDINATE.fullmatch(coordinate)
    if plain is None:
        return coordinate_to_tuple(coordinate)
    return int(plain[2]), column_index_from_string(plain[1])


def _plain_text(inline: Element) -> str | None:
    """The text of an inline text cell's ``<is>`` of the plain form, ``<is><t>…</t></is>`` with
    no attribute on ``<is>``; None for any other form. openpyxl reads that form's text (its rich
    text objects' ``content``) as the ``<t>`` element's text, or "" when it has none."""
    if inline.attrib or len(inline) != 1 or inline[0].tag != TEXT_TAG:
        return None
    return inline[0].text or ""


def data_rows(worksheet: Any, *, min_row: int, plain_xml: bool) -> Iterator[tuple[Any, ...]]:
    """The rows of ``worksheet`` (openpyxl's read-only worksheet) from ``min_row`` on, as its
    ``iter_rows(min_row=min_row)`` gives them once its dimensions are reset."""
    counter = min_row
    with worksheet._get_source() as source:
        parser = _Parser(source, worksheet, plain_xml=plain_xml)
        for number, cells in parser.parse():
            for _missing in range(counter, number):
                counter += 1
                yield ()
            if counter <= number:
                counter += 1
                yield _in_place(cells)


def _in_place(cells: list[ReadOnlyCell]) -> tuple[Any, ...]:
    """The row's cells, each in its column's place, as long as its last cell's column; as
    openpyxl's ``ReadOnlyWorksheet._get_row`` places them (a later cell of the same column
    replaces an earlier one; a cell beyond the last cell's column is left out)."""
    if not cells:
        return ()
    width = cells[-1].column
    placed = [EMPTY_CELL] * width
    for cell in cells:
        if 1 <= cell.column <= width:
            placed[cell.column - 1] = cell
    return tuple(placed)
