"""How long an import job may go without a sign of life, how many a person keeps, and how long
their files are kept: read from the settings here, and nowhere else."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

# Problems listed on an import's page; the marked copy of the workbook has every one.
PROBLEMS_SHOWN = 200


def stale_seconds() -> int:
    """A running check or save whose last heartbeat is older than this is taken as stopped."""
    return int(getattr(settings, "WORKBOOK_JOB_STALE_SECONDS", 300))


def stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=stale_seconds())


def jobs_per_user() -> int:
    """Unfinished imports a person may have at once, and imports whose files they keep."""
    return int(getattr(settings, "WORKBOOK_JOBS_PER_USER", 10))


def retention_days() -> int:
    """Days a finished import keeps its uploaded file (its record is kept for good)."""
    return int(getattr(settings, "WORKBOOK_RETENTION_DAYS", 30))


def kept_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=retention_days())
