"""The appendix workbook's cover sheet ("Phases": the plan phase by phase) and the revisions of its
targets in its notes, as the download and the command give them.

On the loaded ILO plan the cover tells 2018–19 from the figures GB.343/INS, paragraph 2 published
(29 met, 24 not met, 4 with data unavailable of 57) and 2020–21 from the loaded 2020 results of
its 30 targets (2 on track, 21 not on track, 6 with data unavailable, 1 not reported). The
Appendix sheet is the one the workbook had without a cover, and stays the sheet it opens on.
"""

from __future__ import annotations

import io
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from openpyxl import Workbook, load_workbook

from indicators.models import Target
from indicators.plan_life import revise_target
from reports.appendix_cover import appendix_cover
from workbooks.appendix import appendix_bytes, appendix_for
from workbooks.appendix_cover import HEADING, ROW, TEXT, CoverRows, cover_sheet
from workbooks.xlsx_writing import XlsxExport

pytestmark = pytest.mark.django_db

SHEETS = ["Phases", "Appendix", "Notes"]
REVISION_REASON = "Raised by the mid-term review."


def _download(client, plan, **params) -> bytes:
    phase = plan.phases.get(label="2020–21").pk
    query = {"year": 2020, "phase": phase, "targets": "all", **params}
    response = client.get(reverse("workbooks:appendix"), query)
    assert response.status_code == 200, response.content[:300]
    return response.content


def _exported(tmp_path, *args: str) -> tuple[bytes, str]:
    path = tmp_path / "appendix.xlsx"
    out = io.StringIO()
    call_command("export_appendix", "--year", "2020", "--output", str(path), *args, stdout=out)
    return path.read_bytes(), out.getvalue()


