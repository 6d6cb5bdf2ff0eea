"""The data workbook: its sheets, locked IDs, drop-down lists, and the rows each user gets."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.models import AcceleratingAction, Result
from tests.workbooks.conftest import open_workbook, workbook_bytes
from workbooks.importing import check_workbook
from workbooks.layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    INSTRUCTIONS_SHEET,
    NEW_ACTION_ROWS,
    RESULT_COLUMNS,
    RESULTS_SHEET,
)
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db


def test_the_workbook_has_its_sheets_headings_and_one_row_per_target(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan, year=2020))

    assert workbook.sheetnames == ["Instructions", RESULTS_SHEET, ACTIONS_SHEET]
    results, actions = workbook[RESULTS_SHEET], workbook[ACTIONS_SHEET]
    assert [c.value for c in results[1]] == [c.heading for c in RESULT_COLUMNS]
    assert [c.value for c in actions[1]] == [c.heading for c in ACTION_COLUMNS]
    assert results.max_row == 1 + 30
    assert results.freeze_panes == "B2"
    rbm = next(r for r in results.iter_rows(min_row=2) if r[6].value == "37 per cent")
    assert (rbm[3].value, rbm[5].value, rbm[7].value) == (
        "RBM.1",
        "Global (headquarters managed)",
        "per cent",
    )
    assert rbm[11].value == 13 and rbm[11].number_format == 'General" per cent"'
    assert rbm[10].value == "Not on track"
    hfr7 = [r[6].value for r in results.iter_rows(min_row=2) if r[3].value == "HFR.7"]
    assert hfr7 == [
        "Accessible through social media",
        "Accessible through the ILO's public website (2018–19 target)",
    ]
    assert "Value: a number in the target's unit" in " ".join(
        str(c.value) for c in workbook["Instructions"]["A"]
    )


def test_ids_are_locked_and_the_cells_to_edit_are_not(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan))
    results, actions = workbook[RESULTS_SHEET], workbook[ACTIONS_SHEET]

    assert results.protection.sheet and actions.protection.sheet
    for column in ("A", "B", "C", "E", "K"):  # IDs, year, version, indicator, status
        assert results[f"{column}2"].protection.locked
    for column in ("L", "M", "N", "O", "P", "Q", "R"):  # value … evidence link
        assert not results[f"{column}2"].protection.locked
    assert actions["A2"].protection.locked and actions["F2"].protection.locked
    assert not actions["G2"].protection.locked
    first_open = 2 + 51  # after the 51 actions: rows for new ones
    assert actions[f"A{first_open}"].value is None
    assert actions[f"A{first_open}"].protection.locked
    assert not actions[f"C{first_open}"].protection.locked  # the target of a new action


def test_each_sheet_declares_its_dimension(users, ilo_plan):
    """The file says how far each sheet's cells go, so that a reader sizes it without reading
    it all (openpyxl in read-only mode raises if a sheet does not say)."""
    workbook = load_workbook(io.BytesIO(workbook_bytes(users["gedi"], ilo_plan)), read_only=True)
    try:
        results = workbook[RESULTS_SHEET].calculate_dimension()
        actions = workbook[ACTIONS_SHEET].calculate_dimension()
    finally:
        workbook.close()

    # The headings and 30 targets; the headings, 51 actions and the rows for new ones.
    assert results == f"A1:{get_column_letter(len(RESULT_COLUMNS))}{1 + 30}" == "A1:R31"
    assert actions == f"A1:{get_column_letter(len(ACTION_COLUMNS))}{1 + 51 + NEW_ACTION_ROWS}"


def test_the_sheets_keep_their_widths_protection_and_colours(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan))
    results, actions = workbook[RESULTS_SHEET], workbook[ACTIONS_SHEET]

    for sheet, columns in ((results, RESULT_COLUMNS), (actions, ACTION_COLUMNS)):
        widths = {}
        for dimension in sheet.column_dimensions.values():  # a run of equal widths is one entry
            for position in range(dimension.min, dimension.max + 1):
                widths[position] = dimension.width
        assert widths == {i: c.width for i, c in enumerate(columns, start=1)}
        assert sheet.freeze_panes == "B2"
        protection = sheet.protection
        assert protection.sheet and protection.password is None
        # People may resize columns and rows, and nothing else the protection guards.
        assert not protection.formatColumns and not protection.formatRows
        assert protection.formatCells and protection.insertRows and protection.deleteRows
        assert protection.sort and protection.autoFilter
        assert not protection.selectLockedCells and not protection.selectUnlockedCells
        heading = sheet["A1"]
        assert heading.font.b and heading.fill.fgColor.rgb.endswith("D9E1F2")
        assert heading.alignment.wrap_text and heading.protection.locked

    locked, editable = results["E2"], results["M2"]  # the indicator; the statement
    assert locked.fill.fill_type == "solid" and locked.fill.fgColor.rgb.endswith("F2F2F2")
    assert locked.protection.locked
    assert editable.fill.fill_type is None and not editable.protection.locked
    for cell in (locked, editable):
        assert (cell.alignment.wrap_text, cell.alignment.vertical) == (True, "top")
    assert results["E2"].value and not results["E2"].quotePrefix


def test_dates_are_date_cells_and_new_rows_are_open_to_type_in(users, ilo_plan):
    action = AcceleratingAction.objects.order_by("pk").first()
    AcceleratingAction.objects.filter(pk=action.pk).update(due_date=datetime.date(2021, 6, 30))
    actions = open_workbook(workbook_bytes(users["gedi"], ilo_plan))[ACTIONS_SHEET]

    row = next(r for r in actions.iter_rows(min_row=2) if r[0].value == action.pk)
    assert row[11].value == datetime.datetime(2021, 6, 30)
    assert row[11].number_format == "yyyy-mm-dd" and not row[11].protection.locked
    assert row[12].value is None and row[12].number_format == "yyyy-mm-dd"
    first_open, last_open = 2 + 51, 1 + 51 + NEW_ACTION_ROWS
    assert actions.max_row == last_open
    for number in (first_open, last_open):
        cells = {c.column_letter: c for c in actions[number]}
        assert all(c.value is None for c in cells.values())
        # The ID, version, indicator code and target stay locked, as the default cell is.
        assert [letter for letter, c in cells.items() if not c.protection.locked] == [
            "C",
            "F",
            "G",
            "H",
            "I",
            "J",
            "K",
            "L",
            "M",
        ]
        assert cells["L"].number_format == cells["M"].number_format == "yyyy-mm-dd"
        assert cells["C"].fill.fill_type is None and not cells["C"].alignment.wrap_text


def test_the_drop_down_lists_name_their_choices_when_refusing(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan))

    validations = {
        str(v.sqref): v
        for sheet in (RESULTS_SHEET, ACTIONS_SHEET)
        for v in workbook[sheet].data_validations.dataValidation
    }
    last_action = 1 + 51 + NEW_ACTION_ROWS
    assert set(validations) == {"N2:N31", "P2:P31", f"J2:J{last_action}", f"F2:F{last_action}"}
    yes_no = validations["N2:N31"]
    assert (yes_no.type, yes_no.showErrorMessage, yes_no.allow_blank) == ("list", True, True)
    assert (yes_no.errorTitle, yes_no.error) == ("Choose from the list", "Choose one of: Yes, No")
    assert not validations[f"J2:J{last_action}"].allow_blank  # an action has a state
    assert validations[f"F2:F{last_action}"].error.startswith("Choose one of: CABINET, ")


def test_the_document_and_the_instructions(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan, year=2020))

    assert workbook.properties.title == f"{ilo_plan.title}: data for 2020"
    assert workbook.properties.creator == "Action Plan monitor"
    sheet = workbook[INSTRUCTIONS_SHEET]
    assert not sheet.protection.sheet
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (110, 50)
    facts = [(row[0].value, row[1].value) for row in sheet.iter_rows(max_row=3)]
    assert facts == [("Plan", ilo_plan.title), ("Year", 2020), ("Exported for", "gedi")]
    assert sheet["A1"].font.b and sheet["B1"].fill.fgColor.rgb.endswith("F2F2F2")
    assert sheet["A5"].value is None
    assert sheet["A6"].value == "How to use this workbook" and sheet["A6"].font.b
    assert sheet["A7"].value.startswith("Edit the white cells") and sheet["A7"].alignment.wrap_text
    assert sheet.max_row == 16


def test_texts_a_spreadsheet_file_escapes_come_back_unchanged(users, ilo_plan):
    """Texts that look like the file's own markup or Excel's escapes of characters are read
    back by the import exactly as exported (workbooks.xlsx_writing)."""
    texts = {
        "statement": "<r><t>x</t></r>",
        "explanation": "See report_x2021_.pdf, table_x00A0_; =_x0041_",
        "evidence_url": "https://example.org/a_x0041_b",
    }
    Result.objects.filter(target__indicator__code="OVS.2", year=2020).update(**texts)
    content = workbook_bytes(users["gedi"], ilo_plan)

    row = next(
        r
        for r in open_workbook(content)[RESULTS_SHEET].iter_rows(min_row=2, values_only=True)
        if r[3] == "OVS.2"
    )
    keys = [c.key for c in RESULT_COLUMNS]
    assert {key: row[keys.index(key)] for key in texts} == texts
    check = check_workbook(content, user=users["gedi"])
    assert check.problems == []
    assert check.count("new") == check.count("changed") == 0


def test_status_columns_have_drop_down_lists(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan))

    def lists(sheet) -> dict[str, str]:
        return {
            str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
        }

    assert lists(workbook[RESULTS_SHEET]) == {
        "N": '"Yes,No"',
        "P": '"On track,Not on track"',
    }
    action_lists = lists(workbook[ACTIONS_SHEET])
    assert action_lists["J"] == '"Not started,Under way,Constrained,Done,Dropped"'
    assert "HRD" in action_lists["F"] and "EVAL" in action_lists["F"]


def test_a_focal_points_workbook_offers_only_their_units_for_new_actions(users, ilo_plan):
    workbook = open_workbook(workbook_bytes(users["focal"], ilo_plan))
    validations = workbook[ACTIONS_SHEET].data_validations.dataValidation
    custodian = next(v for v in validations if str(v.sqref).startswith("F"))
    assert custodian.formula1 == '"HRD,ITCILO,RESEARCH"'


# The worker closes its database connection between tasks, as it should: with PostgreSQL that
# ends a test's wrapping transaction, so this test commits for real (and is flushed after).
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_runs_the_check(
    client, users, ilo_plan, settings, django_capture_on_commit_callbacks
):
    """Production: the upload returns at once, the job waits, `db_worker` checks it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(users["gedi"])
    upload = SimpleUploadedFile("data.xlsx", workbook_bytes(users["gedi"], ilo_plan))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbooks:import_upload"), {"workbook": upload})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED
    assert client.get(reverse("workbooks:import_job_status", args=[job.pk])).json()["running"]

    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )

    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert (job.progress, job.count("unchanged")) == (100, 81)


