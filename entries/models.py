"""The discussion of a result between its custodians and GEDI reviewers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import limits
from indicators.models import Result


class ResultComment(models.Model):
    """One message in a result's discussion, in the order it was written.

    A comment is never edited or deleted: the thread is part of the review record.
    ``step`` says which review step the comment came with (a return always has one).
    """

    class Step(models.TextChoices):
        COMMENT = "comment", gettext_lazy("Comment")
        SUBMITTED = "submitted", gettext_lazy("Submitted")
        RETURNED = "returned", gettext_lazy("Returned")
        APPROVED = "approved", gettext_lazy("Approved")
        REOPENED = "reopened", gettext_lazy("Reopened")

    result = models.ForeignKey(
        Result,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=gettext_lazy("result"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="result_comments",
        verbose_name=gettext_lazy("author"),
    )
    step = models.CharField(
        max_length=20, choices=Step.choices, default=Step.COMMENT, verbose_name=gettext_lazy("step")
    )
    text = models.TextField(max_length=limits.COMMENT, verbose_name=gettext_lazy("text"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=gettext_lazy("created at"))

    class Meta:
        verbose_name = gettext_lazy("result comment")
        verbose_name_plural = gettext_lazy("result comments")
        ordering = ["result", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(name="resultcomment_text_not_empty", condition=~Q(text="")),
        ]
        indexes = [
            models.Index(fields=["result", "created_at"], name="resultcomment_result_time_idx"),
        ]

    def __str__(self) -> str:
        return _("%(step)s by %(author)s: %(text)s") % {
            "step": self.get_step_display(),
            "author": self.author,
            "text": self.text[:60],
        }

    def get_absolute_url(self) -> str:
        return reverse("entries:result", args=[self.result.target_id, self.result.year])
