"""Tidy the workbook imports, from cron: fail the jobs whose worker stopped, and delete the
uploaded files of finished imports past WORKBOOK_RETENTION_DAYS (their records stay). Running it
twice does nothing more the second time."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from workbooks.job_limits import stale_seconds
from workbooks.models import MARKED_KEPT, ImportJob, MarkedPlanDefinition
from workbooks.retention import files_past_retention, import_job_files_remove, past_retention
from workbooks.services import import_jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark imports whose worker stopped as failed, and delete the uploaded files of finished "
        "imports older than WORKBOOK_RETENTION_DAYS, keeping their records. Safe to run from "
        "cron; --dry-run only says what it would do."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="say what, change nothing")

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        dry_run = options["dry_run"]
        would = "Would mark" if dry_run else "Marked"
        stale = ImportJob.objects.stale(now).count()
        if stale and not dry_run:
            stale = import_jobs_fail_stale(now=now)
        self.stdout.write(
            f"{would} {stale} running import{'s' if stale != 1 else ''} as failed: no sign of "
            f"life from the worker for over {stale_seconds()} seconds (nothing of them was saved)."
        )
        files = files_past_retention(now)
        if files.jobs and not dry_run:
            import_job_files_remove(past_retention(now), now=now)
        self.stdout.write(
            f"{'Would delete' if dry_run else 'Deleted'} the uploaded files of {files}; "
            "their records are kept."
        )
        marked = MarkedPlanDefinition.objects.filter(created_at__lt=now - MARKED_KEPT)
        count = marked.count()
        if count and not dry_run:
            marked.delete()
        self.stdout.write(
            f"{'Would delete' if dry_run else 'Deleted'} {count} marked plan definition "
            f"workbook{'s' if count != 1 else ''} older than {MARKED_KEPT.days} day."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
