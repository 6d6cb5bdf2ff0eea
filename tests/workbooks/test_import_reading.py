"""The import's sheet reader gives every cell exactly as openpyxl's read-only mode gives it.

``workbooks.importing.row_reader`` reads a sheet's rows with openpyxl's own parser, with the C
XML parser for a part whose bytes hold no document-type declaration, and plain cells (numbers,
shared and inline text) read without openpyxl's per-cell objects. These tests hold it to
openpyxl's ``iter_rows`` on crafted sheets — every kind of cell, formulas of every kind, dates,
missing and out-of-order rows and cells — through both XML parsers; and they prove that a part
the scan cannot vouch for (a declaration, another encoding) is still read through defusedxml.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, time

import openpyxl
import pytest
from openpyxl.cell.read_only import EMPTY_CELL

from tests.workbooks.conftest import workbook_bytes
from tests.workbooks.crafted_parts import BILLION_LAUGHS, with_part
from workbooks.importing import check_workbook
from workbooks.importing.reading import (
    BOMB,
    MiB,
    _scan,
    _scanned_encoding_is_reliable,
    _sheet_parts,
)
from workbooks.importing.row_reader import data_rows
from workbooks.layout import RESULTS_SHEET

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"


def _styled_workbook() -> tuple[bytes, dict[str, int]]:
    """A workbook of one sheet whose styles hold a date, a time, a percentage and our own
    per-cent format; and the style index of each."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    formats = {
        "date": "yyyy-mm-dd",
        "time": "hh:mm",
        "fraction": "0%",
        "per_cent": 'General" per cent"',
    }
    for column, number_format in enumerate(formats.values(), start=1):
        cell = sheet.cell(row=1, column=column, value=1)
        cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    read = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    first = next(read["Data"].iter_rows(min_row=1, max_row=1))
    styles = {name: cell._style_id for name, cell in zip(formats, first, strict=True)}
    read.close()
    return content, styles


