"""Writes for workbook imports: create a job, check it, confirm it, apply it, discard it.

The browser path runs the check and the save as background tasks (workbooks.tasks) that report
progress and a heartbeat on the job row (workbooks.heartbeat); the import_workbook command calls
workbooks.importing directly. A job whose worker stopped is failed by ``import_jobs_fail_stale``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from custodians.roles import User
from workbooks.heartbeat import JobHeartbeat
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.importing.annotating import annotated_workbook
from workbooks.importing.problems import Problem
from workbooks.job_limits import jobs_per_user
from workbooks.models import ImportJob, ImportJobQuerySet
from workbooks.retention import import_job_files_remove, jobs_beyond_the_newest

logger = logging.getLogger(__name__)
UNEXPECTED = Problem(
    "The import stopped on an unexpected error; nothing was saved. Try again, and tell the "
    "administrators if it happens again."
)
STOPPED_CHECKING = Problem(
    "The server stopped before it finished checking this import; nothing was saved. Upload "
    "the workbook again."
)
STOPPED_SAVING = Problem(
    "The server stopped before it finished saving this import; nothing was saved. Confirm "
    "again to retry."
)
MARKING = "Marking the problems in your workbook"


class JobNotReady(Exception):
    """The job is not waiting for a confirmation (already applied, or has problems)."""


class TooManyImports(Exception):
    """The person has as many unfinished imports as each may have."""


def _enqueue(task_name: str, job_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from workbooks import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(job_id))


@transaction.atomic
def import_job_create(*, user: User, filename: str, content: bytes) -> ImportJob:
    """Store an upload to be checked, within the person's limit; the files of their finished
    imports beyond the newest ``WORKBOOK_JOBS_PER_USER`` are deleted (their records stay).

    Raises ``TooManyImports`` while the person has that many unfinished imports.
    """
    # One upload of a person at a time, so that two at once cannot both pass the count.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    mine = ImportJob.objects.filter(user=user)
    import_jobs_fail_stale(jobs=mine)
    limit = jobs_per_user()
    unfinished = mine.unfinished().count()
    if unfinished >= limit:
        raise TooManyImports(
            f"You have {unfinished} imports that are not finished (being checked or saved, or "
            f"waiting for your confirmation); each person may have {limit} at a time. Confirm "
            "or discard one of them (listed under “Your recent imports”), then upload again."
        )
    job = ImportJob.objects.create(
        user=user, filename=filename[:255], content=content, size=len(content)
    )
    import_job_files_remove(jobs_beyond_the_newest(mine, limit))
    _enqueue("check_import", job.pk)
    return job


def import_job_check(*, job_id: int) -> None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CHECKING,
        stage="Opening the workbook",
        started_at=now,
        heartbeat_at=now,
    )
    if not claimed:
        return  # already checked (a task may run twice), or failed as stopped meanwhile
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        with JobHeartbeat(job_id, state=ImportJob.State.CHECKING) as heartbeat:
            check = check_workbook(bytes(job.content), user=job.user, progress=heartbeat.report)
            marked = b""
            if _markable(job, check.problems):
                heartbeat.report(1.0, MARKING)
                marked = _marked_copy(job, check.problems)
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
        marked_copy=marked or None,
        marked_copy_size=len(marked),
    )


def _markable(job: ImportJob, problems: list[Problem]) -> bool:
    return job.size <= ImportJob.MARKED_COPY_MAX_BYTES and any(p.has_cell for p in problems)


def _marked_copy(job: ImportJob, problems: list[Problem]) -> bytes:
    """The upload with its problems marked, made once here and served from the job after: it
    takes seconds for a workbook with thousands of problems."""
    try:
        return annotated_workbook(bytes(job.content), problems)
    except Exception:
        # The marked copy is a help, not the check: a file the check could read to its end
        # but openpyxl's full mode cannot open gets its problems listed, without the copy.
        logger.warning("Import job %s: the problems could not be marked", job.pk, exc_info=True)
        return b""


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
def import_job_confirm(*, job: ImportJob, user: User, reason: str) -> ImportJob:
    """``user`` saw the changes and confirms them: save them in the background. The history
    names ``user`` as the one who saved; the rows stay checked against what the uploader may
    change (``workbooks.permissions.job_for`` says who may confirm another's import)."""
    locked = ImportJob.objects.without_files().select_for_update().get(pk=job.pk)
    if not locked.confirmable:
        raise JobNotReady(f"This import is {locked.get_state_display().lower()}.")
    if locked.needs_reason and not reason.strip():
        raise JobNotReady(
            f"{locked.needs_reason} of the changed entries were already submitted or approved: "
            "say why you change them."
        )
    now = timezone.now()
    fields = {
        "state": ImportJob.State.APPLYING,
        "reason": reason.strip(),
        "progress": 0,
        "stage": "Waiting to be saved",
        "confirmed_by": user,
        "confirmed_at": now,
        "started_at": None,
        "heartbeat_at": now,
        "interrupted": False,
        "problems": [],
        "finished_at": None,
    }
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    _enqueue("apply_import", locked.pk)
    return locked


def import_job_apply(*, job_id: int) -> None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job_id, state=ImportJob.State.APPLYING, started_at__isnull=True
    ).update(stage="Saving", started_at=now, heartbeat_at=now)
    if not claimed:
        return  # another run has it (a task may run twice), or it was failed as stopped
    job = ImportJob.objects.select_related("user", "confirmed_by").get(pk=job_id)
    try:
        with JobHeartbeat(job_id, state=ImportJob.State.APPLYING) as heartbeat:
            apply_workbook(
                bytes(job.content),
                user=job.user,
                saved_by=job.confirmed_by or job.user,
                reason=job.reason,
                source=job.history_source,
                checked_digest=job.digest,
                progress=heartbeat.report,
            )
    except WorkbookRefused as refused:
        _finish(job_id, ImportJob.State.FAILED, problems=refused.problems)
        return
    except Exception:
        logger.exception("Applying import job %s failed", job_id)
        _finish(job_id, ImportJob.State.FAILED, problems=[UNEXPECTED])
        raise
    _finish(job_id, ImportJob.State.APPLIED, problems=[])


