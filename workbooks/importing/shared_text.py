"""Text cells that point at shared text the file does not hold.

A spreadsheet program keeps a workbook's text once, in its shared-strings part, and a text cell
(``t="s"``) holds the number of its text there. A crafted or damaged file can number text that
is not there, or have no shared-strings part at all; openpyxl then stops with an IndexError in
the middle of a sheet's rows. Only then is the sheet read again, here, to find the first such
cell so that the refusal names it.
"""

from __future__ import annotations

import zipfile
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring, iterparse
from django.utils.translation import gettext_lazy
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from workbooks.importing.ooxml import (
    PKG_REL_NS,
    SHARED_STRINGS_REL,
    SHEET_NS,
    WORKBOOK_RELS,
    part_of,
)
from workbooks.importing.problems import Problem
from workbooks.layout import COLUMNS

MISSING = gettext_lazy(
    "The cell refers to shared text that the file does not contain (spreadsheet programs never "
    "write this: the file was made by another program or is damaged). Save the workbook again "
    "from your spreadsheet program and upload it."
)


def shared_text_count(archive: zipfile.ZipFile) -> int:
    """How many texts the workbook's shared-strings part holds; 0 when it has none."""
    rels = fromstring(archive.read(WORKBOOK_RELS), forbid_dtd=True)
    for rel in rels.iter(f"{PKG_REL_NS}Relationship"):
        if rel.get("Type") == SHARED_STRINGS_REL:
            part = part_of(rel.get("Target", ""))
            if part not in archive.namelist():
                return 0
            with archive.open(part) as stream:
                return sum(
                    1
                    for _, element in iterparse(stream, forbid_dtd=True)
                    if element.tag == f"{SHEET_NS}si"
                )
    return 0


def missing_shared_text(archive: zipfile.ZipFile, part: str, sheet: str) -> Problem | None:
    """The first cell of the sheet in ``part`` whose shared text is not in the file."""
    count = shared_text_count(archive)
    row, column = 0, 0
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            if event == "start" and element.tag == f"{SHEET_NS}row":
                row = int(element.get("r") or row + 1)
                column = 0
            elif event == "end" and element.tag == f"{SHEET_NS}c":
                ref = element.get("r")
                column = column_index(ref) if ref else column + 1
                if element.get("t") == "s" and not _refers_to_one_of(element, count):
                    return _problem(sheet, row, column)
                element.clear()
    return None


def column_index(ref: str) -> int:
    return column_index_from_string(coordinate_from_string(ref)[0])


def _refers_to_one_of(cell: Element, count: int) -> bool:
    """A cell without a value is empty, whatever its type says (openpyxl reads it so)."""
    value = cell.find(f"{SHEET_NS}v")
    if value is None:
        return True
    text = (value.text or "").strip()
    return text.isdigit() and int(text) < count


def _problem(sheet: str, row: int, column: int) -> Problem:
    headings = [c.heading for c in COLUMNS.get(sheet, ())]
    heading = headings[column - 1] if column <= len(headings) else ""
    return Problem(MISSING, sheet=sheet, row=row, column=get_column_letter(column), heading=heading)
