"""Writing people's text into spreadsheets safely. Every export in this app goes through here.

A spreadsheet treats text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (or the start of one): a custodian's note "=HYPERLINK(…)" must reach the reader as
the text they typed, never as something the spreadsheet runs (OWASP "CSV injection").

- In xlsx, openpyxl stores any string starting with "=" as a formula; we force the string type,
  and set Excel's quote prefix so the text stays text when someone edits the cell. The exports
  written with XlsxWriter do the same through ``workbooks.xlsx_writing``, from ``clean_text``.
- In CSV there are no types: the text gets a leading apostrophe, which spreadsheets hide.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell

EXCEL_CELL_LIMIT = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TRIGGERS = (*FORMULA_TRIGGERS, "\n")


def clean_text(value: Any) -> str:
    """The text as a cell can hold it: no characters XML refuses, within Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


def write_text(cell: Cell | WriteOnlyCell, value: Any) -> Cell | WriteOnlyCell:
    """Put ``value`` in ``cell`` as text, whatever it starts with."""
    text = clean_text(value)
    # Set as it is: clean_text made it what a cell may hold, so openpyxl's value setter would only
    # scan it again and guess a formula or an error code that the string type overrides anyway.
    cell._value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def csv_text(value: Any) -> str:
    """A CSV field a spreadsheet shows as the text it is."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_TRIGGERS) else text
