"""The XlsxWriter helper: text stays text, numbers numbers, dates dates, blanks keep their style."""

from __future__ import annotations

import datetime
import re
import zipfile
from decimal import Decimal
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.workbooks.test_formula_injection import DANGEROUS
from workbooks.cells import EXCEL_CELL_LIMIT
from workbooks.xlsx_writing import XlsxExport, fitted, runs, utf16_length

# XlsxWriter writes a string shaped like this into the sheet's XML unescaped (it takes it for a
# rich string of its own): this one would put a formula in B1.
SMUGGLER = (
    '<r><t>x</t></r></is></c><c r="B1"><f>1+1</f></c><c r="C1" t="inlineStr"><is><r><t>y</t></r>'
)


def _written(write) -> bytes:
    export = XlsxExport()
    write(export, export.sheet("Sheet"))
    return export.close()


def _sheet(content: bytes) -> Worksheet:
    return load_workbook(BytesIO(content))["Sheet"]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def test_text_that_starts_a_formula_stays_text_with_the_quote_prefix():
    def write(export, sheet):
        for row, text in enumerate([*DANGEROUS, "Plain words", "a = b"]):
            export.cell(sheet, row, 0, text)

    content = _written(write)
    sheet = _sheet(content)
    for row, text in enumerate(DANGEROUS, start=1):
        cell = sheet.cell(row=row, column=1)
        # XML readers normalise a carriage return to a line feed; openpyxl reads "\n" back.
        expected = text.replace("\r", "\n")
        assert (cell.value, cell.data_type, cell.quotePrefix) == (expected, "s", True)
    for row, text in enumerate(["Plain words", "a = b"], start=len(DANGEROUS) + 1):
        cell = sheet.cell(row=row, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)
    assert "<f>" not in _sheet_xml(content)


def test_a_style_keeps_its_look_beside_the_quote_prefix():
    def write(export, sheet):
        bold = export.style(bold=True, locked=False)
        export.cell(sheet, 0, 0, "=1+1", bold)
        export.cell(sheet, 1, 0, "1+1", bold)

    sheet = _sheet(_written(write))
    quoted, plain = sheet["A1"], sheet["A2"]
    assert quoted.quotePrefix and not plain.quotePrefix
    for cell in (quoted, plain):
        assert cell.font.b and not cell.protection.locked


def test_a_carriage_return_is_written_as_a_line_feed_and_still_quoted():
    def write(export, sheet):
        export.cell(sheet, 0, 0, "\r=1")
        export.cell(sheet, 1, 0, "one\r\ntwo\rthree")

    content = _written(write)
    sheet = _sheet(content)
    assert (sheet["A1"].value, sheet["A1"].quotePrefix) == ("\n=1", True)
    assert sheet["A2"].value == "one\ntwo\nthree"
    assert "_x000D_" not in _sheet_xml(content)


def test_text_shaped_like_xlsxwriters_own_rich_strings_is_escaped():
    def write(export, sheet):
        export.cell(sheet, 0, 0, SMUGGLER, export.style(bold=True))
        export.cell(sheet, 1, 0, "<r>not markup</r>")
        export.cell(sheet, 2, 0, "<r>")

    content = _written(write)
    sheet = _sheet(content)
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].font.b) == (SMUGGLER, "s", True)
    assert sheet["B1"].value is None and sheet["C1"].value is None
    assert sheet["A2"].value == "<r>not markup</r>"
    assert sheet["A3"].value == "<r>"
    xml = _sheet_xml(content)
    assert "<f>" not in xml and '<c r="B1"' not in xml


def test_text_that_looks_like_excels_escapes_is_read_back_as_written():
    """XlsxWriter writes "_x0041_" as "_x005F_x0041_", which openpyxl (the import) reads back
    as those 13 characters; written in runs cut inside each such sequence, every reader reads
    the text itself."""
    texts = ["file_x0041_.pdf", "_x0041_x0042_", "=_X00e9_", "_x12 and _xZZZZ_ stay plain"]

    def write(export, sheet):
        for row, text in enumerate(texts):
            export.cell(sheet, row, 0, text)

    content = _written(write)
    for read_only in (False, True):
        workbook = load_workbook(BytesIO(content), read_only=read_only)
        values = [row[0].value for row in workbook["Sheet"].iter_rows()]
        workbook.close()
        assert values == texts
    xml = _sheet_xml(content)
    assert "x005F" not in xml
    assert "<t>_x12 and _xZZZZ_ stay plain</t>" in xml  # no runs where none are needed
    assert _sheet(content)["A3"].quotePrefix


def test_runs_cut_inside_each_escape_and_after_a_rich_start():
    assert runs("plain") is None and runs("_x12_") is None
    assert runs("a_x0041_b") == ["a_x", "0041_b"]
    assert runs("_x0041_x0042_") == ["_x", "0041_x", "0042_"]
    assert runs("<r>x</r>") == ["<r>", "x</r>"]
    assert runs("<r>_x0041_</r>") == ["<r>", "_x", "0041_</r>"]


def test_text_is_cleaned_and_cut_to_what_a_cell_holds():
    def write(export, sheet):
        export.cell(sheet, 0, 0, "bell\x07 and null\x00")
        export.cell(sheet, 1, 0, "x" * (EXCEL_CELL_LIMIT + 10))

    sheet = _sheet(_written(write))
    assert sheet["A1"].value == "bell and null"
    assert len(sheet["A2"].value) == EXCEL_CELL_LIMIT and sheet["A2"].value.endswith("…")


