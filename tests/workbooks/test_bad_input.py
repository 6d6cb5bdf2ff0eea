"""A bad workbook gets a clear message naming sheet, row and column, and changes nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

import msoffcrypto.format.ooxml
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indicators.models import Result
from tests.workbooks.conftest import (
    column_of,
    open_workbook,
    row_of,
    save,
    set_cell,
    snapshot,
    workbook_bytes,
)
from tests.workbooks.crafted_parts import BILLION_LAUGHS, with_part
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.importing.reading import MiB
from workbooks.layout import ACTIONS_SHEET, RESULTS_SHEET

pytestmark = pytest.mark.django_db

Edit = Callable[[bytes, dict], bytes]


def _cell(key: str, value: object, *, code: str = "OVS.1", number_format: str = "") -> Edit:
    """Put ``value`` in the ``key`` column of the row of indicator ``code`` on the Results sheet."""

    def edit(content: bytes, ids: dict) -> bytes:
        workbook = open_workbook(content)
        row = row_of(workbook, RESULTS_SHEET, "indicator_code", code)
        set_cell(workbook, RESULTS_SHEET, row, key, value)
        if number_format:
            workbook[RESULTS_SHEET].cell(
                row=row, column=column_of(RESULTS_SHEET, key)
            ).number_format = number_format
        return save(workbook)

    return edit


def _whole(transform: Callable[[openpyxl.Workbook], None]) -> Edit:
    def edit(content: bytes, ids: dict) -> bytes:
        workbook = open_workbook(content)
        transform(workbook)
        return save(workbook)

    return edit


def _encrypted(content: bytes, ids: dict) -> bytes:
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(content)).encrypt("secret", encrypted)
    return encrypted.getvalue()


def _delete_column(key: str) -> Edit:
    return _whole(lambda wb: wb[RESULTS_SHEET].delete_cols(column_of(RESULTS_SHEET, key)))


def _extra_column(wb: openpyxl.Workbook) -> None:
    wb[RESULTS_SHEET].cell(row=1, column=len(wb[RESULTS_SHEET][1]) + 1).value = "My notes"


def _swap_columns(wb: openpyxl.Workbook) -> None:
    sheet = wb[RESULTS_SHEET]
    for row in range(1, sheet.max_row + 1):
        a, b = sheet.cell(row=row, column=12), sheet.cell(row=row, column=13)
        a.value, b.value = b.value, a.value


def _merge(wb: openpyxl.Workbook) -> None:
    wb[RESULTS_SHEET].merge_cells("M5:N5")


def _blank_row(wb: openpyxl.Workbook) -> None:
    wb[RESULTS_SHEET].insert_rows(6)


def _duplicate_row(wb: openpyxl.Workbook) -> None:
    sheet = wb[RESULTS_SHEET]
    last = sheet.max_row
    for column in range(1, sheet.max_column + 1):
        sheet.cell(row=last + 1, column=column).value = sheet.cell(row=3, column=column).value


def _unknown_id(wb: openpyxl.Workbook) -> None:
    wb[RESULTS_SHEET]["A4"].value = 999_999


def _rename_sheet(wb: openpyxl.Workbook) -> None:
    wb[RESULTS_SHEET].title = "Results 2020"


def _drop_sheet(wb: openpyxl.Workbook) -> None:
    del wb[ACTIONS_SHEET]


def _formula(wb: openpyxl.Workbook) -> None:
    row = row_of(wb, RESULTS_SHEET, "indicator_code", "OVS.2")
    set_cell(wb, RESULTS_SHEET, row, "value", "=30+5")


def _zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Results for 2020")
    return out.getvalue()


def _zip_bomb_part() -> bytes:
    return b"<x>" + b" " * (3 * MiB) + b"</x>"


# (name, edit, sheet, column letter or "", words the message must contain)
CASES = [
    ("not a workbook", lambda c, ids: b"%PDF-1.7\n...", "", "", "not an Excel workbook"),
    ("csv", lambda c, ids: b"Target ID,Value\n1,37\n", "", "", "not an Excel workbook"),
    ("empty file", lambda c, ids: b"", "", "", "The file is empty"),
    ("truncated file", lambda c, ids: c[: len(c) // 2], "", "", "damaged or incomplete"),
    ("password-protected", _encrypted, "", "", "protected with a password"),
    ("old .xls", lambda c, ids: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600, "", "", ".xls"),
    ("broken workbook part", with_part("xl/workbook.xml", b""), "", "", "could not be read"),
    ("zip, not xlsx", lambda c, ids: _zip_of_text(), "", "", "zip archive but not an Excel"),
    ("xml bomb", with_part("xl/worksheets/sheet2.xml", BILLION_LAUGHS), "", "", "entity"),
    ("zip bomb", with_part("xl/worksheets/sheet3.xml", _zip_bomb_part()), "", "", "unpacks"),
    ("missing sheet", _whole(_drop_sheet), ACTIONS_SHEET, "", "sheet “Actions” is missing"),
    ("renamed sheet", _whole(_rename_sheet), RESULTS_SHEET, "", "“Results 2020”"),
    ("missing column", _delete_column("statement"), RESULTS_SHEET, "", "“Statement” is missing"),
    ("extra column", _whole(_extra_column), RESULTS_SHEET, "S", "“My notes” is not one"),
    ("reordered columns", _whole(_swap_columns), RESULTS_SHEET, "L", "different order"),
    ("merged cells", _whole(_merge), RESULTS_SHEET, "M", "M5:N5 are merged"),
    ("formula", _whole(_formula), RESULTS_SHEET, "L", "formula (=30+5)"),
    ("date for a number", _cell("value", datetime(2021, 3, 7)), RESULTS_SHEET, "L", "a date"),
    ("text for a number", _cell("value", "about half"), RESULTS_SHEET, "L", "text where a number"),
    (
        "0.37 is ambiguous",
        _cell("value", 0.37, number_format="General"),
        RESULTS_SHEET,
        "L",
        "ambiguous",
    ),
    ("'0.37' is ambiguous", _cell("value", "0.37"), RESULTS_SHEET, "L", "ambiguous"),
    ("over 100 per cent", _cell("value", "120%"), RESULTS_SHEET, "L", "between 0 and 100"),
    ("negative count", _cell("value", -2, code="ACC.5"), RESULTS_SHEET, "L", "negative"),
    ("per cent for a count", _cell("value", "2%", code="ACC.5"), RESULTS_SHEET, "L", "percentage"),
    ("milestone number", _cell("value", 3, code="CAP.1"), RESULTS_SHEET, "L", "milestone"),
    ("three decimals", _cell("value", 37.125), RESULTS_SHEET, "L", "two decimals"),
    ("not in the list", _cell("declared_status", "Nearly"), RESULTS_SHEET, "P", "not in the list"),
    ("yes or no", _cell("data_unavailable", "Perhaps"), RESULTS_SHEET, "N", "Yes or No"),
    ("over-long text", _cell("statement", "x" * 501), RESULTS_SHEET, "M", "at most 500"),
    (
        "unavailable without reason",
        _cell("data_unavailable", "Yes"),
        RESULTS_SHEET,
        "L",
        "Leave the number empty",
    ),
    ("not a web address", _cell("evidence_url", "see the file"), RESULTS_SHEET, "R", "web address"),
    ("duplicate rows", _whole(_duplicate_row), RESULTS_SHEET, "A", "same target and year"),
    ("unknown ID", _whole(_unknown_id), RESULTS_SHEET, "A", "no target with ID 999999"),
    ("blank row", _whole(_blank_row), RESULTS_SHEET, "", "row is empty"),
]


@pytest.mark.parametrize(
    ("edit", "sheet", "column", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_workbook_is_refused_with_its_place_and_nothing_changes(
    users, ilo_plan, tmp_path, edit, sheet, column, words
):
    content = edit(workbook_bytes(users["gedi"], ilo_plan), {})
    before = snapshot()

    check = check_workbook(content, user=users["gedi"])

    matching = [p for p in check.problems if words in p.message]
    assert matching, [str(p) for p in check.problems]
    assert matching[0].sheet == sheet
    if column:
        assert matching[0].column == column
    if matching[0].column:
        assert matching[0].row is not None
    assert check.changes == []
    with pytest.raises(WorkbookRefused):
        apply_workbook(content, user=users["gedi"], reason="Trying")
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_workbook",
            str(path),
            "--user",
            "gedi",
            "--reason",
            "x",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("typed", "number_format", "stored"),
    [
        ("37 per cent", "General", 37),
        ("37%", "General", 37),
        ("37 %", "General", 37),
        (37, "General", 37),
        (0.37, "0%", 37),
        (0.375, "0.0%", 37.5),
        (0.5, 'General" per cent"', 0.5),  # the export's own format: already in per cent
        ("0.5 per cent", "General", 0.5),
        (0, "General", 0),
    ],
)
def test_unambiguous_percentages_are_accepted(users, ilo_plan, typed, number_format, stored):
    content = _cell("value", typed, number_format=number_format)(
        workbook_bytes(users["gedi"], ilo_plan), {}
    )
    apply_workbook(content, user=users["gedi"], reason="Corrected")
    result = Result.objects.get(target__indicator__code="OVS.1", year=2020)
    assert float(result.value) == stored


def test_rows_of_another_unit_are_errors_for_a_custodian(users, ilo_plan):
    content = workbook_bytes(users["gedi"], ilo_plan)  # every unit's rows
    before = snapshot()

    check = check_workbook(content, user=users["eval"])

    refused_targets = [p for p in check.problems if p.sheet == RESULTS_SHEET]
    assert len(refused_targets) == 30 - 3  # only the Evaluation Office's three are theirs
    assert "is not one of your units' targets" in refused_targets[0].message
    refused_actions = [p for p in check.problems if p.sheet == ACTIONS_SHEET]
    assert "not to one of your units" in refused_actions[0].message
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused(users, ilo_plan, settings):
    settings.WORKBOOK_MAX_UPLOAD_BYTES = 10_000
    content = workbook_bytes(users["gedi"], ilo_plan)
    assert len(content) > 10_000

    check = check_workbook(content, user=users["gedi"])

    assert (
        "the limit is 0.0 MB" in check.problems[0].message or "limit" in check.problems[0].message
    )
    assert check.problems[0].sheet == ""


def test_defusedxml_guards_openpyxl_against_a_real_entity_bomb(users, ilo_plan):
    from defusedxml import DefusedXmlException

    assert openpyxl.DEFUSEDXML is True
    bomb = with_part("xl/worksheets/sheet2.xml", BILLION_LAUGHS)(
        workbook_bytes(users["gedi"], ilo_plan), {}
    )
    with pytest.raises(ValueError) as refused:  # openpyxl wraps the parser's refusal
        load_workbook(io.BytesIO(bomb))
    assert isinstance(refused.value.__cause__ or refused.value.__context__, DefusedXmlException)


def test_a_bomb_in_the_shared_strings_is_named_as_such(users, ilo_plan):
    """Spreadsheet programs keep text in xl/sharedStrings.xml, which openpyxl reads on opening."""
    strings = BILLION_LAUGHS.replace(b"<worksheet", b"<sst").replace(b"</worksheet>", b"</sst>")
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(users["gedi"], ilo_plan)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            bomb.writestr(item, data)
        bomb.writestr("xl/sharedStrings.xml", strings)

    problems = check_workbook(out.getvalue(), user=users["gedi"]).problems

    assert "entity" in problems[0].message


def test_every_problem_names_its_cell_in_words(users, ilo_plan):
    content = _cell("value", "lots")(workbook_bytes(users["gedi"], ilo_plan), {})
    problem = check_workbook(content, user=users["gedi"]).problems[0]
    assert str(problem).startswith("Sheet “Results”, row ")
    assert ", column L (Value): “lots” is text where a number belongs" in str(problem)


def test_a_custodian_cannot_change_an_approved_result_or_enter_a_closed_year(users, ilo_plan):
    focal = users["focal"]  # HRD: the 2020 results are approved and 2020 is closed
    workbook = open_workbook(workbook_bytes(focal, ilo_plan, year=2020))
    set_cell(
        workbook,
        RESULTS_SHEET,
        row_of(workbook, RESULTS_SHEET, "indicator_code", "CAP.1"),
        "statement",
        "Plan half drafted",
    )
    set_cell(
        workbook,
        RESULTS_SHEET,
        row_of(workbook, RESULTS_SHEET, "indicator_code", "HFR.6"),
        "statement",
        "Four interviews",
    )
    before = snapshot()

    problems = [str(p) for p in check_workbook(save(workbook), user=focal).problems]

    assert len(problems) == 2
    assert any("approved, so it is locked" in p for p in problems)
    assert any("reporting year is closed" in p for p in problems)
    assert snapshot() == before
