"""An import of a data workbook: the uploaded file, where the check or the save stands, and what
it found. The file is kept in the database so that a worker on another machine can read it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from workbooks.job_limits import stale_before


class ImportJobQuerySet(models.QuerySet):
    def without_files(self) -> ImportJobQuerySet:
        """The record without the uploaded file and its marked copy (megabytes each)."""
        return self.defer("content", "marked_copy")

    def unfinished(self) -> ImportJobQuerySet:
        return self.exclude(state__in=ImportJob.FINISHED_STATES)

    def finished(self) -> ImportJobQuerySet:
        return self.filter(state__in=ImportJob.FINISHED_STATES)

    def holding_files(self) -> ImportJobQuerySet:
        return self.filter(files_removed_at__isnull=True)

    def stale(self, now: datetime | None = None) -> ImportJobQuerySet:
        """Running jobs whose worker gave no sign of life for too long: ``ImportJob.is_stale``."""
        return self.filter(state__in=ImportJob.RUNNING_STATES, heartbeat_at__lt=stale_before(now))


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting to be checked")
        CHECKING = "checking", gettext_lazy("Being checked")
        INVALID = "invalid", gettext_lazy("Has problems: nothing imported")
        CHECKED = "checked", gettext_lazy("Checked: waiting for your confirmation")
        APPLYING = "applying", gettext_lazy("Being saved")
        APPLIED = "applied", gettext_lazy("Imported")
        FAILED = "failed", gettext_lazy("Not imported")
        DISCARDED = "discarded", gettext_lazy("Discarded: nothing imported")

    # A worker is (or should be) at work on these: they carry a heartbeat.
    RUNNING_STATES = (State.QUEUED, State.CHECKING, State.APPLYING)
    # Nothing more happens to these on its own; an interrupted save may be confirmed again.
    FINISHED_STATES = (State.INVALID, State.APPLIED, State.FAILED, State.DISCARDED)
    # Marking problems opens the workbook in full, which takes about 50 times its size in memory.
    MARKED_COPY_MAX_BYTES = 2 * 1024 * 1024

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workbook_imports",
        help_text="Who uploaded the workbook; its rows are checked against what they may change.",
    )
    filename = models.CharField(max_length=255)
    language = models.CharField(
        max_length=16,
        blank=True,
        default="",
        help_text="The language of the person who uploaded it (a code such as “fr”): the check "
        "and the save write their messages and the changes in it. Empty: English.",
    )
    content = models.BinaryField(help_text="The uploaded workbook, as it was uploaded.")
    size = models.PositiveIntegerField(default=0, help_text="The upload's size in bytes.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=80, blank=True)
    reason = models.TextField(blank=True, help_text="Why submitted or approved entries change.")
    problems = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_workbook_imports",
        help_text="Who confirmed the changes: the history names them as the one who saved.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker started the current check or save."
    )
    heartbeat_at = models.DateTimeField(
        default=timezone.now,
        help_text="The worker's last sign of life (or when the job was queued): a running job "
        "without one for WORKBOOK_JOB_STALE_SECONDS is taken as stopped.",
    )
    interrupted = models.BooleanField(
        default=False, help_text="The server stopped before the check or the save ended."
    )
    marked_copy = models.BinaryField(
        null=True,
        blank=True,
        editable=False,
        help_text="The upload with each problem marked in its cell, made once by the check.",
    )
    marked_copy_size = models.PositiveIntegerField(default=0)
    files_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the uploaded file and its marked copy were deleted; the record stays.",
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="importjob_progress_at_most_100", condition=Q(progress__lte=100)
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("workbooks:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING_STATES

    def is_stale(self, now: datetime | None = None) -> bool:
        """Running, but its worker gave no sign of life for too long (it was killed, or the
        server restarted): shown and treated as failed. ``ImportJobQuerySet.stale`` in SQL."""
        return self.is_running and self.heartbeat_at < stale_before(now)

    @property
    def has_files(self) -> bool:
        return self.files_removed_at is None

    @property
    def confirmable(self) -> bool:
        """Checked and waiting; or its save was interrupted, which saved nothing: again."""
        if self.state == self.State.CHECKED:
            return True
        return (
            self.state == self.State.FAILED
            and self.interrupted
            and bool(self.digest)
            and self.has_files
        )

    @property
    def shows_changes(self) -> bool:
        return self.confirmable or self.state in (self.State.APPLYING, self.State.APPLIED)

    @property
    def history_source(self) -> str:
        """Where the history says a change came from. The confirmer is the history's user; the
        uploader is named when someone else confirmed. The column holds 100 characters, so the
        file's name is shortened: the job's record has the rest."""
        source = f"workbook import {self.pk} of {Truncator(self.filename).chars(30)}"
        if self.confirmed_by_id and self.confirmed_by_id != self.user_id:
            source += (
                f", uploaded by {self.user.get_username()}, "
                f"confirmed by {self.confirmed_by.get_username()}"
            )
        return source

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change["kind"] == kind)

    @property
    def needs_reason(self) -> int:
        return sum(1 for change in self.changes if change.get("needs_reason"))

    @property
    def has_cell_problems(self) -> bool:
        return any(p.get("sheet") and p.get("row") and p.get("column") for p in self.problems)

    @property
    def offers_marked_copy(self) -> bool:
        return self.marked_copy_size > 0 and self.has_files


# How long a refused plan definition's marked copy is kept for its uploader.
MARKED_KEPT = timedelta(days=1)


class MarkedPlanDefinition(models.Model):
    """A refused plan definition workbook with its bad cells marked, kept for the person who
    uploaded it (a file cannot be posted again from a link, and every server process must find
    it). Found by a random token; kept for ``MARKED_KEPT``, then pruned by
    ``prune_import_jobs``."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.filename