def _with_sheet(content: bytes, sheet_data: str, *, shared: list[str] | None = None) -> bytes:
    """The workbook with its sheet's XML replaced by ``sheet_data`` (the rows), and, with
    ``shared``, a shared-strings part holding those texts."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    xml = f'<worksheet xmlns="{NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SHEET_PART:
                data = xml.encode()
            elif shared is not None and item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif shared is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item, data)
        if shared is not None:
            texts = "".join(f"<si><t>{text}</t></si>" for text in shared)
            target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">{texts}</sst>')
    return out.getvalue()


def _described(cell: object) -> tuple:
    """Everything the import (and anyone) may read of a cell."""
    if cell is EMPTY_CELL:
        return ("empty",)
    try:
        number_format = cell.number_format
    except IndexError:
        number_format = "IndexError"
    value = cell.value
    if not isinstance(value, str | int | float | bool | date | time | None):
        value = (getattr(value, "text", None), getattr(value, "ref", None))  # array formulas
    return (
        cell.row,
        cell.column,
        type(cell.value).__name__,
        value,
        cell.data_type,
        cell._style_id,
        number_format,
    )


def _rows(content: bytes, read) -> list[list[tuple]]:
    workbook = openpyxl.load_workbook(
        io.BytesIO(content), read_only=True, data_only=False, keep_links=False
    )
    try:
        worksheet = workbook["Data"]
        worksheet.reset_dimensions()
        return [[_described(cell) for cell in row] for row in read(worksheet)]
    finally:
        workbook.close()


def _by_openpyxl(worksheet):
    return worksheet.iter_rows(min_row=2)


def _ours(plain_xml: bool):
    return lambda worksheet: data_rows(worksheet, min_row=2, plain_xml=plain_xml)


def _cells(styles: dict[str, int]) -> str:
    date_style, time_style, fraction, per_cent = (
        styles[name] for name in ("date", "time", "fraction", "per_cent")
    )
    return f"""
    <row r="1"><c r="A1" t="inlineStr"><is><t>Heading</t></is></c></row>
    <row r="2">
      <c r="A2"><v>37</v></c><c r="B2" t="n"><v>0.37</v></c><c r="C2"><v>1E2</v></c>
      <c r="D2" s="{fraction}"><v>0.37</v></c><c r="E2" s="{per_cent}"><v>0.5</v></c>
      <c r="F2" s="{date_style}"><v>44927</v></c><c r="G2" s="{time_style}"><v>0.5</v></c>
      <c r="H2" s="{date_style}"/><c r="I2"/><c r="J2" t="n"/><c r="K2" s="999"><v>1</v></c>
      <c r="L2"><v>-2.50</v></c>
    </row>
    <row r="3">
      <c r="A3" t="inlineStr"><is><t>plain</t></is></c>
      <c r="B3" t="inlineStr"><is><t/></is></c>
      <c r="C3" t="inlineStr"><is><t xml:space="preserve">  spaced  </t></is></c>
      <c r="D3" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c>
      <c r="E3" t="inlineStr"><is><t>with</t><rPh sb="0" eb="1"><t>ruby</t></rPh></is></c>
      <c r="F3" t="inlineStr"/>
      <c r="G3" t="inlineStr"><is><t>a<b/>c</t></is></c>
      <c r="H3" t="inlineStr"><v>ignored</v><is><t>inline</t></is></c>
      <c r="I3" t="s"><v>1</v></c><c r="J3" t="s"/><c r="K3" t="inlineStr" s="{fraction}"><is>
      <t>0.37</t></is></c>
    </row>
    <row r="4">
      <c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c>
      <c r="D4" t="str"><v>text result</v></c><c r="E4" t="d"><v>2021-03-07</v></c>
      <c r="F4" t="n"><f>1+1</f><v>2</v></c><c r="G4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>
      <c r="H4"><f t="shared" ref="H4:H5" si="0">A4*2</f><v>2</v></c>
      <c r="I4" t="inlineStr"><f>1</f><is><t>x</t></is></c>
      <c r="J4"><f t="array" ref="J4">SUM(A2:B2)</f><v>3</v></c>
      <c r="K4" t="s"><f>A1</f><v>0</v></c>
    </row>
    <row r="5"><c r="H5"><f t="shared" si="0"/><v>4</v></c></row>
    <row r="7"><c r="C7"><v>7</v></c></row>
    <row r="6"><c r="A6"><v>6</v></c></row>
    <row><c><v>1</v></c><c t="inlineStr"><is><t>no reference</t></is></c><c><v>3</v></c></row>
    <row r="9"><c r="D9"><v>4</v></c><c r="B9"><v>2</v></c></row>
    <row r="10"><c r="B10"><v>1</v></c><c r="B10"><v>2</v></c><c r="a10"><v>3</v></c></row>
    <row r="11"/>
    <row r="12" ht="30" customHeight="1" spans="1:3"><c r="A12" s="0"><v>12</v></c></row>
    <row r="13.0"><c r="A13"><v>13</v></c></row>
    """


@pytest.mark.parametrize("plain_xml", [True, False], ids=["C parser", "defusedxml"])
def test_every_kind_of_cell_is_read_as_openpyxl_reads_it(plain_xml):
    content, styles = _styled_workbook()
    crafted = _with_sheet(content, _cells(styles), shared=["first", "second"])

    expected = _rows(crafted, _by_openpyxl)

    assert _rows(crafted, _ours(plain_xml)) == expected
    # The cases are there: a date, a time, formulas, a missing format, an empty row.
    flat = [cell for row in expected for cell in row]
    assert {"datetime", "time", "bool"} <= {cell[2] for cell in flat if len(cell) > 1}
    assert sum(1 for cell in flat if len(cell) > 1 and cell[4] == "f") == 7
    assert any(cell[-1] == "IndexError" for cell in flat)
    assert [] in [list(row) for row in expected]


def test_a_sheet_of_a_program_that_prefixes_its_tags_is_read_the_same():
    content, styles = _styled_workbook()
    prefixed = (
        f'<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>text</x:t></x:is></x:c>'
        f'<x:c r="B2" s="{styles["fraction"]}"><x:v>0.25</x:v></x:c>'
        f'<x:c r="C2"><x:f>B2*2</x:f><x:v>0.5</x:v></x:c></x:row>'
    )
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SHEET_PART:
                data = (
                    f'<x:worksheet xmlns:x="{NS}"><x:sheetData>{prefixed}</x:sheetData>'
                    f"</x:worksheet>"
                ).encode()
            target.writestr(item, data)
    crafted = out.getvalue()

    expected = _rows(crafted, _by_openpyxl)

    assert _rows(crafted, _ours(True)) == _rows(crafted, _ours(False)) == expected
    assert [cell[4] for cell in expected[0]] == ["s", "n", "f"]


def _member(data: bytes) -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part.xml", data)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(
    ("data", "plain"),
    [
        (f'<worksheet xmlns="{NS}"/>'.encode(), True),
        (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet/>', True),
        (b"<?xml version='1.0' encoding='utf-8'?><worksheet/>", True),
        (b'<?xml version="1.0" encoding="us-ascii"?><worksheet/>', True),
        (b'<?xml version="1.0"?><worksheet/>', True),
        (b"\xef\xbb\xbf<worksheet/>", True),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet/>', False),
        ('<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16"), False),
        ("<worksheet/>".encode("utf-16-le"), False),
        ("<worksheet/>".encode("utf-16-be"), False),
        (b"  <worksheet/>", False),
        (b'<!DOCTYPE worksheet><worksheet xmlns="x"/>', False),
        (b"<?xml version='1.0'?>\n<!DOCTYPE w [<!ENTITY a 'b'>]><w>&a;</w>", False),
        # A declaration split between two reads of the scan is found all the same.
        (b"<w>" + b" " * (MiB - 7) + b"<!DOCTYPE w></w>", False),
        (b"<w>" + b" " * (MiB - 3) + b"<!DOCTYPE w></w>", False),
        (b"<w>" + b" " * (MiB + 100) + b"</w>", True),
    ],
    ids=[
        "no declaration",
        "UTF-8 declared",
        "utf-8 in single quotes",
        "us-ascii",
        "no encoding declared",
        "UTF-8 byte-order mark",
        "Latin-1",
        "UTF-16 with a byte-order mark",
        "UTF-16 little-endian",
        "UTF-16 big-endian",
        "leading spaces",
        "document type",
        "entity declaration",
        "document type across two reads",
        "document type across two reads, later",
        "large, plain",
    ],
)
def test_only_a_part_proven_free_of_a_document_type_goes_to_the_c_parser(data, plain):
    assert _scan(_member(data), "part.xml").plain_xml is plain


def test_an_encoding_is_trusted_only_when_declared_in_full():
    assert _scanned_encoding_is_reliable(b'<?xml version="1.0" encoding="UTF-8"?><a/>')
    assert not _scanned_encoding_is_reliable(b'<?xml version="1.0" encoding="UTF-8"')
    assert not _scanned_encoding_is_reliable(b'<?xml version="1.0" encoding=UTF-8?><a/>')
    assert not _scanned_encoding_is_reliable(b"<?xml version='1.0' " + b" " * 300)
    assert not _scanned_encoding_is_reliable(b"")


def _results_part(archive: zipfile.ZipFile) -> str:
    return _sheet_parts(archive)[RESULTS_SHEET]


def _with_results_part(content: bytes, transform) -> bytes:
    part = _results_part(zipfile.ZipFile(io.BytesIO(content)))
    return with_part(part, transform(zipfile.ZipFile(io.BytesIO(content)).read(part)))(content, {})


def _with_doctype(xml: bytes) -> bytes:
    """The part with a document-type declaration (no entity) after its XML declaration."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + b"<!DOCTYPE worksheet>" + xml[end:]


