"""The Governing Body appendix workbook, compared with GB.343/INS cell by cell."""

from __future__ import annotations

import tempfile
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from indicators.models import AcceleratingAction, Result
from indicators.review import Counting
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    IndicatorFactory,
    MembershipFactory,
    PhaseFactory,
    ResultFactory,
    TargetFactory,
    UserFactory,
)
from workbooks.appendix import appendix_bytes, appendix_for

pytestmark = pytest.mark.django_db

# The appendix of GB.343/INS, row by row: Indicator · 2020–21 targets · 2020 results · Custodian(s).
# Written from the document (shared/seeds/001_a2e8f28ed4b887a6.txt). Its text extraction splits
# cells across lines and pages ("Director- General", "capacity- building", an indicator's words
# interleaved with the next row's): the words are joined back here. A cell the document merges
# over several rows (an indicator's cell, the Evaluation Office over its three indicators, the
# Research Department over its three) is given on every row it covers, which is what a reader
# sees on that row. The exit-interviews result is unreadable in the source and not loaded.
SECTION = "section"
RBM1 = (
    "Proportion of project and programme proposals with marker on gender equality and "
    "non-discrimination ranked 2 or 3"
)
ACC2 = (
    "Proportion of departments, offices and other units that are custodians of at least three "
    "Action Plan indicators for which the director or chief's performance-management outputs "
    "include achieving their respective targets"
)
ACC3 = (
    "Number of meetings held with directors, chiefs and other unit heads to discuss achieving "
    "their respective custodian targets"
)
ACC4 = (
    "Number of meetings held by Deputy Directors-General with department and regional office "
    "directors with one-page scorecards of up-to-date sex-disaggregated statistics on the "
    "meeting agenda"
)
ACC4_TARGET = "On the agenda of at least two meetings held by Deputy Directors-General"
HFR6 = (
    "Number of interviews of exiting staff and reports to the Governing Body on pilot assessment "
    "of organizational culture (including gender-responsive recruitment, retention and staff "
    "experience) and preliminary results"
)
HFR6_TARGET = "Minimum of ten interviews of exiting staff; report to the Governing Body"
HFR7 = (
    "Platforms through which the One ILO – Zero Sexual Harassment campaign materials are accessible"
)
PARDEV = "Partnerships and Field Support Department"
EVAL = "Evaluation Office"
IAO = "Office of Internal Audit and Oversight"
HRD = "Human Resources Development Department"
DDG_POL = "Deputy Director-General for Policy"
DDG_MR = "Deputy Director-General for Management and Reform"
DDG_FOP = "Deputy Director-General for Field Operations and Partnerships"
ILC_CUSTODIANS = (
    "ILO tripartite constituents, Gender, Equality, Diversity and Inclusion Branch, "
    "{the}Office of the Legal Adviser and Official Meetings, Documentation and Relations Department"
)