def _results_by_target(content: bytes) -> dict[int, dict[str, object]]:
    """Each Results row by target ID: its review state, value, statement and version."""
    sheet = open_workbook(content)[RESULTS_SHEET]
    keys = [c.key for c in RESULT_COLUMNS]
    rows = (dict(zip(keys, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2))
    return {row["target_id"]: row for row in rows}


@pytest.fixture
def drafts(ilo_plan) -> dict[str, Result]:
    """2020 entries not yet counted: CAP.2's (ITCILO) a draft, OVS.1's (EVAL) returned, and the
    only 2020 result of HFR.7's 2018–19 target (HRD) a draft."""
    found = {}
    for name, code, phase, state in (
        ("cap2", "CAP.2", "2020–21", Result.ReviewState.DRAFT),
        ("ovs1", "OVS.1", "2020–21", Result.ReviewState.RETURNED),
        ("hfr7_old", "HFR.7", "2018–19", Result.ReviewState.DRAFT),
    ):
        result = Result.objects.get(
            target__indicator__code=code, target__phase__label=phase, year=2020
        )
        Result.objects.filter(pk=result.pk).update(review_state=state)
        found[name] = result
    return found


def test_a_viewer_gets_no_units_drafts_or_returned_entries(users, ilo_plan, drafts):
    rows = _results_by_target(workbook_bytes(users["viewer"], ilo_plan))

    for name in ("cap2", "ovs1"):
        row = rows[drafts[name].target_id]
        assert row["review_state"] == "No entry yet"
        assert (row["version"], row["value"], row["statement"]) == (None, None, None)
    # An earlier phase's target is listed for a year it has a result in: a draft is none yet.
    assert drafts["hfr7_old"].target_id not in rows
    assert len(rows) == 30 - 1
    approved = Result.objects.get(target__indicator__code="OVS.2", year=2020)
    assert rows[approved.target_id]["value"] == approved.value


def test_a_focal_point_gets_their_units_drafts(users, ilo_plan, drafts):
    rows = _results_by_target(workbook_bytes(users["focal"], ilo_plan))  # HRD, RESEARCH, ITCILO

    cap2 = rows[drafts["cap2"].target_id]
    assert (cap2["review_state"], cap2["value"]) == ("Draft", 37)
    assert cap2["version"] == drafts["cap2"].version
    assert rows[drafts["hfr7_old"].target_id]["review_state"] == "Draft"
    assert drafts["ovs1"].target_id not in rows  # not one of their units' targets


def test_gedi_gets_every_units_drafts_and_returned_entries(users, ilo_plan, drafts):
    rows = _results_by_target(workbook_bytes(users["gedi"], ilo_plan))

    assert rows[drafts["cap2"].target_id]["review_state"] == "Draft"
    assert rows[drafts["ovs1"].target_id]["review_state"] == "Returned"
    assert rows[drafts["hfr7_old"].target_id]["review_state"] == "Draft"
    assert len(rows) == 30


def test_the_appendix_shows_only_counted_results_even_to_gedi(users, ilo_plan, drafts):
    from workbooks.selectors import appendix_targets

    phase = ilo_plan.phases.get(label="2020–21")
    targets = list(appendix_targets(user=users["gedi"], plan=ilo_plan, phase=phase, year=2020))

    shown = {target.id: target.year_results for target in targets}
    assert shown[drafts["cap2"].target_id] == shown[drafts["ovs1"].target_id] == []
    assert drafts["hfr7_old"].target_id not in shown


def test_an_export_that_fails_leaves_no_temporary_file(users, ilo_plan, tmp_path, monkeypatch):
    """The rows wait in temporary files until the workbook is closed: closed on an error too."""
    import tempfile

    from workbooks import data_workbook

    def failing(*args, **kwargs):
        raise RuntimeError("The database went away.")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(data_workbook, "_actions_sheet", failing)
    with pytest.raises(RuntimeError, match="went away"):
        data_workbook.data_workbook_bytes(user=users["gedi"], plan=ilo_plan, year=2021)
    assert list(tmp_path.iterdir()) == []
