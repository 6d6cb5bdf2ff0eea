"""How long an import keeps its uploaded file. The job's record — who uploaded and confirmed
it, what it changed, its problems — is kept for good: the history names it ("workbook import
12"). Only the file and its marked copy go, from finished jobs: unfinished ones still need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from workbooks.job_limits import kept_since, retention_days
from workbooks.models import ImportJob, ImportJobQuerySet


def import_job_files_remove(jobs: ImportJobQuerySet, *, now: datetime | None = None) -> int:
    """Delete the files of the finished ``jobs`` that still have them; how many lost them."""
    return (
        jobs.finished()
        .holding_files()
        .update(
            content=b"",
            marked_copy=None,
            marked_copy_size=0,
            files_removed_at=now or timezone.now(),
        )
    )


def jobs_beyond_the_newest(jobs: ImportJobQuerySet, count: int) -> ImportJobQuerySet:
    """``jobs`` but their newest ``count``."""
    newest = list(jobs.order_by("-created_at", "-pk").values_list("pk", flat=True)[:count])
    return jobs.exclude(pk__in=newest)


def past_retention(now: datetime | None = None) -> ImportJobQuerySet:
    """Finished jobs holding files, finished longer than WORKBOOK_RETENTION_DAYS ago."""
    return ImportJob.objects.finished().holding_files().filter(finished_at__lt=kept_since(now))


@dataclass(frozen=True)
class FilesToRemove:
    jobs: int
    bytes: int
    days: int

    def __str__(self) -> str:
        return (
            f"{self.jobs} finished import{'s' if self.jobs != 1 else ''} older than "
            f"{self.days} days ({self.bytes / 1_048_576:.1f} MB uploaded)"
        )


def files_past_retention(now: datetime | None = None) -> FilesToRemove:
    totals = past_retention(now).aggregate(jobs=Count("pk"), size=Sum("size"))
    return FilesToRemove(jobs=totals["jobs"], bytes=totals["size"] or 0, days=retention_days())
