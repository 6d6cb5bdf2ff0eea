"""The discussion of a result between its custodians and GEDI reviewers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from indicators import limits
from indicators.models import Result


class ResultComment(models.Model):
    """One message in a result's discussion, in the order it was written.

    A comment is never edited or deleted: the thread is part of the review record.
    ``step`` says which review step the comment came with (a return always has one).
    """

    class Step(models.TextChoices):
        COMMENT = "comment", "Comment"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        REOPENED = "reopened", "Reopened"

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="result_comments"
    )
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.COMMENT)
    text = models.TextField(max_length=limits.COMMENT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["result", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(name="resultcomment_text_not_empty", condition=~Q(text="")),
        ]
        indexes = [
            models.Index(fields=["result", "created_at"], name="resultcomment_result_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} by {self.author}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("entries:result", args=[self.result.target_id, self.result.year])
