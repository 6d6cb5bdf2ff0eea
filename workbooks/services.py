"""Writes for workbook imports: create a job, check it, confirm it, apply it.

The browser path runs the check and the save as background tasks (workbooks.tasks) that report
progress on the job row; the import_workbook command calls workbooks.importing directly.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from custodians.roles import User
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.importing.checking import Progress
from workbooks.importing.problems import Problem
from workbooks.models import ImportJob

logger = logging.getLogger(__name__)
UNEXPECTED = Problem(
    "The import stopped on an unexpected error; nothing was saved. Try again, and tell the "
    "administrators if it happens again."
)


class JobNotReady(Exception):
    """The job is not waiting for a confirmation (already applied, or has problems)."""


def _enqueue(task_name: str, job_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from workbooks import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(job_id))


def _progress_for(job_id: int, start: int, end: int) -> Progress:
    """Report progress on the job row, only when the shown per cent moves."""
    last = {"percent": -1}

    def report(fraction: float, stage: str) -> None:
        percent = start + round((end - start) * min(max(fraction, 0.0), 1.0))
        if percent != last["percent"]:
            last["percent"] = percent
            # update() is right here: ImportJob has no history, and the worker must not
            # overwrite other fields of the row.
            ImportJob.objects.filter(pk=job_id).update(progress=percent, stage=stage)

    return report


@transaction.atomic
def import_job_create(*, user: User, filename: str, content: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        user=user, filename=filename[:255], content=content, size=len(content)
    )
    _enqueue("check_import", job.pk)
    return job


def import_job_check(*, job_id: int) -> None:
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CHECKING, stage="Opening the workbook"
    )
    if not claimed:
        return  # already checked (a task may run twice)
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        check = check_workbook(
            bytes(job.content), user=job.user, progress=_progress_for(job_id, 0, 100)
        )
    except Exception:
        logger.exception("Checking import job %s failed", job_id)
        _finish(job_id, ImportJob.State.FAILED, problems=[UNEXPECTED])
        raise
    _finish(
        job_id,
        ImportJob.State.INVALID if check.problems else ImportJob.State.CHECKED,
        problems=check.problems,
        changes=[change.as_dict() for change in check.changes],
        digest=check.digest if check.ok else "",
    )


def _finish(job_id: int, state: str, *, problems: list[Problem], **fields: object) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        state=state,
        problems=[p.as_dict() for p in problems],
        progress=100,
        stage="",
        finished_at=timezone.now(),
        **fields,
    )


@transaction.atomic
def import_job_confirm(*, job: ImportJob, reason: str) -> ImportJob:
    """The person saw the changes and confirms them: save them in the background."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != ImportJob.State.CHECKED:
        raise JobNotReady(f"This import is {locked.get_state_display().lower()}.")
    if locked.needs_reason and not reason.strip():
        raise JobNotReady(
            f"{locked.needs_reason} of the changed entries were already submitted or approved: "
            "say why you change them."
        )
    locked.state = ImportJob.State.APPLYING
    locked.reason = reason.strip()
    locked.progress = 0
    locked.stage = "Saving"
    locked.save(update_fields=["state", "reason", "progress", "stage"])
    _enqueue("apply_import", locked.pk)
    return locked


def import_job_apply(*, job_id: int) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.state != ImportJob.State.APPLYING:
        return
    try:
        apply_workbook(
            bytes(job.content),
            user=job.user,
            reason=job.reason,
            source=f"workbook import {job.pk}",
            checked_digest=job.digest,
        )
    except WorkbookRefused as refused:
        _finish(job_id, ImportJob.State.FAILED, problems=refused.problems)
        return
    except Exception:
        logger.exception("Applying import job %s failed", job_id)
        _finish(job_id, ImportJob.State.FAILED, problems=[UNEXPECTED])
        raise
    _finish(job_id, ImportJob.State.APPLIED, problems=[])