def test_numbers_yes_no_and_dates_keep_their_types():
    def write(export, sheet):
        date_style = export.style(num_format="yyyy-mm-dd")
        export.row(
            sheet,
            0,
            [2020, 37.5, Decimal("1234567.89"), True, datetime.date(2021, 12, 31)],
            [None, None, None, None, date_style],
        )
        export.cell(sheet, 1, 0, datetime.datetime(2021, 12, 31, 17, 30), date_style)
        export.cell(sheet, 2, 0, Decimal("0.1"))

    sheet = _sheet(_written(write))
    assert [c.value for c in sheet[1]] == [
        2020,
        37.5,
        1234567.89,
        True,
        datetime.datetime(2021, 12, 31),
    ]
    assert [c.data_type for c in sheet[1]] == ["n", "n", "n", "b", "d"]  # "d": a date format
    assert isinstance(sheet["A1"].value, int)
    assert sheet["E1"].is_date and sheet["E1"].number_format == "yyyy-mm-dd"
    assert sheet["A2"].value == datetime.datetime(2021, 12, 31, 17, 30)
    assert sheet["A3"].value == 0.1


def test_empty_cells_keep_their_style_and_without_one_are_not_written():
    def write(export, sheet):
        unlocked = export.style(locked=False, num_format="yyyy-mm-dd")
        export.row(sheet, 0, [None, "", None, "x"], [unlocked, unlocked, None, None])

    content = _written(write)
    sheet = _sheet(content)
    for cell in (sheet["A1"], sheet["B1"]):
        assert cell.value is None and not cell.protection.locked
        assert cell.number_format == "yyyy-mm-dd"
    assert sheet["C1"].protection.locked and not sheet["C1"].has_style
    xml = _sheet_xml(content)
    assert '<c r="A1" s="' in xml and '<c r="B1" s="' in xml and '<c r="C1"' not in xml
    assert '<dimension ref="A1:D1"/>' in xml


def test_other_values_are_written_as_their_text():
    class Code:
        def __str__(self) -> str:
            return "=CODE()"

    sheet = _sheet(_written(lambda export, sheet: export.cell(sheet, 0, 0, Code())))
    assert (sheet["A1"].value, sheet["A1"].data_type, sheet["A1"].quotePrefix) == (
        "=CODE()",
        "s",
        True,
    )


def test_a_lazy_label_is_written_in_the_language_of_the_export():
    label = gettext_lazy("Yes")

    def write(export, sheet):
        export.cell(sheet, 0, 0, label)
        export.cell(sheet, 1, 0, label)

    with translation.override("fr"):
        french = _sheet(_written(write))
    with translation.override("es"):
        spanish = _sheet(_written(write))
    assert [french["A1"].value, french["A2"].value] == ["Oui", "Oui"]
    assert [spanish["A1"].value, spanish["A2"].value] == ["Sí", "Sí"]


def test_column_widths_are_stored_as_given():
    sheet = _sheet(_written(lambda export, sheet: export.column_widths(sheet, [10, 7, 45, 110])))
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for position in range(dimension.min, dimension.max + 1):
            widths[position] = dimension.width
    assert widths == {1: 10, 2: 7, 3: 45, 4: 110}


def test_drop_down_lists_and_their_limits():
    many = [f"CHOICE{i:03d}" for i in range(40)]  # 359 characters listed
    refused = {}

    def write(export, sheet):
        refused["short"] = export.drop_down(
            sheet,
            (1, 0, 9, 0),
            ["Yes", "No"],
            allow_blank=True,
            error_title="Choose from the list",
            error_message="Choose one of: Yes, No",
        )
        refused["long message"] = export.drop_down(
            sheet,
            (1, 1, 9, 1),
            many[:20],
            allow_blank=False,
            error_title="A title longer than Excel's 32 characters",
            error_message="Choose one of: " + ", ".join(many[:20] * 2),
        )
        refused["too many"] = export.drop_down(
            sheet, (1, 2, 9, 2), many, allow_blank=True, error_title="", error_message=""
        )
        refused["none"] = export.drop_down(
            sheet, (1, 3, 9, 3), [], allow_blank=True, error_title="", error_message=""
        )

    sheet = _sheet(_written(write))
    assert refused == {"short": True, "long message": True, "too many": False, "none": False}
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"A2:A10", "B2:B10"}
    short, long = validations["A2:A10"], validations["B2:B10"]
    assert (short.type, short.formula1, short.allow_blank) == ("list", '"Yes,No"', True)
    assert (short.showErrorMessage, short.showInputMessage) == (True, False)
    assert (short.errorTitle, short.error) == ("Choose from the list", "Choose one of: Yes, No")
    assert long.formula1 == '"' + ",".join(many[:20]) + '"' and not long.allow_blank
    assert len(long.errorTitle) == 32 and long.errorTitle.endswith("…")
    assert len(long.error) == 255 and long.error.endswith("…")


def test_fitting_counts_as_excel_does():
    assert utf16_length("abc") == 3 and utf16_length("a😀") == 3
    assert fitted("abc", 3) == "abc"
    assert fitted("abcdef", 4) == "abc…"
    assert utf16_length(fitted("😀" * 10, 5)) <= 5


def test_the_file_has_no_formulas_even_for_strings_written_directly():
    """The workbook's options switch off XlsxWriter's reading of strings as formulas, numbers
    or links, for any cell written with ``write`` rather than through the helper."""

    def write(export, sheet):
        sheet.write(0, 0, "=1+1")
        sheet.write(0, 1, "123")
        sheet.write(0, 2, "https://example.org")

    content = _written(write)
    assert [c.data_type for c in _sheet(content)[1]] == ["s", "s", "s"]
    assert not re.search(r"<f>|<hyperlink", _sheet_xml(content))
