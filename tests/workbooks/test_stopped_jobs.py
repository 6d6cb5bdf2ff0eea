"""A job whose worker was killed is failed, says so, and can be tried again."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from indicators.models import Result
from tests.factories import UserFactory
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, snapshot
from tests.workbooks.import_steps import confirm, download, status, upload
from workbooks import services
from workbooks.heartbeat import JobHeartbeat
from workbooks.importing import applying
from workbooks.layout import RESULTS_SHEET
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db
SAVING_STOPPED = (
    "The server stopped before it finished saving this import; nothing was saved. "
    "Confirm again to retry."
)
CHECKING_STOPPED = (
    "The server stopped before it finished checking this import; nothing was saved. "
    "Upload the workbook again."
)


class ServerKilled(BaseException):
    """The worker's process ends (SIGKILL, a restart): no ``except Exception`` of ours runs."""


@pytest.fixture
def killed_midway(monkeypatch):
    """The next save is killed after it wrote its first rows, before its transaction commits."""
    real = applying.results_write

    def write_then_die(**kwargs):
        real(**kwargs)
        monkeypatch.setattr(applying, "results_write", real)  # the retry runs as usual
        raise ServerKilled

    monkeypatch.setattr(applying, "results_write", write_then_die)


@pytest.fixture
def killed_check(monkeypatch):
    def die(*args, **kwargs):
        monkeypatch.undo()
        raise ServerKilled

    monkeypatch.setattr(services, "check_workbook", die)


def _minutes_ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def _silent_job(user, *, minutes: int = 10, **fields: object) -> ImportJob:
    """A save whose worker has not beaten for ``minutes``."""
    return ImportJob.objects.create(
        user=user,
        filename="stuck.xlsx",
        content=b"PK",
        state=ImportJob.State.APPLYING,
        heartbeat_at=_minutes_ago(minutes),
        **fields,
    )


def _later_than_the_limit(settings) -> None:
    """No heartbeat for longer than WORKBOOK_JOB_STALE_SECONDS (one second here)."""
    time.sleep(settings.WORKBOOK_JOB_STALE_SECONDS + 0.2)


def _change_of_ovs1(client, users) -> bytes:
    client.force_login(users["gedi"])
    workbook = open_workbook(download(client, reverse("workbooks:data_workbook"), year=2020))
    ovs1 = Result.objects.get(target__indicator__code="OVS.1", year=2020)
    row = row_of(workbook, RESULTS_SHEET, "target_id", ovs1.target_id)
    set_cell(workbook, RESULTS_SHEET, row, "value", "58%")
    return save(workbook)


def test_a_save_killed_midway_saves_nothing_shows_as_failed_and_can_be_confirmed_again(
    client, users, ilo_plan, settings, killed_midway, django_capture_on_commit_callbacks
):
    settings.WORKBOOK_JOB_STALE_SECONDS = 1
    upload(client, _change_of_ovs1(client, users), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    before = snapshot()

    confirm(client, job, django_capture_on_commit_callbacks, reason="Corrected count")

    assert snapshot() == before  # its transaction was undone with the process
    _later_than_the_limit(settings)
    answer = status(client, job)
    assert (answer["state"], answer["state_label"], answer["running"]) == (
        "failed",
        "Not imported",
        False,
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert SAVING_STOPPED in page
    assert "Import these changes" in page
    assert "import-progress-bar" not in page  # the page no longer polls

    confirm(client, job, django_capture_on_commit_callbacks, reason="Corrected count")

    ovs1 = Result.objects.get(target__indicator__code="OVS.1", year=2020)
    assert ovs1.value == Decimal("58")
    assert ovs1.history.first().history_user == users["gedi"]
    job.refresh_from_db()
    assert (job.state, job.interrupted, job.problems) == (ImportJob.State.APPLIED, False, [])


def test_a_check_killed_midway_shows_as_failed_and_uploading_again_works(
    client, users, ilo_plan, settings, killed_check, django_capture_on_commit_callbacks
):
    settings.WORKBOOK_JOB_STALE_SECONDS = 1
    content = _change_of_ovs1(client, users)
    upload(client, content, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    _later_than_the_limit(settings)

    page = client.get(job.get_absolute_url()).content.decode()

    assert CHECKING_STOPPED in page
    assert "Not imported" in page and "Import these changes" not in page
    assert confirm(client, job, django_capture_on_commit_callbacks).status_code == 400
    upload(client, content, django_capture_on_commit_callbacks)
    assert ImportJob.objects.first().state == ImportJob.State.CHECKED


def test_a_running_job_with_a_recent_heartbeat_keeps_running(client, users, ilo_plan, settings):
    settings.WORKBOOK_JOB_STALE_SECONDS = 60
    job = _silent_job(users["gedi"], minutes=0, started_at=_minutes_ago(30))  # a long save
    client.force_login(users["gedi"])
    assert status(client, job)["running"] is True
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLYING


def test_the_recent_imports_list_shows_a_stopped_job_as_not_imported(client, users, ilo_plan):
    _silent_job(users["gedi"])
    client.force_login(users["gedi"])
    page = client.get(reverse("workbooks:index")).content.decode()
    assert "<td>Not imported</td>" in page and "Being saved" not in page


def test_the_prune_command_fails_stopped_jobs(users, ilo_plan):
    stuck = _silent_job(users["gedi"])
    out = io.StringIO()
    call_command("prune_import_jobs", "--dry-run", stdout=out)
    assert "Would mark 1 running import as failed" in out.getvalue()
    assert ImportJob.objects.get(pk=stuck.pk).state == ImportJob.State.APPLYING

    call_command("prune_import_jobs", stdout=out)

    stuck.refresh_from_db()
    assert (stuck.state, stuck.interrupted) == (ImportJob.State.FAILED, True)
    assert stuck.problems[0]["message"] == SAVING_STOPPED
    assert stuck.confirmable is False  # it was never checked: nothing to confirm


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_while_the_work_goes_on():
    job = _silent_job(UserFactory())
    with JobHeartbeat(job.pk, state=ImportJob.State.APPLYING, interval=0.02) as heartbeat:
        heartbeat.report(0.4, "Saving results")
        beaten = _wait_for(lambda: ImportJob.objects.get(pk=job.pk).progress == 40)
    assert beaten
    job.refresh_from_db()
    assert (job.stage, job.is_stale()) == ("Saving results", False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one connection write at a time"
)
def test_the_heartbeat_is_committed_while_the_saves_transaction_is_open():
    job = _silent_job(UserFactory())
    with transaction.atomic():  # the save: one transaction, open while the beats go on
        UserFactory()  # it has written
        with JobHeartbeat(job.pk, state=ImportJob.State.APPLYING, interval=0.02):
            beaten = _wait_for(lambda: not ImportJob.objects.get(pk=job.pk).is_stale())
    assert beaten