DOCUMENT = [
    (SECTION, "Results-based management"),
    (RBM1, "Global (headquarters managed): 37 per cent", "13 per cent", PARDEV),
    (RBM1, "Africa: 27 per cent", "31 per cent", PARDEV),
    (RBM1, "Americas: 18 per cent", "10 per cent", PARDEV),
    (RBM1, "Arab States: 13 per cent", "10 per cent", PARDEV),
    (RBM1, "Asia and the Pacific: 35 per cent", "29 per cent", PARDEV),
    (RBM1, "Europe and Central Asia: 13 per cent", "6 per cent", PARDEV),
    (SECTION, "Oversight"),
    (
        "Proportion of sampled evaluations whose scope of analysis, criteria and questions "
        "integrate gender equality",
        "65 per cent",
        "56 per cent",
        EVAL,
    ),
    (
        "Proportion of sampled evaluations that integrate gender-responsive methodology, methods, "
        "tools and data analysis techniques",
        "50 per cent",
        "33 per cent",
        EVAL,
    ),
    (
        "Proportion of sampled evaluations that satisfactorily or fully integrate findings, "
        "conclusions and recommendations reflecting gender analysis",
        "65 per cent",
        "49 per cent",
        EVAL,
    ),
    (
        "Proportion of audited field office reports that identify gender-related risks and "
        "mitigating action taken",
        "75 per cent",
        "No audits done",
        IAO,
    ),
    (
        "Audit completed and results disseminated on internal control and managing procedures "
        "relating to sexual harassment at the ILO",
        "Audit done",
        "No audits done",
        IAO,
    ),
    (SECTION, "Accountability"),
    (
        "Proportion of ILO senior staff (P5 and above on regular budget contracts) who are women",
        "45 per cent",
        "38 per cent",
        HRD,
    ),
    (ACC2, "50 per cent", "16 per cent", ""),
    (
        ACC2,
        "50 per cent",
        "Policy Portfolio: one of two director or chiefs' outputs include such a target",
        DDG_POL,
    ),
    (ACC2, "50 per cent", "Management and Reform Portfolio: two of two", DDG_MR),
    (ACC2, "50 per cent", "Field Operations and Partnerships Portfolio: none of six", DDG_FOP),
    (ACC3, "Two meetings", "None", ""),
    (ACC3, "Two meetings", "Policy Portfolio: none", DDG_POL),
    (ACC3, "Two meetings", "Management and Reform Portfolio: none", DDG_MR),
    (ACC3, "Two meetings", "Field Operations and Partnerships Portfolio: none", DDG_FOP),
    (ACC4, ACC4_TARGET, "Not achieved", "Deputy Directors-General"),
    (ACC4, ACC4_TARGET, "Policy Portfolio: none", DDG_POL),
    (ACC4, ACC4_TARGET, "Management and Reform Portfolio: one", DDG_MR),
    (ACC4, ACC4_TARGET, "Field Operations and Partnerships Portfolio: none", DDG_FOP),
    (
        "Number of unconscious bias sessions convened by the Senior Management Team for senior "
        "managers (D1 and above)",
        "Two unconscious bias sessions",
        "None",
        "Office of the Director-General",
    ),
    (SECTION, "Human and financial resources"),
    (
        "Proportion of ILO job vacancies with descriptions that refer to gender-related skills or "
        "duties",
        "70 per cent",
        "60 per cent",
        HRD,
    ),
    (
        "Proportion of country programme outcomes scored as meeting 2 or 3 on gender equality and "
        "non-discrimination marker",
        "43 per cent",
        "43 per cent",
        "Strategic Programming and Management Department and ILO regional offices",
    ),
    (
        "Proportion of women delegates and advisers accredited and registered in the "
        "International Labour Conference",
        "At least 45 per cent",
        "Session of the Conference not held",
        ILC_CUSTODIANS.format(the="the "),
    ),
    (
        "Proportion of women delegates and advisers accredited and registered in regional meetings",
        "At least 45 per cent",
        "Regional meetings not held",
        ILC_CUSTODIANS.format(the=""),
    ),
    (
        "Number of capacity-building events held for ILO social partners on achieving gender "
        "parity in Conference delegations and regional meetings",
        "Two capacity-building events",
        "None held",
        ILC_CUSTODIANS.format(the=""),
    ),
    (HFR6, HFR6_TARGET, "", "Office of the Mediator"),
    (HFR6, HFR6_TARGET, "", HRD),
    (
        HFR7,
        "Accessible through social media (2020–21 target)",
        "Materials not accessible through social media",
        HRD,
    ),
    (
        HFR7,
        "Accessible through the ILO's public website (2018–19 target)",
        "Materials not found on the ILO's public website",
        HRD,
    ),
    (SECTION, "Capacity"),
    ("Staff gender mainstreaming capacity-development plan drafted", "Plan drafted", "None", HRD),
    (
        "Proportion of women among participants in training sessions run by the International "
        "Training Centre of the ILO (Turin Centre)",
        "45 per cent",
        "37 per cent",
        "Turin Centre",
    ),
    (
        "Proportion of men among ILO staff participants in gender-specific training activities "
        "run by the Turin Centre",
        "50 per cent",
        "20 per cent",
        "Turin Centre",
    ),
    (
        "Proportion of events-related studies by the Research Department that substantively "
        "address or take into account a gender dimension",
        "55 per cent",
        "No events held",
        "Research Department",
    ),
    (
        "Proportion of Research Department events that feature women as speakers in respect of "
        "relevant studies",
        "55 per cent",
        "No events held",
        "Research Department",
    ),
    (
        "Proportion of Research Department events that feature women as authors of relevant "
        "studies",
        "45 per cent",
        "No events held",
        "Research Department",
    ),
]
HEADINGS = (
    "Indicator",
    "2020–21 targets",
    "2020 results",
    "Custodian(s)",
    "Custodians' accelerating actions",
)


