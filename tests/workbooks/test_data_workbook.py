"""The data workbook: its sheets, locked IDs, drop-down lists, and the rows each user gets."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.workbooks.conftest import open_workbook, workbook_bytes
from workbooks.layout import ACTION_COLUMNS, ACTIONS_SHEET, RESULT_COLUMNS, RESULTS_SHEET
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
    assert action_lists["H"] == '"Not started,Under way,Constrained,Done,Dropped"'
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
