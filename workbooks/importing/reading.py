"""Opening an uploaded workbook without trusting it.

Before openpyxl sees the file: its size, its kind (an encrypted or old-format Office file is
named as such), and the zip archive's members (count, uncompressed sizes, compression ratio:
defusedxml stops XML entity bombs but not zip bombs). openpyxl then reads it in read-only mode,
with formulas kept as formulas so that they can be refused, and defusedxml parsing the XML.
Read-only mode knows nothing of merged cells: they are found in the sheet's XML directly.

The data rows are read by ``row_reader`` as openpyxl's read-only mode reads them; a sheet whose
bytes, scanned here before anything parses them, hold no document-type declaration (so no
entity can be declared) is parsed by the C XML parser there, any other through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any, Protocol
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException  # a ValueError
from defusedxml.ElementTree import fromstring, iterparse
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl.utils.exceptions import InvalidFileException

from workbooks.importing.ooxml import PKG_REL_NS, REL_NS, SHEET_NS, WORKBOOK_RELS, part_of
from workbooks.importing.problems import Problem, WorkbookRefused
from workbooks.importing.row_reader import data_rows
from workbooks.importing.shared_text import missing_shared_text

MiB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 50 * MiB
MAX_TOTAL_BYTES = 100 * MiB
MAX_RATIO = 100  # uncompressed / compressed, for members over 1 MiB


def max_upload_bytes() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_UPLOAD_BYTES", 10 * MiB))


def megabytes(size: int) -> str:
    """The size in MB with one decimal, written as the language writes numbers ("1.5", "1,5")."""
    return number_format(Decimal(f"{size / MiB:.1f}"), 1)


class SheetCell(Protocol):
    """What the import reads of a cell; openpyxl's read-only cells have it. A formula's
    ``data_type`` is "f" (the workbook is opened with formulas kept, so they can be refused)."""

    value: Any
    data_type: str
    number_format: str | None


@dataclass(frozen=True, slots=True)
class BlankCell:
    """A cell the row does not have (the row is shorter than the sheet's columns)."""

    value: None = None
    data_type: str = "n"
    number_format: str = "General"


BLANK = BlankCell()


@dataclass
class SheetContent:
    """One sheet: its headings and merged ranges, and its data rows as a stream read once."""

    name: str
    headings: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    rows: Iterator[tuple[int, tuple[SheetCell, ...]]] = field(default_factory=lambda: iter(()))
    # The rows the file's XML appears to hold, counted in its bytes: only for showing progress.
    declared_rows: int = 0


BOMB = gettext_lazy(
    "The workbook contains XML entity or document-type declarations, which spreadsheet programs "
    "never write (they are used in 'billion laughs' attacks). It was not opened."
)


def _refuse(message: str) -> WorkbookRefused:
    # A lazy message is put in words now, in the language the import runs in.
    return WorkbookRefused([Problem(str(message))])


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
        raise _refuse(_("The file is empty. Upload the .xlsx workbook you exported and edited."))
    limit = max_upload_bytes()
    if len(content) > limit:
        raise _refuse(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. Upload the data workbook "
                "without extra sheets or pictures."
            )
            % {"size": megabytes(len(content)), "limit": megabytes(limit)}
        )
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in content:
            raise _refuse(
                _(
                    "The workbook is protected with a password, so it cannot be read. Remove the "
                    "password (in Excel: File › Info › Protect Workbook › Encrypt with Password) "
                    "and upload it again."
                )
            )
        raise _refuse(
            _(
                "This is an old-format Excel file (.xls) or another Office document. Save it as "
                "an Excel workbook (.xlsx) and upload that."
            )
        )
    if not content.startswith(b"PK"):
        raise _refuse(_("This is not an Excel workbook (.xlsx). Upload the workbook you exported."))
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            _(
                "The file is damaged or incomplete (perhaps cut off while downloading or "
                "copying). Save the workbook again and upload it."
            )
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            _("The workbook has %(count)s parts; a data workbook has a handful.")
            % {"count": len(members)}
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or (
            member.file_size > MiB and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise _refuse(
                _(
                    "The workbook's part %(part)s unpacks to %(size)s MB, far more than a data "
                    "workbook holds; it was not opened."
                )
                % {"part": member.filename, "size": megabytes(member.file_size)}
            )
    if total > MAX_TOTAL_BYTES:
        raise _refuse(
            _(
                "The workbook unpacks to %(size)s MB, far more than a data workbook holds; it "
                "was not opened."
            )
            % {"size": megabytes(total)}
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise _refuse(_("This is a zip archive but not an Excel workbook (.xlsx)."))
    return archive


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the worksheet's part in the archive, from the workbook's relationships."""
    workbook = fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    rels = fromstring(archive.read(WORKBOOK_RELS), forbid_dtd=True)
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL_NS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{SHEET_NS}sheet"):
        parts[sheet.get("name", "")] = part_of(targets.get(sheet.get(f"{REL_NS}id"), ""))
    return parts


@dataclass(frozen=True)
class PartScan:
    """What a scan of a worksheet part's bytes tells without parsing the XML."""

    rows: int
    mentions_merged: bool
    # No document-type declaration, in an encoding where a scan of the bytes finds one: the C
    # XML parser may read the part (``row_reader``); any other is read through defusedxml.
    plain_xml: bool = False


ROW_TAG = b"<row "
MERGE_TAG = b"mergeCell"
DOCTYPE = b"<!DOCTYPE"
UTF8_BOM = b"\xef\xbb\xbf"
# The XML declaration's encoding: the scan is reliable for UTF-8 and its ASCII subset.
DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
BYTE_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii"}


def _scanned_encoding_is_reliable(head: bytes) -> bool:
    """Whether the part is written in UTF-8 (or ASCII), so that a declaration is found by its
    bytes: it starts with ``<`` (after a UTF-8 byte-order mark), and its XML declaration, if it
    has one, names no other encoding. A UTF-16 part (a byte-order mark, or a NUL byte in its
    first characters) is not."""
    head = head.removeprefix(UTF8_BOM)
    if not head.startswith(b"<") or b"\x00" in head[:4]:
        return False
    if not head.startswith(b"<?xml"):
        return True
    end = head.find(b"?>")
    if end < 0:  # a declaration longer than the head, or cut
        return False
    declaration = head[: end + 2]
    declared = DECLARED_ENCODING.match(declaration)
    if declared is None:  # UTF-8 unless an encoding is given in a form not understood here
        return b"encoding" not in declaration
    return declared.group(1).decode("ascii").lower() in BYTE_ENCODINGS


def _scan(archive: zipfile.ZipFile, part: str) -> PartScan:
    # A tag split between two reads is found in the tail kept from the first read; tags
    # wholly inside that tail were counted with it already.
    rows, merged, doctype, tail, head = 0, False, False, b"", b""
    keep = max(len(ROW_TAG), len(MERGE_TAG), len(DOCTYPE)) - 1
    with archive.open(part) as stream:
        while chunk := stream.read(MiB):
            head = head or chunk[:256]
            window = tail + chunk
            rows += window.count(ROW_TAG) - tail.count(ROW_TAG)
            merged = merged or MERGE_TAG in window
            doctype = doctype or DOCTYPE in window
            tail = window[-keep:]
    return PartScan(rows, merged, plain_xml=not doctype and _scanned_encoding_is_reliable(head))


def _merged_ranges(archive: zipfile.ZipFile, part: str, scan: PartScan) -> list[str]:
    # Parsing the whole sheet a second time only to find merged cells would cost as much as
    # reading it: most sheets have none, which the scan of the bytes tells at once.
    if not scan.mentions_merged:
        return []
    with archive.open(part) as stream:
        return [
            element.get("ref", "")
            for _, element in iterparse(stream, forbid_dtd=True)
            if element.tag == f"{SHEET_NS}mergeCell"
        ]


def max_rows() -> int:
    return int(getattr(settings, "WORKBOOK_MAX_ROWS", 20_000))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


UNREADABLE = gettext_lazy(
    "The workbook could not be read: it is damaged or not a real .xlsx file. Save it "
    "again from your spreadsheet program and upload it."
)
CUT_OFF = gettext_lazy(
    "The workbook could not be read to the end: it is damaged or incomplete. Save it "
    "again from your spreadsheet program and upload it."
)
# DefusedXmlException is a ValueError.
READ_ERRORS = (zipfile.BadZipFile, ParseError, OSError, ValueError, TypeError, EOFError)


def _refusal(exc: BaseException, message: str) -> WorkbookRefused:
    return _refuse(BOMB if _refused_by_defusedxml(exc) else message)


# The read errors, and openpyxl's IndexError for a text cell whose shared text is missing.
CELL_ERRORS = (IndexError, *READ_ERRORS)


@dataclass(frozen=True)
class SheetPart:
    """Where a sheet is in the archive, to find the cell openpyxl stopped on."""

    archive: zipfile.ZipFile
    part: str
    name: str

    def refusal(self, exc: BaseException) -> WorkbookRefused:
        """openpyxl stopped in the middle of the sheet: name the cell when it is one whose
        shared text is missing (``shared_text``), else say the file is cut off."""
        if isinstance(exc, IndexError | ValueError) and not _refused_by_defusedxml(exc):
            try:
                problem = missing_shared_text(self.archive, self.part, self.name)
            except (KeyError, *READ_ERRORS):  # the sheet's XML is broken in another way
                problem = None
            if problem is not None:
                return WorkbookRefused([problem])
        return _refusal(exc, CUT_OFF)


def _data_rows(
    worksheet: Any, where: SheetPart, scan: PartScan
) -> Iterator[tuple[int, tuple[SheetCell, ...]]]:
    limit = max_rows()
    try:
        rows = data_rows(worksheet, min_row=2, plain_xml=scan.plain_xml)
        for number, row in enumerate(rows, start=2):
            if number > limit + 1:
                raise WorkbookRefused(
                    [
                        Problem(
                            ngettext(
                                "The sheet has more than %(limit)s row; split it.",
                                "The sheet has more than %(limit)s rows; split it.",
                                limit,
                            )
                            % {"limit": limit},
                            sheet=where.name,
                        )
                    ]
                )
            yield number, row
    except CELL_ERRORS as exc:
        raise where.refusal(exc) from exc


def _sheet(workbook: Any, where: SheetPart, scan: PartScan, merged: list[str]) -> SheetContent:
    worksheet = workbook[where.name]
    worksheet.reset_dimensions()  # the file's own dimension can be wrong (or a lie)
    try:
        headings = next(worksheet.iter_rows(min_row=1, max_row=1), ())
    except CELL_ERRORS as exc:
        raise where.refusal(exc) from exc
    return SheetContent(
        name=where.name,
        headings=[_text(c.value) for c in headings],
        merged=merged,
        rows=_data_rows(worksheet, where, scan),
        declared_rows=scan.rows,
    )


@contextmanager
def open_sheets(
    content: bytes, wanted: tuple[str, ...]
) -> Iterator[tuple[list[str], dict[str, SheetContent]]]:
    """The names of all sheets, and the ``wanted`` ones that exist, their rows streamed from
    the file while the context is open. Raises ``WorkbookRefused`` for a file that cannot be
    read, also while the rows are read."""
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise RuntimeError("defusedxml must be installed before workbooks are imported")
    archive = check_container(content)
    try:
        parts = _sheet_parts(archive)
        scans = {name: _scan(archive, parts[name]) for name in wanted if name in parts}
        merged = {name: _merged_ranges(archive, parts[name], scan) for name, scan in scans.items()}
        # openpyxl looks for each sheet's declared size on opening: a sheet without one (files
        # openpyxl writes) is parsed whole for it; Excel and LibreOffice always write it.
        workbook = openpyxl.load_workbook(
            BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except (KeyError, InvalidFileException, *READ_ERRORS) as exc:
        raise _refusal(exc, UNREADABLE) from exc
    try:
        try:
            sheets = {
                name: _sheet(
                    workbook,
                    SheetPart(archive, parts.get(name, ""), name),
                    scans.get(name, PartScan(0, False)),
                    merged.get(name, []),
                )
                for name in wanted
                if name in workbook.sheetnames
            }
        except READ_ERRORS as exc:
            raise _refusal(exc, CUT_OFF) from exc
        yield list(workbook.sheetnames), sheets
    finally:
        workbook.close()
