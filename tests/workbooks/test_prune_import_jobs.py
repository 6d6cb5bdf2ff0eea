"""prune_import_jobs, as cron runs it: old files go, records and recent or running jobs stay."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db
CHANGES = [{"sheet": "Results", "row": 4, "kind": "changed", "label": "OVS.1", "changes": []}]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_import_jobs", *args, stdout=out)
    return out.getvalue()


def _job(user, state: str, *, days_ago: int, finished: bool = True) -> ImportJob:
    then = timezone.now() - timedelta(days=days_ago)
    job = ImportJob.objects.create(
        user=user,
        filename=f"{state}-{days_ago}.xlsx",
        content=b"PK" + b"x" * 2_000_000,
        size=2_000_002,
        state=state,
        changes=CHANGES,
    )
    # Created and finished back then; a running job is still beating now.
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=then, finished_at=then if finished else None
    )
    return job


def test_old_finished_files_are_deleted_and_everything_else_is_left_alone(users, settings):
    settings.WORKBOOK_RETENTION_DAYS = 30
    gedi = users["gedi"]
    old_applied = _job(gedi, ImportJob.State.APPLIED, days_ago=40)
    old_invalid = _job(gedi, ImportJob.State.INVALID, days_ago=31)
    recent = _job(gedi, ImportJob.State.APPLIED, days_ago=29)
    running = _job(gedi, ImportJob.State.APPLYING, days_ago=40, finished=False)
    waiting = _job(gedi, ImportJob.State.CHECKED, days_ago=40, finished=False)

    dry = _run("--dry-run")

    assert "Would delete the uploaded files of 2 finished imports older than 30 days (3.8 MB" in dry
    assert "Dry run: nothing was changed." in dry
    assert all(len(bytes(job.content)) == 2_000_002 for job in ImportJob.objects.all())
    ImportJob.objects.filter(pk=old_invalid.pk).update(marked_copy=b"PK", marked_copy_size=2)

    out = _run()

    assert "Deleted the uploaded files of 2 finished imports older than 30 days" in out
    assert "their records are kept" in out
    for job in (old_applied, old_invalid):
        job.refresh_from_db()
        assert (bytes(job.content), job.marked_copy, job.offers_marked_copy) == (b"", None, False)
        assert job.files_removed_at is not None
        assert (job.user, job.changes, job.size) == (gedi, CHANGES, 2_000_002)
    for job in (recent, running, waiting):
        job.refresh_from_db()
        assert len(bytes(job.content)) == 2_000_002 and job.files_removed_at is None
    assert running.state == ImportJob.State.APPLYING

    again = _run()

    assert "Marked 0 running imports as failed" in again
    assert "Deleted the uploaded files of 0 finished imports" in again
