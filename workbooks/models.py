"""An import of a data workbook: the uploaded file, where the check or the save stands, and what
it found. The file is kept in the database so that a worker on another machine can read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        CHECKING = "checking", "Being checked"
        INVALID = "invalid", "Has problems: nothing imported"
        CHECKED = "checked", "Checked: waiting for your confirmation"
        APPLYING = "applying", "Being saved"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Not imported"

    RUNNING_STATES = (State.QUEUED, State.CHECKING, State.APPLYING)
    # Marking problems opens the workbook in full, which takes about 50 times its size in memory.
    MARKED_COPY_MAX_BYTES = 2 * 1024 * 1024

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workbook_imports"
    )
    filename = models.CharField(max_length=255)
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
        return self.has_cell_problems and self.size <= self.MARKED_COPY_MAX_BYTES
