"""Whoever confirms an import saves it: the history names them, and the uploader in its reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Result
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, snapshot
from tests.workbooks.import_steps import confirm, download, upload
from workbooks.layout import RESULTS_SHEET
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db


def _focal_points_checked_import(client, users, capture) -> ImportJob:
    """The focal point (HRD, RESEARCH, ITCILO) enters CAP.2's first 2021 result in a workbook."""
    client.force_login(users["focal"])
    workbook = open_workbook(download(client, reverse("workbooks:data_workbook"), year=2021))
    set_cell(
        workbook,
        RESULTS_SHEET,
        row_of(workbook, RESULTS_SHEET, "indicator_code", "CAP.2"),
        "value",
        "41%",
    )
    upload(client, save(workbook), capture)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.CHECKED
    return job


def _cap2() -> Result:
    return Result.objects.get(target__indicator__code="CAP.2", year=2021)


@pytest.mark.parametrize("confirmer", ["admin", "gedi"])
def test_a_reviewer_confirming_a_focal_points_import_is_named_as_the_one_who_saved(
    client, users, ilo_plan, django_capture_on_commit_callbacks, confirmer
):
    job = _focal_points_checked_import(client, users, django_capture_on_commit_callbacks)
    client.force_login(users[confirmer])
    assert "Import these changes" in client.get(job.get_absolute_url()).content.decode()

    confirm(client, job, django_capture_on_commit_callbacks)

    assert _cap2().value == Decimal("41")
    record = _cap2().history.first()
    assert record.history_user == users[confirmer]
    assert record.history_change_reason == (
        f"Workbook import {job.pk} of data.xlsx, uploaded by focal, confirmed by {confirmer}"
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    assert (job.user, job.confirmed_by) == (users["focal"], users[confirmer])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Uploaded by focal" in page and f"Confirmed by {confirmer}" in page


def test_the_uploader_confirming_their_own_import_is_named_alone(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    job = _focal_points_checked_import(client, users, django_capture_on_commit_callbacks)

    confirm(client, job, django_capture_on_commit_callbacks)

    record = _cap2().history.first()
    assert record.history_user == users["focal"]
    assert record.history_change_reason == f"Workbook import {job.pk} of data.xlsx"


def test_another_focal_point_can_neither_see_nor_confirm_the_import(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    job = _focal_points_checked_import(client, users, django_capture_on_commit_callbacks)
    before = snapshot()
    client.force_login(users["eval"])

    assert confirm(client, job, django_capture_on_commit_callbacks).status_code == 404

    assert client.get(job.get_absolute_url()).status_code == 404
    job.refresh_from_db()
    assert (job.state, job.confirmed_by) == (ImportJob.State.CHECKED, None)
    assert snapshot() == before


def test_a_long_reason_is_kept_whole_and_the_source_shortened_to_the_column():
    from indicators import limits
    from workbooks.importing.applying import history_reason

    source = "workbook import 12 of a-long-file-name.xlsx, uploaded by focal, confirmed by admin"
    reason = "The evaluation office corrected its count after the regional survey came in"
    for locked in (True, False):
        text = history_reason(source, reason, locked=locked)
        assert len(text) <= limits.REASON
        assert reason in text and "import 12" in text
