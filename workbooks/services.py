"""Writes for workbook imports: create a job, check it, confirm it, apply it, discard it.

The browser path runs the check and the save as background tasks (workbooks.tasks) that report
progress and a heartbeat on the job row (workbooks.heartbeat); the import_workbook command calls
workbooks.importing directly. A job whose worker stopped is failed by ``import_jobs_fail_stale``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodians.roles import User
from workbooks.heartbeat import JobHeartbeat
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.importing.annotating import annotated_workbook
from workbooks.importing.problems import Problem
from workbooks.job_limits import jobs_per_user
from workbooks.models import ImportJob, ImportJobQuerySet
from workbooks.retention import import_job_files_remove, jobs_beyond_the_newest

logger = logging.getLogger(__name__)


# The job's messages are stored as words: each is made when needed, in the job's language.
def _unexpected() -> Problem:
    return Problem(
        _(
            "The import stopped on an unexpected error; nothing was saved. Try again, and tell "
            "the administrators if it happens again."
        )
    )


def _stopped_checking() -> Problem:
    return Problem(
        _(
            "The server stopped before it finished checking this import; nothing was saved. "
            "Upload the workbook again."
        )
    )


def _stopped_saving() -> Problem:
    return Problem(
        _(
            "The server stopped before it finished saving this import; nothing was saved. "
            "Confirm again to retry."
        )
    )


def request_language() -> str:
    """The language the person works in now (the request's, set by LocaleMiddleware): a job
    they start writes its messages in it."""
    return translation.get_language() or settings.LANGUAGE_CODE


@contextmanager
def _in_language(language: str) -> Iterator[None]:
    """The job's language, for the work of a task (which runs outside the person's request,
    in the default language). A job stored before jobs had one (empty) works in English."""
    with translation.override(language or settings.LANGUAGE_CODE):
        yield


def _in_job_language(work: Callable[..., None]) -> Callable[..., None]:
    """``work(job_id=...)`` in the language of the person who started the job."""

    @wraps(work)
    def in_language(*, job_id: int) -> None:
        language = (
            ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first() or ""
        )
        with _in_language(language):
            work(job_id=job_id)

    return in_language


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
def import_job_create(
    *, user: User, filename: str, content: bytes, language: str | None = None
) -> ImportJob:
    """Store an upload to be checked, within the person's limit; the files of their finished
    imports beyond the newest ``WORKBOOK_JOBS_PER_USER`` are deleted (their records stay).
    The check and the save write their messages in ``language`` (by default the active one:
    the request's).

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
            ngettext(
                "You have %(unfinished)s imports that are not finished (being checked or saved, "
                "or waiting for your confirmation); each person may have %(limit)s at a time. "
                "Confirm or discard one of them (listed under “Your recent imports”), then "
                "upload again.",
                "You have %(unfinished)s imports that are not finished (being checked or saved, "
                "or waiting for your confirmation); each person may have %(limit)s at a time. "
                "Confirm or discard one of them (listed under “Your recent imports”), then "
                "upload again.",
                unfinished,
            )
            % {"unfinished": unfinished, "limit": limit}
        )
    job = ImportJob.objects.create(
        user=user,
        filename=filename[:255],
        content=content,
        size=len(content),
        language=(language or request_language())[:16],
    )
    import_job_files_remove(jobs_beyond_the_newest(mine, limit))
    _enqueue("check_import", job.pk)
    return job


@_in_job_language
def import_job_check(*, job_id: int) -> None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CHECKING,
        stage=_("Opening the workbook"),
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
                heartbeat.report(1.0, _("Marking the problems in your workbook"))
                marked = _marked_copy(job, check.problems)
    except Exception:
        logger.exception("Checking import job %s failed", job_id)
        _finish(job_id, ImportJob.State.FAILED, problems=[_unexpected()])
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
        raise JobNotReady(_not_ready(locked))
    if locked.needs_reason and not reason.strip():
        raise JobNotReady(
            ngettext(
                "%(count)s of the changed entries were already submitted or approved: say why "
                "you change them.",
                "%(count)s of the changed entries were already submitted or approved: say why "
                "you change them.",
                locked.needs_reason,
            )
            % {"count": locked.needs_reason}
        )
    now = timezone.now()
    fields = {
        "state": ImportJob.State.APPLYING,
        "reason": reason.strip(),
        "progress": 0,
        # In the language of the job, as the save's own stages (the job's, not the confirmer's:
        # the save checks the workbook again and must find the very changes the check found).
        "stage": _waiting_to_be_saved(locked.language),
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


def _waiting_to_be_saved(language: str) -> str:
    with _in_language(language):
        return _("Waiting to be saved")


def _not_ready(job: ImportJob) -> str:
    return _("This import is %(state)s.") % {"state": job.get_state_display().lower()}


@_in_job_language
def import_job_apply(*, job_id: int) -> None:
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job_id, state=ImportJob.State.APPLYING, started_at__isnull=True
    ).update(stage=_("Saving"), started_at=now, heartbeat_at=now)
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
        _finish(job_id, ImportJob.State.FAILED, problems=[_unexpected()])
        raise
    _finish(job_id, ImportJob.State.APPLIED, problems=[])


@transaction.atomic
def import_job_discard(*, job: ImportJob) -> None:
    """The person does not want these changes: nothing is saved, and the file is deleted."""
    locked = ImportJob.objects.without_files().select_for_update().get(pk=job.pk)
    if locked.state != ImportJob.State.CHECKED:
        raise JobNotReady(_not_ready(locked))
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
    checks = saves = 0
    # Each job's message in its own language: they are stored as words.
    for language in set(stale.values_list("language", flat=True)):
        with _in_language(language):
            of_language = stale.filter(language=language)
            checks += of_language.filter(
                state__in=(ImportJob.State.QUEUED, ImportJob.State.CHECKING)
            ).update(problems=[_stopped_checking().as_dict()], changes=[], digest="", **failed)
            saves += of_language.filter(state=ImportJob.State.APPLYING).update(
                problems=[_stopped_saving().as_dict()], **failed
            )
    return checks + saves