def _rows(sheet) -> list[tuple]:
    """The sheet's rows without their trailing empty cells."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(tuple(values))
    return rows


def _table_after(rows: list[tuple], phase: str) -> dict[str, tuple]:
    """The phase's status table: each status's label -> (targets, per cent), and its total."""
    start = rows.index((phase,))
    heading = rows.index(("Status", "Targets", "Per cent"), start)
    table: dict[str, tuple] = {}
    for row in rows[heading + 1 :]:
        table[row[0]] = tuple(row[1:])
        if row[0] == "Total":
            return table
    raise AssertionError(f"No total in {phase}'s table")


def _fields(rows: list[tuple], phase: str) -> dict[str, object]:
    start = rows.index((phase,))
    fields = {}
    for row in rows[start + 1 :]:
        if len(row) != 2 or row[0] == "Status":
            break
        fields[row[0]] = row[1]
    return fields


def _assert_cover_of_the_ilo_plan(workbook: Workbook) -> None:
    assert workbook.sheetnames == SHEETS
    assert workbook.active.title == "Appendix"
    rows = _rows(workbook["Phases"])
    assert rows[0] == ("ILO Action Plan for Gender Equality 2018–21",)
    # Every row has its height, the empty ones between blocks too; the title's is a larger font's.
    heights = workbook["Phases"].row_dimensions
    assert heights[1].height == 19.575
    blank = [number for number, row in enumerate(rows, start=1) if row == ()]
    assert blank and all(heights[number].height == 12.75 for number in blank)
    assert all(heights[number].height for number in range(1, len(rows) + 1))

    earlier = _fields(rows, "2018–19")
    assert earlier["Year measured on"] == 2019
    assert earlier["Source"] == "GB.343/INS, paragraph 2"
    assert earlier["Targets counted"] == "the whole plan's 57 targets"
    assert _table_after(rows, "2018–19") == {
        "Met": (29, 50.8),
        "Not met": (24, 42.1),
        "Data unavailable": (4, 7),
        "Not reported": (0, 0),
        "Total": (57, 100),
    }

    later = _fields(rows, "2020–21")
    assert later["Year measured on"] == 2020
    assert later["Source"] == "Results loaded (2020)"
    assert later["Measured on"] == "the loaded results of 2020, the phase's latest reported year"
    table = _table_after(rows, "2020–21")
    assert {label: values[0] for label, values in table.items()} == {
        "On track": 2,
        "Not on track": 21,
        "Data unavailable": 6,
        "Not reported": 1,
        "Total": 30,
    }
    texts = [row[0] for row in rows if len(row) == 1]
    comparison = [text for text in texts if text.startswith("In 2020–21, 2 of the 30 targets")]
    assert len(comparison) == 1
    assert "against 29 of 57 met" in comparison[0]
    assert "The two counts are not of the same targets" in comparison[0]
    # 2018–19 has no sections (the document gives none); 2020–21 has its table by section.
    assert any(text.startswith("No counts by section: GB.343/INS") for text in texts)
    by_section = rows.index(
        ("Section", "On track", "Not on track", "Data unavailable", "Not reported", "Total")
    )
    assert rows[by_section + 1 :][-1] == ("Total", 2, 21, 6, 1, 30)


def _sheet_contents(workbook: Workbook, name: str) -> tuple:
    sheet = workbook[name]
    heights = {row: dim.height for row, dim in sheet.row_dimensions.items() if dim.height}
    merged = sorted(str(cells) for cells in sheet.merged_cells.ranges)
    return _rows(sheet), merged, heights


def _without_cover(user, plan) -> Workbook:
    appendix = appendix_for(
        user=user,
        plan=plan,
        phase=plan.phases.get(label="2020–21"),
        year=2020,
        only_off_track=False,
    )
    return load_workbook(BytesIO(appendix_bytes(appendix)))


def test_the_downloaded_appendix_opens_with_the_phases_and_keeps_its_table(
    client, ilo_plan, role_users
):
    client.force_login(role_users["viewer"])
    workbook = load_workbook(BytesIO(_download(client, ilo_plan)))
    _assert_cover_of_the_ilo_plan(workbook)
    plain = _without_cover(role_users["viewer"], ilo_plan)
    assert plain.sheetnames == ["Appendix", "Notes"]
    assert _sheet_contents(workbook, "Appendix") == _sheet_contents(plain, "Appendix")
    assert _sheet_contents(workbook, "Notes") == _sheet_contents(plain, "Notes")


def test_the_command_writes_the_same_cover(ilo_plan, role_users, tmp_path):
    content, out = _exported(tmp_path)
    assert "30 targets, 2020–21 targets with 2020 results." in out
    workbook = load_workbook(BytesIO(content))
    _assert_cover_of_the_ilo_plan(workbook)
    plain = _without_cover(role_users["admin"], ilo_plan)
    assert _sheet_contents(workbook, "Appendix") == _sheet_contents(plain, "Appendix")


def _notes(content: bytes) -> list[str]:
    sheet = load_workbook(BytesIO(content))["Notes"]
    return [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]


def test_a_revised_target_is_told_in_the_notes(client, ilo_plan, role_users, tmp_path):
    target = Target.objects.get(indicator__code="ACC.1", phase__label="2020–21")
    before = target.display_text
    gedi = role_users["gedi"]
    client.force_login(role_users["viewer"])
    assert not any("target revised" in line for line in _notes(_download(client, ilo_plan)))

    revise_target(target, user=gedi, reason=REVISION_REASON, value=Decimal("45"), text="")
    today = format_date(timezone.localtime(), "j F Y")
    sentence = (
        f"ACC.1 (Global): target revised on {today} by {gedi.get_username()}, from {before} to "
        f"At least 45 per cent: {REVISION_REASON}"
    )
    assert before == "45 per cent"
    downloaded = _notes(_download(client, ilo_plan))
    assert sentence in downloaded
    assert [line for line in downloaded if "target revised" in line] == [sentence]
    assert sentence in _notes(_exported(tmp_path)[0])
    # Listed only where the table lists the target: ACC.1 is not on track in 2020.
    assert sentence in _notes(_download(client, ilo_plan, targets="off_track"))


def test_revisions_cost_one_query_whatever_their_number(client, ilo_plan, role_users):
    client.force_login(role_users["viewer"])
    _download(client, ilo_plan)  # the first request of a session reads more
    with CaptureQueriesContext(connection) as unrevised:
        _download(client, ilo_plan)
    targets = Target.objects.filter(indicator__section__plan=ilo_plan, phase__label="2020–21")
    for target in targets.order_by("pk")[:3]:
        revise_target(
            target, user=role_users["gedi"], reason=REVISION_REASON, value=Decimal("99"), text=""
        )
    with CaptureQueriesContext(connection) as revised:
        content = _download(client, ilo_plan)
    assert len(revised.captured_queries) == len(unrevised.captured_queries)
    assert sum("target revised" in line for line in _notes(content)) == 3


def test_cover_text_stays_text():
    """A section or source that starts like a formula reaches the reader as its words."""
    cover = CoverRows()
    cover.add(TEXT, '=HYPERLINK("http://example.org","x")')
    cover.add(HEADING, "Section", "Total")
    cover.add(ROW, "+1 section", 3)
    export = XlsxExport()
    cover_sheet(export, cover)
    sheet = load_workbook(BytesIO(export.close()))["Phases"]
    assert sheet["A1"].value == '=HYPERLINK("http://example.org","x")'
    assert sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["A3"].value == "+1 section" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == 3 and sheet["B3"].data_type == "n"
    with pytest.raises(ValueError, match="Not a kind of cover row"):
        cover.add("chart", "x")


def test_the_cover_is_built_from_the_phase_summary(ilo_plan):
    cover = appendix_cover(ilo_plan)
    assert cover.rows[0].cells == ("ILO Action Plan for Gender Equality 2018–21",)
    assert ("Source", "GB.343/INS, paragraph 2") in [row.cells for row in cover.rows]
