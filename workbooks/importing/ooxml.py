"""Names in an .xlsx archive's XML, for the few parts the import reads without openpyxl."""

from __future__ import annotations

import posixpath

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def part_of(target: str) -> str:
    """The archive member a relationship of the workbook points to."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return posixpath.normpath(path)