@pytest.mark.django_db
def test_a_data_sheet_with_a_harmless_document_type_is_read_through_defusedxml_alike(
    users, ilo_plan
):
    content = workbook_bytes(users["gedi"], ilo_plan)
    with_doctype = _with_results_part(content, _with_doctype)
    part = _results_part(zipfile.ZipFile(io.BytesIO(with_doctype)))
    assert _scan(zipfile.ZipFile(io.BytesIO(with_doctype)), part).plain_xml is False
    assert _scan(zipfile.ZipFile(io.BytesIO(content)), part).plain_xml is True

    read = check_workbook(with_doctype, user=users["gedi"])
    as_exported = check_workbook(content, user=users["gedi"])

    assert read.problems == as_exported.problems == []
    assert read.changes == as_exported.changes


@pytest.mark.django_db
def test_an_entity_bomb_in_another_encoding_is_still_refused_as_a_bomb(users, ilo_plan):
    """UTF-16 hides the declaration from a scan of the bytes: such a part goes to defusedxml."""
    bomb = BILLION_LAUGHS.replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    content = workbook_bytes(users["gedi"], ilo_plan)
    crafted = _with_results_part(content, lambda xml: bomb.decode().encode("utf-16"))

    problems = check_workbook(crafted, user=users["gedi"]).problems

    assert [p.message for p in problems] == [str(BOMB)]


@pytest.mark.django_db
def test_an_entity_bomb_after_a_long_prolog_is_still_refused_as_a_bomb(users, ilo_plan):
    """The declaration comes after the scan's first read of the part (text that does not
    compress, so that the part is no zip bomb)."""
    filler = b"".join(hashlib.sha256(str(i).encode()).hexdigest().encode() for i in range(40_000))
    bomb = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + filler + b"-->\n<!DOCTYPE")
    assert bomb.index(b"<!DOCTYPE") > MiB
    crafted = _with_results_part(workbook_bytes(users["gedi"], ilo_plan), lambda xml: bomb)

    problems = check_workbook(crafted, user=users["gedi"]).problems

    assert [p.message for p in problems] == [str(BOMB)]