def _appendix_sheet(user, plan, *, year: int = 2020, only_off_track: bool = False) -> Worksheet:
    phase = plan.phases.get(label="2020–21")
    appendix = appendix_for(
        user=user, plan=plan, phase=phase, year=year, only_off_track=only_off_track
    )
    return load_workbook(BytesIO(appendix_bytes(appendix))).active


def _as_read(sheet: Worksheet) -> list[tuple[str, ...]]:
    """Each printed row's cells as a reader sees them: a merged cell's text on every row it
    spans. Section heading rows give only their title."""
    shown: dict[tuple[int, int], object] = {}
    for merged in sheet.merged_cells.ranges:
        top_left = sheet.cell(row=merged.min_row, column=merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                shown[row, column] = top_left
    rows = []
    for row in range(2, sheet.max_row + 1):
        cells = tuple(
            str(shown.get((row, column), sheet.cell(row=row, column=column).value) or "")
            for column in range(1, 5)
        )
        section_row = any(
            m.min_row == row and m.min_col == 1 and m.max_col == 5
            for m in sheet.merged_cells.ranges
        )
        rows.append((SECTION, cells[0]) if section_row else cells)
    return rows


def test_appendix_of_the_loaded_plan_is_the_documents_table_cell_by_cell(users, ilo_plan):
    sheet = _appendix_sheet(users["gedi"], ilo_plan)

    assert tuple(c.value for c in sheet[1]) == HEADINGS
    read = _as_read(sheet)
    assert len(read) == len(DOCUMENT)
    for number, (expected, actual) in enumerate(zip(DOCUMENT, read, strict=True), start=2):
        assert actual == expected, f"row {number}"


def test_appendix_layout_is_ready_to_print_and_paste(users, ilo_plan):
    sheet = _appendix_sheet(users["gedi"], ilo_plan)

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    # Columns of one width are stored as one range (C:D), which openpyxl files under its first.
    widths = {
        column: dimension.width
        for dimension in sheet.column_dimensions.values()
        for column in range(dimension.min, dimension.max + 1)
    }
    assert [widths[column] for column in range(1, 6)] == [34, 22, 24, 24, 64]
    assert sheet["E3"].alignment.wrap_text
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A2:E2" in merged  # the section heading spans the columns
    assert "A3:A8" in merged  # the indicator with six targets
    assert "D3:D8" in merged  # their one custodian
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.75, 0.75, 1, 1)
    assert (margins.header, margins.footer) == (0.5, 0.5)
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "Page &P of &N"
    # Every row says its height: spreadsheets size no row holding merged cells.
    heights = [sheet.row_dimensions[row].height for row in range(1, sheet.max_row + 1)]
    assert all(heights) and heights[:2] == [15.75, 15.75]
    # The indicator with six targets: its rows together hold its actions, eight bullet lines.
    assert sum(heights[2:8]) >= 8 * 12.75


def test_actions_are_bullet_lines_in_one_cell_with_the_documents_notes_after(users, ilo_plan):
    sheet = _appendix_sheet(users["gedi"], ilo_plan)
    cells = {row[0].row: row for row in sheet.iter_rows(min_row=2)}
    rbm = cells[3][4].value.split("\n")
    assert len(rbm) == 8
    assert rbm[0] == (
        "• Launch a community of practice news series on gender equality and non-discrimination."
    )
    bias = next(r for r in cells.values() if str(r[0].value).startswith("Number of unconscious"))
    lines = bias[4].value.split("\n")
    assert lines[0].startswith("• With support from the Human Resources Development Department")
    assert lines[-1].startswith("Note: As this target was met in 2018–19")
    ddg_lines = [
        r for r in cells.values() if r[2].value == "Management and Reform Portfolio: two of two"
    ]
    assert ddg_lines[0][4].value == "• On target, none required."


