"""The data workbook: its sheets, locked IDs, drop-down lists, and the rows each user gets."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Result
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