@transaction.atomic
def import_job_discard(*, job: ImportJob) -> None:
    """The person does not want these changes: nothing is saved, and the file is deleted."""
    locked = ImportJob.objects.without_files().select_for_update().get(pk=job.pk)
    if locked.state != ImportJob.State.CHECKED:
        raise JobNotReady(f"This import is {locked.get_state_display().lower()}.")
    now = timezone.now()
    ImportJob.objects.filter(pk=locked.pk).update(
        state=ImportJob.State.DISCARDED, stage="", finished_at=now
    )
    import_job_files_remove(ImportJob.objects.filter(pk=locked.pk), now=now)


def import_jobs_fail_stale(
    *, jobs: ImportJobQuerySet | None = None, now: datetime | None = None
) -> int:
    """Fail the running jobs (of ``jobs``, or all) whose worker gave no sign of life for
    WORKBOOK_JOB_STALE_SECONDS. Nothing of theirs was saved: the save is one transaction, which
    the database undid when the worker's connection went. An interrupted save keeps its
    checked changes and may be confirmed again. Returns how many were failed."""
    now = now or timezone.now()
    stale = (ImportJob.objects.all() if jobs is None else jobs).stale(now)
    failed = {"state": ImportJob.State.FAILED, "interrupted": True, "stage": "", "finished_at": now}
    checks = stale.filter(state__in=(ImportJob.State.QUEUED, ImportJob.State.CHECKING)).update(
        problems=[STOPPED_CHECKING.as_dict()], changes=[], digest="", **failed
    )
    saves = stale.filter(state=ImportJob.State.APPLYING).update(
        problems=[STOPPED_SAVING.as_dict()], **failed
    )
    return checks + saves
