"""Opening an uploaded workbook without trusting it.

Before openpyxl sees the file: its size, its kind (an encrypted or old-format Office file is
named as such), and the zip archive's members (count, uncompressed sizes, compression ratio:
defusedxml stops XML entity bombs but not zip bombs). openpyxl then reads it in read-only mode,
with formulas kept as formulas so that they can be refused, and defusedxml parsing the XML.
Read-only mode knows nothing of merged cells: they are found in the sheet's XML directly.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException  # a ValueError
from defusedxml.ElementTree import fromstring, iterparse
from django.conf import settings
from openpyxl.utils.exceptions import InvalidFileException

from workbooks.importing.problems import Problem, WorkbookRefused

MiB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 50 * MiB
MAX_TOTAL_BYTES = 100 * MiB
MAX_RATIO = 100  # uncompressed / compressed, for members over 1 MiB
MAX_ROWS = 20_000
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def max_upload_bytes() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_UPLOAD_BYTES", 10 * MiB))


def _megabytes(size: int) -> str:
    return f"{size / MiB:.1f} MB"


@dataclass(frozen=True)
class SheetCell:
    value: Any
    is_formula: bool = False
    number_format: str = "General"


@dataclass
class SheetContent:
    name: str
    headings: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[SheetCell]]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


BOMB = (
    "The workbook contains XML entity or document-type declarations, which spreadsheet programs "
    "never write (they are used in 'billion laughs' attacks). It was not opened."
)


def _refuse(message: str) -> WorkbookRefused:
    return WorkbookRefused([Problem(message)])


def _refused_by_defusedxml(exc: BaseException) -> bool:
    """openpyxl wraps some parser errors in its own: look down the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def check_container(content: bytes) -> zipfile.ZipFile:
    """The checks that need no XML parsing; returns the open archive."""
    if not content:
        raise _refuse("The file is empty. Upload the .xlsx workbook you exported and edited.")
    limit = max_upload_bytes()
    if len(content) > limit:
        raise _refuse(
            f"The file is {_megabytes(len(content))}; the limit is {_megabytes(limit)}. "
            "Upload the data workbook without extra sheets or pictures."
        )
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in content:
            raise _refuse(
                "The workbook is protected with a password, so it cannot be read. Remove the "
                "password (in Excel: File › Info › Protect Workbook › Encrypt with Password) and "
                "upload it again."
            )
        raise _refuse(
            "This is an old-format Excel file (.xls) or another Office document. Save it as an "
            "Excel workbook (.xlsx) and upload that."
        )
    if not content.startswith(b"PK"):
        raise _refuse("This is not an Excel workbook (.xlsx). Upload the workbook you exported.")
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            "The file is damaged or incomplete (perhaps cut off while downloading or copying). "
            "Save the workbook again and upload it."
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise _refuse(f"The workbook has {len(members)} parts; a data workbook has a handful.")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or (
            member.file_size > MiB and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise _refuse(
                f"The workbook's part {member.filename} unpacks to "
                f"{_megabytes(member.file_size)}, far more than a data workbook holds; "
                "it was not opened."
            )
    if total > MAX_TOTAL_BYTES:
        raise _refuse(
            f"The workbook unpacks to {_megabytes(total)}, far more than a data workbook holds; "
            "it was not opened."
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise _refuse("This is a zip archive but not an Excel workbook (.xlsx).")
    return archive


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the worksheet's part in the archive, from the workbook's relationships."""
    workbook = fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL_NS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{SHEET_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    with archive.open(part) as stream:
        return [
            element.get("ref", "")
            for _, element in iterparse(stream, forbid_dtd=True)
            if element.tag == f"{SHEET_NS}mergeCell"
        ]


def _cells(row: tuple[Any, ...]) -> list[SheetCell]:
    cells = []
    for cell in row:
        value = getattr(cell, "value", None)
        cells.append(
            SheetCell(
                value=value,
                is_formula=getattr(cell, "data_type", None) == "f",
                number_format=getattr(cell, "number_format", None) or "General",
            )
        )
    return cells


def _rows(worksheet: Any, name: str) -> Iterator[tuple[int, list[SheetCell]]]:
    worksheet.reset_dimensions()  # the file's own dimension can be wrong (or a lie)
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        if number > MAX_ROWS + 1:
            raise WorkbookRefused(
                [Problem(f"The sheet has more than {MAX_ROWS} rows; split it.", sheet=name)]
            )
        yield number, _cells(row)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_sheets(
    content: bytes, wanted: tuple[str, ...]
) -> tuple[list[str], dict[str, SheetContent]]:
    """The names of all sheets, and the content of the ``wanted`` ones that exist."""
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise RuntimeError("defusedxml must be installed before workbooks are imported")
    archive = check_container(content)
    try:
        parts = _sheet_parts(archive)
        merged = {name: _merged_ranges(archive, parts[name]) for name in wanted if name in parts}
        workbook = openpyxl.load_workbook(
            BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except (
        KeyError,
        zipfile.BadZipFile,
        ParseError,
        InvalidFileException,
        OSError,
        ValueError,
        TypeError,
    ) as exc:
        if _refused_by_defusedxml(exc):
            raise _refuse(BOMB) from exc
        raise _refuse(
            "The workbook could not be read: it is damaged or not a real .xlsx file. Save it "
            "again from your spreadsheet program and upload it."
        ) from exc
    try:
        sheets = {}
        for name in wanted:
            if name not in workbook.sheetnames:
                continue
            content_of = SheetContent(name=name, merged=merged.get(name, []))
            for number, cells in _rows(workbook[name], name):
                if number == 1:
                    content_of.headings = [_text(c.value) for c in cells]
                else:
                    content_of.rows.append((number, cells))
            sheets[name] = content_of
        return list(workbook.sheetnames), sheets
    except (zipfile.BadZipFile, ParseError, OSError, ValueError, TypeError, EOFError) as exc:
        # DefusedXmlException is a ValueError.
        if _refused_by_defusedxml(exc):
            raise _refuse(BOMB) from exc
        raise _refuse(
            "The workbook could not be read to the end: it is damaged or incomplete. Save it "
            "again from your spreadsheet program and upload it."
        ) from exc
    finally:
        workbook.close()