def test_only_off_track_leaves_out_the_targets_on_track(users, ilo_plan):
    sheet = _appendix_sheet(users["gedi"], ilo_plan, only_off_track=True)
    read = _as_read(sheet)
    targets = [row[1] for row in read if row[0] != SECTION]
    assert "Africa: 27 per cent" not in targets  # 31 per cent: on track
    assert "43 per cent" not in targets  # country programme outcomes: met
    assert "Americas: 18 per cent" in targets
    assert len(read) == len(DOCUMENT) - 2


def test_the_title_heads_every_page_whole_however_long(users, ilo_plan):
    """Off-track targets with submitted results, in French: a title longer than the 255
    characters Excel gives a page header (with its "&C"), printed whole as it always was."""
    appendix = appendix_for(
        user=users["gedi"],
        plan=ilo_plan,
        phase=ilo_plan.phases.get(label="2020–21"),
        year=2020,
        only_off_track=True,
        counting=Counting.WITH_SUBMITTED,
        language="fr",
    )
    workbook = load_workbook(BytesIO(appendix_bytes(appendix)))
    title = workbook.properties.title
    assert len(title) > 253
    assert workbook["Annexe"].oddHeader.center.text == title


def test_headings_follow_the_phase_and_year(db):
    target = TargetFactory(phase=PhaseFactory(label="2020–21", start_year=2020, end_year=2021))
    ResultFactory(target=target, year=2021, value=30, review_state=Result.ReviewState.APPROVED)
    plan = target.indicator.section.plan
    appendix = appendix_for(
        user=UserFactory(is_superuser=True),
        plan=plan,
        phase=target.phase,
        year=2021,
        only_off_track=False,
    )
    sheet = load_workbook(BytesIO(appendix_bytes(appendix))).active
    assert sheet["B1"].value == "2020–21 targets"
    assert sheet["C1"].value == "2021 results"
    assert sheet["B3"].value == "At least 45 per cent"
    assert sheet["C3"].value == "30 per cent"


def test_drafts_and_dropped_actions_are_not_printed(db):
    unit = CustodianUnitFactory()
    target = TargetFactory(custodians=[unit])
    ResultFactory(target=target, year=2020, value=30)  # a draft: not reported yet
    AcceleratingActionFactory(target=target, custodian=unit, text="Kept")
    AcceleratingActionFactory(
        target=target, custodian=unit, text="Gone", state=AcceleratingAction.State.DROPPED
    )
    appendix = appendix_for(
        user=UserFactory(is_superuser=True),
        plan=target.indicator.section.plan,
        phase=target.phase,
        year=2020,
        only_off_track=False,
    )
    line = next(appendix.indicators()).targets[0].lines[0]
    assert line.result == ""
    assert line.actions == "• Kept"


def test_a_custodian_gets_only_their_units_targets(users, ilo_plan):
    read = _as_read(_appendix_sheet(users["eval"], ilo_plan))
    assert read[0] == (SECTION, "Oversight")
    assert {row[3] for row in read[1:]} == {EVAL}
    assert len(read) == 4


def test_an_indicator_with_one_target_gets_no_scope_prefix(db):
    indicator = IndicatorFactory()
    unit = CustodianUnitFactory(name="Some Department")
    MembershipFactory(unit=unit)
    target = TargetFactory(indicator=indicator, custodians=[unit])
    appendix = appendix_for(
        user=UserFactory(is_superuser=True),
        plan=indicator.section.plan,
        phase=target.phase,
        year=2020,
        only_off_track=False,
    )
    assert next(appendix.indicators()).targets[0].target == "At least 45 per cent"


def test_an_export_that_fails_leaves_no_temporary_file(db, tmp_path, monkeypatch):
    """The rows wait in temporary files until the workbook is closed: closed on an error too."""
    target = TargetFactory()
    appendix = appendix_for(
        user=UserFactory(is_superuser=True),
        plan=target.indicator.section.plan,
        phase=target.phase,
        year=2020,
        only_off_track=False,
    )
    read = appendix.indicators

    def failing():
        yield from read()
        raise RuntimeError("The database went away.")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(appendix, "indicators", failing)
    with pytest.raises(RuntimeError, match="went away"):
        appendix_bytes(appendix)
    assert list(tmp_path.iterdir()) == []
